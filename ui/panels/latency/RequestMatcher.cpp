// SPDX-License-Identifier: MIT
#include "ui/panels/latency/RequestMatcher.h"

#include "ui/panels/latency/JsonIdScanner.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>

#include <algorithm>
#include <cmath>

namespace wsi::ui {

namespace {

QString idText(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return QLatin1Char('"') + value.toString() + QLatin1Char('"');
    case QJsonValue::Double:
        return JsonIdScanner::numberText(value.toDouble());
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    default:
        return {}; // null, objects and arrays are not ids
    }
}

} // namespace

RequestMatcher::RequestMatcher()
{
    setIdField(QStringLiteral("id"));
}

void RequestMatcher::setIdField(const QString &field)
{
    m_field = field;
    m_fieldUtf8 = field.toUtf8();
    m_needle = QByteArray("\"") + m_fieldUtf8 + QByteArray("\"");
    clear();
}

void RequestMatcher::clear()
{
    m_pending.clear();
    m_order.clear();
    m_latencies.clear();
    m_recent.clear();
    m_sumNs = 0;
    m_count = 0;
}

QStringList RequestMatcher::idsIn(const QByteArray &json, const QString &field)
{
    return idsIn(json, field, field.toUtf8());
}

QStringList RequestMatcher::idsIn(const QByteArray &json, const QString &field, const QByteArray &fieldUtf8)
{
    QStringList ids;
    // The common case (one object, plain id) without a document: a flood stays cheap.
    QString id;
    switch (JsonIdScanner::scan(json, fieldUtf8, &id)) {
    case JsonIdScanner::Result::Found:
        return {id};
    case JsonIdScanner::Result::Absent:
        return ids;
    case JsonIdScanner::Result::Unsure:
        break;
    }
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        return ids;
    const auto collect = [&](const QJsonObject &object) {
        const auto it = object.constFind(field);
        if (it != object.constEnd()) {
            const QString id = idText(it.value());
            if (!id.isEmpty())
                ids << id;
        }
    };
    if (document.isObject()) {
        collect(document.object());
    } else if (document.isArray()) {
        // JSON-RPC batches: each call and each response has its own id.
        const QJsonArray array = document.array();
        for (const QJsonValue &item : array) {
            if (item.isObject())
                collect(item.toObject());
        }
    }
    return ids;
}

void RequestMatcher::add(const net::EventBatch &batch)
{
    for (const net::LogEvent &event : batch)
        add(event);
}

void RequestMatcher::add(const net::LogEvent &event)
{
    if (m_correlator && event.kind == net::EventKind::Message) {
        const decode::Correlation correlation = m_correlator(event);
        if (correlation.isValid()) {
            if (correlation.role == decode::CorrelationRole::Request)
                request(correlation.key, event.timeNs);
            else
                response(correlation.key, event.timeNs);
            return;
        }
    }
    if (event.kind != net::EventKind::Message || !event.isText || m_field.isEmpty())
        return;
    if (event.direction == net::EventDirection::Local || !event.payload.contains(m_needle))
        return;
    const bool outgoing = event.direction == net::EventDirection::Outgoing;
    if (!outgoing && m_pending.isEmpty())
        return; // nothing to answer: skip the parse
    const QStringList ids = idsIn(event.payload, m_field, m_fieldUtf8);
    for (const QString &id : ids) {
        if (outgoing)
            request(id, event.timeNs);
        else
            response(id, event.timeNs);
    }
}

void RequestMatcher::request(const QString &id, qint64 timeNs)
{
    // A reused id restarts its timer: the newest request is the one a reply answers.
    const quint64 serial = ++m_serial;
    m_pending.insert(id, Waiting{timeNs, serial});
    m_order.enqueue({id, serial});
    while (m_order.size() > MaxPending) {
        const auto oldest = m_order.dequeue();
        const auto it = m_pending.constFind(oldest.first);
        if (it != m_pending.constEnd() && it->serial == oldest.second)
            m_pending.erase(it);
    }
}

void RequestMatcher::response(const QString &id, qint64 timeNs)
{
    const auto it = m_pending.constFind(id);
    if (it == m_pending.constEnd())
        return;
    RequestMatch match;
    match.id = id;
    match.requestNs = it->timeNs;
    match.latencyNs = std::max<qint64>(0, timeNs - it->timeNs);
    m_pending.erase(it);
    ++m_count;
    m_sumNs += double(match.latencyNs);
    if (m_latencies.size() >= MaxKept)
        m_latencies.remove(0, MaxKept / 10);
    m_latencies.append(match.latencyNs);
    if (m_recent.size() >= RecentCount)
        m_recent.removeFirst();
    m_recent.append(match);
}

qint64 RequestMatcher::avgNs() const
{
    return m_count ? qint64(m_sumNs / m_count) : 0;
}

// Nearest rank, like PingStats::p99Ns.
qint64 RequestMatcher::p99Ns() const
{
    if (m_latencies.isEmpty())
        return 0;
    QVector<qint64> sorted = m_latencies;
    const auto rank = qsizetype(std::ceil(0.99 * double(sorted.size()))) - 1;
    std::nth_element(sorted.begin(), sorted.begin() + rank, sorted.end());
    return sorted.at(rank);
}

} // namespace wsi::ui
