// SPDX-License-Identifier: MIT
// The opening handshake's server role (RFC 6455 section 4.2): checking a client's upgrade
// request, choosing a subprotocol and extensions, and the 101 or error response.
#include "protocol/handshake/Handshake.h"
#include "protocol/handshake/HandshakeText.h"

#include <algorithm>

namespace wsi::protocol {

using namespace handshake_text;

// ---- server role: checking the client's request (section 4.2.1) ---------------------

namespace {

bool failServer(ServerHandshakeCheck &check, ServerHandshakeOutcome outcome, std::string message)
{
    check.outcome = outcome;
    check.status = outcome == ServerHandshakeOutcome::UpgradeRequired ? 426 : 400;
    check.message = std::move(message);
    return false;
}

bool badRequest(ServerHandshakeCheck &check, std::string message)
{
    return failServer(check, ServerHandshakeOutcome::BadRequest, std::move(message));
}

// Item 1: "HTTP/1.1 or higher".
bool isHttp11OrLater(std::string_view version)
{
    if (version.size() != 8 || version.substr(0, 5) != "HTTP/" || version[6] != '.')
        return false;
    const char major = version[5];
    const char minor = version[7];
    return (major == '1' && minor >= '1' && minor <= '9') || (major >= '2' && major <= '9');
}

// Item 1: the method must be GET. A non-GET could be 405, but 405 needs an Allow header
// and the caller would have to know; 400 with a clear sentence says the same.
bool checkMethodAndVersion(const HttpRequestHead &request, ServerHandshakeCheck &check)
{
    if (request.method != "GET")
        return badRequest(check, "method " + request.method
                                     + " cannot open a WebSocket; the upgrade request must use GET");
    if (!isHttp11OrLater(request.version))
        return badRequest(check, request.version
                                     + " cannot upgrade to WebSocket; HTTP/1.1 or later is needed");
    return true;
}

// Items 2-4: Host, "Upgrade: websocket" and "Connection: Upgrade".
bool checkUpgradeHeaders(const HttpHeaders &headers, ServerHandshakeCheck &check)
{
    if (!headers.hasToken("Upgrade", "websocket"))
        return badRequest(check, "Upgrade header is \"" + headers.joined("Upgrade")
                                     + "\"; expected \"websocket\"");
    if (!headers.hasToken("Connection", "upgrade"))
        return badRequest(check, headers.contains("Connection")
                                     ? "Connection header \"" + headers.joined("Connection")
                                           + "\" does not contain \"Upgrade\""
                                     : std::string("request has no Connection header "
                                                   "(expected \"Connection: Upgrade\")"));
    const std::string *host = headers.find("Host");
    if (!host || host->empty())
        return badRequest(check, "request has no Host header");
    // RFC 7230 section 5.4: a request with more than one Host header gets 400.
    const auto hosts = std::count_if(headers.all().begin(), headers.all().end(),
                                     [](const HttpHeader &header) { return equalsIgnoreCase(header.name, "Host"); });
    if (hosts > 1)
        return badRequest(check, "request has " + std::to_string(hosts) + " Host headers; HTTP allows one (RFC 7230 section 5.4)");
    return true;
}

// Item 5: a key that decodes to 16 bytes.
bool checkKey(const HttpHeaders &headers, ServerHandshakeCheck &check)
{
    if (!headers.contains("Sec-WebSocket-Key"))
        return badRequest(check, "request has no Sec-WebSocket-Key header");
    if (!isValidSecWebSocketKey(check.key))
        return badRequest(check, "Sec-WebSocket-Key \"" + check.key
                                     + "\" is not the base64 encoding of 16 bytes");
    return true;
}

// Item 6 and section 4.4: 13, and the hybi drafts 8 and 7 unless refused (same key and
// framing: em-websocket answers them alike); any other version gets 426 with ours.
bool checkVersion(const HttpHeaders &headers, const ServerHandshakeOptions &options,
                  ServerHandshakeCheck &check)
{
    const auto outcome = ServerHandshakeOutcome::UpgradeRequired;
    if (!headers.contains("Sec-WebSocket-Version"))
        return failServer(check, outcome,
                          "request has no Sec-WebSocket-Version header; this server speaks "
                          "version 13");
    const std::string version = headers.joined("Sec-WebSocket-Version");
    if (version == "13")
        return true;
    if (version != "8" && version != "7")
        return failServer(check, outcome, "Sec-WebSocket-Version is \"" + version
                                              + "\"; this server speaks version 13"
                                              + (options.refuseOldDrafts ? "" : " (and the drafts 8 and 7)"));
    if (options.refuseOldDrafts)
        return failServer(check, outcome, "Sec-WebSocket-Version is \"" + version + "\" (hybi-0" + version
                                              + "); this server refuses the old drafts and speaks version 13 only");
    check.version = version == "8" ? ProtocolVersion::Hybi08 : ProtocolVersion::Hybi07;
    return true;
}

// A request of Ian Hickson's drafts (no Sec-WebSocket-Key and no version): legacy/HixieDriver
// answers those; here it gets a 426 that says what it is rather than "no key".
bool checkNotHixie(const HttpHeaders &headers, ServerHandshakeCheck &check)
{
    if (headers.contains("Sec-WebSocket-Version") || headers.contains("Sec-WebSocket-Key"))
        return true;
    const bool draft76 = headers.contains("Sec-WebSocket-Key1") || headers.contains("Sec-WebSocket-Key2");
    return failServer(check, ServerHandshakeOutcome::UpgradeRequired,
                      std::string(draft76 ? "a draft-76 (hixie-76) request, with Sec-WebSocket-Key1/Key2"
                                          : "a draft-75 (hixie-75) request, without any key")
                          + "; this endpoint speaks WebSocket version 13 only");
}

// Items 8-9 (optional): what the client offers, kept for display and negotiation.
bool collectOffers(const HttpHeaders &headers, const ServerHandshakeOptions &options,
                   ServerHandshakeCheck &check)
{
    check.requestedSubprotocols = splitHeaderList(headers.joined("Sec-WebSocket-Protocol"));
    // Section 4.2.2 item 5.4: the server picks; we pick by our own order of preference.
    for (const std::string &ours : options.subprotocols) {
        if (containsString(check.requestedSubprotocols, ours)) {
            check.selectedSubprotocol = ours;
            break;
        }
    }
    if (!headers.contains("Sec-WebSocket-Extensions"))
        return true;
    std::string error;
    if (!parseExtensionList(headers.joined("Sec-WebSocket-Extensions"), check.extensionOffers,
                            error))
        return badRequest(check, "malformed Sec-WebSocket-Extensions header: " + error);
    return true;
}

} // namespace

ServerHandshakeCheck checkClientRequest(const HttpRequestHead &request,
                                        const ServerHandshakeOptions &options)
{
    ServerHandshakeCheck check;
    const HttpHeaders &headers = request.headers;
    check.key = headers.joined("Sec-WebSocket-Key");
    if (!headers.contains("Upgrade")
        && std::find(options.callerHttpPaths.begin(), options.callerHttpPaths.end(), request.path)
               != options.callerHttpPaths.end()) {
        check.outcome = ServerHandshakeOutcome::CallerHttp;
        check.status = 0;
        check.message = "HTTP request for " + request.path + ", answered by the caller";
        return check;
    }
    // A browser or curl asking for the page (HEAD: only its headers, RFC 9110 section 9.3.2).
    if ((request.method == "GET" || request.method == "HEAD") && !headers.contains("Upgrade")) {
        check.outcome = ServerHandshakeOutcome::PlainHttp;
        check.status = 200;
        check.message = "plain HTTP request without an Upgrade header";
        return check;
    }
    const bool ok = checkMethodAndVersion(request, check) && checkUpgradeHeaders(headers, check)
                    && checkNotHixie(headers, check) && checkKey(headers, check)
                    && checkVersion(headers, options, check)
                    && collectOffers(headers, options, check);
    if (ok) {
        check.outcome = ServerHandshakeOutcome::Upgrade;
        check.status = 101;
        check.message = "valid WebSocket upgrade request";
    }
    return check;
}

std::string buildServerResponse(std::string_view accept, std::string_view subprotocol,
                                std::string_view extensionsResponse,
                                const std::vector<HttpHeader> &extraHeaders)
{
    std::string out = "HTTP/1.1 101 Switching Protocols\r\n";
    appendHeader(out, "Upgrade", "websocket");
    appendHeader(out, "Connection", "Upgrade");
    appendHeader(out, "Sec-WebSocket-Accept", accept);
    if (!subprotocol.empty())
        appendHeader(out, "Sec-WebSocket-Protocol", subprotocol);
    if (!extensionsResponse.empty())
        appendHeader(out, "Sec-WebSocket-Extensions", extensionsResponse);
    appendHeaders(out, extraHeaders);
    out += "\r\n";
    return out;
}

std::string buildErrorResponse(int status, std::string_view body,
                               const std::vector<HttpHeader> &extraHeaders)
{
    std::string out = "HTTP/1.1 " + std::to_string(status) + " " + httpReasonPhrase(status) + "\r\n";
    appendHeader(out, "Content-Type", "text/plain; charset=utf-8");
    appendHeader(out, "Content-Length", std::to_string(body.size()));
    if (status == 426) {
        // RFC 7231 section 6.5.15: a 426 names the protocol to switch to in Upgrade, and
        // RFC 7230 section 6.7 wants "upgrade" in Connection beside it. RFC 6455 section
        // 4.4: the answer lists the versions we speak.
        appendHeader(out, "Connection", "Upgrade, close");
        if (!containsName(extraHeaders, "Upgrade"))
            appendHeader(out, "Upgrade", "websocket");
        if (!containsName(extraHeaders, "Sec-WebSocket-Version"))
            appendHeader(out, "Sec-WebSocket-Version", "13");
    } else {
        appendHeader(out, "Connection", "close");
    }
    appendHeaders(out, extraHeaders);
    out += "\r\n";
    out.append(body);
    return out;
}

const char *httpReasonPhrase(int status)
{
    switch (status) {
    case 101: return "Switching Protocols";
    case 200: return "OK";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 426: return "Upgrade Required";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    case 508: return "Loop Detected";
    default: break;
    }
    // The reason phrase carries no meaning (RFC 7230 section 3.1.2); name the class.
    switch (status / 100) {
    case 1: return "Informational";
    case 2: return "Success";
    case 3: return "Redirection";
    case 4: return "Client Error";
    case 5: return "Server Error";
    default: return "Unknown";
    }
}

} // namespace wsi::protocol
