// SPDX-License-Identifier: MIT
#include "store/FrameHeaderBytes.h"

namespace wsi::log {

namespace {
int minimalLengthBytes(quint64 length)
{
    if (length <= 125)
        return 0;
    return length <= 0xffff ? 2 : 8;
}
} // namespace

FrameHeaderBytes encodeFrameHeader(const FrameRecord &frame)
{
    FrameHeaderBytes out;
    const int maskBytes = frame.isMasked() ? 4 : 0;
    const int lengthBytes = frame.headerSize == 0 ? minimalLengthBytes(frame.length)
                                                  : int(frame.headerSize) - 2 - maskBytes;
    if (lengthBytes != 0 && lengthBytes != 2 && lengthBytes != 8)
        return out;
    if ((lengthBytes == 0 && frame.length > 125) || (lengthBytes == 2 && frame.length > 0xffff))
        return out;

    auto *bytes = reinterpret_cast<unsigned char *>(out.bytes.data());
    bytes[0] = static_cast<unsigned char>((frame.flags & 0xf0) | (frame.opcode & 0x0f));
    const unsigned char maskBit = maskBytes ? 0x80 : 0x00;
    int at = 2;
    if (lengthBytes == 0) {
        bytes[1] = static_cast<unsigned char>(maskBit | frame.length);
    } else {
        bytes[1] = static_cast<unsigned char>(maskBit | (lengthBytes == 2 ? 126 : 127));
        for (int i = lengthBytes - 1; i >= 0; --i) // network byte order (section 5.2)
            bytes[at++] = static_cast<unsigned char>(frame.length >> (8 * i));
    }
    for (int i = maskBytes - 1; i >= 0; --i)
        bytes[at++] = static_cast<unsigned char>(frame.maskKey >> (8 * i));
    out.size = at;
    return out;
}

} // namespace wsi::log
