// SPDX-License-Identifier: MIT
#include "protocol/legacy/RequestVersion.h"

#include "protocol/legacy/HixieHandshake.h"

namespace wsi::protocol {

RequestVersion detectRequestVersion(const HttpRequestHead &request)
{
    RequestVersion result;
    const HttpHeaders &headers = request.headers;
    result.isUpgrade = headers.hasToken("Upgrade", "websocket");
    if (headers.contains("Sec-WebSocket-Version")) {
        // Drafts 04 onwards (em-websocket reads the number with to_i, so "8 " is 8).
        result.versionHeader = std::string(trimWhitespace(headers.joined("Sec-WebSocket-Version")));
        const std::string &number = result.versionHeader;
        result.supported = number == "13" || number == "8" || number == "7";
        if (number == "8")
            result.version = ProtocolVersion::Hybi08;
        else if (number == "7")
            result.version = ProtocolVersion::Hybi07;
        result.description = (number == "13" ? std::string("RFC 6455") : "hybi-" + number)
            + " (Sec-WebSocket-Version: " + number + ")";
        return result;
    }
    result.supported = true;
    if (headers.contains("Sec-WebSocket-Key1") || headers.contains("Sec-WebSocket-Key2")) {
        result.version = ProtocolVersion::Hixie76;
        result.bodySize = HixieKey3Size;
        result.description = "hixie-76 (Sec-WebSocket-Key1/Key2 and an 8-byte body)";
        return result;
    }
    result.version = ProtocolVersion::Hixie75;
    result.description = "hixie-75 (no Sec-WebSocket-Version and no key)";
    return result;
}

RequestVersion detectRequestVersion(std::string_view head)
{
    HttpRequestHead request;
    std::string error;
    if (!parseRequestHead(head, request, error)) {
        RequestVersion result;
        result.description = "not an HTTP request: " + error;
        return result;
    }
    return detectRequestVersion(request);
}

} // namespace wsi::protocol
