// SPDX-License-Identifier: MIT
#pragma once
// The hex dump lines of the details panel, in `hexdump -C` layout:
//   00000010  48 65 6c 6c 6f 2c 20 57  6f 72 6c 64 21 0a        |Hello, World!.|
// Lines are made one at a time, so a view can ask only for the lines it shows.
#include <QByteArrayView>
#include <QString>

namespace wsi::ui::HexDump {

constexpr int BytesPerLine = 16;

qsizetype lineCount(qsizetype size);
// Hex digits of the offset column: 8, more for payloads past 4 GiB.
int offsetDigits(qsizetype size);
// Line `index` (0-based) of the dump of `data`.
QString line(QByteArrayView data, qsizetype index, int digits = 8);
// The whole dump, one line per 16 bytes, each ending in '\n'; at most `maxBytes` bytes
// (-1: all).
QString dump(QByteArrayView data, qsizetype maxBytes = -1);

} // namespace wsi::ui::HexDump
