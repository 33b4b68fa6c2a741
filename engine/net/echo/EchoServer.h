// SPDX-License-Identifier: MIT
#pragma once
// The built-in echo server: a QTcpServer (plain or TLS) whose clients each get a
// server-role Driver in an EchoPeer. The GUI embeds it, `wsinspect-cli serve` runs it.
//
// Thread: the server, its peers, their sockets and all its timers live on the thread
// the server belongs to (the GUI moves it to a worker QThread before start()). Call its
// functions on that thread, or through queued invocations (they are slots or
// Q_INVOKABLE). Its signals carry value types only, so queued connections to the UI
// thread are safe.
#include "net/echo/EchoServerOptions.h"
#include "net/echo/EchoServerPage.h"
#include "net/echo/EchoPeerHost.h"
#include "net/LogEvent.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QPair>
#include <QSslConfiguration>
#include <QString>
#include <QTcpServer>
#include <QMap>
#include <QTimer>
#include <QUrl>

#include <deque>

namespace wsi::net {

class EchoPeer;
class EventStreamEndpoint;

// Request headers as received, in order, names as spelled by the client.
using HttpHeaderList = QList<QPair<QString, QString>>;

class EchoServer : public QTcpServer, private EchoPeerHost
{
    Q_OBJECT
public:
    explicit EchoServer(QObject *parent = nullptr);
    ~EchoServer() override;

    // Takes effect at the next start().
    void setOptions(const EchoServerOptions &options)
    {
        m_options = options;
        m_echoingInPlace = answersInPlace(options);
    }
    const EchoServerOptions &options() const { return m_options; }

    // Listens as the options say. False with lastError() when it cannot (bad address, port
    // in use, unreadable certificate, no TLS backend).
    Q_INVOKABLE bool start();
    // Stops listening and drops every client at once (no close handshake).
    Q_INVOKABLE void stop();
    QString lastError() const { return m_error; }

    QUrl url() const { return m_url; } // ws:// or wss://, with the actual port
    // TLS: the certificate served and its SHA-256 fingerprint ("AB:CD:..."); null/empty for ws.
    QSslCertificate certificate() const { return m_certificate; }
    QString certificateFingerprint() const;
    bool isSelfSigned() const { return m_selfSigned; }
    // The RLIMIT_NOFILE soft limit before and after start() raised it.
    quint64 openFileLimitBefore() const { return m_fileLimitBefore; }
    quint64 openFileLimitAfter() const { return m_fileLimitAfter; }

