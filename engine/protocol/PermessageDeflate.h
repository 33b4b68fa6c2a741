// SPDX-License-Identifier: MIT
#pragma once
// RFC 7692: permessage-deflate negotiation and the per-message compressor/decompressor,
// over zlib's raw deflate.
#include "protocol/handshake/Handshake.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace wsi::protocol {

// What a client offers (section 7.1).
struct DeflateOffer {
    bool serverNoContextTakeover = false;
    bool clientNoContextTakeover = false;
    int serverMaxWindowBits = 0; // 0: not sent; 8-15: sent with that value
    // 0: not sent; -1: sent without a value (we allow the server to pick); 8-15: value
    int clientMaxWindowBits = -1;
};
std::string formatDeflateOffer(const DeflateOffer &offer);

// What a server accepts, and its own preferences (section 7.1).
struct DeflateServerOptions {
    bool serverNoContextTakeover = false; // force it on our side
    bool clientNoContextTakeover = false; // ask it of the client
    int serverMaxWindowBits = 15;         // our compressor's window, limited by the offer
    int clientMaxWindowBits = 15;         // asked of the client when it allows us to
};

// The settled parameters of one connection.
struct DeflateParams {
    bool serverNoContextTakeover = false;
    bool clientNoContextTakeover = false;
    int serverMaxWindowBits = 15;
    int clientMaxWindowBits = 15;
};

// Server: picks the first acceptable permessage-deflate offer (section 5.1). Returns false
// when none is acceptable (then the extension is simply not used).
bool negotiateDeflateAsServer(const std::vector<Extension> &offers,
                              const DeflateServerOptions &options, DeflateParams &params,
                              std::string &responseValue);

// Client: checks the server's accepted parameters against our offer (section 7.1.1 -
// 7.1.2.2). Returns false with a message when the server answered something we cannot
// accept; the connection must then be failed.
bool acceptDeflateResponse(const Extension &response, const DeflateOffer &offer,
                           DeflateParams &params, std::string &error);

std::string formatDeflateParams(const DeflateParams &params);

// Compresses one message: raw deflate, Z_SYNC_FLUSH, the trailing 00 00 ff ff removed
// (section 7.2.1); the context is reset after each message when asked.
class MessageDeflater
{
public:
    MessageDeflater(int windowBits, bool noContextTakeover, int level = 6);
    ~MessageDeflater();
    MessageDeflater(const MessageDeflater &) = delete;
    MessageDeflater &operator=(const MessageDeflater &) = delete;
    // Appends the compressed message to `out`. Returns false only if zlib fails.
    bool compress(const std::uint8_t *data, std::size_t size, std::string &out);

private:
    struct State;
    std::unique_ptr<State> m_state;
    bool m_noContextTakeover;
};

// Decompresses one message as its frames arrive, never producing more than `maxOutput`
// bytes (so a small message cannot inflate into gigabytes).
class MessageInflater
{
public:
    enum class Result : std::uint8_t { Ok, TooLarge, Corrupt };

    MessageInflater(int windowBits, bool noContextTakeover);
    ~MessageInflater();
    MessageInflater(const MessageInflater &) = delete;
    MessageInflater &operator=(const MessageInflater &) = delete;

    // Feeds compressed bytes of the current message, appending inflated bytes to `out`,
    // whose total size must not pass `maxOutput`.
    Result feed(const std::uint8_t *data, std::size_t size, std::string &out, std::uint64_t maxOutput);
    // Ends the current message (feeds 00 00 ff ff, section 7.2.2) and resets the context
    // if asked.
    Result finish(std::string &out, std::uint64_t maxOutput);
    const std::string &errorMessage() const { return m_error; }

private:
    Result run(const std::uint8_t *data, std::size_t size, std::string &out, std::uint64_t maxOutput);
    struct State;
    std::unique_ptr<State> m_state;
    bool m_noContextTakeover;
    std::string m_error;
};

} // namespace wsi::protocol
