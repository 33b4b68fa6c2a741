// SPDX-License-Identifier: MIT
#pragma once
// What a session file keeps of one connection tab: its options, the state its panels
// showed (connection, handshake, close, last error, TLS report, ping round trips) and its
// log. Plain values; the ui fills a SessionTabState as the connection reports, the session
// file saves it with the tab's MessageStore and gives both back on load.
#include "store/MessageStore.h"

#include "net/ConnectionOptions.h"
#include "net/ConnectionTypes.h"
#include "net/PingStats.h"
#include "net/tls/TlsReport.h"

#include <memory>
#include <optional>

namespace wsi::log {

struct SessionTabState {
    QString title;                 // the tab's title as it was shown
    net::ConnectionOptions options;
    QString panelUrl;              // the connection panel's URL (without a password)
    std::optional<net::ConnectionSnapshot> snapshot;
    std::optional<net::HandshakeInfo> handshake;
    std::optional<net::CloseInfo> close;
    std::optional<net::ConnectionError> error; // the last one reported
    std::optional<net::TlsReport> tlsReport;
    net::PingStats pingStats;      // the last statistics with their kept samples
    // "Decode as" (ui/decode): "auto" (saved as nothing), "off" or a decoder id; for protobuf
    // with a schema, the .proto file and the message type of each direction.
    QString decodeAs;
    QString protoFile;
    QString protoIncomingType;
    QString protoOutgoingType;
};

class LogSpill;

// A tab to save: all must stay alive and unchanged (appends are fine: only the rows
// present when saving starts are written; no rows may leave the store) until the save
// ends. The spill's rows (older ones on disk, see LogSpill) are written before the store's.
struct SessionTabSource {
    const SessionTabState *state = nullptr;
    const MessageStore *store = nullptr;
    const LogSpill *spill = nullptr;
};

// A tab read back from a file (or imported from a HAR file).
struct SessionTab {
    SessionTabState state;
    std::unique_ptr<MessageStore> store = std::make_unique<MessageStore>();
};

} // namespace wsi::log
