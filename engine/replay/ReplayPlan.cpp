// SPDX-License-Identifier: MIT
#include "replay/ReplayPlan.h"

#include <algorithm>

namespace wsi::replay {

using log::LogEntryKind;
using log::MessageStore;
using net::EventDirection;

namespace {

bool isMessage(const log::LogRecord &record)
{
    return record.kind == LogEntryKind::Text || record.kind == LogEntryKind::Binary;
}

bool isSent(const log::LogRecord &record)
{
    return isMessage(record) && record.direction() == EventDirection::Outgoing;
}

bool isReceived(const log::LogRecord &record)
{
    return isMessage(record) && record.direction() == EventDirection::Incoming;
}

ReplayMessage messageAt(const MessageStore &store, int row, qint64 originNs)
{
    const log::LogRecord &record = store.record(row);
    return ReplayMessage{std::max<qint64>(0, (record.timeNs - originNs) / 1000000), record.kind == LogEntryKind::Binary,
                         store.payloadCopy(row), store.rowNumber(row)};
}

// The attempts' first rows (an Attempt row each; a log without them is one attempt).
QVector<int> attemptStarts(const MessageStore &store)
{
    QVector<int> starts;
    for (int row = 0; row < store.rowCount(); ++row) {
        if (store.record(row).kind == LogEntryKind::Attempt)
            starts << row;
    }
    if (starts.isEmpty() || starts.first() != 0)
        starts.prepend(0);
    return starts;
}

// Where the attempt's connection opened: its successful handshake's row time, else its start.
qint64 openTimeNs(const MessageStore &store, int first, int end)
{
    for (int row = first; row < end; ++row) {
        const log::LogRecord &record = store.record(row);
        if (record.kind == LogEntryKind::Handshake && (record.code == 101 || record.code == 0))
            return record.timeNs;
    }
    return first < end ? store.record(first).timeNs : 0;
}

QString urlOf(const MessageStore &store, int firstRow)
{
    if (firstRow < store.rowCount() && store.record(firstRow).kind == LogEntryKind::Attempt)
        return QString::fromUtf8(store.payload(firstRow).toByteArray());
    return {};
}

} // namespace

ReplayPlan planFromLog(const MessageStore &store, int attempt, QString *error)
{
    const QVector<int> starts = attemptStarts(store);
    ReplayPlan plan;
    plan.attemptCount = int(starts.size());
    auto endOf = [&](int index) { return index + 1 < starts.size() ? starts.at(index + 1) : store.rowCount(); };
    int chosen = attempt - 1;
    if (attempt <= 0) {
        const auto sends = [&](int index) {
            for (int row = starts.at(index); row < endOf(index); ++row) {
                if (isSent(store.record(row)))
                    return true;
            }
            return false;
        };
        chosen = 0;
        while (chosen < starts.size() && !sends(chosen))
            ++chosen;
        if (chosen == starts.size()) {
            if (error)
                *error = QStringLiteral("the log has no sent text or binary message to replay");
            return plan;
        }
    } else if (attempt > starts.size()) {
        if (error)
            *error = QStringLiteral("the log has %1 connection attempt(s), not %2").arg(starts.size()).arg(attempt);
        return plan;
    }
    const int first = starts.at(chosen);
    const int end = endOf(chosen);
    const qint64 originNs = openTimeNs(store, first, end);
    plan.attempt = chosen + 1;
    plan.url = urlOf(store, first);
    for (int row = first; row < end; ++row) {
        const log::LogRecord &record = store.record(row);
        if (isSent(record))
            plan.sends << messageAt(store, row, originNs);
        else if (isReceived(record))
            plan.recorded << messageAt(store, row, originNs);
    }
    if (plan.sends.isEmpty() && error)
        *error = QStringLiteral("connection attempt %1 sent no text or binary message to replay").arg(plan.attempt);
    return plan;
}

ReplayPlan planFromRows(const MessageStore &store, QVector<int> rows, QString *error)
{
    ReplayPlan plan;
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    rows.erase(std::remove_if(rows.begin(), rows.end(), [&](int row) { return row < 0 || row >= store.rowCount(); }),
               rows.end());
    QVector<int> sent;
    std::copy_if(rows.cbegin(), rows.cend(), std::back_inserter(sent), [&](int row) { return isSent(store.record(row)); });
    if (sent.isEmpty()) {
        if (error)
            *error = QStringLiteral("the selection holds no sent text or binary message to replay");
        return plan;
    }
    const qint64 originNs = store.record(sent.first()).timeNs;
    for (int row : sent)
        plan.sends << messageAt(store, row, originNs);
    // The answers: received messages from the first selected row on, until the next send
    // that is not replayed or the attempt's end.
    for (int row = rows.first(); row < store.rowCount(); ++row) {
        const log::LogRecord &record = store.record(row);
        if (record.kind == LogEntryKind::Attempt && row > rows.first())
            break;
        if (isSent(record) && row > sent.last())
            break;
        if (isReceived(record) && store.record(row).timeNs >= originNs)
            plan.recorded << messageAt(store, row, originNs);
    }
    // The URL: the boundary row of the attempt the selection is in.
    for (int row = rows.first(); row >= 0; --row) {
        if (store.record(row).kind == LogEntryKind::Attempt) {
            plan.url = urlOf(store, row);
            break;
        }
    }
    return plan;
}

} // namespace wsi::replay
