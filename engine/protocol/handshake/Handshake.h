// SPDX-License-Identifier: MIT
#pragma once
// RFC 6455 section 4: the opening handshake in both directions, as pure functions over
// text. The Driver feeds bytes and calls these.
#include "protocol/handshake/HttpMessage.h"
#include "protocol/ProtocolVersion.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace wsi::protocol {

// One offered/accepted extension: "permessage-deflate; client_max_window_bits=10".
struct ExtensionParam {
    std::string name;
    std::string value; // unquoted; empty when the parameter has no value
    bool hasValue = false;
};
struct Extension {
    std::string name;
    std::vector<ExtensionParam> params;
};
// Parses a Sec-WebSocket-Extensions value (RFC 6455 section 9.1 grammar, quoted values
// allowed). Returns false with a message when it does not follow the grammar.
bool parseExtensionList(std::string_view value, std::vector<Extension> &out, std::string &error);
std::string formatExtension(const Extension &extension);

// base64(16 random bytes), section 4.1.
std::string makeSecWebSocketKey(const std::uint8_t random[16]);
// base64(SHA-1(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")), section 4.2.2.
std::string computeSecWebSocketAccept(std::string_view key);
// A key is valid when it decodes from base64 to exactly 16 bytes (section 4.2.1 item 5).
bool isValidSecWebSocketKey(std::string_view key);

// ---- client role -------------------------------------------------------------------

struct ClientHandshakeRequest {
    std::string host;         // Host header value, port included when not the default
    std::string resourceName; // path and query, "/" when empty
    std::string origin;       // empty: no Origin header
    std::vector<std::string> subprotocols;
    std::string extensionOffer; // Sec-WebSocket-Extensions value; empty: none
    std::vector<HttpHeader> extraHeaders; // sent as given, after the standard ones; one named
                                          // like a standard one (Host, Origin, ...) replaces it
    std::string key;          // Sec-WebSocket-Key (hixie-76: the 8-byte key3 when given)
    // 13, or the hybi drafts 8 and 7 (Sec-WebSocket-Version: 8|7, and the origin goes in
    // Sec-WebSocket-Origin). The hixie drafts are legacy/HixieDriver's (HixieHandshake.h).
    ProtocolVersion version = ProtocolVersion::Rfc6455_13;
    bool tls = false;         // wss://: the hixie drafts' Location header names the scheme
};
// The request of a hybi version (13, 8, 7); a hixie version is built as 13 (see above).
std::string buildClientRequest(const ClientHandshakeRequest &request);
// Our headers with the user's: one named like ours (case-insensitively) takes its place, with
// its spelling and value; the others follow ours. So -H 'Host: x' sends one Host header.
std::vector<HttpHeader> mergeUserHeaders(std::vector<HttpHeader> ours, const std::vector<HttpHeader> &user);

enum class ClientHandshakeError : std::uint8_t {
    None,
    MalformedResponse,     // not parseable as HTTP
    HeadTooLarge,          // response head over the limit
    NotSwitchingProtocols, // status other than 101
    MissingUpgrade,        // no "Upgrade: websocket"
    MissingConnection,     // no "Connection: Upgrade"
    MissingAccept,
    WrongAccept,
    UnrequestedSubprotocol,
    MissingSubprotocol,    // reserved: we do not fail when the server picks none
    UnrequestedExtension,
    BadExtensionParams,
};
const char *clientHandshakeErrorId(ClientHandshakeError error);

struct ClientHandshakeCheck {
    ClientHandshakeError error = ClientHandshakeError::None;
    std::string message;       // a precise sentence for the user
    std::string subprotocol;   // selected by the server, empty if none
    std::vector<Extension> extensions; // as accepted by the server
};

// Checks a parsed response head against what we sent. Extension names are checked against
// the offer; their parameters are checked by the extension itself (the Driver does that).
ClientHandshakeCheck checkServerResponse(const HttpResponseHead &response,
                                         const ClientHandshakeRequest &request);

// ---- server role -------------------------------------------------------------------

struct ServerHandshakeOptions {
    std::vector<std::string> subprotocols; // supported, in our order of preference
    std::vector<HttpHeader> extraHeaders;  // added to the 101 answer
    std::size_t maxHeadSize = 16 * 1024;   // over it: 431
    // The whole HTTP answer to a plain GET (no Upgrade header), e.g. a page saying what
    // this is. Empty: 426 Upgrade Required with "Upgrade: websocket" (RFC 7231 6.5.15).
    std::string plainHttpResponse;
    // Paths whose requests without an Upgrade header (any method) the caller answers itself,
    // e.g. the built-in server's EventSource endpoint: nothing is written for them.
    std::vector<std::string> callerHttpPaths;
    // The hybi drafts 7 and 8 are answered like 13 (same key, same framing); true refuses
    // them (and the hixie drafts, in HixieDriver) with 426 and "Sec-WebSocket-Version: 13".
    bool refuseOldDrafts = false;
    bool tls = false; // wss://: the hixie drafts' Location header names the scheme
};

enum class ServerHandshakeOutcome : std::uint8_t {
    Upgrade,          // valid upgrade request: answer 101
    PlainHttp,        // a GET without upgrade: answer with a small page (the caller's)
    CallerHttp,       // a request without upgrade for one of callerHttpPaths: the caller answers
    BadRequest,       // 400: broken upgrade (missing/invalid key, bad method, ...)
    UpgradeRequired,  // 426: a version other than 13, 8, 7 (or other than 13 with
                      // refuseOldDrafts, or a hixie request): "Sec-WebSocket-Version: 13"
    HeadTooLarge,     // 431
};

struct ServerHandshakeCheck {
    ServerHandshakeOutcome outcome = ServerHandshakeOutcome::BadRequest;
    int status = 400;
    std::string message;                    // why, in a sentence (also the error body)
    std::string key;
    std::vector<std::string> requestedSubprotocols;
    std::string selectedSubprotocol;        // first of ours the client offered
    std::vector<Extension> extensionOffers; // as offered by the client
    ProtocolVersion version = ProtocolVersion::Rfc6455_13; // the client's (13, 8 or 7)
};

ServerHandshakeCheck checkClientRequest(const HttpRequestHead &request,
                                        const ServerHandshakeOptions &options);

// The 101 answer. `extensionsResponse` is the Sec-WebSocket-Extensions value; empty: none.
std::string buildServerResponse(std::string_view accept, std::string_view subprotocol,
                                std::string_view extensionsResponse,
                                const std::vector<HttpHeader> &extraHeaders);
// A complete non-101 answer with a text/plain body and "Connection: close".
std::string buildErrorResponse(int status, std::string_view body,
                               const std::vector<HttpHeader> &extraHeaders = {});
const char *httpReasonPhrase(int status);

} // namespace wsi::protocol
