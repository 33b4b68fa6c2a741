// SPDX-License-Identifier: MIT
#pragma once
// A TrafficSource for the tab's tests that is not a Connection: it plays a fixed script
// when opened and logs what it is asked to send, on its worker thread like a real source.
#include "net/source/TrafficSource.h"

namespace wsi::test {

// Opened, it reports: the state Open, three messages, a ping sample, two more messages,
// then (with failsAfterScript) an error, the close the error forced, the state Closed and
// finished. Like a proxied flow's server leg, its rows say which leg they are on.
class ScriptedSource : public net::TrafficSource
{
public:
    explicit ScriptedSource(bool failsAfterScript = true) : m_failsAfterScript(failsAfterScript) {}

    net::SourceCapabilities capabilities() const override
    {
        net::SourceCapabilities can;
        can.sendsMessages = true;
        return can;
    }

    void open() override
    {
        reports().post(net::StateReport{net::ConnectionState::Open, ++m_clock});
        for (int i = 0; i < 3; ++i)
            message(i);
        net::PingReport ping;
        ping.sample.rttNs = 1500000;
        ping.stats.recordSent();
        ping.stats.recordReply(ping.sample.rttNs, ping.sample);
        reports().post(ping);
        message(3);
        message(4);
        if (!m_failsAfterScript)
            return;
        net::ConnectionError error;
        error.phase = net::ErrorPhase::Protocol;
        error.id = QStringLiteral("reserved-opcode");
        error.message = QStringLiteral("frame uses reserved opcode 0x3");
        error.timeNs = ++m_clock;
        reports().post(error);
        end(1002);
    }
    void close(int code, const QString &) override { end(quint16(code)); }
    void abort() override { end(1006); }
    void sendText(const QByteArray &utf8, int) override
    {
        net::LogEvent &row = reports().appendEvent(net::EventKind::Message, net::EventDirection::Outgoing, ++m_clock);
        row.isText = true;
        row.payload = utf8;
        row.length = quint64(utf8.size());
        reports().flush();
    }

protected:
    qint64 reportTimeNs() const override { return m_clock; }

private:
    void message(int i)
    {
        net::LogEvent &row = reports().appendEvent(net::EventKind::Message, net::EventDirection::Incoming, ++m_clock);
        row.leg = net::TrafficLeg::Server;
        row.isText = true;
        row.payload = QByteArray::number(i);
        row.length = quint64(row.payload.size());
    }

    void end(quint16 code)
    {
        net::CloseInfo close;
        close.code = code;
        close.timeNs = ++m_clock;
        reports().post(close);
        reports().post(net::StateReport{net::ConnectionState::Closed, m_clock});
        reports().post(net::FinishedReport{});
    }

    bool m_failsAfterScript;
    qint64 m_clock = 0;
};

} // namespace wsi::test
