// SPDX-License-Identifier: MIT
// Every decoder by id and display name (for a per-tab choice), which one a negotiated
// subprotocol names, and which one recognises a payload's content. Decoders are stateless,
// so one registry serves every tab.
#pragma once

#include "decode/Decoder.h"

#include <memory>
#include <vector>

namespace wsi::decode {

class DecoderRegistry
{
public:
    // All decoders, in the order content detection tries them.
    DecoderRegistry();
    ~DecoderRegistry();
    DecoderRegistry(const DecoderRegistry &) = delete;
    DecoderRegistry &operator=(const DecoderRegistry &) = delete;

    // The registry the application uses; built on first use.
    static const DecoderRegistry &standard();

    const std::vector<std::unique_ptr<Decoder>> &decoders() const { return m_decoders; }
    const Decoder *find(const QString &id) const;
    // The decoder a Sec-WebSocket-Protocol value names ("mqtt", "v12.stomp",
    // "graphql-transport-ws", "wamp.2.json", ...), or null.
    const Decoder *forSubprotocol(const QString &subprotocol) const;
    // The first decoder that recognises the payload, or null.
    const Decoder *detect(const DecodeInput &input) const;

private:
    std::vector<std::unique_ptr<Decoder>> m_decoders;
};

} // namespace wsi::decode
