// SPDX-License-Identifier: MIT
#include "protocol/PermessageDeflate.h"

#include <zlib.h>

#include <algorithm>
#include <climits>
#include <cstring>

namespace wsi::protocol {

namespace {

constexpr int MinWindowBits = 8;
constexpr int MaxWindowBits = 15;
// Section 7.2.1: a sync flush ends with an empty stored block, whose last four octets are
// removed by the sender and appended again by the receiver (section 7.2.2).
constexpr std::uint8_t SyncFlushTail[4] = {0x00, 0x00, 0xff, 0xff};
// Inflated output is produced this much at a time, so a message over its limit costs at
// most the limit plus one chunk of memory, however small it was on the wire.
constexpr std::size_t InflateChunk = 16 * 1024;
// zlib counts in uInt; larger buffers are fed in slices.
constexpr std::size_t MaxZlibSlice = std::size_t(1) << 30;

int clampWindowBits(int bits)
{
    return std::clamp(bits, MinWindowBits, MaxWindowBits);
}

} // namespace

// ---- negotiation (section 7.1) -------------------------------------------------------

namespace {

const char ExtensionName[] = "permessage-deflate";
const char ServerNoContextTakeover[] = "server_no_context_takeover";
const char ClientNoContextTakeover[] = "client_no_context_takeover";
const char ServerMaxWindowBits[] = "server_max_window_bits";
const char ClientMaxWindowBits[] = "client_max_window_bits";

// The parameters of one offer or response, each checked against its own grammar.
struct ParsedParams {
    bool serverNoContextTakeover = false;
    bool clientNoContextTakeover = false;
    int serverMaxWindowBits = 0; // 0: absent
    int clientMaxWindowBits = 0; // 0: absent; -1: present without a value
};

// Sections 7.1.2.1 and 7.1.2.2: "a decimal integer value without leading zeroes between
// 8 to 15, inclusive" (quoted values arrive already unquoted).
bool parseWindowBits(const std::string &value, int &bits)
{
    if (value.empty() || value.size() > 2 || value[0] == '0')
        return false;
    bits = 0;
    for (const char c : value) {
        if (c < '0' || c > '9')
            return false;
        bits = bits * 10 + (c - '0');
    }
    return bits >= MinWindowBits && bits <= MaxWindowBits;
}

std::string describe(const ExtensionParam &param)
{
    return param.hasValue ? param.name + "=" + param.value : param.name;
}

bool parseFlag(const ExtensionParam &param, bool &flag, std::string &error)
{
    // Sections 7.1.1.1 and 7.1.1.2: these parameters have no value.
    if (param.hasValue) {
        error = param.name + " takes no value, got \"" + param.value
            + "\" (RFC 7692 section 7.1.1)";
        return false;
    }
    flag = true;
    return true;
}

bool parseBits(const ExtensionParam &param, bool valueOptional, int &bits, std::string &error)
{
    if (!param.hasValue && valueOptional) {
        bits = -1;
        return true;
    }
    if (!param.hasValue) {
        error = param.name + " needs a value from 8 to 15 (RFC 7692 section 7.1.2)";
        return false;
    }
    if (!parseWindowBits(param.value, bits)) {
        error = describe(param)
            + " is not a window size (8 to 15, no leading zeros; RFC 7692 section 7.1.2)";
        return false;
    }
    return true;
}

// Section 7.1: unknown parameters and parameters given twice make the offer or response
// invalid. In an offer client_max_window_bits may have no value (section 7.1.2.2).
bool parseParams(const Extension &extension, bool isOffer, ParsedParams &parsed,
                 std::string &error)
{
    std::vector<std::string> seen;
    for (const ExtensionParam &param : extension.params) {
        if (std::find(seen.begin(), seen.end(), param.name) != seen.end()) {
            error = param.name + " appears more than once (RFC 7692 section 7.1)";
            return false;
        }
        seen.push_back(param.name);
        bool ok = false;
        if (param.name == ServerNoContextTakeover)
            ok = parseFlag(param, parsed.serverNoContextTakeover, error);
        else if (param.name == ClientNoContextTakeover)
            ok = parseFlag(param, parsed.clientNoContextTakeover, error);
        else if (param.name == ServerMaxWindowBits)
            ok = parseBits(param, false, parsed.serverMaxWindowBits, error);
        else if (param.name == ClientMaxWindowBits)
            ok = parseBits(param, isOffer, parsed.clientMaxWindowBits, error);
        else
            error = "unknown parameter " + describe(param) + " (RFC 7692 section 7.1)";
        if (!ok)
            return false;
    }
    return true;
}

void appendParam(std::string &out, const char *name)
{
    out += "; ";
    out += name;
}

void appendParam(std::string &out, const char *name, int bits)
{
    appendParam(out, name);
    out += "=" + std::to_string(bits);
}

std::string formatParams(const DeflateParams &params, bool withServerBits, bool withClientBits)
{
    std::string out = ExtensionName;
    if (params.serverNoContextTakeover)
        appendParam(out, ServerNoContextTakeover);
    if (params.clientNoContextTakeover)
        appendParam(out, ClientNoContextTakeover);
    if (withServerBits)
        appendParam(out, ServerMaxWindowBits, params.serverMaxWindowBits);
    if (withClientBits)
        appendParam(out, ClientMaxWindowBits, params.clientMaxWindowBits);
    return out;
}

} // namespace

std::string formatDeflateOffer(const DeflateOffer &offer)
{
    std::string out = ExtensionName;
    if (offer.serverNoContextTakeover)
        appendParam(out, ServerNoContextTakeover);
    if (offer.clientNoContextTakeover)
        appendParam(out, ClientNoContextTakeover);
    if (offer.serverMaxWindowBits > 0)
        appendParam(out, ServerMaxWindowBits, clampWindowBits(offer.serverMaxWindowBits));
    // Without a value the server may pick our window (section 7.1.2.2).
    if (offer.clientMaxWindowBits < 0)
        appendParam(out, ClientMaxWindowBits);
    else if (offer.clientMaxWindowBits > 0)
        appendParam(out, ClientMaxWindowBits, clampWindowBits(offer.clientMaxWindowBits));
    return out;
}

std::string formatDeflateParams(const DeflateParams &params)
{
    return formatParams(params, params.serverMaxWindowBits < MaxWindowBits,
                        params.clientMaxWindowBits < MaxWindowBits);
}

bool negotiateDeflateAsServer(const std::vector<Extension> &offers,
                              const DeflateServerOptions &options, DeflateParams &params,
                              std::string &responseValue)
{
    const int ourServerBits = clampWindowBits(options.serverMaxWindowBits);
    const int ourClientBits = clampWindowBits(options.clientMaxWindowBits);
    // Section 5.1: offers come in the client's order of preference; take the first we can
    // accept and decline the rest (an invalid offer is declined, not fatal).
    for (const Extension &offer : offers) {
        ParsedParams parsed;
        std::string ignored;
        if (offer.name != ExtensionName || !parseParams(offer, true, parsed, ignored))
            continue;
        DeflateParams accepted;
        // 7.1.1.1: accepted by echoing it; we may also add it on our own.
        accepted.serverNoContextTakeover = parsed.serverNoContextTakeover
            || options.serverNoContextTakeover;
        // 7.1.1.2: a server may ask it whether or not the client offered it.
        accepted.clientNoContextTakeover = options.clientNoContextTakeover;
        // 7.1.2.1: the same or a smaller value than offered; unasked, we may still
        // announce a smaller window than the default.
        bool withServerBits = parsed.serverMaxWindowBits > 0 || ourServerBits < MaxWindowBits;
        accepted.serverMaxWindowBits = parsed.serverMaxWindowBits > 0
            ? std::min(parsed.serverMaxWindowBits, ourServerBits)
            : ourServerBits;
        // 7.1.2.2: only when offered; then at most the client's own value.
        bool withClientBits = false;
        if (parsed.clientMaxWindowBits > 0) {
            accepted.clientMaxWindowBits = std::min(parsed.clientMaxWindowBits, ourClientBits);
            withClientBits = true;
        } else if (parsed.clientMaxWindowBits < 0) {
            accepted.clientMaxWindowBits = ourClientBits;
            withClientBits = ourClientBits < MaxWindowBits;
        }
        params = accepted;
        responseValue = formatParams(accepted, withServerBits, withClientBits);
        return true;
    }
    return false;
}

bool acceptDeflateResponse(const Extension &response, const DeflateOffer &offer,
                           DeflateParams &params, std::string &error)
{
    if (response.name != ExtensionName) {
        error = "expected " + std::string(ExtensionName) + ", got " + response.name;
        return false;
    }
    ParsedParams parsed;
    if (!parseParams(response, false, parsed, error)) {
        error = "permessage-deflate response: " + error;
        return false;
    }
    // 7.1.2.1: the server may send a window size unasked, but never a larger one.
    if (offer.serverMaxWindowBits > 0 && parsed.serverMaxWindowBits > offer.serverMaxWindowBits) {
        error = "permessage-deflate response: server_max_window_bits="
            + std::to_string(parsed.serverMaxWindowBits) + " is larger than the "
            + std::to_string(offer.serverMaxWindowBits)
            + " we offered (RFC 7692 section 7.1.2.1)";
        return false;
    }
    // 7.1.2.2: only if we offered it, and not above the value we gave.
    if (parsed.clientMaxWindowBits > 0 && offer.clientMaxWindowBits == 0) {
        error = "permessage-deflate response: client_max_window_bits="
            + std::to_string(parsed.clientMaxWindowBits)
            + " was not offered (RFC 7692 section 7.1.2.2)";
        return false;
    }
    if (parsed.clientMaxWindowBits > 0 && offer.clientMaxWindowBits > 0
        && parsed.clientMaxWindowBits > offer.clientMaxWindowBits) {
        error = "permessage-deflate response: client_max_window_bits="
            + std::to_string(parsed.clientMaxWindowBits) + " is larger than the "
            + std::to_string(offer.clientMaxWindowBits)
            + " we offered (RFC 7692 section 7.1.2.2)";
        return false;
    }
    DeflateParams accepted;
    // A server that leaves out a parameter we offered (server_no_context_takeover,
    // server_max_window_bits) is still decoded correctly: our inflater keeps its context
    // and a full window unless told otherwise, so we accept rather than fail.
    accepted.serverNoContextTakeover = parsed.serverNoContextTakeover;
    // 7.1.1.2: offering it already promised the server we would not take over context.
    accepted.clientNoContextTakeover = parsed.clientNoContextTakeover
        || offer.clientNoContextTakeover;
    accepted.serverMaxWindowBits = parsed.serverMaxWindowBits > 0 ? parsed.serverMaxWindowBits
                                                                  : MaxWindowBits;
    if (parsed.clientMaxWindowBits > 0)
        accepted.clientMaxWindowBits = parsed.clientMaxWindowBits;
    else if (offer.clientMaxWindowBits > 0)
        accepted.clientMaxWindowBits = clampWindowBits(offer.clientMaxWindowBits);
    else
        accepted.clientMaxWindowBits = MaxWindowBits;
    params = accepted;
    error.clear();
    return true;
}

// ---- MessageDeflater ---------------------------------------------------------------

struct MessageDeflater::State {
    z_stream stream{};
    bool ready = false;
};

MessageDeflater::MessageDeflater(int windowBits, bool noContextTakeover, int level)
    : m_state(std::make_unique<State>())
    , m_noContextTakeover(noContextTakeover)
{
    // zlib refuses windowBits 8 for raw deflate (since 1.2.9, "until 256-byte window bug
    // fixed"). A 9-bit window is still safe when the peer allowed only 8: zlib never emits
    // a match farther back than MAX_DIST = window size - MIN_LOOKAHEAD = 512 - 262 = 250
    // octets, which fits the peer's 256-octet window (section 7.1.2.1). Python's
    // websockets and Node's zlib make the same substitution; tst_permessagedeflate checks
    // the output against a strict 8-bit inflater.
    const int bits = std::max(clampWindowBits(windowBits), 9);
    const int zlibLevel = std::clamp(level, 0, 9);
    m_state->ready = deflateInit2(&m_state->stream, zlibLevel, Z_DEFLATED, -bits, 8,
                                  Z_DEFAULT_STRATEGY)
        == Z_OK;
}

MessageDeflater::~MessageDeflater()
{
    if (m_state->ready)
        deflateEnd(&m_state->stream);
}

bool MessageDeflater::compress(const std::uint8_t *data, std::size_t size, std::string &out)
{
    if (!m_state->ready)
        return false;
    if (size == 0) {
        // Section 7.2.3.6: an empty stored block whose tail was removed. zlib would emit
        // nothing at all for a second flush in a row without input.
        out.push_back('\0');
        return true;
    }
    z_stream &zs = m_state->stream;
    const std::size_t start = out.size();
    std::size_t offset = 0;
    // Every slice is sync-flushed; only the last flush's tail is removed. A flush in the
    // middle of a message just adds an empty stored block, which is valid DEFLATE.
    do {
        const std::size_t slice = std::min(size - offset, MaxZlibSlice);
        // zlib's next_in is not const-qualified for historical reasons; it never writes.
        zs.next_in = const_cast<Bytef *>(data + offset);
        zs.avail_in = static_cast<uInt>(slice);
        do {
            const std::size_t room = std::clamp<std::size_t>(
                deflateBound(&zs, zs.avail_in) + 16, 64, 256 * 1024);
            const std::size_t used = out.size();
            out.resize(used + room);
            zs.next_out = reinterpret_cast<Bytef *>(&out[used]);
            zs.avail_out = static_cast<uInt>(room);
            const int rc = deflate(&zs, Z_SYNC_FLUSH);
            out.resize(used + room - zs.avail_out);
            // Z_BUF_ERROR only means "no progress possible": the flush was already done.
            if (rc != Z_OK && rc != Z_BUF_ERROR) {
                out.resize(start);
                return false;
            }
        } while (zs.avail_out == 0);
        offset += slice;
    } while (offset < size);

    // Section 7.2.1: remove the 00 00 ff ff the sync flush ended with.
    const std::size_t produced = out.size() - start;
    if (produced < 4 || std::memcmp(out.data() + out.size() - 4, SyncFlushTail, 4) != 0) {
        out.resize(start);
        return false;
    }
    out.resize(out.size() - 4);
    if (m_noContextTakeover)
        deflateReset(&zs);
    return true;
}

// ---- MessageInflater ---------------------------------------------------------------

struct MessageInflater::State {
    z_stream stream{};
    bool ready = false;
    // After TooLarge or Corrupt the stream is mid-message and unusable: keep failing.
    Result failure = Result::Ok;
    // A block with BFINAL set ended zlib's stream and no input followed it yet.
    bool afterFinalBlock = false;
};

MessageInflater::MessageInflater(int windowBits, bool noContextTakeover)
    : m_state(std::make_unique<State>())
    , m_noContextTakeover(noContextTakeover)
{
    // Unlike deflate, zlib's raw inflate accepts an 8-bit window. It checks distances
    // against what it has inflated so far, not strictly against the negotiated window.
    m_state->ready = inflateInit2(&m_state->stream, -clampWindowBits(windowBits)) == Z_OK;
    if (!m_state->ready) {
        m_state->failure = Result::Corrupt;
        m_error = "zlib could not start an inflater";
    }
}

MessageInflater::~MessageInflater()
{
    if (m_state->ready)
        inflateEnd(&m_state->stream);
}

MessageInflater::Result MessageInflater::feed(const std::uint8_t *data, std::size_t size,
                                              std::string &out, std::uint64_t maxOutput)
{
    return run(data, size, out, maxOutput);
}

MessageInflater::Result MessageInflater::finish(std::string &out, std::uint64_t maxOutput)
{
    // Section 7.2.2: append 00 00 ff ff to the message's payload before inflating its end.
    // A message whose last block had BFINAL set and nothing after it (a sender that used
    // Z_FINISH, without section 7.2.3.4's extra 0x00 octet) is already complete: the tail
    // would only start a stored block that the next message could never finish.
    Result result = Result::Ok;
    if (!m_state->afterFinalBlock)
        result = run(SyncFlushTail, sizeof SyncFlushTail, out, maxOutput);
    if (result == Result::Ok && m_noContextTakeover) {
        inflateReset(&m_state->stream);
        m_state->afterFinalBlock = false;
    }
    return result;
}

namespace {

// A block with BFINAL set ends zlib's stream (section 7.2.3.4), yet the message, and with
// context takeover the following ones, go on with more blocks over the same window. Start
// a new raw stream that remembers the window.
bool restartAfterFinalBlock(z_stream &zs)
{
    std::string window(32 * 1024, '\0');
    uInt length = 0;
    if (inflateGetDictionary(&zs, reinterpret_cast<Bytef *>(&window[0]), &length) != Z_OK)
        return false;
    if (inflateReset(&zs) != Z_OK)
        return false;
    return length == 0
        || inflateSetDictionary(&zs, reinterpret_cast<const Bytef *>(window.data()), length)
        == Z_OK;
}

} // namespace

MessageInflater::Result MessageInflater::run(const std::uint8_t *data, std::size_t size,
                                             std::string &out, std::uint64_t maxOutput)
{
    if (m_state->failure != Result::Ok)
        return m_state->failure;
    const auto fail = [this](Result result, const char *message) {
        m_state->failure = result;
        m_error = message;
        return result;
    };
    z_stream &zs = m_state->stream;
    std::size_t offset = 0;
    do {
        const std::size_t slice = std::min(size - offset, MaxZlibSlice);
        zs.next_in = const_cast<Bytef *>(data + offset);
        zs.avail_in = static_cast<uInt>(slice);
        for (;;) {
            if (out.size() > maxOutput)
                return fail(Result::TooLarge, "inflated message over its size limit");
            // Room for one octet past the limit: producing it proves the limit is passed.
            const std::uint64_t budget = maxOutput - out.size();
            const std::size_t room = static_cast<std::size_t>(
                std::min<std::uint64_t>(InflateChunk, budget + 1));
            const std::size_t used = out.size();
            out.resize(used + room);
            zs.next_out = reinterpret_cast<Bytef *>(&out[used]);
            zs.avail_out = static_cast<uInt>(room);
            const uInt inputBefore = zs.avail_in;
            const int rc = inflate(&zs, Z_SYNC_FLUSH);
            if (zs.avail_in != inputBefore)
                m_state->afterFinalBlock = false;
            const std::size_t produced = room - zs.avail_out;
            out.resize(used + produced);
            if (produced > budget) {
                out.resize(used + static_cast<std::size_t>(budget));
                return fail(Result::TooLarge, "inflated message over its size limit");
            }
            if (rc == Z_STREAM_END) {
                if (!restartAfterFinalBlock(zs))
                    return fail(Result::Corrupt, "zlib could not continue after a final block");
                m_state->afterFinalBlock = true;
                continue;
            }
            if (rc != Z_OK && rc != Z_BUF_ERROR)
                return fail(Result::Corrupt, zs.msg ? zs.msg : "invalid deflate data");
            // Done with this slice when all input is used and zlib had room to spare, so
            // nothing is left pending.
            if (zs.avail_out != 0 && zs.avail_in == 0)
                break;
            if (zs.avail_out != 0 && rc == Z_BUF_ERROR)
                return fail(Result::Corrupt, "inflate made no progress");
        }
        offset += slice;
    } while (offset < size);
    return Result::Ok;
}

} // namespace wsi::protocol
