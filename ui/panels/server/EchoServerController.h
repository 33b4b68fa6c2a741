// SPDX-License-Identifier: MIT
#pragma once
// Runs the built-in EchoServer on its own worker thread for the GUI, so the UI thread
// never touches its sockets: every call is a queued invocation, every result comes back
// as a signal. Lives on the UI thread; the server lives on m_thread.
#include "net/echo/EchoServerOptions.h"
#include "net/LogEvent.h"

#include <QObject>
#include <QThread>

namespace wsi::net {
class EchoServer;
}

namespace wsi::ui {

class EchoServerController : public QObject
{
    Q_OBJECT
public:
    explicit EchoServerController(QObject *parent = nullptr);
    ~EchoServerController() override;

    bool isRunning() const { return m_running; }
    QString url() const { return m_url; }
    QString fingerprint() const { return m_fingerprint; }
    // wss: a PEM file with the served certificate, for a client tab to trust.
    QString certificatePemFile() const { return m_pemFile; }

public Q_SLOTS:
    void start(const wsi::net::EchoServerOptions &options);
    void stop();
    void closeAll(int code, const QString &reason);
    void dropAll();

Q_SIGNALS:
    void started(const QString &url, const QString &fingerprint);
    void startFailed(const QString &message);
    void stopped();
    void clientConnected(quint64 id, const QString &peer);
    // version: the client's WebSocket version as protocolVersionName() says it ("13", "hixie-76").
    void clientHandshake(quint64 id, const QString &path, const QString &query, const QString &subprotocol,
                         const QString &version);
    void trafficReported(const wsi::net::EventBatch &batch);
    void clientClosed(quint64 id, quint16 code, const QString &reason, bool clean);

private:
    void onStarted(bool ok, const QString &url, const QString &fingerprint, const QByteArray &pem,
                   const QString &error);

    QThread m_thread;
    net::EchoServer *m_server = nullptr; // lives on m_thread, deleted there by ~EchoServerController
    bool m_running = false;
    QString m_url;
    QString m_fingerprint;
    QString m_pemFile;
};

} // namespace wsi::ui
