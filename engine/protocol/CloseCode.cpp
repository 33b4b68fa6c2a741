// SPDX-License-Identifier: MIT
#include "protocol/CloseCode.h"

namespace wsi::protocol {

bool isValidReceivedCloseCode(std::uint16_t code)
{
    // Section 7.4.1 defines 1000-1015; 1004 is reserved, and 1005, 1006 and 1015 are for
    // reporting only (7.4.1: "MUST NOT be set as a status code in a Close control frame").
    // 1012-1014 were added to the IANA registry later and are sent by real servers.
    if (code >= 1000 && code <= 1003)
        return true;
    if (code >= 1007 && code <= 1014)
        return true;
    // Section 7.4.2: 3000-3999 for libraries and frameworks, 4000-4999 for private use.
    return code >= 3000 && code <= 4999;
}

const char *closeCodeMeaning(std::uint16_t code)
{
    switch (code) {
    case 1000:
        return "normal closure";
    case 1001:
        return "going away";
    case 1002:
        return "protocol error";
    case 1003:
        return "unsupported data";
    case 1004:
        return "reserved";
    case 1005:
        return "no status received";
    case 1006:
        return "abnormal closure";
    case 1007:
        return "invalid frame payload data";
    case 1008:
        return "policy violation";
    case 1009:
        return "message too big";
    case 1010:
        return "mandatory extension";
    case 1011:
        return "internal error";
    case 1012:
        return "service restart";
    case 1013:
        return "try again later";
    case 1014:
        return "bad gateway";
    case 1015:
        return "TLS handshake failure";
    default:
        break;
    }
    if (code < 1000)
        return "not used";
    if (code < 3000)
        return "reserved for the protocol (unassigned)";
    if (code < 4000)
        return "registered by libraries/frameworks";
    if (code < 5000)
        return "private use";
    return "out of range";
}

} // namespace wsi::protocol
