// SPDX-License-Identifier: MIT
// GraphQL over WebSocket in its two dialects, one decoder each, sharing the reading of
// {"type", "id", "payload"} messages:
// - graphql-transport-ws (the graphql-ws library's protocol, its PROTOCOL.md): connection_init,
//   connection_ack, ping, pong, subscribe, next, error, complete;
// - the legacy subscriptions-transport-ws (subprotocol "graphql-ws"): connection_init,
//   connection_ack, connection_error, ka, start, data, error, complete, stop,
//   connection_terminate.
// Operation ids pair a subscribe/start with its results.
#pragma once

#include "decode/Decoder.h"

#include <QStringList>

namespace wsi::decode {

class GraphQlWsDecoder : public Decoder
{
public:
    enum class Dialect : quint8 { TransportWs, LegacySubscriptions };
    explicit GraphQlWsDecoder(Dialect dialect) : m_dialect(dialect) {}

    QString id() const override;
    QString displayName() const override;
    bool recognises(const DecodeInput &input) const override;
    DecodeResult decode(const DecodeInput &input, DecodeContext &context) const override;

private:
    bool isRequestType(QStringView type) const;
    bool isResultType(QStringView type) const;

    Dialect m_dialect;
};

} // namespace wsi::decode
