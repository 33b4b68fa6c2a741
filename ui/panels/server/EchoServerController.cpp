// SPDX-License-Identifier: MIT
#include "ui/panels/server/EchoServerController.h"

#include "net/echo/EchoServer.h"
#include "script/MockScript.h"

#include <QDir>
#include <QFile>
#include <QPointer>
#include <QSslCertificate>
#include <QStandardPaths>
#include <QUrl>

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
    // Queued from the server's thread, in the order it emitted them: a stream's opening
    // always comes before its end.
    connect(m_server, &net::EchoServer::eventStreamOpened, this,
            [this](quint64 id, const QString &target, const QString &lastEventId, int replayed) {
                if (!m_running)
                    return; // a stream of a server stopped since
                m_streams.insert(id);
                Q_EMIT eventStreamOpened(id, target, lastEventId, replayed);
                Q_EMIT eventCountsChanged();
            });
    connect(m_server, &net::EchoServer::eventPublished, this,
            [this](const QString &eventId, const QString &type, int delivered) {
                if (!m_running)
                    return;
                ++m_eventsPublished;
                Q_EMIT eventPublished(eventId, type, delivered);
                Q_EMIT eventCountsChanged();
            });
    connect(m_server, &net::EchoServer::eventRequestAnswered, this, &EchoServerController::httpRequestAnswered);
    connect(m_server, &net::EchoServer::clientHttpRequest, this, &EchoServerController::httpRequestAnswered);
    connect(m_server, &net::EchoServer::clientClosed, this,
            [this](quint64 id, quint16 code, const QString &reason, bool clean) {
                Q_EMIT clientClosed(id, code, reason, clean);
                if (m_streams.remove(id))
                    Q_EMIT eventCountsChanged();
            });
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
    m_eventStreamPath = options.eventStream.path;
    QPointer<EchoServerController> self(this);
    net::EchoServer *server = m_server;
    QMetaObject::invokeMethod(
        server,
        [server, options, self, mockFileName = m_mockFileName, mockSource = m_mockSource] {
            // A mock of an earlier run stops answering; a new one replaces the echo.
            delete server->findChild<script::MockScript *>();
            net::EchoServerOptions served = options;
            if (!mockSource.isEmpty())
                served.mode = net::EchoMode::Handoff;
            server->setOptions(served);
            bool ok = server->start();
            QString problem;
            if (ok && !mockSource.isEmpty()) {
                auto *mock = new script::MockScript(1000, server);
                problem = mock->load(mockFileName, mockSource);
                if (problem.isEmpty()) {
                    connect(mock, &script::MockScript::logged, self.data(), &EchoServerController::mockLogged);
                    connect(mock, &script::MockScript::scriptError, self.data(), &EchoServerController::mockError);
                    mock->serve(server);
                } else {
                    delete mock;
                    server->stop();
                    ok = false;
                }
            }
            const QString url = server->url().toString();
            const QString fingerprint = server->certificateFingerprint();
            const QByteArray pem = server->certificate().isNull() ? QByteArray() : server->certificate().toPem();
            const QString error = problem.isEmpty() ? server->lastError() : QStringLiteral("The mock script: ") + problem;
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
    m_eventStreamUrl.clear();
    if (!m_eventStreamPath.isEmpty()) {
        QUrl events(url);
        events.setScheme(events.scheme() == QLatin1String("wss") ? QStringLiteral("https") : QStringLiteral("http"));
        events.setPath(m_eventStreamPath);
        m_eventStreamUrl = events.toString();
    }
    m_streams.clear();
    m_eventsPublished = 0;
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
    Q_EMIT eventCountsChanged();
}

void EchoServerController::stop()
{
    QMetaObject::invokeMethod(m_server, &net::EchoServer::stop, Qt::QueuedConnection);
    m_running = false;
    m_streams.clear(); // their ends are not waited for: the server drops them all at once
    Q_EMIT stopped();
    Q_EMIT eventCountsChanged();
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

void EchoServerController::setMockScript(const QString &fileName, const QString &source)
{
    m_mockFileName = fileName;
    m_mockSource = source;
}

void EchoServerController::publishEvent(const QString &type, const QByteArray &data, const QString &id)
{
    QMetaObject::invokeMethod(
        m_server, [server = m_server, type, data, id] { server->publishEvent(type, data, id); }, Qt::QueuedConnection);
}

} // namespace wsi::ui
