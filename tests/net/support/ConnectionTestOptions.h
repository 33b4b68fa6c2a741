// SPDX-License-Identifier: MIT
#pragma once
// What the Connection tests (tst_connection*.cpp) share: their includes, and options and
// canned answers for the scripted servers.
#include "net/MetaTypes.h"
#include "support/ConnectionHarness.h"
#include "support/MiniProxy.h"
#include "support/MiniServer.h"
#include "support/MiniSocks5.h"
#include "net/ProxyConnector.h"
#include "net/ReconnectScheduler.h"
#include <QFileInfo>
#include <QScopeGuard>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTest>

using namespace wsi::net;
using wsi::test::ConnectionHarness;
using wsi::test::MiniProxy;
using wsi::test::MiniServer;
using wsi::test::MiniSocks5;

namespace wsi::test {

inline ConnectionOptions optionsFor(const QString &url)
{
    ConnectionOptions options;
    options.url = url;
    options.proxy.mode = ProxyMode::None;
    options.connectTimeoutMs = 5000;
    options.openTimeoutMs = 5000;
    options.closeTimeoutMs = 3000;
    return options;
}

inline MiniServer::Options behaving(MiniServer::Behaviour behaviour)
{
    MiniServer::Options options;
    options.behaviour = behaviour;
    return options;
}

inline QByteArray cannedResponse(const QByteArray &statusLine, const QByteArray &headers, const QByteArray &body)
{
    return statusLine + "\r\n" + headers + "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

} // namespace wsi::test

using namespace wsi::test;
