// SPDX-License-Identifier: MIT
// The protobuf wire format without a schema (protobuf.dev/programming-guides/encoding):
// field numbers and wire types, varints, fixed 32/64-bit values, and length-delimited
// fields guessed as a nested message (when the bytes parse as one, to the end), else text
// (valid, printable UTF-8), else bytes. What `protoc --decode_raw` shows.
#pragma once

#include "decode/Decoded.h"

namespace wsi::decode {

struct ProtobufWireResult
{
    QString summary; // e.g. `1:150 2:"testing" 3:{1:1}`
    DecodedNode tree;
    QString error;   // where the bytes stop being protobuf
};

ProtobufWireResult readProtobufWire(const QByteArray &bytes, bool wantsTree);

} // namespace wsi::decode
