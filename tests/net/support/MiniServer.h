// SPDX-License-Identifier: MIT
#pragma once
// A scripted WebSocket (or not quite) server for the client's integration tests, on the
// test's own thread: it can stay silent, answer with canned bytes, echo, ignore pings,
// stop reading, flood, or close, over plain TCP or TLS (optionally asking for a client
// certificate). WebSocket behaviours use a server-role protocol::Driver.
#include "protocol/Driver.h"

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QObject>
#include <QPointer>
#include <QSslCertificate>
#include <QSslKey>
#include <QStringList>
#include <QTcpServer>

#include <memory>
#include <vector>

class QTcpSocket;

namespace wsi::test {

class MiniServer : public QTcpServer
{
    Q_OBJECT
public:
    enum class Behaviour {
        Silent,         // accepts and reads, never answers
        Canned,         // answers the request head with `canned`, then closes (or not)
        CannedAtOnce,   // answers the first bytes, whatever they are, with `canned`, then closes
                        // (or not): an HTTP server refusing what it cannot parse
        Echo,           // a WebSocket echo server
        NoPong,         // upgrades, answers nothing afterwards (no pongs either)
        StopReading,    // upgrades, then stops reading: the client's writes pile up
        Flood,          // upgrades, sends floodCount messages of floodSize bytes, closes 1000
        CloseAfterOpen, // upgrades, then starts the close handshake with closeCode
        DropAfterOpen,  // upgrades, then drops TCP without a close frame
        NoCloseAnswer,  // upgrades, echoes, but never answers a close frame
        Greeter,        // upgrades, sends `greetings`, closes 1000 once as many came back
    };

    struct Options {
        Behaviour behaviour = Behaviour::Echo;
        QByteArray canned;
        bool closeAfterCanned = true;
        int floodCount = 0;
        int floodSize = 64;
        bool floodText = false;
        quint16 closeCode = 1000;
        QByteArray closeReason;
        QList<QPair<bool, QByteArray>> greetings; // (text?, payload)
        QByteArray afterGreetings;                // raw bytes the Greeter writes after them
        std::vector<std::string> subprotocols;
        bool deflate = false;
        // TLS
        bool tls = false;
        QList<QSslCertificate> certificateChain;
        QSslKey privateKey;
        bool requireClientCertificate = false;
        QList<QSslCertificate> clientCas;
    };

    // A wss:// echo server showing this chain (leaf first) with the leaf's key.
    static Options tlsEcho(const QList<QSslCertificate> &chain, const QSslKey &key)
    {
        Options options;
        options.tls = true;
        options.certificateChain = chain;
        options.privateKey = key;
        return options;
    }

    explicit MiniServer(Options options, QObject *parent = nullptr);
    ~MiniServer() override;

    bool start(const QHostAddress &address = QHostAddress::LocalHost);
    // "ws://127.0.0.1:PORT/path" (wss:// with TLS; `host` replaces 127.0.0.1).
    QString url(const QString &path = QStringLiteral("/"), const QString &host = QString()) const;

    int connectionCount() const { return m_connectionCount; }
    const QByteArray &lastRequest() const { return m_lastRequest; } // raw bytes of the last client's head
    const QList<QByteArray> &receivedMessages() const { return m_messages; }
    int pingsReceived() const { return m_pings; }
    const Options &options() const { return m_options; }

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    class Session;
    friend class Session;

    Options m_options;
    int m_connectionCount = 0;
    QByteArray m_lastRequest;
    QList<QByteArray> m_messages;
    int m_pings = 0;
    QList<QPointer<QObject>> m_sessions;
};

} // namespace wsi::test
