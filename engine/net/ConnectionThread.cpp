// SPDX-License-Identifier: MIT
#include "net/ConnectionThread.h"

namespace wsi::net {

ConnectionThread::ConnectionThread(Connection *connection) : m_connection(connection)
{
    m_thread.setObjectName(QStringLiteral("wsi-connection"));
    m_connection->moveToThread(&m_thread);
    QObject::connect(&m_thread, &QThread::finished, m_connection, &QObject::deleteLater);
    m_thread.start();
}

ConnectionThread::~ConnectionThread()
{
    m_thread.quit();
    m_thread.wait();
}

void ConnectionThread::open()
{
    QMetaObject::invokeMethod(m_connection, &Connection::open, Qt::QueuedConnection);
}

void ConnectionThread::sendText(const QByteArray &utf8, int fragments)
{
    Connection *connection = m_connection;
    QMetaObject::invokeMethod(connection, [=] { connection->sendText(utf8, fragments); }, Qt::QueuedConnection);
}

void ConnectionThread::sendBinary(const QByteArray &data, int fragments)
{
    Connection *connection = m_connection;
    QMetaObject::invokeMethod(connection, [=] { connection->sendBinary(data, fragments); }, Qt::QueuedConnection);
}

void ConnectionThread::sendPing(const QByteArray &payload)
{
    Connection *connection = m_connection;
    QMetaObject::invokeMethod(connection, [=] { connection->sendPing(payload); }, Qt::QueuedConnection);
}

void ConnectionThread::close(int code, const QString &reason)
{
    Connection *connection = m_connection;
    QMetaObject::invokeMethod(connection, [=] { connection->close(code, reason); }, Qt::QueuedConnection);
}

void ConnectionThread::abort()
{
    QMetaObject::invokeMethod(m_connection, &Connection::abort, Qt::QueuedConnection);
}

} // namespace wsi::net
