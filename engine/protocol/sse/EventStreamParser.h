// SPDX-License-Identifier: MIT
#pragma once
// The event stream format of server-sent events, parsed exactly as the WHATWG HTML
// standard's "Interpreting an event stream" says: UTF-8 (a leading BOM dropped, invalid
// bytes read as U+FFFD), lines ended by CRLF, LF or CR, "field: value" with one leading
// space removed, data lines joined with LF, an id ignored when it holds NUL, retry taken
// only when it is all ASCII digits, comments (":" lines), an event dispatched at a blank
// line, and an unterminated event dropped at the end of the stream.
//
// I/O-free like the Driver: bytes in with parse(), in any split; events out through a
// sink, each with the byte range of the stream it came from (for a details view).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace wsi::protocol::sse {

// Valid during EventStreamSink::onEvent() only: its strings are the parser's buffers,
// reused for the next event (a flood of events costs no allocation per event).
struct ServerSentEvent {
    std::string_view type = "message"; // the event field, or "message" when there was none
    std::string_view data;              // data lines joined with LF
    // The stream's last event ID when this event was dispatched (an id field in an earlier
    // event still counts, as it does for a browser's MessageEvent.lastEventId).
    std::string_view lastEventId;
    bool hasOwnId = false;                // an id field was among this event's lines
    std::optional<std::uint64_t> retryMs; // a valid retry field among this event's lines
    // Where the event's lines are in the stream: from its first line to the end of the
    // blank line that dispatched it (stream offsets count the BOM).
    std::uint64_t begin = 0;
    std::uint64_t end = 0;
};

struct EventStreamComment {
    std::string text; // after the colon, as sent (a leading space kept)
    std::uint64_t begin = 0;
    std::uint64_t end = 0;
};

class EventStreamSink
{
public:
    virtual ~EventStreamSink() = default;
    virtual void onEvent(const ServerSentEvent &event) = 0;
    virtual void onComment(const EventStreamComment &) {}
    // A retry field set the reconnection time (also reported on its event, if one follows).
    virtual void onRetry(std::uint64_t) {}
    // A blank line dispatched nothing (no data lines): the last event ID may have changed.
    virtual void onEmptyDispatch(std::uint64_t /*begin*/, std::uint64_t /*end*/) {}
};

class EventStreamParser
{
public:
    // A line longer than this (or an event's data beyond it) stops the parser: a stream
    // that never sends a line break must not take all memory.
    static constexpr std::size_t DefaultMaxEventBytes = 64u * 1024 * 1024;

    explicit EventStreamParser(EventStreamSink &sink, std::size_t maxEventBytes = DefaultMaxEventBytes);

    // Feeds bytes of the stream. False once the stream broke a limit (see error()); the
    // parser then ignores everything until restart().
    bool parse(const std::uint8_t *data, std::size_t size);
    bool parse(std::string_view bytes)
    {
        return parse(reinterpret_cast<const std::uint8_t *>(bytes.data()), bytes.size());
    }
    // The end of the stream: an event without its blank line is dropped (and a last line
    // without its line break is not processed, as the standard says). True when something
    // was dropped.
    bool finish();
    // A new stream (a reconnect): buffers and offsets start again; the last event ID and
    // the reconnection time are kept, as a browser keeps them.
    void restart();

    const std::string &lastEventId() const { return m_lastEventId; }
    // The last event ID a new stream starts from (the one a reconnect sent as Last-Event-ID).
    void setLastEventId(std::string id)
    {
        m_lastEventIdBuffer = id;
        m_lastEventId = std::move(id);
        m_idChanged = false;
    }
    std::optional<std::uint64_t> reconnectionTimeMs() const { return m_retryMs; }
    std::uint64_t bytesParsed() const { return m_offset; }
    // The offset of the earliest byte a later event or comment may still include (the
    // event being built, or the line not ended yet): what a caller keeping the raw stream
    // for each event's range must keep.
    std::uint64_t pendingStart() const
    {
        if (m_eventBegin)
            return *m_eventBegin;
        return m_line.empty() ? m_offset : m_lineBegin;
    }
    const std::string &error() const { return m_error; }

private:
    // `ascii`: the line is known to hold no byte above 0x7F, so it needs no UTF-8 check.
    void processLine(std::string_view line, std::uint64_t lineBegin, std::uint64_t lineEnd, bool ascii);
    void processField(std::string_view field, std::string_view value, bool ascii);
    void dispatch(std::uint64_t end);
    void resetEvent();
    bool takeBom(const std::uint8_t *&data, std::size_t &size);

    EventStreamSink &m_sink;
    std::size_t m_maxEventBytes;
    std::uint64_t m_offset = 0;     // stream bytes seen so far
    std::uint8_t m_bomMatched = 0;  // bytes of a leading BOM seen (0..3)
    bool m_bomDone = false;
    bool m_afterCr = false;         // the last line ended with CR: an LF next is its pair
    std::string m_line;             // a line split across parse() calls
    std::uint64_t m_lineBegin = 0;
    bool m_lineAscii = true;        // m_line holds ASCII only

    // The event being built.
    std::string m_data;
    std::string m_type;
    bool m_hasOwnId = false;
    std::optional<std::uint64_t> m_eventRetry;
    std::optional<std::uint64_t> m_eventBegin;

    std::string m_lastEventIdBuffer; // meaningful only while m_idChanged
    bool m_idChanged = false; // an id field since the last dispatch
    std::string m_lastEventId;
    std::optional<std::uint64_t> m_retryMs;
    std::string m_error;
};

// Bytes as UTF-8 with each maximal invalid subpart replaced by U+FFFD, as the Encoding
// standard's UTF-8 decoder does (and so a browser's EventSource).
std::string decodeUtf8Lossy(std::string_view bytes);

} // namespace wsi::protocol::sse
