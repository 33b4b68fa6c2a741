// SPDX-License-Identifier: MIT
#include "files/session/SessionRecorder.h"

#include "files/session/SessionFile.h"

#include <QCoreApplication>
#include <QDateTime>

#include <vector>

namespace wsi::log {

SessionRecorder::SessionRecorder(const QString &title, const net::ConnectionOptions &options)
{
    m_header.title = title;
    m_header.options = options;
    m_header.panelUrl = options.url;
    m_store.setStartedAt(QDateTime::currentDateTime());
}

void SessionRecorder::record(const net::ReportBatch &batch)
{
    net::forEachReport(
        batch,
        [this](const net::EventBatch &rows) {
            if (m_attemptOffsetNs == 0) {
                m_store.append(rows);
                return;
            }
            net::EventBatch placed = rows; // shares the payloads
            for (net::LogEvent &row : placed)
                row.timeNs += m_attemptOffsetNs;
            m_store.append(placed);
        },
        [this](const net::SourceReport &update) {
            if (const auto *attempt = std::get_if<net::AttemptReport>(&update))
                placeAttempt(*attempt);
            m_panels.record(update);
        });
}

void SessionRecorder::placeAttempt(const net::AttemptReport &attempt)
{
    if (m_originSteadyNs < 0) {
        m_originSteadyNs = attempt.steadyNs;
        m_store.setStartedAt(QDateTime::currentDateTime());
        return;
    }
    m_attemptOffsetNs = std::max<qint64>(0, attempt.steadyNs - m_originSteadyNs);
}

bool SessionRecorder::save(const QString &path, bool includeSecrets, QString *error) const
{
    SessionTabState state = m_panels.state();
    state.title = m_header.title;
    state.options = m_header.options;
    state.panelUrl = m_header.panelUrl;
    SessionSaveOptions options;
    options.includeSecrets = includeSecrets;
    options.applicationVersion = QCoreApplication::applicationVersion();
    return SessionFile::save(path, {SessionTabSource{&state, &m_store, nullptr}}, options, error);
}

bool SessionRecorder::saveAll(const QString &path, const QVector<const SessionRecorder *> &recorders, bool includeSecrets,
                              QString *error)
{
    std::vector<SessionTabState> states;
    states.reserve(std::size_t(recorders.size()));
    QVector<SessionTabSource> tabs;
    for (const SessionRecorder *recorder : recorders) {
        SessionTabState state = recorder->m_panels.state();
        state.title = recorder->m_header.title;
        state.options = recorder->m_header.options;
        state.panelUrl = recorder->m_header.panelUrl;
        states.push_back(std::move(state));
    }
    for (std::size_t i = 0; i < states.size(); ++i)
        tabs.append(SessionTabSource{&states[i], &recorders.at(qsizetype(i))->m_store, nullptr});
    SessionSaveOptions options;
    options.includeSecrets = includeSecrets;
    options.applicationVersion = QCoreApplication::applicationVersion();
    return SessionFile::save(path, tabs, options, error);
}

} // namespace wsi::log