    int clientCount() const { return int(m_peers.size()); } // connected, open or not
    int openClientCount() const;
    QList<quint64> clientIds() const;
    // Whether traffic events are built: reporting is on (setReportTraffic) and something is
    // connected to trafficReported. Nobody listening: no events, no payload copies.
    using EchoPeerHost::isReportingTraffic;

public Q_SLOTS:
    // Off: no traffic events are built and no payload is copied (benchmarks), as when no
    // one is connected to trafficReported. Connect, handshake and close signals are always
    // emitted.
    void setReportTraffic(bool enabled);
    // Fault injection. Close: the close handshake with `code` (the client should answer;
    // if it does not within closeTimeoutMs it is dropped). Drop: a TCP reset, no close frame.
    void closeAll(quint16 code = 1001, const QString &reason = QString());
    bool closeClient(quint64 id, quint16 code, const QString &reason = QString());
    void dropAll();
    bool dropClient(quint64 id);
    // Handoff mode: the application's answer to one client (false: it is gone or not open)
    // or to every open client.
    bool sendToClient(quint64 id, bool isText, const QByteArray &payload);
    void sendToAll(bool isText, const QByteArray &payload);
    // False when not sent: no such open client, or one of the hixie drafts (no ping).
    bool pingClient(quint64 id, const QByteArray &payload);
    // The EventSource endpoint (EventStreamOptions): an event to every open stream, kept for
    // Last-Event-ID; an empty id gets the next number. Returns the id; empty when the
    // endpoint is off.
    QString publishEvent(const QString &type, const QByteArray &data, const QString &id = QString());
    int eventStreamCount() const;

Q_SIGNALS:
    void clientConnected(quint64 id, const QString &peer);
    void clientHandshake(quint64 id, const QString &path, const QString &query, const QString &origin,
                         const wsi::net::HttpHeaderList &headers, const QString &subprotocol,
                         const QString &extensions, const QString &version);
    // Traffic of every client, at most one signal per ~16 ms (or per 4,096 events): each
    // event's clientId says whose it is, its timeNs counts from the server's start().
    // Messages both ways (not their frames), pings, pongs, close, errors and local notes
    // ("handshake refused with 400: ...", "TCP connection dropped: ...").
    void trafficReported(const wsi::net::EventBatch &batch);
    // Exactly once per clientConnected. Not clean: 1006 and why (dropped, timed out, ...).
    void clientClosed(quint64 id, quint16 code, const QString &reason, bool clean);
    // A plain HTTP request (GET or HEAD without Upgrade) was answered with the info page;
    // clientClosed follows (1006: it was never a WebSocket).
    void clientHttpRequest(quint64 id, const QString &method, const QString &target, int status);
    // Handoff mode only: a whole message from a client, in arrival order.
    void clientMessage(quint64 id, bool isText, const QByteArray &payload);
    // The EventSource endpoint: a client's stream opened (it is a client until clientClosed),
    // an event went out, a request was answered without a stream (POST, HEAD, OPTIONS, 4xx).
    void eventStreamOpened(quint64 id, const QString &target, const QString &lastEventId, int replayed);
    void eventPublished(const QString &eventId, const QString &type, int delivered);
    void eventRequestAnswered(quint64 id, const QString &method, const QString &target, int status);

protected:
    void incomingConnection(qintptr descriptor) override;
    void connectNotify(const QMetaMethod &signal) override;
    void disconnectNotify(const QMetaMethod &signal) override;

private:
    // EchoPeerHost
    const protocol::DriverOptions &driverOptions() const override { return m_driverOptions; }
    int handshakeTimeoutMs() const override { return m_options.handshakeTimeoutMs; }
    int closeTimeoutMs() const override { return m_options.closeTimeoutMs; }
    QByteArray &readBuffer() override { return m_readBuffer; }
    qint64 elapsedNs() const override { return m_clock.nsecsElapsed(); }
    void report(LogEvent &&event) override;
    void peerOpened(EchoPeer &peer, const protocol::OpenEvent &event) override;
    void messageReceived(EchoPeer &peer, bool isText, std::string_view payload,
                         const QByteArray &copy) override;
    void peerFinished(EchoPeer &peer, quint16 code, const QString &reason, bool clean) override;
    void peerAnsweredHttp(EchoPeer &peer, const QString &method, const QString &target, int status) override;
    void peerRequestedHttp(EchoPeer &peer, const protocol::HttpRequestHead &request, std::string_view bodyStart) override;
    void peerHttpData(EchoPeer &peer, const char *data, std::size_t size) override;

    // Every message straight back to its sender, now and unchanged, with nothing to count.
    static bool answersInPlace(const EchoServerOptions &options)
    {
        return options.mode == EchoMode::Echo && options.replyDelayMs <= 0 && options.fault.afterMessages == 0
            && !options.eventStream.bridge;
    }
    bool prepareTls();
    bool listenOnHost();
    void buildDriverOptions();
    void schedulePageRefresh();
    void refreshInfoPage();
    void startEventStream();
    void deliver(EchoPeer &from, bool isText, std::string_view payload, const QByteArray &copy);
    void deliverDelayed();
    void pingAll();
    // ClientFault: counts the message just answered; true when the fault is now due.
    bool countTowardsFault(quint64 clientId);
    void injectFault(quint64 clientId, const QString &when);
    void flushReport();
    void updateReporting();
    QList<EchoPeer *> peerList() const;

    // A message waiting out the artificial reply delay.
    struct DelayedMessage {
        quint64 fromId;
        bool isText;
        QByteArray payload;
        qint64 dueNs;
        bool faultDue; // the sender's fault follows this answer
    };

    EchoServerOptions m_options;
    protocol::DriverOptions m_driverOptions;
    QString m_error;
    QUrl m_url;
    QByteArray m_infoPage;
    // The open WebSocket clients the info page lists; the page is rebuilt at most every
    // PageRefreshMs after a change, so a flood of connections does not rebuild it each time.
    QMap<quint64, EchoPageClient> m_pageClients;
    QTimer m_pageTimer;
    QSslConfiguration m_sslConfiguration;
    QSslCertificate m_certificate;
    bool m_selfSigned = false;
    quint64 m_fileLimitBefore = 0;
    quint64 m_fileLimitAfter = 0;

    QHash<quint64, EchoPeer *> m_peers; // children of this server
    quint64 m_nextId = 1;
    QByteArray m_readBuffer;
    QElapsedTimer m_clock;

    bool m_reportTraffic = true;
    EventBatch m_batch;
    QTimer m_reportTimer; // ~16 ms after the first event of a batch
    QTimer m_pingTimer;
    QTimer m_delayTimer;
    std::deque<DelayedMessage> m_delayed;
    quint64 m_pingCounter = 0;
    QHash<quint64, quint64> m_messageCounts; // per client, while a fault counts messages
    EventStreamEndpoint *m_eventStream = nullptr; // a child, while the options ask for it
};

} // namespace wsi::net
