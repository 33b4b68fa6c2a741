// SPDX-License-Identifier: MIT
#include "MiniSocks5.h"

#include <QHostAddress>
#include <QTcpSocket>
#include <QtEndian>

namespace wsi::test {

// One client: greeting, optional login, CONNECT request, then relaying.
class MiniSocks5::Relay : public QObject
{
public:
    Relay(MiniSocks5 &proxy, QTcpSocket *client) : QObject(&proxy), m_proxy(proxy), m_client(client)
    {
        client->setParent(this);
        connect(client, &QIODevice::readyRead, this, &Relay::onClientData);
        connect(client, &QAbstractSocket::disconnected, this, [this] {
            if (m_upstream)
                m_upstream->disconnectFromHost();
            deleteLater();
        });
    }

private:
    enum class Stage { Greeting, Login, Request, Relaying };

    void onClientData()
    {
        m_buffer += m_client->readAll();
        for (;;) {
            const qsizetype before = m_buffer.size();
            const Stage stage = m_stage;
            if (stage == Stage::Relaying) {
                if (!m_buffer.isEmpty())
                    m_upstream->write(std::exchange(m_buffer, QByteArray()));
                return;
            }
            if (stage == Stage::Greeting)
                greeting();
            else if (stage == Stage::Login)
                login();
            else
                request();
            if (m_stage == stage && m_buffer.size() == before)
                return; // needs more bytes
        }
    }

    void greeting()
    {
        if (m_buffer.size() < 2 || m_buffer.size() < 2 + quint8(m_buffer[1]))
            return;
        const QByteArray methods = m_buffer.mid(2, quint8(m_buffer[1]));
        m_buffer.remove(0, 2 + methods.size());
        const bool wantLogin = !m_proxy.m_credentials.isEmpty();
        const char method = wantLogin ? '\x02' : '\x00';
        if (!methods.contains(method)) {
            m_client->write(QByteArray("\x05\xff", 2));
            m_client->disconnectFromHost();
            return;
        }
        m_client->write(QByteArray("\x05", 1) + method);
        m_stage = wantLogin ? Stage::Login : Stage::Request;
    }

    void login()
    {
        if (m_buffer.size() < 2)
            return;
        const int userLength = quint8(m_buffer[1]);
        if (m_buffer.size() < 3 + userLength)
            return;
        const int passwordLength = quint8(m_buffer[2 + userLength]);
        if (m_buffer.size() < 3 + userLength + passwordLength)
            return;
        const QByteArray given = m_buffer.mid(2, userLength) + ':' + m_buffer.mid(3 + userLength, passwordLength);
        m_buffer.remove(0, 3 + userLength + passwordLength);
        const bool ok = given == m_proxy.m_credentials;
        m_client->write(QByteArray("\x01", 1) + (ok ? '\x00' : '\x01'));
        if (!ok) {
            m_client->disconnectFromHost();
            return;
        }
        m_stage = Stage::Request;
    }

    void request()
    {
        if (m_buffer.size() < 5)
            return;
        const char type = m_buffer[3];
        QString host;
        int addressEnd = 0;
        if (type == '\x01') {
            addressEnd = 8;
            if (m_buffer.size() < addressEnd + 2)
                return;
            host = QHostAddress(qFromBigEndian<quint32>(m_buffer.constData() + 4)).toString();
        } else if (type == '\x03') {
            addressEnd = 5 + quint8(m_buffer[4]);
            if (m_buffer.size() < addressEnd + 2)
                return;
            host = QString::fromLatin1(m_buffer.mid(5, quint8(m_buffer[4])));
        } else {
            m_client->write(QByteArray("\x05\x08\x00\x01\x00\x00\x00\x00\x00\x00", 10));
            m_client->disconnectFromHost();
            return;
        }
        const quint16 port = qFromBigEndian<quint16>(m_buffer.constData() + addressEnd);
        m_buffer.remove(0, addressEnd + 2);
        m_proxy.m_targets.append(host + QLatin1Char(':') + QString::number(port));
        m_stage = Stage::Relaying;
        m_upstream = new QTcpSocket(this);
        connect(m_upstream, &QAbstractSocket::connected, this, [this] {
            m_client->write(QByteArray("\x05\x00\x00\x01\x7f\x00\x00\x01\x00\x00", 10));
            if (!m_buffer.isEmpty())
                m_upstream->write(std::exchange(m_buffer, QByteArray()));
        });
        connect(m_upstream, &QIODevice::readyRead, this, [this] { m_client->write(m_upstream->readAll()); });
        connect(m_upstream, &QAbstractSocket::disconnected, m_client, &QAbstractSocket::disconnectFromHost);
        connect(m_upstream, &QAbstractSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
            if (m_upstream->state() != QAbstractSocket::ConnectedState) {
                m_client->write(QByteArray("\x05\x05\x00\x01\x00\x00\x00\x00\x00\x00", 10));
                m_client->disconnectFromHost();
            }
        });
        m_upstream->connectToHost(host, port);
    }

    MiniSocks5 &m_proxy;
    QTcpSocket *m_client;
    QTcpSocket *m_upstream = nullptr;
    QByteArray m_buffer;
    Stage m_stage = Stage::Greeting;
};

MiniSocks5::MiniSocks5(QByteArray credentials, QObject *parent) : QTcpServer(parent), m_credentials(std::move(credentials))
{
}

bool MiniSocks5::start()
{
    return listen(QHostAddress::LocalHost, 0);
}

QString MiniSocks5::url(const QString &userInfo) const
{
    const QString credentials = userInfo.isEmpty() ? QString() : userInfo + QLatin1Char('@');
    return QStringLiteral("socks5://") + credentials + QStringLiteral("127.0.0.1:") + QString::number(serverPort());
}

void MiniSocks5::incomingConnection(qintptr descriptor)
{
    auto *socket = new QTcpSocket;
    socket->setSocketDescriptor(descriptor);
    new Relay(*this, socket);
}

} // namespace wsi::test
