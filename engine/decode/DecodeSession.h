// SPDX-License-Identifier: MIT
// A tab's decoding: its choice (automatic, a decoder by id, or off), its negotiated
// subprotocol and its DecodeContext. The views and filters ask it for one row at a time;
// it never walks the store by itself. Lives on the UI thread with the tab's store.
#pragma once

#include "decode/DecodeContext.h"
#include "decode/Decoder.h"

namespace wsi::decode {

class DecoderRegistry;

class DecodeSession
{
public:
    // Choice values besides a decoder's id.
    static QString automatic() { return QStringLiteral("auto"); }
    static QString off() { return QStringLiteral("off"); }

    explicit DecodeSession(const DecoderRegistry &registry);

    void setChoice(const QString &choice); // automatic(), off() or a decoder id
    QString choice() const { return m_choice; }
    void setSubprotocol(const QString &subprotocol);
    DecodeContext &context() { return m_context; }

    // The decoder the choice, the subprotocol or the content picks for this payload.
    const Decoder *decoderFor(const DecodeInput &input) const;
    // Decoded, or NotRecognised, or Malformed: an error is shown only when the decoder was
    // chosen (by hand or by the subprotocol), not when content detection guessed it.
    DecodeResult decode(const DecodeInput &input);

private:
    const DecoderRegistry &m_registry;
    QString m_choice = automatic();
    DecodeContext m_context;
    // The decoder content detection found last: messages with no signature of their own
    // (Socket.IO binary attachments) are tried with it.
    const Decoder *m_lastDetected = nullptr;
};

} // namespace wsi::decode
