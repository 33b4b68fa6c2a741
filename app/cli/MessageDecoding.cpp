// SPDX-License-Identifier: MIT
#include "cli/MessageDecoding.h"

#include "decode/DecodeSession.h"
#include "decode/DecoderRegistry.h"

namespace {

using namespace wsi;

class SessionDecoding final : public MessageDecoding
{
public:
    explicit SessionDecoding(const QString &choice) : m_session(decode::DecoderRegistry::standard())
    {
        m_session.setChoice(choice);
    }

    void setSubprotocol(const QString &subprotocol) override { m_session.setSubprotocol(subprotocol); }

    DecodedMessage decode(const net::LogEvent &message) override
    {
        decode::DecodeInput input;
        input.payload = message.payload;
        input.isText = message.isText;
        input.direction = message.direction == net::EventDirection::Incoming ? decode::PayloadDirection::Incoming
                                                                             : decode::PayloadDirection::Outgoing;
        input.sequence = ++m_sequence;
        const decode::DecodeResult result = m_session.decode(input);
        DecodedMessage out;
        out.error = result.error;
        if (!result.isDecoded()) {
            if (const decode::Decoder *decoder = m_session.decoderFor(input); decoder && !out.error.isEmpty())
                out.protocol = decoder->displayName();
            return out;
        }
        out.decoded = true;
        out.protocol = result.decoded.protocol;
        out.summary = result.decoded.summary;
        for (const decode::DecodedField &field : result.decoded.fields)
            out.fields.append({field.name, field.value});
        if (result.decoded.correlation.isValid())
            out.correlation = result.decoded.correlation.key;
        return out;
    }

private:
    decode::DecodeSession m_session;
    qint64 m_sequence = 0;
};

} // namespace

std::unique_ptr<MessageDecoding> makeMessageDecoding(const QString &choice, QString *problem)
{
    if (choice != decode::DecodeSession::automatic() && !decode::DecoderRegistry::standard().find(choice)) {
        *problem = QStringLiteral("--decode wants one of %1, not \"%2\"").arg(messageDecodingChoices().join(QLatin1String(", ")), choice);
        return nullptr;
    }
    return std::make_unique<SessionDecoding>(choice);
}

QStringList messageDecodingChoices()
{
    QStringList choices{decode::DecodeSession::automatic()};
    for (const auto &decoder : decode::DecoderRegistry::standard().decoders())
        choices << decoder->id();
    return choices;
}
