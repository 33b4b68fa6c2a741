// SPDX-License-Identifier: MIT
// STOMP 1.2 frames (stomp.github.io/stomp-specification-1.2.html): a command line, header
// lines (escaped with \r \n \c \\ except in CONNECT and CONNECTED), a blank line, a body
// up to NUL (or content-length bytes), then optional EOLs; a lone EOL is a heart-beat.
// Receipts pair a frame that asks for one with its RECEIPT.
#pragma once

#include "decode/Decoder.h"

namespace wsi::decode {

class StompDecoder : public Decoder
{
public:
    QString id() const override { return QStringLiteral("stomp"); }
    QString displayName() const override { return QStringLiteral("STOMP 1.2"); }
    bool recognises(const DecodeInput &input) const override;
    DecodeResult decode(const DecodeInput &input, DecodeContext &context) const override;
};

} // namespace wsi::decode
