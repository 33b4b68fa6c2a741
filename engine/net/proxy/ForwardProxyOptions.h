// SPDX-License-Identifier: MIT
#pragma once
// What an intercepting forward proxy is told: where it listens and the bounds and upstream
// TLS options every flow shares (a ReverseProxyOptions whose upstreamUrl is unused: each
// flow's upstream is the host the app asked for), where the local CA lives, and the hosts
// tunnelled without interception.
#include "net/proxy/ReverseProxyOptions.h"

#include <QStringList>

namespace wsi::net {

struct ForwardProxyOptions {
    ReverseProxyOptions flows;
    QString caDirectory;        // empty: LocalCertificateAuthority::defaultDirectory()
    // Host names (or addresses) whose CONNECT is tunnelled as it is: apps that pin their
    // certificates, or traffic that is not to be read. "*.example.com" matches subdomains.
    QStringList passThroughHosts;
};

// The host matches an entry of the pass-through list (case-insensitive; "*.x" matches
// "a.x" and "a.b.x", not "x").
bool matchesPassThrough(const QStringList &hosts, const QString &host);

} // namespace wsi::net
