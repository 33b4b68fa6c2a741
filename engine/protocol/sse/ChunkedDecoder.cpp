// SPDX-License-Identifier: MIT
#include "protocol/sse/ChunkedDecoder.h"

#include <algorithm>

namespace wsi::protocol::sse {

namespace {

int hexValue(std::uint8_t c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

} // namespace

void ChunkedDecoder::fail(const std::string &why)
{
    m_state = State::Failed;
    m_error = why + " (at byte " + std::to_string(m_read) + " of the chunked body)";
}

std::size_t ChunkedDecoder::feed(const std::uint8_t *data, std::size_t size)
{
    std::size_t i = 0;
    while (i < size && m_state != State::Done && m_state != State::Failed) {
        const std::uint8_t c = data[i];
        switch (m_state) {
        case State::Size: {
            const int digit = hexValue(c);
            if (digit >= 0) {
                if (m_sizeDigits == 15)
                    { fail("a chunk size has more than 15 hex digits"); return i; }
                m_remaining = m_remaining * 16 + std::uint64_t(digit);
                ++m_sizeDigits;
            } else if (m_sizeDigits == 0) {
                { fail("a chunk does not start with its size in hex"); return i; }
            } else if (c == ';' || c == ' ' || c == '\t') {
                m_state = State::Extension;
            } else if (c == '\r' || c == '\n') {
                m_state = State::SizeEnd;
                m_afterCr = c == '\r';
                if (c == '\n')
                    continue; // handled as the line's end below, without consuming twice
            } else {
                { fail("a chunk size is followed by an unexpected byte"); return i; }
            }
            ++i;
            ++m_read;
            break;
        }
        case State::Extension:
            // Extensions are ignored, as the RFC allows; the line ends at CR LF.
            if (c == '\r' || c == '\n') {
                m_state = State::SizeEnd;
                m_afterCr = c == '\r';
                if (c == '\n')
                    continue;
            }
            ++i;
            ++m_read;
            break;
        case State::SizeEnd:
            if (c != '\n')
                { fail("a chunk size line does not end with CR LF"); return i; }
            ++i;
            ++m_read;
            m_sizeDigits = 0;
            m_afterCr = false;
            if (m_remaining == 0) {
                m_state = State::Trailer;
                m_trailerLineEmpty = true;
            } else {
                m_state = State::Data;
            }
            break;
        case State::Data: {
            const std::size_t take = std::size_t(std::min<std::uint64_t>(m_remaining, size - i));
            m_onData(data + i, take);
            i += take;
            m_read += take;
            m_remaining -= take;
            if (m_remaining == 0)
                m_state = State::DataEnd;
            break;
        }
        case State::DataEnd:
            if (c == '\r' && !m_afterCr) {
                m_afterCr = true;
            } else if (c == '\n') {
                m_afterCr = false;
                m_state = State::Size;
            } else {
                { fail("a chunk's data is longer than its size says"); return i; }
            }
            ++i;
            ++m_read;
            break;
        case State::Trailer:
            // Trailer fields until an empty line; their content is not needed here.
            if (c == '\n') {
                if (m_trailerLineEmpty) {
                    m_state = State::Done;
                } else {
                    m_trailerLineEmpty = true;
                }
            } else if (c != '\r') {
                m_trailerLineEmpty = false;
            }
            ++i;
            ++m_read;
            break;
        case State::Done:
        case State::Failed:
            break;
        }
    }
    return i;
}

} // namespace wsi::protocol::sse
