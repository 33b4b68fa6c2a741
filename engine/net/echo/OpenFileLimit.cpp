// SPDX-License-Identifier: MIT
#include "net/echo/OpenFileLimit.h"

#include <algorithm>

#include <sys/resource.h>

namespace wsi::net {

OpenFileLimit raiseOpenFileLimit(quint64 wanted)
{
    OpenFileLimit result;
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) {
        result.error = QStringLiteral("getrlimit(RLIMIT_NOFILE) failed");
        return result;
    }
    result.before = result.after = quint64(limit.rlim_cur);
    if (limit.rlim_cur == RLIM_INFINITY || limit.rlim_cur >= wanted)
        return result;
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max == RLIM_INFINITY ? rlim_t(wanted) : std::min<rlim_t>(limit.rlim_max, rlim_t(wanted));
    if (raised.rlim_cur <= limit.rlim_cur)
        return result; // the hard limit allows no more
    if (::setrlimit(RLIMIT_NOFILE, &raised) != 0) {
        result.error = QStringLiteral("setrlimit(RLIMIT_NOFILE, %1) failed").arg(quint64(raised.rlim_cur));
        return result;
    }
    result.after = quint64(raised.rlim_cur);
    result.raised = true;
    return result;
}

} // namespace wsi::net
