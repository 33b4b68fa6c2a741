// SPDX-License-Identifier: MIT
#include "decode/DecodeSession.h"

#include "decode/DecoderRegistry.h"

namespace wsi::decode {

DecodeSession::DecodeSession(const DecoderRegistry &registry) : m_registry(registry) {}

void DecodeSession::setChoice(const QString &choice)
{
    if (choice == m_choice)
        return;
    m_choice = choice;
    // State learnt under one decoder means nothing to another.
    m_context.reset();
    m_lastDetected = nullptr;
}

void DecodeSession::setSubprotocol(const QString &subprotocol)
{
    m_context.subprotocol = subprotocol;
}

const Decoder *DecodeSession::decoderFor(const DecodeInput &input) const
{
    if (m_choice == off())
        return nullptr;
    if (m_choice != automatic())
        return m_registry.find(m_choice);
    if (const Decoder *named = m_registry.forSubprotocol(m_context.subprotocol))
        return named;
    return m_registry.detect(input);
}

DecodeResult DecodeSession::decode(const DecodeInput &input)
{
    const bool chosen = m_choice != automatic() || m_registry.forSubprotocol(m_context.subprotocol);
    if (const Decoder *decoder = decoderFor(input)) {
        DecodeResult result = decoder->decode(input, m_context);
        if (!chosen) {
            m_lastDetected = decoder;
            if (result.status == DecodeResult::Status::Malformed)
                return DecodeResult::notRecognised();
        }
        return result;
    }
    if (!chosen && m_lastDetected && m_choice != off()) {
        DecodeResult result = m_lastDetected->decode(input, m_context);
        if (result.isDecoded())
            return result;
    }
    return DecodeResult::notRecognised();
}

} // namespace wsi::decode
