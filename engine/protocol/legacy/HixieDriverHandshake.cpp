// SPDX-License-Identifier: MIT
// The HixieDriver's opening handshake in both roles. Draft 76 has a body on each side:
// the client's 8-byte key3 after the request head and the server's 16-byte answer after
// the response head. Either may come in a later read than its head (a proxy may pass the
// head on first, as faye's websocket-driver notes), so each is gathered across parse()
// calls before the handshake completes.
#include "protocol/legacy/HixieDriver.h"

#include "protocol/legacy/RequestVersion.h"

#include <algorithm>

namespace wsi::protocol {

namespace {

constexpr std::size_t MaxBodyPreview = 4096;

std::string hex(std::string_view bytes)
{
    static const char digits[] = "0123456789abcdef";
    std::string out;
    for (char c : bytes) {
        const auto b = static_cast<std::uint8_t>(c);
        out += digits[b >> 4];
        out += digits[b & 0xf];
    }
    return out;
}

const std::string *findHeader(const std::vector<HttpHeader> &headers, std::string_view name)
{
    for (const HttpHeader &header : headers) {
        if (equalsIgnoreCase(header.name, name))
            return &header.value;
    }
    return nullptr;
}

// Takes bytes into `body` until it holds `wanted`; returns how many of `data` it took.
std::size_t gather(std::string &body, std::size_t wanted, const std::uint8_t *data, std::size_t size)
{
    const std::size_t take = std::min(wanted - body.size(), size);
    body.append(reinterpret_cast<const char *>(data), take);
    return take;
}

} // namespace

void HixieDriver::start()
{
    if (m_options.role != Role::Client || m_state != DriverState::Connecting || !m_sentRequest.empty())
        return;
    if (!m_options.rawRequestOverride.empty()) {
        startWithWrittenHead();
        return;
    }
    m_request = m_options.clientRequest;
    m_request.version = m_version;
    if (m_request.resourceName.empty())
        m_request.resourceName = "/";
    HixieClientKeys keys;
    if (m_version == ProtocolVersion::Hixie76) {
        std::uint8_t random[2 * HixieKeyRandomSize + HixieKey3Size];
        m_options.random(random, sizeof random);
        // Keys given as headers (the handshake lab, golden tests) are sent as they are.
        const std::string *key1 = findHeader(m_request.extraHeaders, "Sec-WebSocket-Key1");
        const std::string *key2 = findHeader(m_request.extraHeaders, "Sec-WebSocket-Key2");
        keys.key1 = key1 ? *key1 : makeHixieKey(random);
        keys.key2 = key2 ? *key2 : makeHixieKey(random + HixieKeyRandomSize);
        keys.key3 = m_request.key.size() == HixieKey3Size
            ? m_request.key
            : std::string(reinterpret_cast<const char *>(random + 2 * HixieKeyRandomSize), HixieKey3Size);
        std::uint32_t part1 = 0;
        std::uint32_t part2 = 0;
        std::string error;
        // A hand-written key that does not divide cannot be answered: the answer is then
        // expected to be all zeros, which no server sends, and the mismatch is reported.
        if (hixieKeyPart(keys.key1, "Sec-WebSocket-Key1", part1, error)
            && hixieKeyPart(keys.key2, "Sec-WebSocket-Key2", part2, error))
            m_answer = hixieChallengeAnswer(part1, part2, keys.key3);
        else
            m_answer.assign(HixieAnswerSize, '\0');
        m_key3 = keys.key3;
    }
    m_sentRequest = buildHixieClientRequest(m_request, keys) + m_key3;
    writeBytes(m_sentRequest);
}

// The handshake lab: the head is sent as written. Draft 76 (a head with Key1 or Key2) gets
// its 8-byte key3 after it, made here since it is not text, and the answer expected is
// computed from the written keys; the protocol asked for is the written one.
void HixieDriver::startWithWrittenHead()
{
    HttpRequestHead head;
    std::string error;
    parseRequestHead(m_options.rawRequestOverride, head, error); // a broken head: the server says what it thinks
    m_request = ClientHandshakeRequest{};
    m_request.version = m_version;
    m_request.resourceName = head.target;
    m_request.subprotocols = splitHeaderList(
        head.headers.joined(m_version == ProtocolVersion::Hixie76 ? "Sec-WebSocket-Protocol" : "WebSocket-Protocol"));
    if (m_version == ProtocolVersion::Hixie76) {
        std::uint8_t random[HixieKey3Size];
        m_options.random(random, sizeof random);
        m_key3.assign(reinterpret_cast<const char *>(random), HixieKey3Size);
        std::uint32_t part1 = 0;
        std::uint32_t part2 = 0;
        if (hixieKeyPart(head.headers.joined("Sec-WebSocket-Key1"), "Sec-WebSocket-Key1", part1, error)
            && hixieKeyPart(head.headers.joined("Sec-WebSocket-Key2"), "Sec-WebSocket-Key2", part2, error))
            m_answer = hixieChallengeAnswer(part1, part2, m_key3);
        else
            m_answer.assign(HixieAnswerSize, '\0'); // as with a hand-written key in start()
    }
    m_sentRequest = m_options.rawRequestOverride + m_key3;
    writeBytes(m_sentRequest);
}

void HixieDriver::parseHandshake(const std::uint8_t *data, std::size_t size)
{
    if (m_options.role == Role::Client) {
        if (m_stage == Stage::Head)
            parseClientHead(data, size);
        else
            parseClientAnswer(data, size);
    } else {
        if (m_stage == Stage::Head)
            parseServerHead(data, size);
        else
            parseServerKey3(data, size);
    }
}

// ---- client role -----------------------------------------------------------------------

void HixieDriver::parseClientHead(const std::uint8_t *data, std::size_t size)
{
    std::size_t consumed = 0;
    if (!readHead(data, size, consumed))
        return;
    std::string error;
    if (!parseResponseHead(m_headReader.head(), m_open.response, error)) {
        failClientHandshake(ClientHandshakeError::MalformedResponse, "the server's answer is not valid HTTP: " + error);
        return;
    }
    const ClientHandshakeCheck check = checkHixieResponse(m_open.response, m_request);
    if (check.error != ClientHandshakeError::None) {
        const std::size_t preview = std::min(size - consumed, MaxBodyPreview);
        failClientHandshake(check.error, check.message,
                            std::string_view(reinterpret_cast<const char *>(data + consumed), preview));
        return;
    }
    m_open.subprotocol = check.subprotocol;
    if (m_version == ProtocolVersion::Hixie75) {
        m_open.rawRequest = m_sentRequest;
        m_open.rawResponse = m_headReader.head();
    }
    continueAfterHead(data + consumed, size - consumed);
}

// Draft 76 section 4.1 (the last steps): the 16 bytes after the head must be the MD5 of
// the keys' numbers and key3.
void HixieDriver::parseClientAnswer(const std::uint8_t *data, std::size_t size)
{
    const std::size_t taken = gather(m_body, HixieAnswerSize, data, size);
    if (m_body.size() < HixieAnswerSize)
        return;
    if (m_body != m_answer) {
        failClientHandshake(ClientHandshakeError::WrongAccept,
                            "the 16 bytes after the server's head are " + hex(m_body) + " but " + hex(m_answer)
                                + " was expected (draft 76: the MD5 of the keys' numbers and the 8-byte key3)");
        return;
    }
    m_open.rawRequest = m_sentRequest;
    m_open.rawResponse = m_headReader.head() + m_body;
    open(data + taken, size - taken);
}

void HixieDriver::failClientHandshake(ClientHandshakeError error, std::string message, std::string_view body)
{
    HandshakeFailureEvent failure;
    failure.kind = HandshakeFailureKind::ResponseRejected;
    failure.clientError = error;
    failure.status = m_open.response.status;
    failure.message = std::move(message);
    failure.rawRequest = m_sentRequest;
    failure.rawResponse = m_headReader.head() + m_body;
    failure.bodyPreview.assign(body);
    failure.response = m_open.response;
    m_sink.onHandshakeFailed(failure);
    finish(false);
}

// ---- server role -----------------------------------------------------------------------

void HixieDriver::parseServerHead(const std::uint8_t *data, std::size_t size)
{
    std::size_t consumed = 0;
    if (!readHead(data, size, consumed))
        return;
    std::string error;
    if (!parseRequestHead(m_headReader.head(), m_requestHead, error)) {
        failServerHandshake(400, "malformed HTTP request: " + error);
        return;
    }
    const RequestVersion detected = detectRequestVersion(m_requestHead);
    if (!detected.usesHixieDriver()) {
        failServerHandshake(426,
                            "not a hixie-75 or hixie-76 upgrade request: " + detected.description);
        return;
    }
    m_version = detected.version;
    m_check = checkHixieRequest(m_requestHead, m_version, m_options.server);
    if (m_check.outcome != ServerHandshakeOutcome::Upgrade) {
        failServerHandshake(m_check.status, m_check.message);
        return;
    }
    if (m_version == ProtocolVersion::Hixie75)
        answerServerHandshake();
    continueAfterHead(data + consumed, size - consumed);
}

// Draft 76 section 5.2: the 8 bytes after the head are key3, which the answer needs.
void HixieDriver::parseServerKey3(const std::uint8_t *data, std::size_t size)
{
    const std::size_t taken = gather(m_body, HixieKey3Size, data, size);
    if (m_body.size() < HixieKey3Size)
        return;
    m_key3 = m_body;
    answerServerHandshake();
    open(data + taken, size - taken);
}

void HixieDriver::answerServerHandshake()
{
    std::string response = buildHixieServerResponse(m_check, m_options.server.extraHeaders);
    if (m_version == ProtocolVersion::Hixie76)
        response += hixieChallengeAnswer(m_check.part1, m_check.part2, m_key3);
    writeBytes(response);
    m_open.rawRequest = m_headReader.head() + m_key3;
    m_open.rawResponse = std::move(response);
    m_open.request = std::move(m_requestHead);
    m_open.subprotocol = m_check.selectedSubprotocol;
}

void HixieDriver::failServerHandshake(int status, std::string message)
{
    HandshakeFailureEvent failure;
    failure.kind = HandshakeFailureKind::RequestRejected;
    failure.status = status;
    failure.message = std::move(message);
    failure.rawRequest = m_headReader.head() + m_body;
    failure.request = m_requestHead;
    if (status != 0) { // 0: the client went away, there is nobody to answer
        failure.rawResponse = buildErrorResponse(status, failure.message + "\n");
        writeBytes(failure.rawResponse);
    }
    m_sink.onHandshakeFailed(failure);
    finish(false);
}

// ---- both ------------------------------------------------------------------------------

// Feeds the head reader; true once the head is complete. A head over the limit is refused,
// each role its own way.
bool HixieDriver::readHead(const std::uint8_t *data, std::size_t size, std::size_t &consumed)
{
    const auto status = m_headReader.feed(data, size, consumed);
    if (status != HttpHeadReader::Status::TooLarge)
        return status == HttpHeadReader::Status::Complete;
    const std::string limit = std::to_string(m_headReader.maxHeadSize()) + " bytes";
    if (m_options.role == Role::Client)
        failClientHandshake(ClientHandshakeError::HeadTooLarge, "the server's response head exceeds " + limit
                                                                    + " without ending; this does not look like a "
                                                                      "WebSocket server");
    else
        failServerHandshake(431, "the request's header block exceeds " + limit);
    return false;
}

// Draft 75 is open once its heads are exchanged; draft 76 first reads the body after the
// head (key3, or the answer), from the rest of this read or from later ones.
void HixieDriver::continueAfterHead(const std::uint8_t *rest, std::size_t restSize)
{
    if (m_version == ProtocolVersion::Hixie75) {
        open(rest, restSize);
        return;
    }
    m_stage = Stage::Body;
    if (restSize > 0)
        parseHandshake(rest, restSize);
}

void HixieDriver::open(const std::uint8_t *rest, std::size_t restSize)
{
    m_state = DriverState::Open;
    m_open.version = m_version;
    HixieFrameParserOptions parserOptions = m_parser.options();
    parserOptions.strictClose = m_version == ProtocolVersion::Hixie76;
    m_parser.setOptions(parserOptions);
    if (!m_options.skipHandshake)
        m_sink.onOpen(m_open);
    if (restSize > 0 && m_state == DriverState::Open)
        parseFrames(rest, restSize);
}

} // namespace wsi::protocol
