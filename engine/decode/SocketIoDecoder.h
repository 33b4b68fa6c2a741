// SPDX-License-Identifier: MIT
// Engine.IO v3/v4 packets over WebSocket and the Socket.IO packets they carry (Socket.IO
// v2 speaks protocol 4 over Engine.IO 3, v3/v4 speak protocol 5 over Engine.IO 4): the
// Engine.IO type, the Socket.IO type, namespace, event name, arguments and ack id, and
// binary events whose attachments arrive as the following binary messages, reassembled
// through the tab's DecodeContext.
#pragma once

#include "decode/Decoder.h"

namespace wsi::decode {

struct SocketIoPending;

class SocketIoDecoder : public Decoder
{
public:
    QString id() const override { return QStringLiteral("socketio"); }
    QString displayName() const override { return QStringLiteral("Socket.IO / Engine.IO"); }
    bool recognises(const DecodeInput &input) const override;
    DecodeResult decode(const DecodeInput &input, DecodeContext &context) const override;

private:
    DecodeResult decodeText(const DecodeInput &input, DecodeContext &context) const;
    DecodeResult decodeSocketIo(const DecodeInput &input, DecodeContext &context) const;
    DecodeResult decodeBinary(const DecodeInput &input, DecodeContext &context) const;
    DecodeResult reassembled(const SocketIoPending &pending, bool wantsTree) const;
};

} // namespace wsi::decode
