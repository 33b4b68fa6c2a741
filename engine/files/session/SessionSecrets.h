// SPDX-License-Identifier: MIT
#pragma once
// Hides credentials before a tab's state leaves the application (a saved session, an
// export): Authorization, Proxy-Authorization, Cookie and Set-Cookie values become
// "(hidden, N bytes)", URL passwords "***", the client key's passphrase is dropped. The
// log's payloads are what the peer and we sent: they are kept as they are.
#include "files/session/SessionTab.h"

namespace wsi::log {

net::HeaderList redactHeaderList(const net::HeaderList &headers);
QByteArray redactHeaderValue(const QByteArray &value);
// Whether a value is one redactHeaderValue() made: what a file saved without secrets holds.
bool isRedactedHeaderValue(const QByteArray &value);
net::ConnectionOptions redactOptions(const net::ConnectionOptions &options);
net::HandshakeInfo redactHandshake(const net::HandshakeInfo &info);
SessionTabState redactState(const SessionTabState &state);

} // namespace wsi::log
