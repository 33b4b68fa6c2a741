// SPDX-License-Identifier: MIT
#include "protocol/handshake/HttpHeaders.h"

#include <cstring>

namespace wsi::protocol {

namespace {

char asciiLower(char c)
{
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool isOptionalWhitespace(char c)
{
    return c == ' ' || c == '\t'; // OWS, RFC 7230 section 3.2.3
}

} // namespace

bool equalsIgnoreCase(std::string_view a, std::string_view b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (asciiLower(a[i]) != asciiLower(b[i]))
            return false;
    }
    return true;
}

std::string_view trimWhitespace(std::string_view s)
{
    while (!s.empty() && isOptionalWhitespace(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && isOptionalWhitespace(s.back()))
        s.remove_suffix(1);
    return s;
}

// RFC 7230 section 7: list elements are separated by commas; a comma inside a quoted
// string (section 3.2.6, with backslash escapes) does not separate.
std::vector<std::string> splitHeaderList(std::string_view value)
{
    std::vector<std::string> parts;
    bool quoted = false;
    bool escaped = false;
    std::size_t start = 0;
    auto flush = [&](std::size_t end) {
        std::string_view part = trimWhitespace(value.substr(start, end - start));
        if (!part.empty())
            parts.emplace_back(part);
        start = end + 1;
    };
    for (std::size_t i = 0; i < value.size(); ++i) {
        const char c = value[i];
        if (escaped)
            escaped = false;
        else if (quoted && c == '\\')
            escaped = true;
        else if (c == '"')
            quoted = !quoted;
        else if (c == ',' && !quoted)
            flush(i);
    }
    flush(value.size());
    return parts;
}

void HttpHeaders::add(std::string name, std::string value)
{
    m_headers.push_back({std::move(name), std::move(value)});
}

const std::string *HttpHeaders::find(std::string_view name) const
{
    for (const HttpHeader &header : m_headers) {
        if (equalsIgnoreCase(header.name, name))
            return &header.value;
    }
    return nullptr;
}

// RFC 7230 section 3.2.2: several fields of one list-valued name mean the same as one
// field with their values joined by commas, in order.
std::string HttpHeaders::joined(std::string_view name) const
{
    std::string result;
    bool first = true;
    for (const HttpHeader &header : m_headers) {
        if (!equalsIgnoreCase(header.name, name))
            continue;
        if (!first)
            result += ", ";
        result += header.value;
        first = false;
    }
    return result;
}

bool HttpHeaders::hasToken(std::string_view name, std::string_view token) const
{
    for (const HttpHeader &header : m_headers) {
        if (!equalsIgnoreCase(header.name, name))
            continue;
        for (const std::string &part : splitHeaderList(header.value)) {
            if (equalsIgnoreCase(part, token))
                return true;
        }
    }
    return false;
}

bool isHttpTokenChar(char c)
{
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
        return true;
    return c != '\0' && std::strchr("!#$%&'*+-.^_`|~", c) != nullptr;
}

bool isHttpToken(std::string_view s)
{
    if (s.empty())
        return false;
    for (char c : s) {
        if (!isHttpTokenChar(c))
            return false;
    }
    return true;
}

} // namespace wsi::protocol
