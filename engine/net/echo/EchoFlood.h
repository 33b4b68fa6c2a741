// SPDX-License-Identifier: MIT
#pragma once
// The built-in server's /flood path: a client that opens
//   ws://HOST:PORT/flood?count=N&size=S&rate=R&type=text|binary
// gets N messages of S bytes (default 1000 x 64, binary), R a second (default 0: as fast
// as it reads), then a close 1000 "flood done". For trying a client's throughput
// (`wsinspect-cli connect .../flood --count`) or a log under load. Sending waits while the
// client has not read what went before (the transport's queue), so a slow client is
// flooded at its own pace and the server's memory stays bounded.
#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <optional>

namespace wsi::net {

class EchoPeer;

struct FloodRequest {
    qint64 count = 1000;
    int size = 64;
    double rate = 0; // messages a second; 0: as fast as the client reads
    bool text = false;

    // From the request's path and query: nothing when the path is not /flood, else the
    // request or what is wrong with it.
    static std::optional<FloodRequest> fromTarget(const QString &path, const QString &query, QString &error);
};

class EchoFlood : public QObject
{
    Q_OBJECT
public:
    // Queued output above this waits for the client to read.
    static constexpr qint64 HighWaterBytes = 4 * 1024 * 1024;

    EchoFlood(EchoPeer &peer, FloodRequest request, QObject *parent = nullptr);

    qint64 sent() const { return m_sent; }

private:
    void sendSome();

    QPointer<EchoPeer> m_peer;
    FloodRequest m_request;
    QByteArray m_payload;
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_sent = 0;
};

} // namespace wsi::net
