// SPDX-License-Identifier: MIT
#include "ConnectionHarness.h"

#include <QTest>

namespace wsi::test {

using namespace wsi::net;

ConnectionHarness::ConnectionHarness(ConnectionOptions options, QObject *parent) : QObject(parent)
{
    auto *connection = new Connection(std::move(options));
    connect(connection, &Connection::eventsReady, this, [this](const EventBatch &batch) {
        ++batches;
        events += batch;
        unacknowledged += int(batch.size());
        if (acknowledge)
            acknowledgeAll();
    });
    connect(connection, &Connection::stateChanged, this,
            [this](ConnectionState state, qint64 timeNs) { states.append({state, timeNs}); });
    connect(connection, &Connection::errorOccurred, this, [this](const ConnectionError &error) { errors.append(error); });
    connect(connection, &Connection::handshakeFinished, this, [this](const HandshakeInfo &info) { handshakes.append(info); });
    connect(connection, &Connection::tlsReportReady, this, [this](const TlsReport &report) { tlsReports.append(report); });
    connect(connection, &Connection::closed, this, [this](const CloseInfo &info) { closes.append(info); });
    connect(connection, &Connection::latencySample, this, [this](const PingSample &sample, const PingStats &stats) {
        pingSamples.append(sample);
        lastPingStats = stats;
    });
    connect(connection, &Connection::snapshotChanged, this,
            [this](const ConnectionSnapshot &snapshot) { lastSnapshot = snapshot; });
    connect(connection, &Connection::reconnectScheduled, this, [this](int, int delayMs) { reconnectDelays.append(delayMs); });
    connect(connection, &Connection::reconnectCountdown, this, [this](int, int msLeft) { countdowns.append(msLeft); });
    connect(connection, &Connection::finished, this, [this] { finished = true; });
    m_thread = std::make_unique<ConnectionThread>(connection);
}

ConnectionHarness::~ConnectionHarness() = default;

void ConnectionHarness::acknowledgeAll()
{
    m_thread->connection()->eventsConsumed(std::exchange(unacknowledged, 0));
}

bool ConnectionHarness::waitOpen(int timeoutMs)
{
    const auto isOpen = [this] {
        for (const auto &state : states) {
            if (state.first == ConnectionState::Open)
                return true;
        }
        return false;
    };
    return QTest::qWaitFor([&] { return isOpen() || !closes.isEmpty(); }, timeoutMs) && isOpen();
}

bool ConnectionHarness::waitClosed(int timeoutMs)
{
    return QTest::qWaitFor([this] { return !closes.isEmpty(); }, timeoutMs);
}

bool ConnectionHarness::waitFinished(int timeoutMs)
{
    return QTest::qWaitFor([this] { return finished; }, timeoutMs);
}

bool ConnectionHarness::waitMessages(int count, int timeoutMs)
{
    return QTest::qWaitFor(
        [&] { return eventsOf(EventKind::Message, EventDirection::Incoming).size() >= count || !closes.isEmpty(); }, timeoutMs)
           && eventsOf(EventKind::Message, EventDirection::Incoming).size() >= count;
}

QVector<LogEvent> ConnectionHarness::eventsOf(EventKind kind, EventDirection direction) const
{
    QVector<LogEvent> out;
    for (const LogEvent &event : events) {
        if (event.kind == kind && event.direction == direction)
            out.append(event);
    }
    return out;
}

QStringList ConnectionHarness::messageTexts(EventDirection direction) const
{
    QStringList out;
    for (const LogEvent &event : eventsOf(EventKind::Message, direction))
        out.append(QString::fromUtf8(event.payload));
    return out;
}

QVector<ConnectionState> ConnectionHarness::statesSeen() const
{
    QVector<ConnectionState> out;
    for (const auto &state : states)
        out.append(state.first);
    return out;
}

} // namespace wsi::test
