// SPDX-License-Identifier: MIT
#pragma once
// `serve --close-after WHEN` / `--drop-after WHEN` with `--close-code` and `--close-reason`:
// the engine's fault injection (net::ClientFault) from the command line. WHEN is a count of
// the client's messages ("3": after answering its third) or a time after its handshake
// ("2s", "1.5s", "300ms"); the option may be given twice, one of each, and the first to
// come applies.
#include "net/echo/EchoServerOptions.h"

#include <QString>
#include <QStringList>

struct ServeFaultArguments {
    QStringList closeAfter;
    QStringList dropAfter;
    QString closeCode;   // empty: 1000
    QString closeReason; // empty: says which rule closed
    bool closeCodeSet = false;
    bool closeReasonSet = false;

    // Fills `fault`; false with a usage error in the options' words.
    bool read(wsi::net::ClientFault &fault, QString &error) const;
};
