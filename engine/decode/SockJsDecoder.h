// SPDX-License-Identifier: MIT
// SockJS framing over its raw WebSocket transport (sockjs-protocol): "o" open, "h"
// heartbeat, a[...] messages (a JSON array of strings), m"..." one message, c[code,reason]
// close.
#pragma once

#include "decode/Decoder.h"

namespace wsi::decode {

class SockJsDecoder : public Decoder
{
public:
    QString id() const override { return QStringLiteral("sockjs"); }
    QString displayName() const override { return QStringLiteral("SockJS"); }
    bool recognises(const DecodeInput &input) const override;
    DecodeResult decode(const DecodeInput &input, DecodeContext &context) const override;
};

} // namespace wsi::decode
