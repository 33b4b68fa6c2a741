// SPDX-License-Identifier: MIT
// The opening handshake (RFC 6455 section 4), client role and shared pieces: base64, the
// key and its accept value, extension lists, the request, and the checks of the server's
// answer. The server role is in HandshakeServer.cpp.
#include "protocol/handshake/Handshake.h"
#include "protocol/handshake/HandshakeText.h"

#include <openssl/sha.h>

#include <cstring>

namespace wsi::protocol {

using namespace handshake_text;

namespace {

// ---- base64 (RFC 4648 section 4, with padding) -------------------------------------

constexpr char kBase64Alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string base64Encode(const std::uint8_t *data, std::size_t size)
{
    std::string out;
    out.reserve((size + 2) / 3 * 4);
    for (std::size_t i = 0; i < size; i += 3) {
        const std::size_t n = size - i < 3 ? size - i : 3;
        std::uint32_t group = std::uint32_t(data[i]) << 16;
        if (n > 1)
            group |= std::uint32_t(data[i + 1]) << 8;
        if (n > 2)
            group |= data[i + 2];
        out += kBase64Alphabet[(group >> 18) & 0x3f];
        out += kBase64Alphabet[(group >> 12) & 0x3f];
        out += n > 1 ? kBase64Alphabet[(group >> 6) & 0x3f] : '=';
        out += n > 2 ? kBase64Alphabet[group & 0x3f] : '=';
    }
    return out;
}

int base64Value(char c)
{
    const char *at = c == '\0' ? nullptr : std::strchr(kBase64Alphabet, c);
    return at ? static_cast<int>(at - kBase64Alphabet) : -1;
}

// Strict: whole groups of four, '=' only as one or two final padding characters.
bool base64Decode(std::string_view text, std::string &out)
{
    out.clear();
    if (text.size() % 4 != 0)
        return false;
    std::size_t padding = 0;
    while (padding < 2 && padding < text.size() && text[text.size() - 1 - padding] == '=')
        ++padding;
    for (std::size_t i = 0; i < text.size(); i += 4) {
        std::uint32_t group = 0;
        for (std::size_t j = 0; j < 4; ++j) {
            const bool isPadding = i + j >= text.size() - padding;
            const int value = isPadding ? 0 : base64Value(text[i + j]);
            if (value < 0)
                return false;
            group = (group << 6) | static_cast<std::uint32_t>(value);
        }
        const std::size_t bytes = i + 4 == text.size() ? 3 - padding : 3;
        for (std::size_t k = 0; k < bytes; ++k)
            out += static_cast<char>((group >> (16 - 8 * k)) & 0xff);
    }
    return true;
}

// ---- tokens and quoted strings (RFC 7230 section 3.2.6) ----------------------------


std::string quoted(std::string_view s)
{
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\')
            out += '\\';
        out += c;
    }
    out += '"';
    return out;
}

// Section 9.1:
//   extension-list = 1#extension
//   extension = extension-token *( ";" extension-param )
//   extension-param = token [ "=" (token | quoted-string) ]
// with optional whitespace between the parts, and a quoted value that must be a token
// once unquoted.
class ExtensionListParser
{
public:
    explicit ExtensionListParser(std::string_view text) : m_text(text) {}

    bool parse(std::vector<Extension> &out, std::string &error)
    {
        out.clear();
        for (;;) {
            skipWhitespace();
            if (atEnd())
                break;
            if (peek() == ',') { // empty list elements are allowed (RFC 7230 section 7)
                ++m_pos;
                continue;
            }
            Extension extension;
            if (!parseExtension(extension, error))
                return false;
            out.push_back(std::move(extension));
            skipWhitespace();
            if (atEnd())
                break;
            if (peek() != ',')
                return failUnexpected("',' or ';' after extension \"" + out.back().name + "\"", error);
            ++m_pos;
        }
        if (out.empty()) {
            error = "the extension list is empty";
            return false;
        }
        return true;
    }

private:
    bool parseExtension(Extension &extension, std::string &error)
    {
        if (!readToken(extension.name))
            return failUnexpected("an extension name", error);
        for (;;) {
            skipWhitespace();
            if (atEnd() || peek() != ';')
                return true;
            ++m_pos;
            skipWhitespace();
            ExtensionParam param;
            if (!parseParam(extension.name, param, error))
                return false;
            extension.params.push_back(std::move(param));
        }
    }

