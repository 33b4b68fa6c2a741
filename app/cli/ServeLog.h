// SPDX-License-Identifier: MIT
#pragma once
// `serve`'s log on stderr: one line per happening, "HH:mm:ss.zzz #ID what", shared by the
// connection log, --exec and --listen so their lines interleave in one format.
#include <QString>
#include <QtGlobal>

QString serveLogStamp();
void serveLogLine(quint64 clientId, const QString &text);
// A line about the server itself (no client): "HH:mm:ss.zzz what".
void serveLogLine(const QString &text);
