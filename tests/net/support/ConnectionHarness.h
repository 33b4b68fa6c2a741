// SPDX-License-Identifier: MIT
#pragma once
// Runs a net::Connection on its worker thread the way the GUI does and records everything
// it reports, on the test's thread, for assertions.
#include "net/ConnectionThread.h"

#include <QObject>
#include <QVector>

#include <memory>

namespace wsi::test {

class ConnectionHarness : public QObject
{
    Q_OBJECT
public:
    explicit ConnectionHarness(net::ConnectionOptions options, QObject *parent = nullptr);
    ~ConnectionHarness() override;

    net::ConnectionThread &thread() { return *m_thread; }
    void open() { m_thread->open(); }

    // Each waits at most `timeoutMs` and returns whether the awaited thing happened.
    bool waitOpen(int timeoutMs = 10000);
    bool waitClosed(int timeoutMs = 10000);
    bool waitFinished(int timeoutMs = 10000);
    bool waitMessages(int count, int timeoutMs = 10000);

    QVector<net::LogEvent> eventsOf(net::EventKind kind, net::EventDirection direction) const;
    QStringList messageTexts(net::EventDirection direction = net::EventDirection::Incoming) const;
    QString firstErrorMessage() const { return errors.isEmpty() ? QString() : errors.first().message; }
    QString firstErrorId() const { return errors.isEmpty() ? QString() : errors.first().id; }
    QVector<net::ConnectionState> statesSeen() const;

    QVector<net::LogEvent> events;
    QVector<QPair<net::ConnectionState, qint64>> states;
    QVector<net::ConnectionError> errors;
    QVector<net::HandshakeInfo> handshakes;
    QVector<net::TlsReport> tlsReports;
    QVector<net::CloseInfo> closes;
    QVector<net::PingSample> pingSamples;
    net::PingStats lastPingStats;
    net::ConnectionSnapshot lastSnapshot;
    QVector<int> reconnectDelays;
    QVector<int> countdowns;
    int batches = 0;
    bool finished = false;
    // Whether each batch is acknowledged (Connection::eventsConsumed) as it arrives.
    bool acknowledge = true;
    int unacknowledged = 0;
    void acknowledgeAll();

private:
    std::unique_ptr<net::ConnectionThread> m_thread;
};

} // namespace wsi::test