    bool parseParam(const std::string &extension, ExtensionParam &param, std::string &error)
    {
        if (!readToken(param.name))
            return failUnexpected("a parameter name after ';' in \"" + extension + "\"", error);
        skipWhitespace();
        if (atEnd() || peek() != '=')
            return true;
        ++m_pos;
        skipWhitespace();
        param.hasValue = true;
        const std::string what = "parameter \"" + param.name + "\" of \"" + extension + "\"";
        if (atEnd() || peek() != '"') {
            return readToken(param.value) || failUnexpected("a value for " + what, error);
        }
        if (!readQuotedString(param.value)) {
            error = "the quoted value of " + what + " is not terminated";
            return false;
        }
        if (!isHttpToken(param.value)) {
            error = "the quoted value of " + what + " is not a token";
            return false;
        }
        return true;
    }

    bool readToken(std::string &token)
    {
        const std::size_t start = m_pos;
        while (!atEnd() && isHttpTokenChar(peek()))
            ++m_pos;
        token.assign(m_text.substr(start, m_pos - start));
        return m_pos > start;
    }

    bool readQuotedString(std::string &value)
    {
        ++m_pos; // opening quote
        while (!atEnd()) {
            char c = m_text[m_pos++];
            if (c == '"')
                return true;
            if (c == '\\') {
                if (atEnd())
                    return false;
                c = m_text[m_pos++];
            }
            value += c;
        }
        return false;
    }

    bool failUnexpected(const std::string &expected, std::string &error) const
    {
        error = "expected " + expected + " at offset " + std::to_string(m_pos) + ", found "
                + (atEnd() ? std::string("the end") : "'" + std::string(1, peek()) + "'");
        return false;
    }

    void skipWhitespace()
    {
        while (!atEnd() && (peek() == ' ' || peek() == '\t'))
            ++m_pos;
    }
    bool atEnd() const { return m_pos >= m_text.size(); }
    char peek() const { return m_text[m_pos]; }

    std::string_view m_text;
    std::size_t m_pos = 0;
};

std::string joinList(const std::vector<std::string> &items)
{
    std::string out;
    for (const std::string &item : items) {
        if (!out.empty())
            out += ", ";
        out += item;
    }
    return out;
}

bool hasExtensionNamed(const std::vector<Extension> &extensions, std::string_view name)
{
    for (const Extension &extension : extensions) {
        if (equalsIgnoreCase(extension.name, name))
            return true;
    }
    return false;
}

} // namespace

bool parseExtensionList(std::string_view value, std::vector<Extension> &out, std::string &error)
{
    return ExtensionListParser(value).parse(out, error);
}

std::string formatExtension(const Extension &extension)
{
    std::string out = extension.name;
    for (const ExtensionParam &param : extension.params) {
        out += "; ";
        out += param.name;
        if (param.hasValue)
            out += "=" + (isHttpToken(param.value) ? param.value : quoted(param.value));
    }
    return out;
}

std::string makeSecWebSocketKey(const std::uint8_t random[16])
{
    return base64Encode(random, 16);
}

std::string computeSecWebSocketAccept(std::string_view key)
{
    static constexpr std::string_view guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    std::string input(key);
    input.append(guid);
    std::uint8_t digest[SHA_DIGEST_LENGTH];
    SHA1(reinterpret_cast<const unsigned char *>(input.data()), input.size(), digest);
    return base64Encode(digest, sizeof digest);
}

bool isValidSecWebSocketKey(std::string_view key)
{
    std::string decoded;
    return base64Decode(key, decoded) && decoded.size() == 16;
}

