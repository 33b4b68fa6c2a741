// SPDX-License-Identifier: MIT
#pragma once
// Owns the worker QThread of one TrafficSource, the way qBittorrent owns its workers: the
// source is moved to a fresh thread and started there; on destruction the thread is asked
// to quit, the source is deleted on its own thread, and the thread is joined.
//
// Lives on the thread that creates it (the UI thread, the CLI's main thread).
#include "net/source/TrafficSource.h"

#include <QThread>

namespace wsi::net {

class SourceThread
{
public:
    // Takes ownership of `source` (which must have no parent).
    explicit SourceThread(TrafficSource *source);
    ~SourceThread();
    SourceThread(const SourceThread &) = delete;
    SourceThread &operator=(const SourceThread &) = delete;

    TrafficSource *source() const { return m_source; }

    // Queued calls to the source's slots, never blocking the caller.
    template <typename Call> void post(Call call) const
    {
        TrafficSource *source = m_source;
        QMetaObject::invokeMethod(source, [source, call] { call(source); }, Qt::QueuedConnection);
    }
    void open() const;
    void sendText(const QByteArray &utf8, int fragments = 1) const;
    void sendBinary(const QByteArray &data, int fragments = 1) const;
    void sendPing(const QByteArray &payload) const;
    void close(int code = 1000, const QString &reason = QString()) const;
    void abort() const;

private:
    QThread m_thread;
    TrafficSource *m_source;
};

} // namespace wsi::net
