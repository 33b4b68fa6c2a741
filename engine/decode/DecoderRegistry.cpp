// SPDX-License-Identifier: MIT
#include "decode/DecoderRegistry.h"

#include "decode/CborDecoder.h"
#include "decode/GraphQlWsDecoder.h"
#include "decode/JsonRpcDecoder.h"
#include "decode/MessagePackDecoder.h"
#include "decode/MqttDecoder.h"
#include "decode/ProtobufDecoder.h"
#include "decode/SignalRDecoder.h"
#include "decode/SockJsDecoder.h"
#include "decode/SocketIoDecoder.h"
#include "decode/StompDecoder.h"
#include "decode/WampDecoder.h"

namespace wsi::decode {

namespace {

struct SubprotocolName
{
    const char *subprotocol;
    const char *decoderId;
};

// Registered names (IANA's WebSocket Subprotocol Name Registry) and the ones libraries
// offer in practice.
constexpr SubprotocolName kSubprotocols[] = {
    {"mqtt", "mqtt"},
    {"mqttv3.1", "mqtt"},
    {"stomp", "stomp"},
    {"v10.stomp", "stomp"},
    {"v11.stomp", "stomp"},
    {"v12.stomp", "stomp"},
    {"graphql-transport-ws", "graphql-transport-ws"},
    {"graphql-ws", "subscriptions-transport-ws"},
    {"wamp.2.json", "wamp.json"},
    {"wamp.2.msgpack", "wamp.msgpack"},
    {"jsonrpc", "jsonrpc"},
    {"json-rpc", "jsonrpc"},
    {"jsonrpc2.0", "jsonrpc"},
};

} // namespace

DecoderRegistry::DecoderRegistry()
{
    // Detection order: the most specific signatures first (a SignalR record is also a JSON
    // object, a JSON-RPC message may carry a "type" member).
    m_decoders.push_back(std::make_unique<SocketIoDecoder>());
    m_decoders.push_back(std::make_unique<SockJsDecoder>());
    m_decoders.push_back(std::make_unique<SignalRDecoder>());
    m_decoders.push_back(std::make_unique<JsonRpcDecoder>());
    m_decoders.push_back(std::make_unique<GraphQlWsDecoder>(GraphQlWsDecoder::Dialect::TransportWs));
    m_decoders.push_back(std::make_unique<GraphQlWsDecoder>(GraphQlWsDecoder::Dialect::LegacySubscriptions));
    m_decoders.push_back(std::make_unique<StompDecoder>());
    m_decoders.push_back(std::make_unique<WampDecoder>(WampDecoder::Serialization::Json));
    // Chosen by subprotocol or by hand only: binary formats without a signature.
    m_decoders.push_back(std::make_unique<WampDecoder>(WampDecoder::Serialization::MessagePack));
    m_decoders.push_back(std::make_unique<MqttDecoder>());
    m_decoders.push_back(std::make_unique<MessagePackDecoder>());
    m_decoders.push_back(std::make_unique<CborDecoder>());
    m_decoders.push_back(std::make_unique<ProtobufDecoder>());
}

DecoderRegistry::~DecoderRegistry() = default;

const DecoderRegistry &DecoderRegistry::standard()
{
    static const DecoderRegistry registry;
    return registry;
}

const Decoder *DecoderRegistry::find(const QString &id) const
{
    for (const auto &decoder : m_decoders) {
        if (decoder->id() == id)
            return decoder.get();
    }
    return nullptr;
}

const Decoder *DecoderRegistry::forSubprotocol(const QString &subprotocol) const
{
    for (const SubprotocolName &name : kSubprotocols) {
        if (subprotocol.compare(QLatin1String(name.subprotocol), Qt::CaseInsensitive) == 0)
            return find(QLatin1String(name.decoderId));
    }
    return nullptr;
}

const Decoder *DecoderRegistry::detect(const DecodeInput &input) const
{
    for (const auto &decoder : m_decoders) {
        if (decoder->recognises(input))
            return decoder.get();
    }
    return nullptr;
}

} // namespace wsi::decode
