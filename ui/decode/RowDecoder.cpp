// SPDX-License-Identifier: MIT
#include "ui/decode/RowDecoder.h"

#include "decode/DecoderRegistry.h"
#include "decode/ProtobufSchema.h"
#include "store/MessageStore.h"

#include <QFileInfo>

namespace wsi::ui {

using decode::DecodeResult;
using decode::PayloadDirection;

namespace {

bool carriesMessage(log::LogEntryKind kind)
{
    return kind == log::LogEntryKind::Text || kind == log::LogEntryKind::Binary;
}

// Socket.IO: 4 (Engine.IO message), a packet type, [attachments-][/namespace,][ack id][data].
// Only a packet with an ack id pairs; telling costs a few byte compares, not a JSON parse.
bool socketIoMayHaveAck(QByteArrayView payload)
{
    qsizetype i = 2;
    if (payload.size() < 3 || payload[0] != '4')
        return false;
    const auto isDigit = [&](qsizetype at) { return at < payload.size() && payload[at] >= '0' && payload[at] <= '9'; };
    qsizetype digits = i;
    while (isDigit(digits))
        ++digits;
    if (digits > i && digits < payload.size() && payload[digits] == '-')
        i = digits + 1;
    if (i < payload.size() && payload[i] == '/') {
        const qsizetype comma = payload.indexOf(',', i);
        if (comma < 0)
            return false;
        i = comma + 1;
    }
    return isDigit(i);
}

// Messages of protocols that pair requests with responses, and a cheap test that this
// payload may carry the id, so a flood of events without ids is never parsed for them.
bool mayCorrelate(const QString &decoderId, QByteArrayView payload)
{
    if (decoderId == QLatin1String("socketio"))
        return socketIoMayHaveAck(payload);
    if (decoderId == QLatin1String("jsonrpc") || decoderId == QLatin1String("graphql-transport-ws")
        || decoderId == QLatin1String("subscriptions-transport-ws"))
        return payload.contains(QByteArrayView("\"id\""));
    if (decoderId == QLatin1String("signalr"))
        return payload.contains(QByteArrayView("\"invocationId\""));
    return decoderId == QLatin1String("mqtt");
}

// Content detection (automatic, no subprotocol naming a protocol) tries every decoder's
// signature; a message that no correlating protocol could pair is passed over first, so a
// flood of events without ids costs a few compares each. (MQTT is never detected by content.)
bool anyMayCorrelate(QByteArrayView payload)
{
    // An Engine.IO packet starts with its type digit; the JSON protocols with { or [.
    if (!payload.isEmpty() && payload[0] >= '0' && payload[0] <= '9')
        return socketIoMayHaveAck(payload);
    return payload.contains(QByteArrayView("\"id\""))
        || payload.contains(QByteArrayView("\"invocationId\""));
}

DecodedRow rowOf(const DecodeResult &result)
{
    DecodedRow row;
    row.status = result.status;
    if (result.isDecoded()) {
        row.protocol = result.decoded.protocol;
        row.summary = result.decoded.summary;
        row.fields.reserve(result.decoded.fields.size());
        for (const decode::DecodedField &field : result.decoded.fields)
            row.fields.append({field.name, field.value});
    } else {
        row.summary = result.error;
    }
    return row;
}

} // namespace

RowDecoder::RowDecoder(QObject *parent)
    : QObject(parent),
      m_session(std::make_unique<decode::DecodeSession>(decode::DecoderRegistry::standard()))
{
    m_cache.setMaxCost(CacheRows);
}

RowDecoder::~RowDecoder() = default;

bool RowDecoder::setChoice(const DecodeChoice &choice, QString *error)
{
    if (choice == m_choice)
        return true;
    std::shared_ptr<const decode::ProtobufSchema> schema;
    if (choice.decoder == QLatin1String("protobuf") && !choice.protoFile.isEmpty()) {
        QString why;
        schema = decode::ProtobufSchema::load(choice.protoFile, {QFileInfo(choice.protoFile).absolutePath()}, &why);
        if (!schema) {
            if (error)
                *error = why;
            return false;
        }
        for (const QString &type : {choice.incomingType, choice.outgoingType}) {
            if (!type.isEmpty() && !schema->hasMessageType(type)) {
                if (error)
                    *error = tr("%1 defines no message type “%2”.").arg(choice.protoFile, type);
                return false;
            }
        }
    }
    m_choice = choice;
    // The session's state was learnt under the old choice; start a fresh one.
    m_session = std::make_unique<decode::DecodeSession>(decode::DecoderRegistry::standard());
    m_session->setChoice(choice.decoder);
    m_session->setSubprotocol(m_subprotocol);
    m_session->context().protobufSchema = schema;
    m_session->context().protobufIncomingType = schema ? choice.incomingType : QString();
    m_session->context().protobufOutgoingType = schema ? choice.outgoingType : QString();
    m_cache.clear();
    m_decodeCount = 0;
    Q_EMIT decodingChanged();
    return true;
}

void RowDecoder::setSubprotocol(const QString &subprotocol)
{
    if (subprotocol == m_subprotocol)
        return;
    m_subprotocol = subprotocol;
    m_session->setSubprotocol(subprotocol);
    // Automatic reads rows by the subprotocol: what it said before may not hold.
    if (m_choice.decoder == decode::DecodeSession::automatic()) {
        m_cache.clear();
        Q_EMIT decodingChanged();
    }
}

void RowDecoder::clear()
{
    m_cache.clear();
    m_session->context().reset();
}

decode::DecodeInput RowDecoder::inputOf(const log::MessageStore &store, int row, bool wantsTree) const
{
    const log::LogRecord &record = store.record(row);
    decode::DecodeInput input;
    input.payload = store.payloadCopy(row);
    input.isText = record.kind == log::LogEntryKind::Text;
    input.direction = record.direction() == net::EventDirection::Outgoing ? PayloadDirection::Outgoing
                                                                         : PayloadDirection::Incoming;
    input.wantsTree = wantsTree;
    input.sequence = store.rowNumber(row);
    return input;
}

const DecodedRow *RowDecoder::row(const log::MessageStore &store, int row)
{
    if (isOff() || row < 0 || row >= store.rowCount() || !carriesMessage(store.record(row).kind))
        return nullptr;
    const qint64 number = store.rowNumber(row);
    if (const DecodedRow *cached = m_cache.object(number))
        return cached;
    ++m_decodeCount;
    auto *decoded = new DecodedRow(rowOf(m_session->decode(inputOf(store, row, false))));
    m_cache.insert(number, decoded, 1);
    return decoded;
}

DecodeResult RowDecoder::decodeWithTree(const log::MessageStore &store, int row)
{
    if (isOff() || row < 0 || row >= store.rowCount() || !carriesMessage(store.record(row).kind))
        return DecodeResult::notRecognised();
    return m_session->decode(inputOf(store, row, true));
}

decode::Correlation RowDecoder::correlationOf(const net::LogEvent &event)
{
    if (isOff() || event.kind != net::EventKind::Message || event.direction == net::EventDirection::Local)
        return {};
    decode::DecodeInput input;
    input.payload = event.payload;
    input.isText = event.isText;
    input.direction = event.direction == net::EventDirection::Outgoing ? PayloadDirection::Outgoing
                                                                      : PayloadDirection::Incoming;
    const bool detecting = m_choice.decoder == decode::DecodeSession::automatic()
        && !decode::DecoderRegistry::standard().forSubprotocol(m_subprotocol);
    if (detecting && !anyMayCorrelate(event.payload))
        return {};
    const decode::Decoder *decoder = m_session->decoderFor(input);
    if (!decoder || !mayCorrelate(decoder->id(), event.payload))
        return {};
    const DecodeResult result = decoder->decode(input, m_session->context());
    if (!result.isDecoded() || !result.decoded.correlation.isValid())
        return {};
    // Keys are compared within one protocol.
    decode::Correlation correlation = result.decoded.correlation;
    correlation.key = result.decoded.protocol + QLatin1Char(' ') + correlation.key;
    return correlation;
}

bool RowDecoder::fieldsOf(const log::MessageStore &store, int row, log::DecodedFieldValues *out)
{
    const DecodedRow *decoded = this->row(store, row);
    if (!decoded || !decoded->isDecoded())
        return false;
    out->protocol = decoded->protocol;
    out->summary = decoded->summary;
    out->fields = decoded->fields;
    return true;
}

} // namespace wsi::ui
