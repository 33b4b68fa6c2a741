// SPDX-License-Identifier: MIT
#pragma once
// A frame to send exactly as described, valid or not, for protocol exploration (the
// composer's Raw frame mode). Its own header so that code which only describes a raw frame
// (the UI) does not include the Driver.
#include "protocol/FrameHeader.h"

#include <string>

namespace wsi::protocol {

struct RawFrame {
    FrameHeader header;            // fin, rsv, opcode, masked, maskKey as given
    bool randomMaskKey = true;     // when masked: ignore header.maskKey, use a fresh one
    LengthEncoding lengthEncoding = LengthEncoding::Minimal;
    bool overrideLength = false;   // when set, header.payloadLength is sent as is,
                                   // whatever the payload's real size
    std::string payload;           // unmasked; masked on the way out when header.masked
};

} // namespace wsi::protocol
