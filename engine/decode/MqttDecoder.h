// SPDX-License-Identifier: MIT
// MQTT 3.1.1 and 5.0 over WebSocket (binary messages, subprotocol "mqtt"). MQTT does not
// promise one packet per WebSocket message: a message may hold several packets, or part of
// one whose rest comes in the next message of that direction (kept in the DecodeContext).
// The version comes from the CONNECT (its protocol level); until one is seen, 3.1.1.
#pragma once

#include "decode/Decoder.h"

namespace wsi::decode {

class MqttDecoder : public Decoder
{
public:
    QString id() const override { return QStringLiteral("mqtt"); }
    QString displayName() const override { return QStringLiteral("MQTT 3.1.1 / 5"); }
    // Binary MQTT has no signature worth trusting; it is chosen by subprotocol or by hand.
    bool recognises(const DecodeInput &) const override { return false; }
    DecodeResult decode(const DecodeInput &input, DecodeContext &context) const override;

private:
    DecodeResult decodeBytes(const QByteArray &bytes, qsizetype carried, const DecodeInput &input,
                             DecodeContext &context, bool firstVisit) const;
};

} // namespace wsi::decode
