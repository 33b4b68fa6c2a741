// SPDX-License-Identifier: MIT
#pragma once
// Where bench_net runs what: the program under test (every echo server's thread, every
// flood consumer) on one core and the load (the load generator, the flood server) on
// another, so a server with helper threads is measured on one core like its peers and
// the load never steals its cycles. On a machine with one usable core nothing is pinned.
#include <pthread.h>

namespace bench {

struct CorePlan {
    int load = -1;    // the load generator's core; -1: not pinned
    int subject = -1; // the core of the server or consumer under test; -1: not pinned
    bool pinned() const { return load >= 0 && subject >= 0; }
};

// The first two cores this process may run on (its affinity mask), or no pinning.
CorePlan corePlan();

// Restrict a thread (or, for pinProcess, the calling process and the threads it creates
// afterwards) to one core; false when the kernel refused. cpu < 0 does nothing.
bool pinThread(pthread_t thread, int cpu);
bool pinCurrentThread(int cpu);
bool pinProcess(int cpu);

} // namespace bench
