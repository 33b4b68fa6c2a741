// SPDX-License-Identifier: MIT
#pragma once
// Request/response latency for JSON messages matched by an id field (JSON-RPC's "id" by
// default): an outgoing text message whose JSON object (or batch array of objects) has the
// field starts a timer at its LogEvent::timeNs; an incoming one with the same id value
// stops it. Keeps the count, the latencies for avg and p99, and the last few matches.
// Messages that do not mention the field are skipped before any JSON parsing.
// With a correlator (the tab's decoder, see setCorrelator) a message the application
// protocol pairs (JSON-RPC ids, Socket.IO acks, graphql operation ids, MQTT packet ids) is
// matched by its decoded key and role instead, in either direction.
#include "decode/Decoded.h"
#include "net/LogEvent.h"

#include <functional>

#include <QByteArray>
#include <QHash>
#include <QQueue>
#include <QString>
#include <QStringList>
#include <QVector>

namespace wsi::ui {

struct RequestMatch {
    QString id;        // the id as JSON: 7, "a1"
    qint64 requestNs = 0;
    qint64 latencyNs = 0;
};

class RequestMatcher
{
public:
    static constexpr int MaxPending = 10000; // requests still waiting; the oldest go first
    static constexpr int MaxKept = 10000;    // latencies kept for the percentile
    static constexpr int RecentCount = 5;

    using Correlator = std::function<decode::Correlation(const net::LogEvent &)>;

    RequestMatcher();

    // Asks `correlator` first for each message; an invalid correlation falls back to the id
    // field. Keys of different protocols must differ (RowDecoder prefixes the protocol).
    void setCorrelator(Correlator correlator) { m_correlator = std::move(correlator); }

    // Starts over with another field name (matches and waiting requests are dropped).
    void setIdField(const QString &field);
    const QString &idField() const { return m_field; }

    void add(const net::EventBatch &batch);
    void add(const net::LogEvent &event);
    void clear();

    int count() const { return m_count; }
    int pending() const { return int(m_pending.size()); }
    qint64 avgNs() const;
    qint64 p99Ns() const;
    // Newest last.
    const QVector<RequestMatch> &recent() const { return m_recent; }

    // The id values (as JSON text) of `field` in a JSON object, or in each object of a
    // JSON array; empty for anything else. Null ids do not count (JSON-RPC notifications).
    static QStringList idsIn(const QByteArray &json, const QString &field);

private:
    static QStringList idsIn(const QByteArray &json, const QString &field, const QByteArray &fieldUtf8);
    struct Waiting {
        qint64 timeNs = 0;
        quint64 serial = 0;
    };
    void request(const QString &id, qint64 timeNs);
    void response(const QString &id, qint64 timeNs);

    Correlator m_correlator;
    QString m_field;
    QByteArray m_fieldUtf8;
    QByteArray m_needle; // "\"id\"" as UTF-8: the cheap test before parsing
    QHash<QString, Waiting> m_pending;
    QQueue<QPair<QString, quint64>> m_order; // for dropping the oldest waiting request
    quint64 m_serial = 0;
    QVector<qint64> m_latencies; // the last MaxKept
    double m_sumNs = 0;
    int m_count = 0;
    QVector<RequestMatch> m_recent;
};

} // namespace wsi::ui
