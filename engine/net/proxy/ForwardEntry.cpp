// SPDX-License-Identifier: MIT
#include "net/proxy/ForwardEntry.h"

#include "net/proxy/ForwardProxyOptions.h"
#include "net/proxy/ProxyHandshake.h"

#include <QSslSocket>
#include <QTimer>
#include <QUrl>

namespace wsi::net {

namespace {

constexpr char TlsHandshakeRecord = 0x16;

// "host:443", "[::1]:443" -> host and port; false when it is not an authority.
bool splitAuthority(const QString &authority, QString &host, quint16 &port)
{
    const int colon = authority.lastIndexOf(QLatin1Char(':'));
    if (colon <= 0)
        return false;
    bool ok = false;
    const uint number = authority.mid(colon + 1).toUInt(&ok);
    if (!ok || number == 0 || number > 65535)
        return false;
    host = authority.left(colon);
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    port = quint16(number);
    return !host.isEmpty();
}

} // namespace

bool matchesPassThrough(const QStringList &hosts, const QString &host)
{
    for (const QString &entry : hosts) {
        if (entry.startsWith(QLatin1String("*."))) {
            if (host.endsWith(entry.mid(1), Qt::CaseInsensitive))
                return true;
        } else if (entry.compare(host, Qt::CaseInsensitive) == 0) {
            return true;
        }
    }
    return false;
}

ForwardEntry::ForwardEntry(qintptr descriptor, const QStringList &passThrough, int timeoutMs, std::size_t maxHeadSize,
                           QObject *parent)
    : QObject(parent),
      m_socket(new QSslSocket(this)),
      m_timer(new QTimer(this)),
      m_passThrough(passThrough),
      m_timeoutMs(timeoutMs),
      m_reader(maxHeadSize)
{
    // Unencrypted until a CONNECT's first byte says TLS: read and written as plain TCP.
    m_socket->setSocketDescriptor(descriptor);
    m_timer->setSingleShot(true);
}

void ForwardEntry::start()
{
    connect(m_timer, &QTimer::timeout, this, [this] {
        m_done = true;
        m_socket->abort();
        Q_EMIT failed(QStringLiteral("the app sent no complete request within %1 ms; dropped").arg(m_timeoutMs));
    });
    connect(m_socket, &QIODevice::readyRead, this, [this] {
        if (m_awaitingTunnel)
            awaitFirstTunnelByte();
        else
            readHead();
    });
    connect(m_socket, &QAbstractSocket::disconnected, this, [this] {
        if (m_done)
            return;
        m_done = true;
        m_timer->stop();
        Q_EMIT failed(m_awaitingTunnel ? QStringLiteral("the app closed its tunnel to %1:%2 before sending anything").arg(m_host).arg(m_port)
                                       : QStringLiteral("the app closed the connection before its request was complete"));
    });
    m_timer->start(m_timeoutMs);
    if (m_socket->state() != QAbstractSocket::ConnectedState) {
        m_done = true;
        Q_EMIT failed(QStringLiteral("the app's connection could not be taken: %1").arg(m_socket->errorString()));
        return;
    }
    readHead();
}

void ForwardEntry::readHead()
{
    // Read in small steps so that nothing past the head (a tunnel's first TLS record) is
    // taken out of the socket before the route is known.
    char buffer[1024];
    while (!m_done && !m_awaitingTunnel) {
        const qint64 read = m_socket->read(buffer, sizeof buffer);
        if (read <= 0)
            return;
        std::size_t consumed = 0;
        const auto status = m_reader.feed(reinterpret_cast<const std::uint8_t *>(buffer), std::size_t(read), consumed);
        if (status == protocol::HttpHeadReader::Status::TooLarge) {
            refuse(431, QStringLiteral("the app's request head is over %1 bytes").arg(m_reader.maxHeadSize()));
            return;
        }
        if (status == protocol::HttpHeadReader::Status::Complete) {
            handleHead(m_reader.head(), QByteArray(buffer + consumed, qsizetype(read) - qsizetype(consumed)));
            return;
        }
    }
}

void ForwardEntry::handleHead(const std::string &head, const QByteArray &rest)
{
    protocol::HttpRequestHead request;
    std::string error;
    if (!protocol::parseRequestHead(head, request, error)) {
        refuse(400, QStringLiteral("the app's request is not HTTP: %1").arg(QString::fromStdString(error)));
        return;
    }
    if (request.method == "CONNECT")
        handleConnect(request, rest);
    else
        handleAbsoluteForm(request, head, rest);
}

void ForwardEntry::handleConnect(const protocol::HttpRequestHead &request, const QByteArray &rest)
{
    if (!splitAuthority(QString::fromStdString(request.target), m_host, m_port)) {
        refuse(400, QStringLiteral("CONNECT wants host:port, not \"%1\"").arg(QString::fromStdString(request.target)));
        return;
    }
    if (matchesPassThrough(m_passThrough, m_host)) {
        if (!rest.isEmpty()) {
            refuse(400, QStringLiteral("the app sent data before the tunnel to %1 was open").arg(m_host));
            return;
        }
        route(Route::PassThrough);
        return;
    }
    if (!rest.isEmpty()) {
        // A client that does not wait for the 200: plain bytes can be handed on, a TLS
        // handshake cannot be put back into the socket.
        if (rest.startsWith(TlsHandshakeRecord)) {
            refuse(400, QStringLiteral("the app started TLS to %1 before the tunnel was open").arg(m_host));
            return;
        }
        m_socket->write("HTTP/1.1 200 Connection established\r\n\r\n");
        route(Route::InterceptPlain, rest);
        return;
    }
    m_socket->write("HTTP/1.1 200 Connection established\r\n\r\n");
    m_awaitingTunnel = true;
    awaitFirstTunnelByte();
}

// The tunnel's first byte, peeked (left in the socket for TLS to read): 0x16 opens a TLS
// handshake; anything else is the app's plain HTTP.
void ForwardEntry::awaitFirstTunnelByte()
{
    if (m_done)
        return;
    char first = 0;
    if (m_socket->peek(&first, 1) != 1)
        return;
    route(first == TlsHandshakeRecord ? Route::InterceptTls : Route::InterceptPlain);
}

void ForwardEntry::handleAbsoluteForm(const protocol::HttpRequestHead &request, const std::string &head, const QByteArray &rest)
{
    const QUrl url(QString::fromStdString(request.target), QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || url.host().isEmpty() || (scheme != QLatin1String("http") && scheme != QLatin1String("ws"))) {
        refuse(400, QStringLiteral("a forward proxy wants CONNECT host:port or an absolute http:// request, not \"%1 %2\" "
                                   "(to watch one server, use --upstream URL instead of --forward)")
                        .arg(QString::fromStdString(request.method), QString::fromStdString(request.target)));
        return;
    }
    m_host = url.host();
    m_port = quint16(url.port(80));
    // The request line in origin form, the rest of the head as it came.
    QByteArray originTarget = url.path(QUrl::FullyEncoded).toUtf8();
    if (originTarget.isEmpty())
        originTarget = "/";
    if (url.hasQuery())
        originTarget += '?' + url.query(QUrl::FullyEncoded).toUtf8();
    QByteArray rewritten = QByteArray::fromStdString(head);
    const qsizetype firstSpace = rewritten.indexOf(' ');
    const qsizetype secondSpace = rewritten.indexOf(' ', firstSpace + 1);
    rewritten.replace(firstSpace + 1, secondSpace - firstSpace - 1, originTarget);
    route(Route::InterceptPlain, rewritten + rest);
}

void ForwardEntry::route(Route how, const QByteArray &alreadyRead)
{
    m_done = true;
    m_timer->stop();
    disconnect(m_socket, nullptr, this, nullptr);
    QSslSocket *socket = m_socket;
    socket->setParent(nullptr);
    m_socket = nullptr;
    Q_EMIT routed(how, socket, m_host, m_port, alreadyRead);
}

void ForwardEntry::refuse(int status, const QString &reason)
{
    m_done = true;
    m_timer->stop();
    m_socket->write(gatewayErrorResponse(status, reason));
    m_socket->disconnectFromHost();
    Q_EMIT failed(reason);
}

} // namespace wsi::net
