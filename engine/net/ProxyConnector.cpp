// SPDX-License-Identifier: MIT
#include "net/ProxyConnector.h"

#include <QHostAddress>
#include <QTcpSocket>
#include <QUrl>

namespace wsi::net {

namespace {

// A CONNECT answer head is short; a proxy sending more is not one we understand.
constexpr int MaxProxyHeadSize = 16 * 1024;

ProxyChoice fromUrl(const QString &text, ProxyMode fallbackMode, QString source)
{
    ProxyChoice choice;
    QString spelled = text.trimmed();
    if (!spelled.contains(QStringLiteral("://")))
        spelled.prepend(QStringLiteral("http://"));
    const QUrl url(spelled);
    const QString scheme = url.scheme().toLower();
    choice.mode = scheme.startsWith(QLatin1String("socks5")) ? ProxyMode::Socks5 : fallbackMode;
    choice.host = url.host(QUrl::EncodeUnicode);
    choice.port = quint16(url.port(choice.mode == ProxyMode::Socks5 ? 1080 : 8080));
    choice.user = url.userName();
    choice.password = url.password();
    choice.source = std::move(source);
    QUrl shown = url;
    if (!choice.password.isEmpty())
        shown.setPassword(QStringLiteral("***"));
    choice.display = shown.toString();
    return choice;
}

bool isLoopback(const QString &host)
{
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

} // namespace

QNetworkProxy ProxyChoice::networkProxy() const
{
    if (mode != ProxyMode::Socks5)
        return QNetworkProxy(QNetworkProxy::NoProxy);
    return QNetworkProxy(QNetworkProxy::Socks5Proxy, host, port, user, password);
}

ProxyChoice ProxyConnector::choose(const ProxyOptions &options, const ConnectionTarget &target)
{
    switch (options.mode) {
    case ProxyMode::None:
        return {};
    case ProxyMode::Environment:
        return fromEnvironment(target, [](const char *name) { return qEnvironmentVariable(name); });
    case ProxyMode::HttpConnect:
    case ProxyMode::Socks5: {
        ProxyChoice choice = fromUrl(options.url, options.mode, QStringLiteral("--proxy"));
        choice.mode = options.mode;
        choice.headers = options.headers;
        return choice;
    }
    }
    return {};
}

ProxyChoice ProxyConnector::fromEnvironment(const ConnectionTarget &target,
                                            const std::function<QString(const char *)> &getenv)
{
    const auto first = [&](std::initializer_list<const char *> names, QString &source) {
        for (const char *name : names) {
            const QString value = getenv(name);
            if (!value.isEmpty()) {
                source = QLatin1String(name);
                return value;
            }
        }
        return QString();
    };
    QString source;
    const QString noProxy = first({"no_proxy", "NO_PROXY"}, source);
    // Loopback never goes through a proxy: the proxy's loopback is not ours.
    if (isLoopback(target.host) || bypassesProxy(target.host, noProxy))
        return {};
    const QString proxy = target.secure ? first({"https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"}, source)
                                        : first({"http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"}, source);
    if (proxy.isEmpty())
        return {};
    return fromUrl(proxy, ProxyMode::HttpConnect, source);
}

// no_proxy as curl reads it: "*", or names matched as domain suffixes ("example.com" and
// ".example.com" both cover "a.example.com"), or addresses matched exactly.
bool ProxyConnector::bypassesProxy(const QString &host, const QString &noProxy)
{
    const QStringList entries = noProxy.split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (QString entry : entries) {
        entry = entry.trimmed().toLower();
        if (entry == QLatin1String("*"))
            return true;
        if (entry.startsWith(QLatin1Char('[')) && entry.contains(QLatin1Char(']')))
            entry = entry.mid(1, entry.indexOf(QLatin1Char(']')) - 1);
        else if (entry.count(QLatin1Char(':')) == 1)
            entry = entry.left(entry.indexOf(QLatin1Char(':')));
        if (entry.startsWith(QLatin1Char('.')))
            entry.remove(0, 1);
        const QString name = host.toLower();
        if (entry.isEmpty())
            continue;
        if (name == entry || name.endsWith(QLatin1Char('.') + entry))
            return true;
    }
    return false;
}

QByteArray ProxyConnector::buildConnectRequest(const ProxyChoice &proxy, const ConnectionTarget &target)
{
    QByteArray authority = target.host.toLatin1();
    if (target.hostIsAddress && authority.contains(':'))
        authority = '[' + authority + ']';
    authority += ':' + QByteArray::number(target.port);
    QByteArray request = "CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n";
    if (!proxy.user.isEmpty()) {
        const QByteArray credentials = proxy.user.toUtf8() + ':' + proxy.password.toUtf8();
        request += "Proxy-Authorization: Basic " + credentials.toBase64() + "\r\n";
    }
    for (const auto &header : proxy.headers)
        request += header.first + ": " + header.second + "\r\n";
    request += "\r\n";
    return request;
}

ProxyConnector::ProxyConnector(QTcpSocket *socket, ProxyChoice proxy, ConnectionTarget target, QObject *parent)
    : QObject(parent), m_socket(socket), m_proxy(std::move(proxy)), m_target(std::move(target))
{
}

void ProxyConnector::start()
{
    m_request = buildConnectRequest(m_proxy, m_target);
    connect(m_socket, &QTcpSocket::readyRead, this, &ProxyConnector::onReadyRead);
    m_socket->write(m_request);
    Q_EMIT bytesSent(m_request.size());
}

QByteArray ProxyConnector::redactedRequest() const
{
    QByteArray out;
    const QList<QByteArray> lines = m_request.split('\n');
    for (const QByteArray &line : lines) {
        if (line.toLower().startsWith("proxy-authorization:"))
            out += "Proxy-Authorization: (hidden)\r\n";
        else if (!line.isEmpty())
            out += line + '\n';
    }
    return out + "\r\n";
}

QByteArray ProxyConnector::takeLeftover()
{
    QByteArray out;
    out.swap(m_leftover);
    return out;
}

void ProxyConnector::onReadyRead()
{
    if (m_done)
        return;
    const QByteArray bytes = m_socket->readAll();
    Q_EMIT bytesReceived(bytes.size());
    m_response += bytes;
    int headEnd = m_response.indexOf("\r\n\r\n");
    if (headEnd >= 0) {
        finishHead(headEnd + 4);
        return;
    }
    headEnd = m_response.indexOf("\n\n");
    if (headEnd >= 0) {
        finishHead(headEnd + 2);
        return;
    }
    if (m_response.size() > MaxProxyHeadSize) {
        m_done = true;
        Q_EMIT failed(QString(), QStringLiteral("the proxy %1:%2 sent more than %3 bytes without ending its answer")
                                     .arg(m_proxy.host).arg(m_proxy.port).arg(MaxProxyHeadSize),
                      QStringLiteral("is it an HTTP proxy?"));
    }
}

void ProxyConnector::finishHead(int headEnd)
{
    m_done = true;
    disconnect(m_socket, &QTcpSocket::readyRead, this, &ProxyConnector::onReadyRead);
    m_leftover = m_response.mid(headEnd);
    m_response.truncate(headEnd);
    const int lineEnd = m_response.indexOf('\n');
    const QString statusLine = QString::fromLatin1(m_response.left(lineEnd)).trimmed();
    const QStringList parts = statusLine.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    const int status = parts.size() >= 2 ? parts.at(1).toInt() : 0;
    if (!statusLine.startsWith(QLatin1String("HTTP/")) || status == 0) {
        Q_EMIT failed(statusLine, QStringLiteral("the proxy %1:%2 answered CONNECT with something that is not HTTP: \"%3\"")
                                      .arg(m_proxy.host).arg(m_proxy.port).arg(statusLine.left(80)),
                      QStringLiteral("is it an HTTP proxy? For a SOCKS proxy use socks5://"));
        return;
    }
    if (status / 100 == 2) {
        Q_EMIT established();
        return;
    }
    QString hint;
    if (status == 407)
        hint = m_proxy.user.isEmpty() ? QStringLiteral("the proxy wants credentials: give them as http://user:password@proxy:port")
                                      : QStringLiteral("the proxy refused these credentials");
    else if (status == 403)
        hint = QStringLiteral("the proxy does not allow tunnels to this host or port");
    else if (status == 502 || status == 503 || status == 504)
        hint = QStringLiteral("the proxy could not reach the server");
    Q_EMIT failed(statusLine, QStringLiteral("the proxy %1:%2 refused the tunnel to %3:%4: %5")
                                  .arg(m_proxy.host).arg(m_proxy.port).arg(m_target.host).arg(m_target.port).arg(statusLine),
                  hint);
}

} // namespace wsi::net
