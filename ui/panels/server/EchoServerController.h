// SPDX-License-Identifier: MIT
#pragma once
// Runs the built-in EchoServer on its own worker thread for the GUI, so the UI thread
// never touches its sockets: every call is a queued invocation, every result comes back
// as a signal. Lives on the UI thread; the server lives on m_thread.
#include "net/echo/EchoServerOptions.h"
#include "net/LogEvent.h"

#include <QObject>
#include <QSet>
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
    // The EventSource endpoint's URL (http:// or https://, the server's port); empty when
    // the running server has none.
    QString eventStreamUrl() const { return m_eventStreamUrl; }
    // Of the running server (counted here, from its signals): streams open now, events
    // published since it started (from the panel, POSTs and the bridge).
    int eventStreamCount() const { return int(m_streams.size()); }
    quint64 eventsPublished() const { return m_eventsPublished; }

public Q_SLOTS:
    void start(const wsi::net::EchoServerOptions &options);
    void stop();
    void closeAll(int code, const QString &reason);
    void dropAll();
    // An event to every open stream of the endpoint (kept for Last-Event-ID); an empty id
    // is numbered by the server. eventPublished says which id it got.
    void publishEvent(const QString &type, const QByteArray &data, const QString &id);
    // From the next start(): a script answers the clients instead of the echo (the server
    // runs in Handoff mode, script::MockScript on its thread); empty: none.
    void setMockScript(const QString &fileName, const QString &source);

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
    // A client of the EventSource endpoint: its stream opened (it ends with clientClosed).
    void eventStreamOpened(quint64 id, const QString &target, const QString &lastEventId, int replayed);
    void eventPublished(const QString &eventId, const QString &type, int delivered);
    // A plain HTTP request answered without a stream (the info page, a POST, a refusal).
    void httpRequestAnswered(quint64 id, const QString &method, const QString &target, int status);
    // eventStreamCount() or eventsPublished() changed.
    void eventCountsChanged();
    // The mock script's log() lines and errors (file and line); a script that does not
    // compile fails the start instead.
    void mockLogged(const QString &line);
    void mockError(const QString &message);

private:
    void onStarted(bool ok, const QString &url, const QString &fingerprint, const QByteArray &pem,
                   const QString &error);

    QString m_mockFileName;
    QString m_mockSource;
    QThread m_thread;
    net::EchoServer *m_server = nullptr; // lives on m_thread, deleted there by ~EchoServerController
    bool m_running = false;
    QString m_url;
    QString m_fingerprint;
    QString m_pemFile;
    QString m_eventStreamPath; // asked of the server being started
    QString m_eventStreamUrl;
    QSet<quint64> m_streams;
    quint64 m_eventsPublished = 0;
};

} // namespace wsi::ui
