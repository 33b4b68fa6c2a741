// SPDX-License-Identifier: MIT
#include "protocol/sse/EventStreamWriter.h"

namespace wsi::protocol::sse {

namespace {

// Calls `onLine` for each line of `text`, split at CRLF, LF or CR (an empty text is one
// empty line, as a data field with an empty value is one event with empty data).
template <typename OnLine> void forEachLine(std::string_view text, OnLine onLine)
{
    std::size_t start = 0;
    for (;;) {
        const std::size_t breakAt = text.find_first_of("\r\n", start);
        if (breakAt == std::string_view::npos) {
            onLine(text.substr(start));
            return;
        }
        onLine(text.substr(start, breakAt - start));
        start = breakAt + 1;
        if (text[breakAt] == '\r' && start < text.size() && text[start] == '\n')
            ++start;
    }
}

void appendField(std::string &out, std::string_view name, std::string_view value)
{
    out += name;
    out += ':';
    // One space after the colon is removed by the reader: add it when the value would
    // otherwise lose a leading space of its own, and for readability anyway.
    if (!value.empty())
        out += ' ';
    out += value;
    out += '\n';
}

std::string withoutLineBreaks(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        if (c != '\r' && c != '\n')
            out += c;
    }
    return out;
}

} // namespace

std::string formatEvent(const OutgoingEvent &event)
{
    std::string out;
    out.reserve(event.data.size() + 32);
    if (!event.type.empty() && event.type != "message")
        appendField(out, "event", withoutLineBreaks(event.type));
    if (event.id)
        appendField(out, "id", withoutLineBreaks(*event.id));
    if (event.retryMs)
        appendField(out, "retry", std::to_string(*event.retryMs));
    forEachLine(event.data, [&out](std::string_view line) { appendField(out, "data", line); });
    out += '\n';
    return out;
}

std::string formatComment(std::string_view text)
{
    std::string out;
    forEachLine(text, [&out](std::string_view line) {
        out += ':';
        if (!line.empty())
            out += ' ';
        out += line;
        out += '\n';
    });
    return out;
}

} // namespace wsi::protocol::sse
