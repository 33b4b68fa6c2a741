// SPDX-License-Identifier: MIT
#pragma once
// A text message as one line of a terminal or a pipe: line breaks written as \n and \r, so
// one message stays one line, and every other control character (C0 but tab, DEL, and the
// C1 range U+0080-U+009F, which some terminals take as CSI) as \xHH or \u00HH, so nothing a
// server sends can move the cursor, retitle the window or reprogram the terminal.
// Printable text, tabs and backslashes pass unchanged (--raw-text prints all as it came).
#include <QByteArray>
#include <QByteArrayView>

// The usual message needs nothing: it comes back shared, not copied.
QByteArray escapeForLine(const QByteArray &utf8);
