// SPDX-License-Identifier: MIT
#pragma once
// The process's open-file limit, raised when the echo server starts: each client costs one
// descriptor, and 1,024 is a common default. Process-wide; called on the server's thread.
#include <QString>
#include <QtGlobal>

namespace wsi::net {

struct OpenFileLimit {
    quint64 before = 0;
    quint64 after = 0;
    bool raised = false;
    QString error; // set when raising was needed but failed
};

// Raises RLIMIT_NOFILE's soft limit towards `wanted` (capped by the hard limit) when it is
// lower.
OpenFileLimit raiseOpenFileLimit(quint64 wanted);

} // namespace wsi::net
