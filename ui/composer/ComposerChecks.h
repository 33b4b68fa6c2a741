// SPDX-License-Identifier: MIT
#pragma once
// The composer's rules for what may be sent, as pure functions: close codes and reasons,
// control payloads, payload text in each encoding, and raw frame fields. Each refusal is one
// sentence saying what is wrong and, where it helps, the RFC rule.
#include "ui/composer/ComposerDraft.h"
#include "ui/common/PayloadCodec.h"
#include "protocol/RawFrame.h"
#include "protocol/Opcode.h"

#include <QByteArray>
#include <QString>

namespace wsi::ui::ComposerChecks {

// RFC 6455 section 5.5: control frames carry at most 125 bytes; a close frame's code takes 2.
constexpr int MaxControlPayload = 125;
constexpr int MaxCloseReason = 123;

// The code at the start of the text ("1000 normal closure", "4001"); "no status code" (or
// an empty text) gives 0, a close frame without payload. Refuses codes that may not appear
// in a close frame (section 7.4.1/7.4.2).
bool parseCloseCode(const QString &text, int &code, QString &error);
// Empty when the reason fits (at most 123 bytes of UTF-8) with this code.
QString checkCloseReason(const QString &reason, int code);
QString checkControlPayload(const QByteArray &payload, const char *what);

// Text is UTF-8; Hex and Base64 are decoded. File is not text: the caller holds the bytes.
DecodeResult decodePayload(PayloadEncoding encoding, const QString &text);

// The header fields of the raw frame editor, as typed.
struct RawFrameFields {
    bool fin = true;
    bool rsv1 = false;
    bool rsv2 = false;
    bool rsv3 = false;
    int opcode = int(protocol::Opcode::Text); // 0x0-0xF, reserved values included
    bool masked = true;
    QString maskKey;           // 8 hex digits; empty: a fresh random key per frame
    bool overrideLength = false;
    QString length;            // decimal, up to 2^64-1, when overriding
    protocol::LengthEncoding lengthEncoding = protocol::LengthEncoding::Minimal;
};

// Maps the fields and payload onto a RawFrame exactly as typed; refuses only what cannot be
// encoded at all (a key that is not 4 bytes, a length that does not fit its forced width).
bool buildRawFrame(const RawFrameFields &fields, const QByteArray &payload, protocol::RawFrame &frame, QString &error);

} // namespace wsi::ui::ComposerChecks