std::vector<HttpHeader> mergeUserHeaders(std::vector<HttpHeader> ours, const std::vector<HttpHeader> &user)
{
    std::vector<bool> used(user.size(), false);
    for (HttpHeader &header : ours) {
        for (std::size_t i = 0; i < user.size(); ++i) {
            if (!used[i] && equalsIgnoreCase(user[i].name, header.name)) {
                header = user[i];
                used[i] = true;
                break;
            }
        }
    }
    for (std::size_t i = 0; i < user.size(); ++i) {
        if (!used[i])
            ours.push_back(user[i]);
    }
    return ours;
}

std::string buildClientRequest(const ClientHandshakeRequest &request)
{
    // The hybi drafts 7 and 8 differ from 13 only here: their number, and the origin in
    // Sec-WebSocket-Origin (draft-ietf-hybi-thewebsocketprotocol-08 section 4.1 item 10).
    const int number = isHixie(request.version) ? 13 : hybiVersionNumber(request.version);
    std::vector<HttpHeader> headers{{"Host", request.host},
                                    {"Upgrade", "websocket"},
                                    {"Connection", "Upgrade"},
                                    {"Sec-WebSocket-Key", request.key},
                                    {"Sec-WebSocket-Version", std::to_string(number)}};
    if (!request.origin.empty())
        headers.push_back({number == 13 ? "Origin" : "Sec-WebSocket-Origin", request.origin});
    if (!request.subprotocols.empty())
        headers.push_back({"Sec-WebSocket-Protocol", joinList(request.subprotocols)});
    if (!request.extensionOffer.empty())
        headers.push_back({"Sec-WebSocket-Extensions", request.extensionOffer});
    return requestHead(request.resourceName, mergeUserHeaders(std::move(headers), request.extraHeaders));
}

const char *clientHandshakeErrorId(ClientHandshakeError error)
{
    switch (error) {
    case ClientHandshakeError::None: return "none";
    case ClientHandshakeError::MalformedResponse: return "malformed-response";
    case ClientHandshakeError::HeadTooLarge: return "head-too-large";
    case ClientHandshakeError::NotSwitchingProtocols: return "not-switching-protocols";
    case ClientHandshakeError::MissingUpgrade: return "missing-upgrade";
    case ClientHandshakeError::MissingConnection: return "missing-connection";
    case ClientHandshakeError::MissingAccept: return "missing-accept";
    case ClientHandshakeError::WrongAccept: return "wrong-accept";
    case ClientHandshakeError::UnrequestedSubprotocol: return "unrequested-subprotocol";
    case ClientHandshakeError::MissingSubprotocol: return "missing-subprotocol";
    case ClientHandshakeError::UnrequestedExtension: return "unrequested-extension";
    case ClientHandshakeError::BadExtensionParams: return "bad-extension-params";
    }
    return "unknown";
}

// ---- client role: checking the server's answer (section 4.1, last list) -------------

