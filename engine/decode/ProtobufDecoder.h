// SPDX-License-Identifier: MIT
// Protocol Buffers: against the tab's schema (DecodeContext::protobufSchema, with a message
// type per direction) when there is one, else the bare wire format (ProtobufWire).
#pragma once

#include "decode/Decoder.h"

namespace wsi::decode {

class ProtobufDecoder : public Decoder
{
public:
    QString id() const override { return QStringLiteral("protobuf"); }
    QString displayName() const override { return QStringLiteral("Protocol Buffers"); }
    bool recognises(const DecodeInput &) const override { return false; }
    DecodeResult decode(const DecodeInput &input, DecodeContext &context) const override;
};

} // namespace wsi::decode
