// SPDX-License-Identifier: MIT
// One MQTT control packet (3.1.1 and 5.0), its fixed header already read: the variable
// header and payload of each packet type, as a summary, fields, a correlation and a tree.
#pragma once

#include "decode/Decoded.h"

namespace wsi::decode {

class ByteReader;

struct MqttPacket
{
    int type = 0;   // 1 CONNECT ... 15 AUTH
    int flags = 0;  // the fixed header's low four bits
    int version = 4; // 4 = 3.1.1, 5 = 5.0 (a CONNECT says which; later packets follow it)
    QString summary;
    QList<DecodedField> fields;
    Correlation correlation;
    DecodedNode tree;
};

QString mqttTypeName(int type);

// Reads the packet's body (its remaining length, in `body`) into `packet`; errors go to
// the reader. `packet.version` comes in as the session's and leaves as the CONNECT's.
void readMqttPacket(ByteReader &body, MqttPacket &packet);

} // namespace wsi::decode
