// SPDX-License-Identifier: MIT
#pragma once
// Reads the WebSocket connections of a HAR file into tabs, one per entry that carries a
// "_webSocketMessages" array (Chromium's devtools, and the tools that copy its format:
// HTTP Toolkit, mitmproxy, Proxyman):
//   {"type": "send" | "receive", "time": seconds since the epoch, "opcode": 1 | 2 | ...,
//    "data": text for opcode 1, base64 otherwise}
// Opcode 1 and 2 become text and binary messages, 8 a close (code and reason from its
// payload), 9 and 10 pings and pongs. The entry's request and response become the tab's
// handshake, so the connection panel shows them.
//
// Firefox's devtools save WebSocket connections in HAR files (URL, headers, status 101)
// but not their messages: such a file, or any HAR without "_webSocketMessages", is refused
// with a sentence saying so rather than opened as empty tabs.
#include "files/session/SessionTab.h"

#include <QString>

#include <vector>

namespace wsi::log::HarImport {

bool load(const QString &path, std::vector<SessionTab> *tabs, QString *error);
// displayName names the file in error messages.
bool read(const QByteArray &json, const QString &displayName, std::vector<SessionTab> *tabs, QString *error);

} // namespace wsi::log::HarImport
