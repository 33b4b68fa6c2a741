// SPDX-License-Identifier: MIT
#include "SseRun.h"

#include "net/Connection.h"

#include <QCoreApplication>

#include <cstdio>

using namespace wsi::net;

SseRun::SseRun(ConnectionOptions options, EventPrinter::Settings printing, qint64 maxEvents, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_printer(printing)
    , m_maxEvents(maxEvents)
{
    connect(&m_interrupts, &InterruptWatcher::interrupted, this, [this](int, int count) { onInterrupted(count); });
}

SseRun::~SseRun() = default;

void SseRun::start()
{
    auto *connection = new Connection(m_options);
    connect(connection, &TrafficSource::reported, this, &SseRun::onReports);
    m_thread = std::make_unique<SourceThread>(connection);
    m_thread->open();
}

void SseRun::onReports(const ReportBatch &batch)
{
    m_thread->source()->reportsConsumed(batch);
    walkReports(batch, [this](const EventBatch &rows) { onRows(rows); },
                Overloaded{
                    [this](const AttemptReport &) { m_errors.clear(); },
                    [this](const StateReport &report) {
                        m_printer.printState(report.state, report.timeNs, QString(), TrafficKind::EventSource);
                    },
                    [this](const HandshakeInfo &info) { m_printer.printHandshake(info, info.timeNs); },
                    [this](const TlsReport &report) { m_printer.printTlsReport(report); },
                    [this](const ConnectionError &error) {
                        m_errors.append(error);
                        m_printer.printError(error);
                    },
                    [this](const CloseInfo &close) { m_close = close; },
                    [this](const ReconnectReport &report) {
                        if (report.countdown)
                            return;
                        // Why it ended, then when it comes back: as a browser would, silently.
                        const QString why = !m_errors.isEmpty() ? m_errors.last().message : m_close.reason;
                        m_printer.printReconnect(why, report, m_options.eventSource.maxAttempts);
                    },
                    [this](const FinishedReport &) { onFinished(); },
                    [](const auto &) {},
                });
}

void SseRun::onRows(const EventBatch &rows)
{
    for (const LogEvent &row : rows) {
        if (m_stopRequested)
            break;
        m_printer.printBatch(EventBatch{row});
        if (row.kind == EventKind::ServerEvent && m_maxEvents > 0 && ++m_events >= m_maxEvents) {
            m_stopRequested = true;
            m_thread->close();
        }
    }
}

void SseRun::onInterrupted(int count)
{
    if (count > 1 || !m_thread) {
        QCoreApplication::exit(130);
        return;
    }
    m_stopRequested = true;
    m_thread->close(); // ends the stream and any reconnect: finished follows
}

void SseRun::onFinished()
{
    if (m_finished)
        return;
    m_finished = true;
    m_printer.flush();
    int status = ExitOk;
    if (!m_stopRequested && !m_errors.isEmpty()) {
        if (!m_printer.printsErrorsAsTheyHappen())
            EventPrinter::printFailure(m_errors.last().message, m_errors.last().hint);
        status = ExitFailed;
    }
    Q_EMIT done(status);
}
