// SPDX-License-Identifier: MIT
#pragma once
// Any kind of traffic the inspector shows: a client Connection today; a proxied flow (two
// legs: the app's side and the server's side), an EventSource stream or a replayed session
// next. A source lives on a worker thread (SourceThread) and emits one ordered stream of
// ReportBatches (SourceReport.h); the tab (its panels and their recorder) and the CLI read that one
// stream. Each log event says its leg (LogEvent::leg) and direction.
//
// Commands are slots, called with Qt::QueuedConnection from another thread. What a source
// can do is in capabilities(), read by the UI to enable its controls; a command a source
// cannot carry out is answered with an Info row that says so, never silently dropped.
//
// Threads: constructed anywhere, then moved to its worker; capabilities() and
// reportsConsumed() are thread-safe, everything else runs on the worker.
#include "net/source/ReportBatcher.h"
#include "protocol/RawFrame.h"

#include <QObject>

namespace wsi::net {

struct SourceCapabilities {
    bool sendsMessages = false; // text and binary, fragmented or not
    bool sendsControlFrames = false; // ping, pong, close with a code
    bool sendsRawFrames = false;
    bool pings = false;         // timed pings and keepalive (the latency panel)
    bool reconnects = false;    // auto-reconnect can be cancelled
};

class TrafficSource : public QObject
{
    Q_OBJECT
public:
    explicit TrafficSource(QObject *parent = nullptr);
    ~TrafficSource() override;

    virtual SourceCapabilities capabilities() const = 0;

    // Thread-safe: the consumer has taken `batch` (its log rows leave the in-flight count,
    // see ReportBatcher). Cheap; call it once per batch when flow control is on.
    void reportsConsumed(const ReportBatch &batch) { rowsConsumed(logRowCount(batch)); }
    // The same, counted by the consumer (logRowCount of what it took).
    void rowsConsumed(int rows);

public Q_SLOTS:
    virtual void open() = 0;
    // Ends the traffic politely (a close handshake where there is one).
    virtual void close(int code = 1000, const QString &reason = QString()) = 0;
    // Drops the transport at once; cancels any reconnect.
    virtual void abort() = 0;
    virtual void sendText(const QByteArray &utf8, int fragments = 1);
    virtual void sendBinary(const QByteArray &data, int fragments = 1);
    virtual void sendPing(const QByteArray &payload);
    virtual void sendPong(const QByteArray &payload);
    virtual void sendRawFrame(const wsi::protocol::RawFrame &frame);
    virtual void setAutoPong(bool enabled);
    virtual void setPingInterval(int ms);
    virtual void cancelReconnect();

Q_SIGNALS:
    void reported(const wsi::net::ReportBatch &batch);

protected:
    ReportBatcher &reports() { return m_reports; }
    // The clock events are stamped with (ns since the source started).
    virtual qint64 reportTimeNs() const = 0;
    // Flow control: how many rows may be in flight before reading pauses (0: no limit).
    virtual int maxRowsInFlight() const { return 0; }
    // Called on the worker thread when the consumer caught up after a pause.
    virtual void resumeReading() {}
    void refuse(const QString &what);

private:
    ReportBatcher m_reports;
};

} // namespace wsi::net
