// SPDX-License-Identifier: MIT
#include "MiniProxy.h"

#include <QTcpSocket>

namespace wsi::test {

class MiniProxy::Tunnel : public QObject
{
public:
    Tunnel(MiniProxy &proxy, QTcpSocket *client) : QObject(&proxy), m_proxy(proxy), m_client(client)
    {
        client->setParent(this);
        connect(client, &QIODevice::readyRead, this, &Tunnel::onClientData);
        connect(client, &QAbstractSocket::disconnected, this, [this] {
            if (m_upstream)
                m_upstream->disconnectFromHost();
            deleteLater();
        });
    }

private:
    void onClientData()
    {
        if (m_open) {
            m_upstream->write(m_client->readAll());
            return;
        }
        m_head += m_client->readAll();
        const int end = m_head.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        const QByteArray head = m_head.left(end + 4);
        m_proxy.m_requests.append(head);
        if (!m_proxy.m_credentials.isEmpty()
            && !head.contains(QByteArray("Proxy-Authorization: Basic " + m_proxy.m_credentials.toBase64() + "\r\n"))) {
            m_client->write("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\n"
                            "Content-Length: 0\r\nConnection: close\r\n\r\n");
            m_client->disconnectFromHost();
            return;
        }
        const QList<QByteArray> words = head.left(head.indexOf("\r\n")).split(' ');
        if (words.size() != 3 || words.at(0) != "CONNECT") {
            m_client->write("HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n");
            m_client->disconnectFromHost();
            return;
        }
        const QByteArray authority = words.at(1);
        const int colon = authority.lastIndexOf(':');
        QByteArray host = authority.left(colon);
        if (host.startsWith('['))
            host = host.mid(1, host.size() - 2);
        m_upstream = new QTcpSocket(this);
        connect(m_upstream, &QAbstractSocket::connected, this, [this] {
            ++m_proxy.m_tunnels;
            m_open = true;
            m_client->write("HTTP/1.1 200 Connection established\r\n\r\n");
            const QByteArray early = m_head.mid(m_head.indexOf("\r\n\r\n") + 4);
            if (!early.isEmpty())
                m_upstream->write(early);
        });
        connect(m_upstream, &QIODevice::readyRead, this, [this] { m_client->write(m_upstream->readAll()); });
        connect(m_upstream, &QAbstractSocket::disconnected, m_client, &QAbstractSocket::disconnectFromHost);
        connect(m_upstream, &QAbstractSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
            if (!m_open) {
                m_client->write("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n");
                m_client->disconnectFromHost();
            }
        });
        m_upstream->connectToHost(QString::fromLatin1(host), quint16(authority.mid(colon + 1).toUInt()));
    }

    MiniProxy &m_proxy;
    QTcpSocket *m_client;
    QTcpSocket *m_upstream = nullptr;
    QByteArray m_head;
    bool m_open = false;
};

MiniProxy::MiniProxy(QByteArray credentials, QObject *parent) : QTcpServer(parent), m_credentials(std::move(credentials))
{
}

bool MiniProxy::start()
{
    return listen(QHostAddress::LocalHost, 0);
}

QString MiniProxy::url(const QString &userInfo) const
{
    const QString credentials = userInfo.isEmpty() ? QString() : userInfo + QLatin1Char('@');
    return QStringLiteral("http://") + credentials + QStringLiteral("127.0.0.1:") + QString::number(serverPort());
}

void MiniProxy::incomingConnection(qintptr descriptor)
{
    auto *socket = new QTcpSocket;
    socket->setSocketDescriptor(descriptor);
    new Tunnel(*this, socket);
}

} // namespace wsi::test
