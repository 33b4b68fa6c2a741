// SPDX-License-Identifier: MIT
// The hixie drafts' opening handshake: keys and their MD5 answer (draft 76), the request,
// the checks of either side, the 101 answer.
#include "protocol/legacy/HixieHandshake.h"
#include "protocol/handshake/HandshakeText.h"

#include <openssl/evp.h>

#include <limits>

namespace wsi::protocol {

using namespace handshake_text;

namespace {

std::uint32_t readBigEndian32(const std::uint8_t *bytes)
{
    return std::uint32_t(bytes[0]) << 24 | std::uint32_t(bytes[1]) << 16 | std::uint32_t(bytes[2]) << 8 | bytes[3];
}

void appendBigEndian32(std::string &out, std::uint32_t value)
{
    for (int shift = 24; shift >= 0; shift -= 8)
        out += static_cast<char>((value >> shift) & 0xff);
}

// The noise characters of section 4.1 step 21: U+0021-U+002F and U+003A-U+007E (no digit,
// no space), 15 + 69 of them.
char noiseCharacter(std::uint8_t random)
{
    const int index = random % 84;
    return static_cast<char>(index < 15 ? 0x21 + index : 0x3a + (index - 15));
}

std::string originOrDefault(const ClientHandshakeRequest &request)
{
    if (!request.origin.empty())
        return request.origin;
    return (request.tls ? "https://" : "http://") + request.host;
}

std::string joinedSubprotocols(const std::vector<std::string> &subprotocols)
{
    std::string out;
    for (const std::string &name : subprotocols)
        out += (out.empty() ? "" : ", ") + name;
    return out;
}

bool failServer(HixieRequestCheck &check, std::string message)
{
    check.outcome = ServerHandshakeOutcome::BadRequest;
    check.status = 400;
    check.message = std::move(message);
    return false;
}

bool failClient(ClientHandshakeCheck &check, ClientHandshakeError error, std::string message)
{
    check.error = error;
    check.message = std::move(message);
    return false;
}

} // namespace

std::string makeHixieKey(const std::uint8_t random[HixieKeyRandomSize])
{
    const std::uint32_t spaces = 1 + random[0] % 12;
    const std::uint32_t max = std::numeric_limits<std::uint32_t>::max() / spaces;
    const std::uint32_t number = static_cast<std::uint32_t>(readBigEndian32(random + 1) % (std::uint64_t(max) + 1));
    std::string key = std::to_string(std::uint64_t(number) * spaces);
    const int noise = 1 + random[5] % 12;
    for (int i = 0; i < noise; ++i)
        key.insert(random[7 + 2 * i] % (key.size() + 1), 1, noiseCharacter(random[6 + 2 * i]));
    // Neither first nor last: between two of the (at least two) characters already there.
    for (std::uint32_t i = 0; i < spaces; ++i)
        key.insert(1 + random[30 + i] % (key.size() - 1), 1, ' ');
    return key;
}

bool hixieKeyPart(std::string_view key, std::string_view headerName, std::uint32_t &part, std::string &error)
{
    const std::string what = std::string(headerName) + " \"" + std::string(key) + "\"";
    std::uint64_t number = 0;
    std::uint32_t spaces = 0;
    bool digits = false;
    for (char c : key) {
        if (c == ' ') {
            ++spaces;
        } else if (c >= '0' && c <= '9') {
            digits = true;
            if (number > (std::numeric_limits<std::uint64_t>::max() - 9) / 10) {
                error = what + " has a number too large to be a key";
                return false;
            }
            number = number * 10 + std::uint64_t(c - '0');
        }
    }
    if (!digits) {
        error = what + " has no digits";
        return false;
    }
    if (spaces == 0) { // step 5: "a symptom of a cross-protocol attack"
        error = what + " has no spaces (draft 76 divides its number by its count of spaces)";
        return false;
    }
    if (number % spaces != 0) { // step 6
        error = what + ": its number " + std::to_string(number) + " is not a multiple of its "
            + std::to_string(spaces) + " spaces";
        return false;
    }
    if (number / spaces > std::numeric_limits<std::uint32_t>::max()) {
        error = what + ": its number " + std::to_string(number) + " over its " + std::to_string(spaces)
            + " spaces does not fit in 32 bits";
        return false;
    }
    part = static_cast<std::uint32_t>(number / spaces);
    return true;
}

std::string hixieChallengeAnswer(std::uint32_t part1, std::uint32_t part2, std::string_view key3)
{
    std::string challenge;
    appendBigEndian32(challenge, part1);
    appendBigEndian32(challenge, part2);
    challenge.append(key3);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    EVP_Digest(challenge.data(), challenge.size(), digest, &size, EVP_md5(), nullptr);
    return std::string(reinterpret_cast<const char *>(digest), size);
}

// ---- client role -------------------------------------------------------------------

std::string buildHixieClientRequest(const ClientHandshakeRequest &request, const HixieClientKeys &keys)
{
    const bool draft76 = request.version != ProtocolVersion::Hixie75;
    std::vector<HttpHeader> headers{{"Upgrade", "WebSocket"},
                                    {"Connection", "Upgrade"},
                                    {"Host", request.host},
                                    {"Origin", originOrDefault(request)}};
    if (draft76) {
        headers.push_back({"Sec-WebSocket-Key1", keys.key1});
        headers.push_back({"Sec-WebSocket-Key2", keys.key2});
    }
    if (!request.subprotocols.empty())
        headers.push_back({draft76 ? "Sec-WebSocket-Protocol" : "WebSocket-Protocol",
                           joinedSubprotocols(request.subprotocols)});
    return requestHead(request.resourceName, mergeUserHeaders(std::move(headers), request.extraHeaders));
}

ClientHandshakeCheck checkHixieResponse(const HttpResponseHead &response, const ClientHandshakeRequest &request)
{
    ClientHandshakeCheck check;
    const HttpHeaders &headers = response.headers;
    const bool draft76 = request.version != ProtocolVersion::Hixie75;
    if (response.status != 101) {
        failClient(check, ClientHandshakeError::NotSwitchingProtocols,
                   "server answered " + std::to_string(response.status)
                       + (response.reason.empty() ? "" : " " + response.reason)
                       + " instead of 101 " + (draft76 ? "WebSocket" : "Web Socket") + " Protocol Handshake");
        return check;
    }
    if (!headers.hasToken("Upgrade", "websocket")) {
        failClient(check, ClientHandshakeError::MissingUpgrade,
                   "response has \"Upgrade: " + headers.joined("Upgrade") + "\" instead of \"Upgrade: WebSocket\"");
        return check;
    }
    if (!headers.hasToken("Connection", "upgrade")) {
        failClient(check, ClientHandshakeError::MissingConnection,
                   "response has \"Connection: " + headers.joined("Connection")
                       + "\" instead of \"Connection: Upgrade\"");
        return check;
    }
    const char *protocolHeader = draft76 ? "Sec-WebSocket-Protocol" : "WebSocket-Protocol";
    if (headers.contains(protocolHeader)) {
        const std::string selected = headers.joined(protocolHeader);
        const std::string asked = joinedSubprotocols(request.subprotocols);
        if (selected != asked) {
            failClient(check, ClientHandshakeError::UnrequestedSubprotocol,
                       std::string(protocolHeader) + " is \"" + selected + "\" but \"" + asked + "\" was asked for");
            return check;
        }
        check.subprotocol = selected;
    }
    return check;
}

// ---- server role -------------------------------------------------------------------

namespace {

// Draft 76 section 5.2 / draft 75 section 5.1: GET, the upgrade headers, Host, the keys.
bool checkHixieHeaders(const HttpRequestHead &request, bool draft76, HixieRequestCheck &check)
{
    const HttpHeaders &headers = request.headers;
    if (request.method != "GET")
        return failServer(check, "method " + request.method + " cannot open a WebSocket; the request must use GET");
    if (!headers.hasToken("Upgrade", "websocket"))
        return failServer(check, "Upgrade header is \"" + headers.joined("Upgrade") + "\"; expected \"WebSocket\"");
    if (!headers.hasToken("Connection", "upgrade"))
        return failServer(check, "Connection header \"" + headers.joined("Connection")
                                     + "\" does not contain \"Upgrade\"");
    const std::string *host = headers.find("Host");
    if (!host || host->empty())
        return failServer(check, "request has no Host header");
    if (!draft76)
        return true;
    for (const char *name : {"Sec-WebSocket-Key1", "Sec-WebSocket-Key2"}) {
        if (!headers.contains(name))
            return failServer(check, std::string("request has no ") + name + " header");
    }
    std::string error;
    if (!hixieKeyPart(headers.joined("Sec-WebSocket-Key1"), "Sec-WebSocket-Key1", check.part1, error)
        || !hixieKeyPart(headers.joined("Sec-WebSocket-Key2"), "Sec-WebSocket-Key2", check.part2, error))
        return failServer(check, error);
    return true;
}

} // namespace

HixieRequestCheck checkHixieRequest(const HttpRequestHead &request, ProtocolVersion version,
                                    const ServerHandshakeOptions &options)
{
    HixieRequestCheck check;
    check.version = version;
    const bool draft76 = version == ProtocolVersion::Hixie76;
    const std::string name = protocolVersionName(version);
    if (options.refuseOldDrafts) {
        check.outcome = ServerHandshakeOutcome::UpgradeRequired;
        check.status = 426;
        check.message = "a " + name + " request; this server refuses the old drafts and speaks WebSocket "
                        "version 13 only";
        return check;
    }
    if (!checkHixieHeaders(request, draft76, check))
        return check;
    const HttpHeaders &headers = request.headers;
    // The origin is echoed (draft 76 section 5.2, draft 75 section 5.1), or left empty as
    // em-websocket does when there is none.
    check.origin = headers.joined("Origin");
    check.location = (options.tls ? "wss://" : "ws://") + *headers.find("Host") + request.target;
    check.requestedSubprotocol = headers.joined(draft76 ? "Sec-WebSocket-Protocol" : "WebSocket-Protocol");
    if (!check.requestedSubprotocol.empty() && containsString(options.subprotocols, check.requestedSubprotocol))
        check.selectedSubprotocol = check.requestedSubprotocol;
    check.outcome = ServerHandshakeOutcome::Upgrade;
    check.status = 101;
    check.message = "valid " + name + " upgrade request";
    return check;
}

std::string buildHixieServerResponse(const HixieRequestCheck &check, const std::vector<HttpHeader> &extraHeaders)
{
    const bool draft76 = check.version == ProtocolVersion::Hixie76;
    std::string out = draft76 ? "HTTP/1.1 101 WebSocket Protocol Handshake\r\n"
                              : "HTTP/1.1 101 Web Socket Protocol Handshake\r\n";
    appendHeader(out, "Upgrade", "WebSocket");
    appendHeader(out, "Connection", "Upgrade");
    appendHeader(out, draft76 ? "Sec-WebSocket-Origin" : "WebSocket-Origin", check.origin);
    appendHeader(out, draft76 ? "Sec-WebSocket-Location" : "WebSocket-Location", check.location);
    if (!check.selectedSubprotocol.empty())
        appendHeader(out, draft76 ? "Sec-WebSocket-Protocol" : "WebSocket-Protocol", check.selectedSubprotocol);
    appendHeaders(out, extraHeaders);
    out += "\r\n";
    return out;
}

} // namespace wsi::protocol
