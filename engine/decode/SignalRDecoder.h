// SPDX-License-Identifier: MIT
// ASP.NET Core SignalR's JSON hub protocol (HubProtocol.md): JSON records each ended by the
// record separator 0x1E, several to a message; the handshake ({"protocol":"json",
// "version":1} and its answer {} or {"error":...}), then messages by "type": 1 invocation,
// 2 stream item, 3 completion, 4 stream invocation, 5 cancel invocation, 6 ping, 7 close.
// Invocation ids pair an invocation with its completion.
#pragma once

#include "decode/Decoder.h"

namespace wsi::decode {

class SignalRDecoder : public Decoder
{
public:
    QString id() const override { return QStringLiteral("signalr"); }
    QString displayName() const override { return QStringLiteral("SignalR (JSON)"); }
    bool recognises(const DecodeInput &input) const override;
    DecodeResult decode(const DecodeInput &input, DecodeContext &context) const override;
};

} // namespace wsi::decode
