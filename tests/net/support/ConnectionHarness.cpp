// SPDX-License-Identifier: MIT
#include "ConnectionHarness.h"

#include <QTest>

namespace wsi::test {

using namespace wsi::net;

ConnectionHarness::ConnectionHarness(ConnectionOptions options, QObject *parent) : QObject(parent)
{
    auto *connection = new Connection(std::move(options));
    connect(connection, &TrafficSource::reported, this, &ConnectionHarness::onReports);
    m_thread = std::make_unique<SourceThread>(connection);
}

void ConnectionHarness::onReports(const ReportBatch &batch)
{
    ++batches;
    reports += batch;
    walkReports(batch, [this](const EventBatch &rows) { events += rows; },
                Overloaded{[this](const AttemptReport &report) { attempts.append(report); },
                           [this](const StateReport &report) { states.append({report.state, report.timeNs}); },
                           [this](const ConnectionError &error) { errors.append(error); },
                           [this](const HandshakeInfo &info) { handshakes.append(info); },
                           [this](const TlsReport &report) { tlsReports.append(report); },
                           [this](const CloseInfo &info) { closes.append(info); },
                           [this](const PingReport &report) {
                               pingSamples.append(report.sample);
                               lastPingStats = report.stats;
                           },
                           [this](const ConnectionSnapshot &snapshot) { lastSnapshot = snapshot; },
                           [this](const ReconnectReport &report) {
                               (report.countdown ? countdowns : reconnectDelays).append(report.delayMs);
                           },
                           [this](const FinishedReport &) { finished = true; }});
    unacknowledged += logRowCount(batch);
    if (acknowledge)
        acknowledgeAll();
}

ConnectionHarness::~ConnectionHarness() = default;

void ConnectionHarness::acknowledgeAll()
{
    m_thread->source()->rowsConsumed(std::exchange(unacknowledged, 0));
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

QString ConnectionHarness::arrived() const
{
    QString text = QStringLiteral("arrived: %1 TLS report(s)").arg(tlsReports.size());
    if (!tlsReports.isEmpty()) {
        const TlsReport &report = tlsReports.first();
        text += QStringLiteral(" (first: \"%1\", %2 certificate(s), handshake %3)")
                    .arg(report.message)
                    .arg(report.chain.size())
                    .arg(report.handshakeCompleted ? QStringLiteral("completed") : QStringLiteral("not completed"));
    }
    text += QStringLiteral(", %1 error(s)").arg(errors.size());
    if (!errors.isEmpty()) {
        const ConnectionError &error = errors.first();
        text += QStringLiteral(" (first: %1 %2: \"%3\")")
                    .arg(QLatin1String(errorPhaseName(error.phase)), error.id, error.message);
    }
    text += QStringLiteral(", %1 handshake(s), %2 close(s)").arg(handshakes.size()).arg(closes.size());
    if (!closes.isEmpty()) {
        const CloseInfo &close = closes.first();
        text += QStringLiteral(" (first: %1 \"%2\", %3)")
                    .arg(close.code)
                    .arg(close.reason, close.clean ? QStringLiteral("clean") : QStringLiteral("not clean"));
    }
    QStringList names;
    for (const auto &state : states)
        names.append(QLatin1String(connectionStateName(state.first)));
    text += QStringLiteral(", %1 event(s), states: %2%3")
                .arg(events.size())
                .arg(names.isEmpty() ? QStringLiteral("none") : names.join(QStringLiteral(" > ")),
                     finished ? QStringLiteral(", finished") : QStringLiteral(", not finished"));
    return text;
}

} // namespace wsi::test
