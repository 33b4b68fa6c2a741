// SPDX-License-Identifier: MIT
// MQTT 5 properties (section 2.2.2): a Variable Byte Integer length, then identifier/value
// pairs whose value type the identifier fixes (table 2-4).
#pragma once

#include "decode/Decoded.h"

namespace wsi::decode {

class ByteReader;

// Reads a property list into `node` (one child per property: name and value in words).
// Errors go to the reader.
void readMqttProperties(ByteReader &reader, DecodedNode &node);

} // namespace wsi::decode
