// SPDX-License-Identifier: MIT
#pragma once
// Rebuilds a frame's header bytes from a FrameRecord (RFC 6455 section 5.2), so the store
// need not keep 2-14 header bytes per frame. The record's headerSize picks the length
// form the sender used (7-bit, 16-bit or 64-bit), so even deliberately non-minimal
// headers come back as they were.
#include "store/LogRecord.h"

#include <array>

namespace wsi::log {

struct FrameHeaderBytes {
    std::array<char, 14> bytes{};
    int size = 0; // 0: the record's fields cannot produce a header of its headerSize
};

FrameHeaderBytes encodeFrameHeader(const FrameRecord &frame);

} // namespace wsi::log
