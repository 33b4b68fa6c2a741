// SPDX-License-Identifier: MIT
#pragma once
// An HTTP/1.1 header list that keeps order and spelling (for display) and looks names up
// case-insensitively (RFC 7230 section 3.2).
#include <string>
#include <string_view>
#include <vector>

namespace wsi::protocol {

struct HttpHeader {
    std::string name;
    std::string value;
};

class HttpHeaders
{
public:
    void add(std::string name, std::string value);
    // First value of the header, or nullptr.
    const std::string *find(std::string_view name) const;
    // Every value of the header, combined as one comma-separated list (section 3.2.2).
    std::string joined(std::string_view name) const;
    bool contains(std::string_view name) const { return find(name) != nullptr; }
    // Whether a comma-separated header contains `token` (case-insensitive), e.g.
    // "Connection: keep-alive, Upgrade" contains "upgrade".
    bool hasToken(std::string_view name, std::string_view token) const;
    const std::vector<HttpHeader> &all() const { return m_headers; }
    bool empty() const { return m_headers.empty(); }

private:
    std::vector<HttpHeader> m_headers;
};

bool equalsIgnoreCase(std::string_view a, std::string_view b);
// RFC 7230 section 3.2.6: tchar, and a token (one or more tchars).
bool isHttpTokenChar(char c);
bool isHttpToken(std::string_view s);
std::string_view trimWhitespace(std::string_view s);
// Splits on commas outside quoted strings and trims each part; empty parts are dropped.
std::vector<std::string> splitHeaderList(std::string_view value);

} // namespace wsi::protocol
