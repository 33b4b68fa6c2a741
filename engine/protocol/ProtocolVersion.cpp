// SPDX-License-Identifier: MIT
#include "protocol/ProtocolVersion.h"

namespace wsi::protocol {

int hybiVersionNumber(ProtocolVersion version)
{
    switch (version) {
    case ProtocolVersion::Rfc6455_13: return 13;
    case ProtocolVersion::Hybi08: return 8;
    case ProtocolVersion::Hybi07: return 7;
    case ProtocolVersion::Hixie76:
    case ProtocolVersion::Hixie75: return 0;
    }
    return 0;
}

const char *protocolVersionName(ProtocolVersion version)
{
    switch (version) {
    case ProtocolVersion::Rfc6455_13: return "13";
    case ProtocolVersion::Hybi08: return "8";
    case ProtocolVersion::Hybi07: return "7";
    case ProtocolVersion::Hixie76: return "hixie-76";
    case ProtocolVersion::Hixie75: return "hixie-75";
    }
    return "unknown";
}

bool parseProtocolVersion(std::string_view name, ProtocolVersion &out)
{
    struct Alias {
        std::string_view name;
        ProtocolVersion version;
    };
    static constexpr Alias aliases[] = {
        {"13", ProtocolVersion::Rfc6455_13},    {"rfc6455", ProtocolVersion::Rfc6455_13},
        {"8", ProtocolVersion::Hybi08},         {"hybi-08", ProtocolVersion::Hybi08},
        {"7", ProtocolVersion::Hybi07},         {"hybi-07", ProtocolVersion::Hybi07},
        {"hixie-76", ProtocolVersion::Hixie76}, {"draft-76", ProtocolVersion::Hixie76},
        {"76", ProtocolVersion::Hixie76},       {"hixie-75", ProtocolVersion::Hixie75},
        {"draft-75", ProtocolVersion::Hixie75}, {"75", ProtocolVersion::Hixie75},
    };
    for (const Alias &alias : aliases) {
        if (alias.name == name) {
            out = alias.version;
            return true;
        }
    }
    return false;
}

} // namespace wsi::protocol
