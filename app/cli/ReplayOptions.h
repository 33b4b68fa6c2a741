// SPDX-License-Identifier: MIT
#pragma once
// The connection a replay opens: the recorded tab's options (its headers, subprotocols,
// origin, deflate offer, protocol version, TLS files, proxy), the URL operand instead of
// the recorded one when given, and each connection flag on the command line in place of
// the recorded value of the same option (-H replaces a recorded header of its name).
#include "ConnectionArguments.h"

#include "net/ConnectionOptions.h"

#include <QCommandLineParser>

// False with a sentence for the user: a flag's value, or a header whose value the session
// hides (saved without secrets) and the command line does not give.
bool replayOptions(const wsi::net::ConnectionOptions &recorded, const ConnectionArguments &shared,
                   const QCommandLineParser &parser, const QString &url, wsi::net::ConnectionOptions &options,
                   QString &error);
