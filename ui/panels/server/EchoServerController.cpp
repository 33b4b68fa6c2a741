// SPDX-License-Identifier: MIT
#include "ui/panels/server/EchoServerController.h"

#include "net/echo/EchoServer.h"

#include <QDir>
#include <QFile>
#include <QPointer>
#include <QSslCertificate>
#include <QStandardPaths>

namespace wsi::ui {

EchoServerController::EchoServerController(QObject *parent) : QObject(parent), m_server(new net::EchoServer)
{
    m_thread.setObjectName(QStringLiteral("echo-server"));
    m_server->moveToThread(&m_thread);
    connect(m_server, &net::EchoServer::clientConnected, this, &EchoServerController::clientConnected);
    connect(m_server, &net::EchoServer::clientHandshake, this,
            [this](quint64 id, const QString &path, const QString &query, const QString &, const net::HttpHeaderList &,
                   const QString &subprotocol, const QString &, const QString &version) {
                Q_EMIT clientHandshake(id, path, query, subprotocol, version);
            });
    connect(m_server, &net::EchoServer::trafficReported, this, &EchoServerController::trafficReported);
    connect(m_server, &net::EchoServer::clientClosed, this, &EchoServerController::clientClosed);
    m_thread.start();
}

EchoServerController::~EchoServerController()
{
    // The server and its peers are destroyed on their own thread, before it stops: the
    // only place where the UI thread waits for the worker, at shutdown.
    QMetaObject::invokeMethod(
        m_server, [server = m_server] { delete server; }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

void EchoServerController::start(const net::EchoServerOptions &options)
{
    QPointer<EchoServerController> self(this);
    net::EchoServer *server = m_server;
    QMetaObject::invokeMethod(
        server,
        [server, options, self] {
            server->setOptions(options);
            const bool ok = server->start();
            const QString url = server->url().toString();
            const QString fingerprint = server->certificateFingerprint();
            const QByteArray pem = server->certificate().isNull() ? QByteArray() : server->certificate().toPem();
            const QString error = server->lastError();
            QMetaObject::invokeMethod(
                self.data(),
                [self, ok, url, fingerprint, pem, error] {
                    if (self)
                        self->onStarted(ok, url, fingerprint, pem, error);
                },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

void EchoServerController::onStarted(bool ok, const QString &url, const QString &fingerprint, const QByteArray &pem,
                                     const QString &error)
{
    m_running = ok;
    if (!ok) {
        Q_EMIT startFailed(error);
        return;
    }
    m_url = url;
    m_fingerprint = fingerprint;
    m_pemFile.clear();
    if (!pem.isEmpty()) {
        // A client tab trusts exactly this certificate, not a global store.
        const QString dir = QStandardPaths::writableLocation(QStandardPaths::CacheLocation);
        QDir().mkpath(dir);
        QFile file(dir + QStringLiteral("/echo-server-certificate.pem"));
        if (file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(pem) == pem.size())
            m_pemFile = file.fileName();
    }
    Q_EMIT started(url, fingerprint);
}

void EchoServerController::stop()
{
    QMetaObject::invokeMethod(m_server, &net::EchoServer::stop, Qt::QueuedConnection);
    m_running = false;
    Q_EMIT stopped();
}

void EchoServerController::closeAll(int code, const QString &reason)
{
    QMetaObject::invokeMethod(m_server, [server = m_server, code, reason] { server->closeAll(quint16(code), reason); },
                              Qt::QueuedConnection);
}

void EchoServerController::dropAll()
{
    QMetaObject::invokeMethod(m_server, &net::EchoServer::dropAll, Qt::QueuedConnection);
}

} // namespace wsi::ui
