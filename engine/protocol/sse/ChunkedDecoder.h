// SPDX-License-Identifier: MIT
#pragma once
// HTTP/1.1's chunked transfer coding (RFC 9112 section 7.1), decoded as bytes arrive:
// chunk sizes in hex with optional extensions, the data, the last chunk and its trailer
// section. Many EventSource servers stream this way; the decoder hands the data on and
// says when the body is complete or malformed (where, and why).
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

namespace wsi::protocol::sse {

class ChunkedDecoder
{
public:
    enum class State : std::uint8_t { Size, Extension, SizeEnd, Data, DataEnd, Trailer, Done, Failed };
    using DataCallback = std::function<void(const std::uint8_t *data, std::size_t size)>;

    explicit ChunkedDecoder(DataCallback onData) : m_onData(std::move(onData)) {}

    // Decodes `size` bytes; returns how many belong to the body (the rest follows it).
    std::size_t feed(const std::uint8_t *data, std::size_t size);
    State state() const { return m_state; }
    bool isDone() const { return m_state == State::Done; }
    bool hasFailed() const { return m_state == State::Failed; }
    const std::string &error() const { return m_error; }
    // Coded bytes read so far (sizes, data, line ends, trailers).
    std::uint64_t bytesRead() const { return m_read; }

private:
    void fail(const std::string &why);

    DataCallback m_onData;
    State m_state = State::Size;
    std::uint64_t m_remaining = 0; // of the current chunk's data
    int m_sizeDigits = 0;
    bool m_afterCr = false;        // a CR was seen where a line ends
    bool m_trailerLineEmpty = true;
    std::uint64_t m_read = 0;
    std::string m_error;
};

} // namespace wsi::protocol::sse
