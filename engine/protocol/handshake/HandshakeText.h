// SPDX-License-Identifier: MIT
#pragma once
// Small text helpers shared by the client role (Handshake.cpp) and the server role
// (HandshakeServer.cpp) of the opening handshake. Internal to engine/protocol.
#include "protocol/handshake/HttpHeaders.h"

#include <string>
#include <string_view>
#include <vector>

namespace wsi::protocol::handshake_text {

inline void appendHeader(std::string &out, std::string_view name, std::string_view value)
{
    out.append(name).append(": ").append(value).append("\r\n");
}

inline void appendHeaders(std::string &out, const std::vector<HttpHeader> &headers)
{
    for (const HttpHeader &header : headers)
        appendHeader(out, header.name, header.value);
}

inline bool containsString(const std::vector<std::string> &items, std::string_view item)
{
    for (const std::string &candidate : items) {
        if (candidate == item)
            return true;
    }
    return false;
}

inline bool containsName(const std::vector<HttpHeader> &headers, std::string_view name)
{
    for (const HttpHeader &header : headers) {
        if (equalsIgnoreCase(header.name, name))
            return true;
    }
    return false;
}

// "GET <resource> HTTP/1.1", the headers, the empty line.
inline std::string requestHead(std::string_view resourceName, const std::vector<HttpHeader> &headers)
{
    std::string out = "GET ";
    out += resourceName.empty() ? std::string_view("/") : resourceName;
    out += " HTTP/1.1\r\n";
    appendHeaders(out, headers);
    out += "\r\n";
    return out;
}

} // namespace wsi::protocol::handshake_text
