// SPDX-License-Identifier: MIT
#pragma once
// Server-sent events as bytes on the wire (the built-in server's EventSource endpoint):
// "event:", "id:", "retry:" and one "data:" line per line of the data, then a blank line;
// comments as ":" lines. What EventStreamParser reads back as the same event.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace wsi::protocol::sse {

struct OutgoingEvent {
    std::string type;              // empty or "message": no event line
    std::string data;              // any text; its line breaks (CR, LF, CRLF) become data lines
    std::optional<std::string> id; // line breaks cannot be sent in an id: they are removed
    std::optional<std::uint64_t> retryMs;
};

std::string formatEvent(const OutgoingEvent &event);
// A comment, one ":" line per line of `text` (a keepalive is formatComment("")).
std::string formatComment(std::string_view text);

} // namespace wsi::protocol::sse