namespace {

bool failClient(ClientHandshakeCheck &check, ClientHandshakeError error, std::string message)
{
    check.error = error;
    check.message = std::move(message);
    return false;
}

// Item 1: anything but 101 means the server did not switch (a redirect, an auth
// challenge, an error page...).
bool checkStatus(const HttpResponseHead &response, ClientHandshakeCheck &check)
{
    if (response.status == 101)
        return true;
    std::string answered = std::to_string(response.status);
    if (!response.reason.empty())
        answered += " " + response.reason;
    return failClient(check, ClientHandshakeError::NotSwitchingProtocols,
                      "server answered " + answered + " instead of 101 Switching Protocols");
}

// Item 2: Upgrade must be "websocket", case-insensitively.
bool checkUpgrade(const HttpHeaders &headers, ClientHandshakeCheck &check)
{
    if (headers.hasToken("Upgrade", "websocket"))
        return true;
    if (!headers.contains("Upgrade"))
        return failClient(check, ClientHandshakeError::MissingUpgrade,
                          "response has no Upgrade header (expected \"Upgrade: websocket\")");
    return failClient(check, ClientHandshakeError::MissingUpgrade,
                      "response has \"Upgrade: " + headers.joined("Upgrade")
                          + "\" instead of \"Upgrade: websocket\"");
}

// Item 3: Connection must contain the "Upgrade" token, case-insensitively.
bool checkConnection(const HttpHeaders &headers, ClientHandshakeCheck &check)
{
    if (headers.hasToken("Connection", "upgrade"))
        return true;
    if (!headers.contains("Connection"))
        return failClient(check, ClientHandshakeError::MissingConnection,
                          "response has no Connection header (expected \"Connection: Upgrade\")");
    return failClient(check, ClientHandshakeError::MissingConnection,
                      "response has \"Connection: " + headers.joined("Connection")
                          + "\" without the \"Upgrade\" token");
}

// Item 4: Sec-WebSocket-Accept must be base64(SHA-1(key + GUID)) of the key we sent.
bool checkAccept(const HttpHeaders &headers, const std::string &key, ClientHandshakeCheck &check)
{
    const std::string expected = computeSecWebSocketAccept(key);
    if (!headers.contains("Sec-WebSocket-Accept"))
        return failClient(check, ClientHandshakeError::MissingAccept,
                          "response has no Sec-WebSocket-Accept header (expected \"" + expected
                              + "\")");
    const std::string received = headers.joined("Sec-WebSocket-Accept");
    if (received == expected)
        return true;
    return failClient(check, ClientHandshakeError::WrongAccept,
                      "Sec-WebSocket-Accept is \"" + received + "\" but \"" + expected
                          + "\" was expected for the key \"" + key + "\"");
}

// Item 6: a subprotocol must be one we offered. Choosing none is allowed.
bool checkSubprotocol(const HttpHeaders &headers, const std::vector<std::string> &offered,
                      ClientHandshakeCheck &check)
{
    if (!headers.contains("Sec-WebSocket-Protocol"))
        return true;
    const std::string selected = headers.joined("Sec-WebSocket-Protocol");
    const auto error = ClientHandshakeError::UnrequestedSubprotocol;
    if (offered.empty())
        return failClient(check, error, "server selected subprotocol \"" + selected
                                            + "\" but we offered none");
    for (const std::string &name : offered) {
        if (name == selected) {
            check.subprotocol = selected;
            return true;
        }
    }
    return failClient(check, error, "server selected subprotocol \"" + selected
                                        + "\", which is not among those we offered ("
                                        + joinList(offered) + ")");
}

// Item 5: every extension in the answer must have been offered, at most once.
bool checkExtensions(const HttpHeaders &headers, const std::string &offer,
                     ClientHandshakeCheck &check)
{
    if (!headers.contains("Sec-WebSocket-Extensions"))
        return true;
    std::string error;
    std::vector<Extension> accepted;
    if (!parseExtensionList(headers.joined("Sec-WebSocket-Extensions"), accepted, error))
        return failClient(check, ClientHandshakeError::BadExtensionParams,
                          "malformed Sec-WebSocket-Extensions header: " + error);
    std::vector<Extension> offered;
    if (!offer.empty())
        parseExtensionList(offer, offered, error); // a malformed offer offers nothing
    std::vector<Extension> seen;
    for (const Extension &extension : accepted) {
        if (!hasExtensionNamed(offered, extension.name))
            return failClient(check, ClientHandshakeError::UnrequestedExtension,
                              "server accepted extension \"" + extension.name
                                  + "\", which we did not offer");
        if (hasExtensionNamed(seen, extension.name))
            return failClient(check, ClientHandshakeError::UnrequestedExtension,
                              "server accepted extension \"" + extension.name
                                  + "\" more than once");
        seen.push_back(extension);
    }
    check.extensions = std::move(accepted);
    return true;
}

} // namespace

ClientHandshakeCheck checkServerResponse(const HttpResponseHead &response,
                                         const ClientHandshakeRequest &request)
{
    ClientHandshakeCheck check;
    const HttpHeaders &headers = response.headers;
    checkStatus(response, check) && checkUpgrade(headers, check)
        && checkConnection(headers, check) && checkAccept(headers, request.key, check)
        && checkSubprotocol(headers, request.subprotocols, check)
        && checkExtensions(headers, request.extensionOffer, check);
    return check;
}

} // namespace wsi::protocol
