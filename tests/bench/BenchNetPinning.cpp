// SPDX-License-Identifier: MIT
#include "BenchNetPinning.h"

#include <sched.h>

namespace bench {

namespace {

cpu_set_t onlyCpu(int cpu)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    return set;
}

} // namespace

CorePlan corePlan()
{
    cpu_set_t allowed;
    CPU_ZERO(&allowed);
    if (sched_getaffinity(0, sizeof allowed, &allowed) != 0)
        return {};
    CorePlan plan;
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
        if (!CPU_ISSET(cpu, &allowed))
            continue;
        if (plan.load < 0) {
            plan.load = cpu;
        } else {
            plan.subject = cpu;
            return plan;
        }
    }
    return {};
}

bool pinThread(pthread_t thread, int cpu)
{
    if (cpu < 0)
        return true;
    const cpu_set_t set = onlyCpu(cpu);
    return pthread_setaffinity_np(thread, sizeof set, &set) == 0;
}

bool pinCurrentThread(int cpu)
{
    return pinThread(pthread_self(), cpu);
}

bool pinProcess(int cpu)
{
    if (cpu < 0)
        return true;
    const cpu_set_t set = onlyCpu(cpu);
    return sched_setaffinity(0, sizeof set, &set) == 0;
}

} // namespace bench
