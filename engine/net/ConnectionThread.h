// SPDX-License-Identifier: MIT
#pragma once
// Owns the worker QThread of one Connection, the way qBittorrent owns its workers: the
// connection is moved to a fresh thread and started there; on destruction the thread is
// asked to quit, the connection is deleted on its own thread, and the thread is joined.
//
// Lives on the thread that creates it (the UI thread, the CLI's main thread).
#include "net/Connection.h"

#include <QThread>

namespace wsi::net {

class ConnectionThread
{
public:
    // Takes ownership of `connection` (which must have no parent).
    explicit ConnectionThread(Connection *connection);
    ~ConnectionThread();
    ConnectionThread(const ConnectionThread &) = delete;
    ConnectionThread &operator=(const ConnectionThread &) = delete;

    Connection *connection() const { return m_connection; }

    // Queued calls to the connection's slots, never blocking the caller.
    void open();
    void sendText(const QByteArray &utf8, int fragments = 1);
    void sendBinary(const QByteArray &data, int fragments = 1);
    void sendPing(const QByteArray &payload);
    void close(int code = 1000, const QString &reason = QString());
    void abort();

private:
    QThread m_thread;
    Connection *m_connection;
};

} // namespace wsi::net
