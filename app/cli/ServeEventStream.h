// SPDX-License-Identifier: MIT
#pragma once
// `serve --sse PATH` and its options: the built-in server's EventSource endpoint
// (net::EventStreamOptions) from the command line, plus --sse-tick, a clock that publishes
// an event every so often so any EventSource client has something to show.
#include "net/echo/EchoServerOptions.h"

#include <QString>
#include <QStringList>

struct ServeEventStreamArguments {
    QString path;
    QString retry;      // ms
    QString keepalive;  // seconds
    QString history;    // events
    QString tick;       // seconds
    QStringList headers;
    bool bridge = false;
    bool anySet = false; // any --sse-* option was given (they need --sse)

    // Fills `options` and `tickMs` (0: no clock); false with a usage error.
    bool read(wsi::net::EventStreamOptions &options, int &tickMs, QString &error) const;
};
