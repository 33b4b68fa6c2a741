// SPDX-License-Identifier: MIT
// CBOR (RFC 8949) with Qt's own QCborValue; a message may hold a sequence of items
// (RFC 8742).
#pragma once

#include "decode/Decoder.h"

namespace wsi::decode {

class CborDecoder : public Decoder
{
public:
    QString id() const override { return QStringLiteral("cbor"); }
    QString displayName() const override { return QStringLiteral("CBOR"); }
    bool recognises(const DecodeInput &) const override { return false; }
    DecodeResult decode(const DecodeInput &input, DecodeContext &context) const override;
};

} // namespace wsi::decode
