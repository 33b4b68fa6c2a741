// SPDX-License-Identifier: MIT
#include "net/proxy/PassThroughTunnel.h"

#include "net/proxy/ProxyHandshake.h"

#include <QNetworkProxy>
#include <QTcpSocket>
#include <QTimer>

namespace wsi::net {

PassThroughTunnel::PassThroughTunnel(quint64 id, QTcpSocket *app, const QString &host, quint16 port, int connectTimeoutMs,
                                     QObject *parent)
    : QObject(parent),
      m_id(id),
      m_app(app),
      m_server(new QTcpSocket(this)),
      m_timer(new QTimer(this)),
      m_host(host),
      m_port(port),
      m_connectTimeoutMs(connectTimeoutMs)
{
    m_app->setParent(this);
    m_server->setProxy(QNetworkProxy::NoProxy);
    m_timer->setSingleShot(true);
}

void PassThroughTunnel::start()
{
    connect(m_timer, &QTimer::timeout, this, [this] {
        fail(QStringLiteral("%1:%2 did not accept the connection within %3 ms").arg(m_host).arg(m_port).arg(m_connectTimeoutMs));
    });
    connect(m_server, &QAbstractSocket::connected, this, [this] {
        m_timer->stop();
        m_open = true;
        m_server->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        m_app->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        m_app->write("HTTP/1.1 200 Connection established\r\n\r\n");
        Q_EMIT opened(m_id);
        copy(m_app, m_server, m_fromApp);
        copy(m_server, m_app, m_fromServer);
    });
    connect(m_server, &QAbstractSocket::errorOccurred, this, [this] {
        if (!m_open)
            fail(QStringLiteral("could not reach %1:%2: %3").arg(m_host).arg(m_port).arg(m_server->errorString()));
    });
    connect(m_app, &QIODevice::readyRead, this, [this] {
        if (m_open)
            copy(m_app, m_server, m_fromApp);
    });
    connect(m_server, &QIODevice::readyRead, this, [this] { copy(m_server, m_app, m_fromServer); });
    // Either side's end ends the tunnel: what was read is passed on first.
    connect(m_app, &QAbstractSocket::disconnected, this, [this] {
        if (m_open)
            copy(m_app, m_server, m_fromApp);
        end();
    });
    connect(m_server, &QAbstractSocket::disconnected, this, [this] {
        copy(m_server, m_app, m_fromServer);
        end();
    });
    m_timer->start(m_connectTimeoutMs);
    m_server->connectToHost(m_host, m_port);
}

void PassThroughTunnel::copy(QTcpSocket *from, QTcpSocket *to, quint64 &counter)
{
    const QByteArray bytes = from->readAll();
    if (bytes.isEmpty())
        return;
    counter += quint64(bytes.size());
    to->write(bytes);
}

void PassThroughTunnel::fail(const QString &error)
{
    if (m_finished)
        return;
    m_finished = true;
    m_server->abort();
    m_app->write(gatewayErrorResponse(502, error));
    m_app->disconnectFromHost();
    Q_EMIT finished(m_id, error);
}

void PassThroughTunnel::close()
{
    end();
}

void PassThroughTunnel::end()
{
    if (m_finished)
        return;
    m_finished = true;
    m_timer->stop();
    m_app->disconnectFromHost();
    m_server->disconnectFromHost();
    Q_EMIT finished(m_id, QString());
}

} // namespace wsi::net
