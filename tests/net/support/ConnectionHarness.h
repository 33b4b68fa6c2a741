// SPDX-License-Identifier: MIT
#pragma once
// Runs a net::Connection on its worker thread the way the GUI does and records everything
// it reports, on the test's thread, for assertions: the raw report stream in order, and
// each kind of update and the log rows (walkReports) in lists of their own.
#include "net/Connection.h"
#include "net/source/SourceThread.h"

#include <QObject>
#include <QVector>

#include <memory>

// Fail the test, instead of crashing on .first()/.at() of an empty list, when a report did
// not arrive: `list` is one of the harness's lists (tlsReports, errors, closes, ...). The
// message says what was expected and what arrived (ConnectionHarness::arrived()).
#define WSI_VERIFY_ARRIVED(harness, list, atLeast)                                                          \
    QVERIFY2((harness).list.size() >= (atLeast),                                                           \
             qPrintable(QStringLiteral("expected at least %1 of " #list "; ").arg(atLeast) + (harness).arrived()))
#define WSI_COMPARE_ARRIVED(harness, list, count)                                                           \
    QVERIFY2((harness).list.size() == (count),                                                             \
             qPrintable(QStringLiteral("expected exactly %1 of " #list "; ").arg(count) + (harness).arrived()))

namespace wsi::test {

class ConnectionHarness : public QObject
{
    Q_OBJECT
public:
    explicit ConnectionHarness(net::ConnectionOptions options, QObject *parent = nullptr);
    ~ConnectionHarness() override;

    net::SourceThread &thread() { return *m_thread; }
    // The source as what it is, for a test that calls a Connection-only slot; it lives on
    // the worker thread, so call it through QMetaObject::invokeMethod.
    net::Connection *connection() const { return static_cast<net::Connection *>(m_thread->source()); }
    void open() { m_thread->open(); }

    // Each waits at most `timeoutMs` and returns whether the awaited thing happened.
    bool waitOpen(int timeoutMs = 10000);
    bool waitClosed(int timeoutMs = 10000);
    bool waitFinished(int timeoutMs = 10000);
    bool waitMessages(int count, int timeoutMs = 10000);

    QVector<net::LogEvent> eventsOf(net::EventKind kind, net::EventDirection direction) const;
    QStringList messageTexts(net::EventDirection direction = net::EventDirection::Incoming) const;
    QString firstErrorMessage() const { return firstError().message; }
    QString firstErrorId() const { return firstError().id; }
    // The first of each kind, or an empty one (and a warning that says what did arrive) when
    // none came: the test then fails on its comparison with a message instead of crashing.
    const net::ConnectionError &firstError() const { return firstOf(errors, "error"); }
    const net::CloseInfo &firstClose() const { return firstOf(closes, "close"); }
    const net::HandshakeInfo &firstHandshake() const { return firstOf(handshakes, "handshake"); }
    const net::TlsReport &firstTlsReport() const { return firstOf(tlsReports, "TLS report"); }
    QVector<net::ConnectionState> statesSeen() const;
    // What arrived so far, in one line, for failure messages: how many TLS reports (and the
    // first one's verdict), errors (and the first one), handshakes, closes, and the states.
    QString arrived() const;

    QVector<net::SourceReport> reports; // everything, in the order it came
    QVector<net::LogEvent> events;      // the log rows, errors and closes included
    QVector<net::AttemptReport> attempts;
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
    // Whether each batch is acknowledged (TrafficSource::reportsConsumed) as it arrives.
    bool acknowledge = true;
    int unacknowledged = 0;
    void acknowledgeAll();

private:
    template <typename T> const T &firstOf(const QVector<T> &list, const char *what) const
    {
        static const T none;
        if (!list.isEmpty())
            return list.first();
        qWarning("no %s arrived; %s", what, qPrintable(arrived()));
        return none;
    }
    void onReports(const net::ReportBatch &batch);

    std::unique_ptr<net::SourceThread> m_thread;
};

} // namespace wsi::test
