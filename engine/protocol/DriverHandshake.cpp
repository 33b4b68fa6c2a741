// SPDX-License-Identifier: MIT
// The Driver's opening handshake (RFC 6455 section 4) in both roles: sending or reading
// the upgrade request, checking or writing the answer, and negotiating permessage-deflate.
#include "protocol/Driver.h"

#include <cstdlib>

namespace wsi::protocol {

namespace {

constexpr std::size_t MaxBodyPreview = 4096;

// The client's deflate offer as written in a hand-edited request (the handshake lab), so
// the server's answer can be checked against what was really offered.
DeflateOffer deflateOfferFrom(const Extension &offer)
{
    DeflateOffer result;
    result.clientMaxWindowBits = 0;
    for (const ExtensionParam &param : offer.params) {
        if (param.name == "server_no_context_takeover")
            result.serverNoContextTakeover = true;
        else if (param.name == "client_no_context_takeover")
            result.clientNoContextTakeover = true;
        else if (param.name == "server_max_window_bits")
            result.serverMaxWindowBits = param.hasValue ? std::atoi(param.value.c_str()) : 0;
        else if (param.name == "client_max_window_bits")
            result.clientMaxWindowBits = param.hasValue ? std::atoi(param.value.c_str()) : -1;
    }
    return result;
}

// Pulls what checkServerResponse needs out of a hand-written request.
ClientHandshakeRequest requestFromText(const std::string &text)
{
    ClientHandshakeRequest request;
    HttpRequestHead head;
    std::string error;
    if (!parseRequestHead(text, head, error))
        return request; // the answer's Accept then cannot match, which is reported
    if (const std::string *key = head.headers.find("Sec-WebSocket-Key"))
        request.key = *key;
    request.subprotocols = splitHeaderList(head.headers.joined("Sec-WebSocket-Protocol"));
    request.extensionOffer = head.headers.joined("Sec-WebSocket-Extensions");
    request.resourceName = head.target;
    // A hand-written "Sec-WebSocket-Version: 8" is reported as the version spoken.
    parseProtocolVersion(head.headers.joined("Sec-WebSocket-Version"), request.version);
    if (isHixie(request.version))
        request.version = ProtocolVersion::Rfc6455_13;
    if (const std::string *host = head.headers.find("Host"))
        request.host = *host;
    return request;
}

} // namespace

void Driver::start()
{
    if (m_options.role != Role::Client || m_state != DriverState::Connecting || !m_sentRequest.empty())
        return;
    if (!m_options.rawRequestOverride.empty()) {
        m_sentRequest = m_options.rawRequestOverride;
        m_effectiveRequest = requestFromText(m_sentRequest);
    } else {
        m_effectiveRequest = m_options.clientRequest;
        if (m_effectiveRequest.key.empty()) {
            std::uint8_t nonce[16];
            m_options.random(nonce, sizeof nonce);
            m_effectiveRequest.key = makeSecWebSocketKey(nonce);
        }
        if (m_options.offerDeflate)
            m_effectiveRequest.extensionOffer = formatDeflateOffer(m_options.deflateOffer);
        if (m_effectiveRequest.resourceName.empty())
            m_effectiveRequest.resourceName = "/";
        m_sentRequest = buildClientRequest(m_effectiveRequest);
    }
    writeBytes(reinterpret_cast<const std::uint8_t *>(m_sentRequest.data()), m_sentRequest.size());
}

void Driver::parseHandshake(const std::uint8_t *data, std::size_t size)
{
    if (m_options.role == Role::Client)
        parseClientHandshake(data, size);
    else
        parseServerHandshake(data, size);
}

// ---- client role -----------------------------------------------------------------------

void Driver::parseClientHandshake(const std::uint8_t *data, std::size_t size)
{
    if (m_rejected) {
        collectRejectedBody(data, size);
        return;
    }
    std::size_t consumed = 0;
    const auto status = m_headReader.feed(data, size, consumed);
    if (status == HttpHeadReader::Status::NeedMore)
        return;

    HandshakeFailureEvent failure;
    failure.kind = HandshakeFailureKind::ResponseRejected;
    failure.rawRequest = m_sentRequest;
    failure.rawResponse = m_headReader.head();
    if (status == HttpHeadReader::Status::TooLarge) {
        failure.clientError = ClientHandshakeError::HeadTooLarge;
        failure.message = "the server's response head exceeds " + std::to_string(m_headReader.maxHeadSize())
            + " bytes without ending; this does not look like a WebSocket server";
        m_sink.onHandshakeFailed(failure);
        finish(false);
        return;
    }
    std::string error;
    if (!parseResponseHead(m_headReader.head(), failure.response, error)) {
        failure.clientError = ClientHandshakeError::MalformedResponse;
        failure.message = "the server's answer is not valid HTTP: " + error;
        m_sink.onHandshakeFailed(failure);
        finish(false);
        return;
    }
    failure.status = failure.response.status;
    ClientHandshakeCheck check = checkServerResponse(failure.response, m_effectiveRequest);
    if (check.error == ClientHandshakeError::NotSwitchingProtocols) {
        // Keep the start of the body (an error page says why) before reporting.
        failure.clientError = check.error;
        failure.message = check.message;
        m_rejection = std::move(failure);
        m_rejected = true;
        m_rejectedBodyWanted = MaxBodyPreview;
        if (const std::string *length = m_rejection.response.headers.find("Content-Length"))
            m_rejectedBodyWanted = std::min<std::uint64_t>(MaxBodyPreview, std::strtoull(length->c_str(), nullptr, 10));
        collectRejectedBody(data + consumed, size - consumed);
        return;
    }
    if (check.error == ClientHandshakeError::None) {
        for (const Extension &extension : check.extensions) {
            DeflateParams params;
            std::vector<Extension> offered;
            std::string offerError;
            parseExtensionList(m_effectiveRequest.extensionOffer, offered, offerError);
            const Extension *offer = nullptr;
            for (const Extension &candidate : offered) {
                if (equalsIgnoreCase(candidate.name, extension.name))
                    offer = &candidate;
            }
            if (!equalsIgnoreCase(extension.name, "permessage-deflate") || offer == nullptr) {
                check.error = ClientHandshakeError::UnrequestedExtension;
                check.message = "the server accepted the extension \"" + extension.name
                    + "\", which wsinspect does not implement";
                break;
            }
            const DeflateOffer deflateOffer = m_options.rawRequestOverride.empty() ? m_options.deflateOffer
                                                                                   : deflateOfferFrom(*offer);
            if (!acceptDeflateResponse(extension, deflateOffer, params, error)) {
                check.error = ClientHandshakeError::BadExtensionParams;
                check.message = "the server's permessage-deflate answer is not acceptable: " + error;
                break;
            }
            setUpDeflate(params);
            m_open.deflate = true;
            m_open.deflateParams = params;
        }
    }
    if (check.error != ClientHandshakeError::None) {
        failure.clientError = check.error;
        failure.message = check.message;
        m_sink.onHandshakeFailed(failure);
        finish(false);
        return;
    }
    m_open.rawRequest = m_sentRequest;
    m_open.rawResponse = m_headReader.head();
    m_open.response = failure.response;
    m_open.subprotocol = check.subprotocol;
    m_open.extensions = failure.response.headers.joined("Sec-WebSocket-Extensions");
    m_open.version = isHixie(m_effectiveRequest.version) ? ProtocolVersion::Rfc6455_13 : m_effectiveRequest.version;
    m_state = DriverState::Open;
    m_sink.onOpen(m_open);
    // Frames may follow the 101 in the same read.
    if (consumed < size && m_state == DriverState::Open)
        parseFrames(data + consumed, size - consumed);
}

void Driver::collectRejectedBody(const std::uint8_t *data, std::size_t size)
{
    const std::uint64_t missing = m_rejectedBodyWanted - m_rejection.bodyPreview.size();
    m_rejection.bodyPreview.append(reinterpret_cast<const char *>(data),
                                   static_cast<std::size_t>(std::min<std::uint64_t>(missing, size)));
    if (m_rejection.bodyPreview.size() >= m_rejectedBodyWanted)
        reportRejectedResponse();
}

void Driver::reportRejectedResponse()
{
    if (m_state == DriverState::Closed)
        return;
    m_sink.onHandshakeFailed(m_rejection);
    finish(false);
}

// ---- server role -----------------------------------------------------------------------

void Driver::parseServerHandshake(const std::uint8_t *data, std::size_t size)
{
    std::size_t consumed = 0;
    const auto status = m_headReader.feed(data, size, consumed);
    if (status == HttpHeadReader::Status::NeedMore)
        return;
    HttpRequestHead request;
    ServerHandshakeCheck check;
    if (status == HttpHeadReader::Status::TooLarge) {
        check.outcome = ServerHandshakeOutcome::HeadTooLarge;
        check.status = 431;
        check.message = "the request's header block exceeds " + std::to_string(m_headReader.maxHeadSize())
            + " bytes";
        failHandshakeAsServer(check, request);
        return;
    }
    std::string error;
    if (!parseRequestHead(m_headReader.head(), request, error)) {
        check.outcome = ServerHandshakeOutcome::BadRequest;
        check.status = 400;
        check.message = "malformed HTTP request: " + error;
        failHandshakeAsServer(check, request);
        return;
    }
    check = checkClientRequest(request, m_options.server);
    if (check.outcome != ServerHandshakeOutcome::Upgrade) {
        failHandshakeAsServer(check, request,
                              std::string_view(reinterpret_cast<const char *>(data) + consumed, size - consumed));
        return;
    }

    std::string extensionsResponse;
    DeflateParams params;
    if (m_options.acceptDeflate
        && negotiateDeflateAsServer(check.extensionOffers, m_options.deflateServer, params, extensionsResponse)) {
        setUpDeflate(params);
        m_open.deflate = true;
        m_open.deflateParams = params;
        m_open.extensions = extensionsResponse;
    }
    const std::string response = buildServerResponse(computeSecWebSocketAccept(check.key), check.selectedSubprotocol,
                                                     extensionsResponse, m_options.server.extraHeaders);
    writeBytes(reinterpret_cast<const std::uint8_t *>(response.data()), response.size());
    m_open.rawRequest = m_headReader.head();
    m_open.rawResponse = response;
    m_open.request = std::move(request);
    m_open.subprotocol = check.selectedSubprotocol;
    m_open.version = check.version;
    m_state = DriverState::Open;
    m_sink.onOpen(m_open);
    // A client may pipeline its first frames right behind the request.
    if (consumed < size && m_state == DriverState::Open)
        parseFrames(data + consumed, size - consumed);
}

void Driver::failHandshakeAsServer(const ServerHandshakeCheck &check, const HttpRequestHead &request,
                                   std::string_view rest)
{
    HandshakeFailureEvent failure;
    failure.status = check.status;
    failure.message = check.message;
    failure.rawRequest = m_headReader.head();
    failure.request = request;
    if (check.outcome == ServerHandshakeOutcome::CallerHttp) {
        failure.kind = HandshakeFailureKind::CallerHttpRequest;
        failure.bodyStart = std::string(rest);
    } else if (check.outcome == ServerHandshakeOutcome::PlainHttp) {
        // A plain GET gets the caller's page, or 426 saying this endpoint speaks WebSocket.
        failure.kind = HandshakeFailureKind::PlainHttpRequest;
        failure.rawResponse = !m_options.server.plainHttpResponse.empty()
            ? m_options.server.plainHttpResponse
            : buildErrorResponse(426, "This is a WebSocket endpoint: connect with a WebSocket client.\n",
                                 {{"Upgrade", "websocket"}, {"Sec-WebSocket-Version", "13"}});
        failure.status = !m_options.server.plainHttpResponse.empty() ? check.status : 426;
        // HEAD gets the same head and no body (its Content-Length stays what GET would get).
        if (request.method == "HEAD") {
            const std::size_t headEnd = failure.rawResponse.find("\r\n\r\n");
            if (headEnd != std::string::npos)
                failure.rawResponse.resize(headEnd + 4);
        }
        writeBytes(reinterpret_cast<const std::uint8_t *>(failure.rawResponse.data()), failure.rawResponse.size());
    } else {
        failure.kind = HandshakeFailureKind::RequestRejected;
        std::vector<HttpHeader> headers;
        if (check.outcome == ServerHandshakeOutcome::UpgradeRequired)
            headers.push_back({"Sec-WebSocket-Version", "13"}); // section 4.4
        failure.rawResponse = buildErrorResponse(check.status, check.message + "\n", headers);
        writeBytes(reinterpret_cast<const std::uint8_t *>(failure.rawResponse.data()), failure.rawResponse.size());
    }
    m_sink.onHandshakeFailed(failure);
    finish(false);
}

} // namespace wsi::protocol
