// SPDX-License-Identifier: MIT
#pragma once
// Turning what a person types into payload bytes (hex, base64) and back, with error
// messages that say exactly where the input went wrong. Pure functions, no widgets, so the
// composer's rules are tested directly.
#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace wsi::ui {

struct DecodeResult {
    bool ok = false;
    QByteArray data;
    QString error;       // one sentence, naming the character and its position
    int errorPosition = -1; // index into the input text, -1 when not about one character
};

namespace PayloadCodec {

// Hex digits in pairs; spaces, tabs, line breaks, ':' and '-' between bytes are ignored, as
// is a "0x" before a byte ("0x48 0x69" and "48:69" both give "Hi").
DecodeResult fromHex(const QString &text);
// Standard or URL-safe base64; white space is ignored, padding is optional.
DecodeResult fromBase64(const QString &text);

// "48 65 6c 6c 6f", with a line break after every `bytesPerLine` bytes (0: one line).
QString toSpacedHex(QByteArrayView data, int bytesPerLine = 0);

// Whether the bytes are valid UTF-8 (so they can be sent as a text message).
bool isValidUtf8(QByteArrayView data);

// Human sizes for labels: "0 B", "123 B", "1.5 KiB", "12.3 MiB".
QString formatSize(quint64 bytes);

} // namespace PayloadCodec
} // namespace wsi::ui
