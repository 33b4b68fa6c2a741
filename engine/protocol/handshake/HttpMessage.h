// SPDX-License-Identifier: MIT
#pragma once
// The heads of the HTTP/1.1 upgrade request and response, and an incremental reader that
// finds the end of a header block without reading past it, with a size limit.
#include "protocol/handshake/HttpHeaders.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace wsi::protocol {

struct HttpRequestHead {
    std::string method;
    std::string target;  // as sent: "/chat?room=1"
    std::string path;    // "/chat"
    std::string query;   // "room=1" (no '?')
    std::string version; // "HTTP/1.1"
    HttpHeaders headers;
};

struct HttpResponseHead {
    std::string version;    // "HTTP/1.1"
    int status = 0;         // 101
    std::string reason;     // "Switching Protocols"
    std::string statusLine; // the whole first line, without CRLF
    HttpHeaders headers;
};

// Parse a complete head (request line or status line, headers, final CRLF CRLF). Return
// false with a specific message ("status line has no status code", "header line 3 has no
// colon", ...) when malformed. Obsolete line folding is rejected (RFC 7230 section 3.2.4).
bool parseRequestHead(std::string_view block, HttpRequestHead &out, std::string &error);
bool parseResponseHead(std::string_view block, HttpResponseHead &out, std::string &error);

// Collects bytes until the blank line that ends a header block.
class HttpHeadReader
{
public:
    enum class Status : std::uint8_t { NeedMore, Complete, TooLarge };

    explicit HttpHeadReader(std::size_t maxHeadSize = 16 * 1024) : m_maxHeadSize(maxHeadSize) {}

    // Consumes bytes up to and including the terminating CRLF CRLF (also accepts bare
    // LF LF). `consumed` says how many of `data` were taken; the rest belongs to the next
    // protocol (frames already sent behind a 101, or a body).
    Status feed(const std::uint8_t *data, std::size_t size, std::size_t &consumed);
    const std::string &head() const { return m_head; } // everything read, terminator included
    Status status() const { return m_status; }
    std::size_t maxHeadSize() const { return m_maxHeadSize; }

private:
    std::size_t m_maxHeadSize;
    std::string m_head;
    Status m_status = Status::NeedMore;
};

} // namespace wsi::protocol
