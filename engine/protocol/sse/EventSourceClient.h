// SPDX-License-Identifier: MIT
#pragma once
// The client side of an EventSource connection, I/O-free like the Driver: the HTTP
// request (GET, or POST with a body, as LLM APIs stream), the response checked as the
// WHATWG standard's EventSource does (status 200 and text/event-stream, else the
// connection fails and is not re-established), the body read however it is framed
// (chunked, Content-Length or until the connection ends) and parsed by EventStreamParser.
// Each event and comment reaches the sink with the raw bytes of the stream it came from.
//
// One client per connection attempt; the last event ID and the reconnection time carry
// over to the next attempt through EventSourceRequest::lastEventId and retryMs().
#include "protocol/Driver.h"
#include "protocol/handshake/HttpMessage.h"
#include "protocol/sse/ChunkedDecoder.h"
#include "protocol/sse/EventStreamParser.h"
#include "protocol/sse/StreamWindow.h"

#include <memory>
#include <string>
#include <vector>

namespace wsi::protocol::sse {

struct EventSourceRequest {
    std::string method = "GET";
    std::string host;                     // the Host header, port included when not the default
    std::string target = "/";             // path and query
    std::vector<HttpHeader> extraHeaders; // after ours; one named like ours replaces it
    std::string body;                     // sent with a Content-Length when not empty
    std::string lastEventId;              // sent as Last-Event-ID when not empty (a reconnect)
};
std::string buildEventSourceRequest(const EventSourceRequest &request);

// How the response body is delimited.
enum class BodyFraming : std::uint8_t { Chunked, ContentLength, UntilClose };

struct EventSourceOpen {
    std::string rawRequest;
    std::string rawResponse; // the head
    HttpResponseHead response;
    BodyFraming framing = BodyFraming::UntilClose;
    std::uint64_t contentLength = 0;
};

enum class EventSourceRefusal : std::uint8_t {
    MalformedResponse, // not HTTP
    HeadTooLarge,
    NotOk,             // any status but 200 (204 included: the server asks not to reconnect)
    WrongContentType,  // 200, but not text/event-stream
};

struct EventSourceFailure {
    EventSourceRefusal kind = EventSourceRefusal::MalformedResponse;
    int status = 0;
    std::string message;     // what was wrong, for the user
    std::string rawRequest;
    std::string rawResponse; // the head, when there was one
    HttpResponseHead response;
    std::string bodyPreview; // the body's first bytes that came with the head
};

// How a stream that had opened ended.
struct EventSourceEnd {
    bool bodyComplete = false;  // chunked terminator or Content-Length reached (else: the connection ended)
    bool eventDropped = false;  // an event (or line) was left without its blank line
    std::string error;          // a malformed chunk, an event over the size limit; empty otherwise
    std::uint64_t streamBytes = 0;
};

class EventSourceClientSink : public EventStreamSink
{
public:
    virtual void onStreamOpen(const EventSourceOpen &open) = 0;
    virtual void onStreamRefused(const EventSourceFailure &failure) = 0;
    virtual void onStreamEnd(const EventSourceEnd &end) = 0;
    // During onEvent()/onComment(): the stream bytes [begin, end) of what is reported.
    std::string_view rawOf(std::uint64_t begin, std::uint64_t end) const;

private:
    friend class EventSourceClient;
    const StreamWindow *m_raw = nullptr;
};

class EventSourceClient
{
public:
    enum class State : std::uint8_t { Idle, AwaitingResponse, Streaming, Refused, Ended };
    static constexpr std::size_t BodyPreviewBytes = 4096;

    EventSourceClient(EventSourceRequest request, EventSourceClientSink &sink, ByteWriter &writer,
                      std::size_t maxEventBytes = EventStreamParser::DefaultMaxEventBytes);
    ~EventSourceClient();

    void start();                                       // writes the request
    void parse(const std::uint8_t *data, std::size_t size);
    void endOfInput();                                  // the connection ended
    State state() const { return m_state; }
    const std::string &lastEventId() const { return m_parser.lastEventId(); }
    std::optional<std::uint64_t> retryMs() const { return m_parser.reconnectionTimeMs(); }
    std::uint64_t streamBytes() const { return m_parser.bytesParsed(); }

private:
    void parseHead(const std::uint8_t *data, std::size_t size);
    void parseBody(const std::uint8_t *data, std::size_t size);
    void feedStream(const std::uint8_t *data, std::size_t size);
    void refuse(EventSourceFailure failure);
    void end(bool bodyComplete, const std::string &error = {});

    EventSourceRequest m_request;
    EventSourceClientSink &m_sink;
    ByteWriter &m_writer;
    EventStreamParser m_parser;
    HttpHeadReader m_headReader;
    std::string m_sentRequest;
    EventSourceOpen m_open;
    std::unique_ptr<ChunkedDecoder> m_chunked;
    std::uint64_t m_bodyRead = 0;
    StreamWindow m_raw;        // the decoded stream's bytes that rawOf() may still give
    State m_state = State::Idle;
};

} // namespace wsi::protocol::sse
