// SPDX-License-Identifier: MIT
#include "protocol/sse/EventSourceClient.h"

#include "protocol/handshake/Handshake.h"
#include "protocol/handshake/HandshakeText.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace wsi::protocol::sse {

namespace {

std::string lowered(std::string_view text)
{
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return out;
}

// The MIME type's essence ("text/event-stream; charset=utf-8" -> "text/event-stream").
std::string mimeEssence(std::string_view contentType)
{
    const std::size_t semicolon = contentType.find(';');
    std::string_view essence = contentType.substr(0, semicolon);
    while (!essence.empty() && (essence.front() == ' ' || essence.front() == '\t'))
        essence.remove_prefix(1);
    while (!essence.empty() && (essence.back() == ' ' || essence.back() == '\t'))
        essence.remove_suffix(1);
    return lowered(essence);
}

} // namespace

std::string buildEventSourceRequest(const EventSourceRequest &request)
{
    std::vector<HttpHeader> headers{{"Host", request.host}, {"Accept", "text/event-stream"}, {"Cache-Control", "no-cache"}};
    if (!request.lastEventId.empty())
        headers.push_back({"Last-Event-ID", request.lastEventId});
    if (!request.body.empty() || request.method == "POST")
        headers.push_back({"Content-Length", std::to_string(request.body.size())});
    std::string out = request.method.empty() ? std::string("GET") : request.method;
    out += ' ';
    out += request.target.empty() ? std::string("/") : request.target;
    out += " HTTP/1.1\r\n";
    handshake_text::appendHeaders(out, mergeUserHeaders(std::move(headers), request.extraHeaders));
    out += "\r\n";
    out += request.body;
    return out;
}

std::string_view EventSourceClientSink::rawOf(std::uint64_t begin, std::uint64_t end) const
{
    return m_raw ? m_raw->bytes(begin, end) : std::string_view();
}

EventSourceClient::EventSourceClient(EventSourceRequest request, EventSourceClientSink &sink, ByteWriter &writer,
                                     std::size_t maxEventBytes)
    : m_request(std::move(request))
    , m_sink(sink)
    , m_writer(writer)
    , m_parser(sink, maxEventBytes) // events go straight to the client's sink
{
    m_parser.setLastEventId(m_request.lastEventId);
    m_sink.m_raw = &m_raw;
}

EventSourceClient::~EventSourceClient()
{
    m_sink.m_raw = nullptr;
}

void EventSourceClient::start()
{
    m_sentRequest = buildEventSourceRequest(m_request);
    m_state = State::AwaitingResponse;
    m_writer.write(reinterpret_cast<const std::uint8_t *>(m_sentRequest.data()), m_sentRequest.size());
}

void EventSourceClient::parse(const std::uint8_t *data, std::size_t size)
{
    if (m_state == State::AwaitingResponse)
        parseHead(data, size);
    else if (m_state == State::Streaming)
        parseBody(data, size);
}

