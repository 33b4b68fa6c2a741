// SPDX-License-Identifier: MIT
#pragma once
// Incremental UTF-8 validation (RFC 3629, as RFC 6455 section 8.1 requires): bytes may be
// fed in any split, and the first invalid byte is reported as soon as it is seen, not at
// the end of the message. Rejects overlong forms, surrogates and code points > U+10FFFF.
#include <cstddef>
#include <cstdint>

namespace wsi::protocol {

class Utf8Validator
{
public:
    // Feeds bytes; returns false at the first byte that cannot be part of valid UTF-8.
    // After a failure it keeps returning false until reset().
    bool feed(const std::uint8_t *data, std::size_t size);
    // True when everything fed so far is valid and no sequence is left incomplete.
    bool isComplete() const { return m_state == Accept; }
    bool hasFailed() const { return m_state == Reject; }
    // Bytes accepted before the failure, counted over all feed() calls since reset().
    std::uint64_t validBytes() const { return m_validBytes; }
    void reset();

private:
    enum : std::uint8_t { Accept = 0, Reject = 1 };
    std::uint8_t m_state = Accept;
    std::uint64_t m_validBytes = 0;
};

} // namespace wsi::protocol
