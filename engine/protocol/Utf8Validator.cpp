// SPDX-License-Identifier: MIT
#include "protocol/Utf8Validator.h"

#include <array>
#include <cstring>

namespace wsi::protocol {
namespace {

// A DFA in the style of Bjoern Hoehrmann's decoder, but spelled out: each byte falls in a
// class, and (state, class) gives the next state. The classes split the continuation
// range 80-BF where some lead bytes narrow it (RFC 3629 section 4):
//   E0 needs A0-BF (no overlongs), ED needs 80-9F (no surrogates U+D800-DFFF),
//   F0 needs 90-BF (no overlongs), F4 needs 80-8F (nothing above U+10FFFF).
enum Class : std::uint8_t {
    Ascii,      // 00-7F
    Cont80,     // 80-8F
    Cont90,     // 90-9F
    ContA0,     // A0-BF
    Invalid,    // C0-C1 (always overlong), F5-FF (beyond U+10FFFF)
    Lead2,      // C2-DF
    LeadE0,     // E0
    Lead3,      // E1-EC, EE-EF
    LeadED,     // ED
    LeadF0,     // F0
    Lead4,      // F1-F3
    LeadF4,     // F4
    ClassCount
};

// States 0 (Accept) and 1 (Reject) match Utf8Validator's constants.
enum State : std::uint8_t {
    SAccept,
    SReject,
    Need1,     // one continuation byte, 80-BF
    Need2,     // two, any 80-BF
    Need2E0,   // after E0: A0-BF, then one more
    Need2ED,   // after ED: 80-9F, then one more
    Need3,     // three, any 80-BF
    Need3F0,   // after F0: 90-BF, then two more
    Need3F4,   // after F4: 80-8F, then two more
    StateCount
};

constexpr Class classOf(unsigned b)
{
    if (b < 0x80)
        return Ascii;
    if (b < 0x90)
        return Cont80;
    if (b < 0xA0)
        return Cont90;
    if (b < 0xC0)
        return ContA0;
    if (b < 0xC2)
        return Invalid;
    if (b < 0xE0)
        return Lead2;
    if (b == 0xE0)
        return LeadE0;
    if (b == 0xED)
        return LeadED;
    if (b < 0xF0)
        return Lead3;
    if (b == 0xF0)
        return LeadF0;
    if (b < 0xF4)
        return Lead4;
    if (b == 0xF4)
        return LeadF4;
    return Invalid;
}

constexpr State afterLead(Class c)
{
    switch (c) {
    case Ascii:
        return SAccept;
    case Lead2:
        return Need1;
    case LeadE0:
        return Need2E0;
    case Lead3:
        return Need2;
    case LeadED:
        return Need2ED;
    case LeadF0:
        return Need3F0;
    case Lead4:
        return Need3;
    case LeadF4:
        return Need3F4;
    default:
        return SReject; // a continuation or invalid byte where a character must start
    }
}

constexpr bool isContinuation(Class c) { return c == Cont80 || c == Cont90 || c == ContA0; }

constexpr State transition(State s, Class c)
{
    switch (s) {
    case SAccept:
        return afterLead(c);
    case Need1:
        return isContinuation(c) ? SAccept : SReject;
    case Need2:
        return isContinuation(c) ? Need1 : SReject;
    case Need2E0:
        return c == ContA0 ? Need1 : SReject;
    case Need2ED:
        return (c == Cont80 || c == Cont90) ? Need1 : SReject;
    case Need3:
        return isContinuation(c) ? Need2 : SReject;
    case Need3F0:
        return (c == Cont90 || c == ContA0) ? Need2 : SReject;
    case Need3F4:
        return c == Cont80 ? Need2 : SReject;
    default:
        return SReject;
    }
}

struct Tables {
    std::array<std::uint8_t, 256> byteClass{};
    std::array<std::array<std::uint8_t, ClassCount>, StateCount> next{};
};

constexpr Tables makeTables()
{
    Tables t{};
    for (unsigned b = 0; b < 256; ++b)
        t.byteClass[b] = classOf(b);
    for (unsigned s = 0; s < StateCount; ++s) {
        for (unsigned c = 0; c < ClassCount; ++c)
            t.next[s][c] = transition(static_cast<State>(s), static_cast<Class>(c));
    }
    return t;
}

constexpr Tables tables = makeTables();

static_assert(SAccept == 0 && SReject == 1, "must match Utf8Validator::Accept/Reject");
static_assert(tables.next[SAccept][classOf(0xC0)] == SReject, "C0 is always overlong");
static_assert(tables.next[Need3F4][classOf(0x90)] == SReject, "F4 90 is above U+10FFFF");

inline bool isAsciiWord(const std::uint8_t *p)
{
    std::uint64_t w;
    std::memcpy(&w, p, sizeof w);
    return (w & 0x8080808080808080ull) == 0;
}

} // namespace

bool Utf8Validator::feed(const std::uint8_t *data, std::size_t size)
{
    if (m_state == Reject)
        return false;
    std::uint8_t state = m_state;
    std::size_t i = 0;
    while (i < size) {
        // Fast path: text is mostly ASCII, which cannot change the Accept state.
        if (state == Accept) {
            while (i + 8 <= size && isAsciiWord(data + i))
                i += 8;
            if (i == size)
                break;
            // A short ASCII tail (a 31-byte message has 7 bytes after the last whole word):
            // one look at the last 8 bytes, which overlap bytes already accepted, instead
            // of a DFA step per byte.
            if (size >= 8 && size - i < 8 && isAsciiWord(data + size - 8))
                break;
        }
        state = tables.next[state][tables.byteClass[data[i]]];
        if (state == Reject) {
            m_validBytes += i;
            m_state = Reject;
            return false;
        }
        ++i;
    }
    m_validBytes += size;
    m_state = state;
    return true;
}

void Utf8Validator::reset()
{
    m_state = Accept;
    m_validBytes = 0;
}

} // namespace wsi::protocol
