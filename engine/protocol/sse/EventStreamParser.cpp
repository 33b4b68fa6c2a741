// SPDX-License-Identifier: MIT
#include "protocol/sse/EventStreamParser.h"

#include "protocol/Utf8Validator.h"

#include <algorithm>
#include <cstring>

namespace wsi::protocol::sse {

namespace {

constexpr std::string_view ReplacementCharacter = "\xEF\xBF\xBD";
constexpr std::uint8_t Bom[3] = {0xEF, 0xBB, 0xBF};

bool isValidUtf8(std::string_view bytes)
{
    Utf8Validator validator;
    return validator.feed(reinterpret_cast<const std::uint8_t *>(bytes.data()), bytes.size()) && validator.isComplete();
}

// The line's text: the bytes themselves when they are valid UTF-8 (almost always).
std::string decodedLine(std::string_view bytes, bool ascii)
{
    return ascii || isValidUtf8(bytes) ? std::string(bytes) : decodeUtf8Lossy(bytes);
}

// The same into a string that keeps its buffer from event to event.
void assignDecoded(std::string &out, std::string_view bytes, bool ascii)
{
    if (ascii || isValidUtf8(bytes))
        out.assign(bytes);
    else
        out = decodeUtf8Lossy(bytes);
}

// No byte above 0x7F: eight at a time, as most streams are ASCII and need no UTF-8 check.
bool isAscii(const std::uint8_t *data, std::size_t size)
{
    std::size_t i = 0;
    for (; i + 8 <= size; i += 8) {
        std::uint64_t word;
        std::memcpy(&word, data + i, 8);
        if (word & 0x8080808080808080ull)
            return false;
    }
    for (; i < size; ++i) {
        if (data[i] & 0x80)
            return false;
    }
    return true;
}

// The first `byte` in [p, end), or end.
const std::uint8_t *findByte(const std::uint8_t *p, const std::uint8_t *end, std::uint8_t byte)
{
    const auto *found = static_cast<const std::uint8_t *>(std::memchr(p, byte, std::size_t(end - p)));
    return found ? found : end;
}

// A field name compared with a constant of its size (no call to compare four bytes).
template <std::size_t N> bool isField(std::string_view field, const char (&name)[N])
{
    return field.size() == N - 1 && std::memcmp(field.data(), name, N - 1) == 0;
}

bool isAsciiDigits(std::string_view text)
{
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::uint64_t saturatingDecimal(std::string_view digits)
{
    std::uint64_t value = 0;
    for (const char c : digits) {
        const std::uint64_t digit = std::uint64_t(c - '0');
        if (value > (UINT64_MAX - digit) / 10)
            return UINT64_MAX;
        value = value * 10 + digit;
    }
    return value;
}

} // namespace

std::string decodeUtf8Lossy(std::string_view bytes)
{
    std::string out;
    out.reserve(bytes.size());
    const auto *s = reinterpret_cast<const std::uint8_t *>(bytes.data());
    const std::size_t n = bytes.size();
    std::size_t i = 0;
    while (i < n) {
        const std::uint8_t lead = s[i];
        if (lead < 0x80) {
            out += char(lead);
            ++i;
            continue;
        }
        // The Encoding standard's bounds for the first continuation byte.
        std::size_t needed = 0;
        std::uint8_t lower = 0x80;
        std::uint8_t upper = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            needed = 1;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            needed = 2;
            if (lead == 0xE0)
                lower = 0xA0;
            else if (lead == 0xED)
                upper = 0x9F;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            needed = 3;
            if (lead == 0xF0)
                lower = 0x90;
            else if (lead == 0xF4)
                upper = 0x8F;
        } else {
            out += ReplacementCharacter;
            ++i;
            continue;
        }
        std::size_t j = i + 1;
        bool whole = true;
        for (std::size_t k = 0; k < needed; ++k, ++j) {
            const std::uint8_t low = k == 0 ? lower : 0x80;
            const std::uint8_t high = k == 0 ? upper : 0xBF;
            if (j >= n || s[j] < low || s[j] > high) {
                whole = false;
                break;
            }
        }
        if (whole)
            out.append(reinterpret_cast<const char *>(s + i), j - i);
        else
            out += ReplacementCharacter; // the byte that broke the sequence is read again
        i = j;
    }
    return out;
}

EventStreamParser::EventStreamParser(EventStreamSink &sink, std::size_t maxEventBytes)
    : m_sink(sink)
    , m_maxEventBytes(maxEventBytes)
{
}

void EventStreamParser::restart()
{
    m_offset = 0;
    m_bomMatched = 0;
    m_bomDone = false;
    m_afterCr = false;
    m_line.clear();
    m_lineBegin = 0;
    resetEvent();
    m_error.clear();
}

void EventStreamParser::resetEvent()
{
    m_data.clear();
    m_type.clear();
    m_hasOwnId = false;
    m_eventRetry.reset();
    m_eventBegin.reset();
}

// One BOM at the very start, possibly split across calls. Bytes that began like one and
// then differ are the first line's text.
bool EventStreamParser::takeBom(const std::uint8_t *&data, std::size_t &size)
{
    while (size > 0 && m_bomMatched < 3) {
        if (*data != Bom[m_bomMatched]) {
            m_line.assign(reinterpret_cast<const char *>(Bom), m_bomMatched);
            m_lineBegin = 0;
            m_bomDone = true;
            return false;
        }
        ++m_bomMatched;
        ++data;
        --size;
        ++m_offset;
    }
    m_bomDone = m_bomMatched == 3;
    return m_bomDone;
}

bool EventStreamParser::parse(const std::uint8_t *data, std::size_t size)
{
    if (!m_error.empty())
        return false;
    if (!m_bomDone) {
        takeBom(data, size);
        if (!m_bomDone)
            return true; // all of it was the start of a BOM: wait for more
    }
    const std::uint8_t *p = data;
    const std::uint8_t *const end = data + size;
    const bool chunkAscii = isAscii(data, size);
    if (m_afterCr && p < end) {
        if (*p == '\n') { // the second half of a CRLF the last call ended in
            ++p;
            ++m_offset;
        }
        m_afterCr = false;
    }
    // The chunk's next CR, searched again only once a line went past it: most streams
    // end their lines with LF alone, and then one search covers the whole chunk.
    const std::uint8_t *cr = findByte(p, end, '\r');
    while (p < end) {
        // The line's end: the first LF, or a CR before it (memchr beats a byte loop).
        const std::uint8_t *q = findByte(p, end, '\n');
        if (cr < p)
            cr = findByte(p, end, '\r');
        if (cr < q)
            q = cr;
        const std::size_t length = std::size_t(q - p);
        if (q == end) { // no line break yet: keep the piece
            if (m_line.empty()) {
                m_lineBegin = m_offset;
                m_lineAscii = true;
            }
            m_lineAscii = m_lineAscii && chunkAscii;
            m_line.append(reinterpret_cast<const char *>(p), length);
            m_offset += length;
            if (m_line.size() > m_maxEventBytes) {
                m_error = "a line of the event stream passed " + std::to_string(m_maxEventBytes) + " bytes";
                return false;
            }
            return true;
        }
        const std::uint64_t begin = m_line.empty() ? m_offset : m_lineBegin;
        std::string_view line;
        if (m_line.empty()) {
            line = std::string_view(reinterpret_cast<const char *>(p), length);
        } else {
            m_line.append(reinterpret_cast<const char *>(p), length);
            line = m_line;
        }
        // A line ends after its CR or LF; a CRLF's LF is skipped, not counted in the range,
        // so ranges are the same however the stream was split.
        const std::uint64_t lineEnd = m_offset + length + 1;
        std::size_t skip = length + 1;
        if (*q == '\r') {
            if (q + 1 < end) {
                if (q[1] == '\n')
                    ++skip;
            } else {
                m_afterCr = true;
            }
        }
        processLine(line, begin, lineEnd, chunkAscii && (m_line.empty() || m_lineAscii));
        m_line.clear();
        m_offset += skip;
        p += skip;
        if (!m_error.empty())
            return false;
    }
    return true;
}

bool EventStreamParser::finish()
{
    const bool dropped = !m_line.empty() || m_eventBegin.has_value() || (!m_bomDone && m_bomMatched > 0);
    m_line.clear();
    resetEvent();
    return dropped;
}

void EventStreamParser::processLine(std::string_view line, std::uint64_t lineBegin, std::uint64_t lineEnd, bool ascii)
{
    if (line.empty()) {
        dispatch(lineEnd);
        return;
    }
    if (line.front() == ':') {
        m_sink.onComment({decodedLine(line.substr(1), ascii), lineBegin, lineEnd});
        return;
    }
    if (!m_eventBegin)
        m_eventBegin = lineBegin;
    // The colon is a few bytes in (a field name): a byte loop beats memchr's call.
    std::size_t colon = 0;
    while (colon < line.size() && line[colon] != ':')
        ++colon;
    std::string_view field = line;
    std::string_view value;
    if (colon < line.size()) {
        field = line.substr(0, colon);
        value = line.substr(colon + 1);
        if (!value.empty() && value.front() == ' ')
            value.remove_prefix(1);
    }
    processField(field, value, ascii);
}

void EventStreamParser::processField(std::string_view field, std::string_view value, bool ascii)
{
    // Field names are compared as bytes: "data" matches only itself (no case folding).
    if (isField(field, "data")) {
        if (ascii || isValidUtf8(value))
            m_data.append(value);
        else
            m_data += decodeUtf8Lossy(value);
        m_data += '\n';
        if (m_data.size() > m_maxEventBytes)
            m_error = "an event's data passed " + std::to_string(m_maxEventBytes) + " bytes";
    } else if (isField(field, "event")) {
        assignDecoded(m_type, value, ascii);
    } else if (isField(field, "id")) {
        if (value.find('\0') == std::string_view::npos) {
            assignDecoded(m_lastEventIdBuffer, value, ascii);
            m_idChanged = true;
            m_hasOwnId = true;
        }
    } else if (isField(field, "retry")) {
        if (isAsciiDigits(value)) {
            m_retryMs = saturatingDecimal(value);
            m_eventRetry = m_retryMs;
            m_sink.onRetry(*m_retryMs);
        }
    }
    // Any other field is ignored, as the standard says.
}

void EventStreamParser::dispatch(std::uint64_t end)
{
    if (m_idChanged) { // the buffer is the last event ID unless an id field came since
        // Swapped, not copied: the buffer is read again only after the next id field
        // has overwritten it (m_idChanged).
        m_lastEventId.swap(m_lastEventIdBuffer);
        m_idChanged = false;
    }
    if (m_data.empty()) {
        m_sink.onEmptyDispatch(m_eventBegin.value_or(end - 1), end);
        resetEvent();
        return;
    }
    ServerSentEvent event;
    event.data = std::string_view(m_data).substr(0, m_data.size() - 1); // not the LF after the last line
    if (!m_type.empty())
        event.type = m_type;
    event.lastEventId = m_lastEventId;
    event.hasOwnId = m_hasOwnId;
    event.retryMs = m_eventRetry;
    event.begin = m_eventBegin.value_or(end - 1);
    event.end = end;
    m_sink.onEvent(event);
    resetEvent();
}

} // namespace wsi::protocol::sse
