// SPDX-License-Identifier: MIT
#pragma once
// The raw bytes of an event stream that its events and comments may still be asked for
// (EventSourceClientSink::rawOf): the part carried over from earlier chunks (an event not
// dispatched yet, a line not ended yet) and the chunk being parsed, read where it lies.
// Only what a later event may still include is copied, at the end of each chunk: the
// bytes of a flood of small events are not copied once more on their way to the parser.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace wsi::protocol::sse {

class StreamWindow
{
public:
    // The chunk about to be parsed: the stream bytes right after those seen so far. It is
    // read in place until endChunk().
    void beginChunk(const std::uint8_t *data, std::size_t size);
    // Keeps the chunk's bytes from stream offset `keepFrom` on (and the carried ones, if it
    // is before the chunk) for later chunks; everything before it is forgotten.
    void endChunk(std::uint64_t keepFrom);
    // The stream bytes [begin, end), or empty when they are not kept. Valid until the next
    // call (a range across the carried bytes and the chunk is joined in a buffer).
    std::string_view bytes(std::uint64_t begin, std::uint64_t end) const;

private:
    std::uint64_t chunkBase() const { return m_carriedBase + m_carried.size(); }

    std::string m_carried;           // stream bytes from m_carriedBase on, before the chunk
    std::uint64_t m_carriedBase = 0;
    const char *m_chunk = nullptr;   // between beginChunk() and endChunk() only
    std::size_t m_chunkSize = 0;
    mutable std::string m_joined;
};

} // namespace wsi::protocol::sse