void EventSourceClient::parseHead(const std::uint8_t *data, std::size_t size)
{
    std::size_t consumed = 0;
    const HttpHeadReader::Status status = m_headReader.feed(data, size, consumed);
    if (status == HttpHeadReader::Status::NeedMore)
        return;
    EventSourceFailure failure;
    failure.rawRequest = m_sentRequest;
    failure.rawResponse = m_headReader.head();
    failure.bodyPreview.assign(reinterpret_cast<const char *>(data) + consumed,
                               std::min(size - consumed, BodyPreviewBytes));
    if (status == HttpHeadReader::Status::TooLarge) {
        failure.kind = EventSourceRefusal::HeadTooLarge;
        failure.message = "the response's header block exceeds " + std::to_string(m_headReader.maxHeadSize()) + " bytes";
        refuse(std::move(failure));
        return;
    }
    std::string error;
    if (!parseResponseHead(m_headReader.head(), failure.response, error)) {
        failure.kind = EventSourceRefusal::MalformedResponse;
        failure.message = "malformed HTTP response: " + error;
        refuse(std::move(failure));
        return;
    }
    const HttpResponseHead &response = failure.response;
    failure.status = response.status;
    if (response.status != 200) {
        failure.kind = EventSourceRefusal::NotOk;
        failure.message = response.status == 204
            ? std::string("the server answered 204 No Content: it asks EventSource clients not to reconnect")
            : "the server answered " + std::to_string(response.status) + ' ' + response.reason
                  + " instead of 200 with an event stream";
        refuse(std::move(failure));
        return;
    }
    const std::string *contentType = response.headers.find("Content-Type");
    if (!contentType || mimeEssence(*contentType) != "text/event-stream") {
        failure.kind = EventSourceRefusal::WrongContentType;
        failure.message = contentType ? "the server answered 200 with Content-Type " + *contentType + ", not text/event-stream"
                                      : std::string("the server answered 200 without a Content-Type, not with text/event-stream");
        refuse(std::move(failure));
        return;
    }
    m_open.rawRequest = m_sentRequest;
    m_open.rawResponse = m_headReader.head();
    m_open.response = response;
    const std::string *transferEncoding = response.headers.find("Transfer-Encoding");
    const std::string *contentLength = response.headers.find("Content-Length");
    if (transferEncoding && lowered(*transferEncoding).find("chunked") != std::string::npos) {
        m_open.framing = BodyFraming::Chunked;
        m_chunked = std::make_unique<ChunkedDecoder>([this](const std::uint8_t *bytes, std::size_t count) { feedStream(bytes, count); });
    } else if (contentLength) {
        m_open.framing = BodyFraming::ContentLength;
        m_open.contentLength = std::strtoull(contentLength->c_str(), nullptr, 10);
    }
    m_state = State::Streaming;
    m_sink.onStreamOpen(m_open);
    if (m_state == State::Streaming && m_open.framing == BodyFraming::ContentLength && m_open.contentLength == 0)
        end(true);
    else if (consumed < size && m_state == State::Streaming)
        parseBody(data + consumed, size - consumed);
}

void EventSourceClient::parseBody(const std::uint8_t *data, std::size_t size)
{
    switch (m_open.framing) {
    case BodyFraming::Chunked:
        m_chunked->feed(data, size);
        if (m_state != State::Streaming)
            return;
        if (m_chunked->hasFailed())
            end(false, m_chunked->error());
        else if (m_chunked->isDone())
            end(true);
        return;
    case BodyFraming::ContentLength: {
        const std::size_t take = std::size_t(std::min<std::uint64_t>(size, m_open.contentLength - m_bodyRead));
        m_bodyRead += take;
        feedStream(data, take);
        if (m_state == State::Streaming && m_bodyRead >= m_open.contentLength)
            end(true);
        return;
    }
    case BodyFraming::UntilClose:
        feedStream(data, size);
        return;
    }
}

void EventSourceClient::feedStream(const std::uint8_t *data, std::size_t size)
{
    if (m_state != State::Streaming || size == 0)
        return;
    m_raw.beginChunk(data, size);
    const bool ok = m_parser.parse(data, size);
    // Keep only what a later event or comment may still include.
    m_raw.endChunk(m_parser.pendingStart());
    if (!ok)
        end(false, m_parser.error());
}

void EventSourceClient::endOfInput()
{
    if (m_state == State::AwaitingResponse) {
        EventSourceFailure failure;
        failure.rawRequest = m_sentRequest;
        failure.rawResponse = m_headReader.head();
        failure.message = m_headReader.head().empty() ? std::string("the server closed the connection without answering")
                                                      : std::string("the server closed the connection in the middle of its response head");
        refuse(std::move(failure));
        return;
    }
    if (m_state == State::Streaming)
        end(m_open.framing == BodyFraming::UntilClose); // close-delimited: the end of the connection is the end of the body
}

void EventSourceClient::refuse(EventSourceFailure failure)
{
    m_state = State::Refused;
    m_sink.onStreamRefused(failure);
}

void EventSourceClient::end(bool bodyComplete, const std::string &error)
{
    if (m_state != State::Streaming)
        return;
    m_state = State::Ended;
    EventSourceEnd end;
    end.bodyComplete = bodyComplete;
    end.error = error;
    end.eventDropped = m_parser.finish();
    end.streamBytes = m_parser.bytesParsed();
    m_sink.onStreamEnd(end);
}

} // namespace wsi::protocol::sse
