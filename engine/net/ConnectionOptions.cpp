// SPDX-License-Identifier: MIT
#include "net/ConnectionOptions.h"

#include <QFileInfo>
#include <QHostAddress>
#include <QtGlobal>

namespace wsi::net {

namespace {

QString envValue(const char *name)
{
    return qEnvironmentVariable(name);
}

ValidationResult refuse(QString message)
{
    ValidationResult result;
    result.message = std::move(message);
    return result;
}

bool hasLineBreak(const QByteArray &value)
{
    return value.contains('\r') || value.contains('\n') || value.contains('\0');
}

// RFC 6455 section 3: "ws" and "wss" only; the common mistakes get a pointed message.
QString schemeProblem(const QUrl &url, const QString &text, TrafficKind kind)
{
    const QString scheme = url.scheme().toLower();
    if (kind == TrafficKind::EventSource) {
        if (scheme == QLatin1String("http") || scheme == QLatin1String("https"))
            return {};
        if (scheme == QLatin1String("ws") || scheme == QLatin1String("wss")) {
            const QString http = scheme == QLatin1String("ws") ? QStringLiteral("http") : QStringLiteral("https");
            return QStringLiteral("unsupported scheme \"%1\": EventSource URLs start with http:// or https:// (try %2://%3)")
                .arg(scheme, http, text.mid(scheme.size() + 3));
        }
        return QStringLiteral("unsupported scheme \"%1\": EventSource URLs start with http:// or https://").arg(scheme);
    }
    if (scheme == QLatin1String("ws") || scheme == QLatin1String("wss"))
        return {};
    if (scheme == QLatin1String("http") || scheme == QLatin1String("https")) {
        const QString ws = scheme == QLatin1String("http") ? QStringLiteral("ws") : QStringLiteral("wss");
        return QStringLiteral("unsupported scheme \"%1\": WebSocket URLs start with ws:// or wss:// (try %2://%3)")
            .arg(scheme, ws, text.mid(scheme.size() + 3));
    }
    return QStringLiteral("unsupported scheme \"%1\": WebSocket URLs start with ws:// or wss://").arg(scheme);
}

QByteArray basicAuthorization(const QString &user, const QString &password)
{
    const QByteArray credentials = user.toUtf8() + ':' + password.toUtf8();
    return "Basic " + credentials.toBase64();
}

QString checkHeaders(const HeaderList &headers, const char *what)
{
    for (const auto &header : headers) {
        if (!isHttpToken(header.first))
            return QStringLiteral("%1 name \"%2\" is not a valid HTTP token")
                .arg(QLatin1String(what), QString::fromUtf8(header.first));
        if (hasLineBreak(header.second))
            return QStringLiteral("%1 \"%2\" has a line break in its value")
                .arg(QLatin1String(what), QString::fromUtf8(header.first));
    }
    return {};
}

QString checkTimeouts(const ConnectionOptions &options)
{
    const struct {
        int value;
        const char *name;
    } timeouts[] = {
        {options.connectTimeoutMs, "connect timeout"}, {options.openTimeoutMs, "open timeout"},
        {options.writeTimeoutMs, "write timeout"},     {options.pingTimeoutMs, "ping timeout"},
        {options.closeTimeoutMs, "close timeout"},     {options.pingIntervalMs, "ping interval"},
    };
    for (const auto &timeout : timeouts) {
        if (timeout.value < 0)
            return QStringLiteral("%1 of %2 ms is negative").arg(QLatin1String(timeout.name)).arg(timeout.value);
    }
    return {};
}

QString checkProxy(const ProxyOptions &proxy)
{
    if (proxy.mode != ProxyMode::HttpConnect && proxy.mode != ProxyMode::Socks5)
        return {};
    const QUrl url(proxy.url, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty())
        return QStringLiteral("proxy URL \"%1\" is not valid").arg(url.toDisplayString(QUrl::RemovePassword));
    const QString scheme = url.scheme().toLower();
    if (proxy.mode == ProxyMode::HttpConnect && scheme != QLatin1String("http"))
        return QStringLiteral("HTTP proxy URL must start with http:// (got \"%1\")").arg(scheme);
    if (proxy.mode == ProxyMode::Socks5 && scheme != QLatin1String("socks5") && scheme != QLatin1String("socks5h"))
        return QStringLiteral("SOCKS proxy URL must start with socks5:// (got \"%1\")").arg(scheme);
    return checkHeaders(proxy.headers, "proxy header");
}

QString checkTlsFiles(const TlsOptions &tls)
{
    const struct {
        const QString &path;
        const char *what;
    } files[] = {{tls.caFile, "CA file"}, {tls.clientCertificate, "client certificate"}, {tls.clientKey, "client key"}};
    for (const auto &file : files) {
        if (!file.path.isEmpty() && !QFileInfo(file.path).isReadable())
            return QStringLiteral("%1 \"%2\" cannot be read").arg(QLatin1String(file.what), file.path);
    }
    if (!tls.caDirectory.isEmpty() && !QFileInfo(tls.caDirectory).isDir())
        return QStringLiteral("CA directory \"%1\" is not a directory").arg(tls.caDirectory);
    if (tls.clientCertificate.isEmpty() != tls.clientKey.isEmpty())
        return QStringLiteral("a client certificate needs both --cert and --key");
    return {};
}

} // namespace

void ConnectionOptions::applyEnvironmentDefaults()
{
    // As OpenSSL (and kontena-websocket-client) do: SSL_CERT_FILE, SSL_CERT_DIR, and
    // SSL_CERT_PATH as another name for the directory. A location given explicitly
    // replaces them all, as curl's --cacert does.
    if (!tls.caFile.isEmpty() || !tls.caDirectory.isEmpty())
        return;
    tls.caFile = envValue("SSL_CERT_FILE");
    tls.caDirectory = envValue("SSL_CERT_DIR");
    if (tls.caDirectory.isEmpty())
        tls.caDirectory = envValue("SSL_CERT_PATH");
}

bool isHttpToken(const QByteArray &text)
{
    if (text.isEmpty())
        return false;
    static const QByteArray separators = QByteArrayLiteral("()<>@,;:\\\"/[]?={} \t");
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 32 || u >= 127 || separators.contains(c))
            return false;
    }
    return true;
}

ValidationResult validateUrl(const QString &text, TrafficKind kind)
{
    if (text.trimmed().isEmpty())
        return refuse(QStringLiteral("no URL given"));
    // "localhost:9000" would parse as scheme "localhost": it means ws://, as in wscat.
    const QString trimmed = withDefaultScheme(text, kind);
    const bool eventSource = kind == TrafficKind::EventSource;
    QString note;
    if (trimmed != text.trimmed())
        note = QStringLiteral("no scheme in \"%1\": connecting to %2 (write %3 for TLS)")
                   .arg(text.trimmed(), trimmed, eventSource ? QStringLiteral("https://") : QStringLiteral("wss://"));
    const QUrl url(trimmed, QUrl::StrictMode);
    if (!url.isValid())
        return refuse(QStringLiteral("malformed URL \"%1\": %2").arg(trimmed, url.errorString().section(QStringLiteral("; source was"), 0, 0)));
    if (const QString problem = schemeProblem(url, trimmed, kind); !problem.isEmpty())
        return refuse(problem);
    if (url.host().isEmpty())
        return refuse(QStringLiteral("URL \"%1\" has no host").arg(trimmed));
    // Section 3: "Fragment identifiers are meaningless in the context of WebSocket URIs".
    if (url.hasFragment() && !eventSource)
        return refuse(QStringLiteral("URL \"%1\" has a fragment (#%2); WebSocket URLs must not (RFC 6455 section 3)")
                          .arg(trimmed, url.fragment()));
    if (url.port() == 0)
        return refuse(QStringLiteral("URL \"%1\" has port 0, which cannot be connected to").arg(trimmed));

    ValidationResult result;
    ConnectionTarget &target = result.target;
    target.secure = url.scheme().compare(QLatin1String(eventSource ? "https" : "wss"), Qt::CaseInsensitive) == 0;
    const int defaultPort = target.secure ? 443 : 80;
    target.port = static_cast<quint16>(url.port(defaultPort));
    // IDNs travel in their ACE form, in the Host header and the SNI name alike.
    target.host = url.host(QUrl::EncodeUnicode);
    if (target.host.isEmpty())
        return refuse(QStringLiteral("host of \"%1\" has no ASCII form").arg(trimmed));
    QHostAddress address;
    target.hostIsAddress = address.setAddress(target.host);
    const bool ipv6 = target.hostIsAddress && address.protocol() == QAbstractSocket::IPv6Protocol;
    QByteArray hostHeader = target.host.toLatin1();
    if (ipv6)
        hostHeader = '[' + hostHeader + ']';
    if (target.port != defaultPort)
        hostHeader += ':' + QByteArray::number(target.port);
    target.hostHeader = hostHeader;
    QByteArray resource = url.path(QUrl::FullyEncoded).toLatin1();
    if (resource.isEmpty())
        resource = "/";
    if (url.hasQuery())
        resource += '?' + url.query(QUrl::FullyEncoded).toLatin1();
    target.resourceName = resource;
    if (!url.userName().isEmpty())
        target.userInfoAuthorization = basicAuthorization(url.userName(), url.password());
    target.sniName = target.hostIsAddress ? QString() : target.host;
    target.displayUrl = url.toDisplayString(QUrl::RemovePassword | QUrl::RemoveFragment);
    result.note = note;
    result.ok = true;
    return result;
}

TrafficKind trafficKindOfUrl(const QString &url)
{
    const QString trimmed = url.trimmed();
    return trimmed.startsWith(QLatin1String("http://"), Qt::CaseInsensitive)
            || trimmed.startsWith(QLatin1String("https://"), Qt::CaseInsensitive)
        ? TrafficKind::EventSource
        : TrafficKind::WebSocket;
}

QString withDefaultScheme(const QString &url, TrafficKind kind)
{
    const QString trimmed = url.trimmed();
    if (trimmed.isEmpty() || trimmed.contains(QLatin1String("://")))
        return trimmed;
    return (kind == TrafficKind::EventSource ? QStringLiteral("http://") : QStringLiteral("ws://")) + trimmed;
}

namespace {

// What the hixie drafts cannot do, refused before connecting rather than silently dropped.
QString checkVersion(const ConnectionOptions &options)
{
    if (options.kind != TrafficKind::WebSocket || !protocol::isHixie(options.protocolVersion))
        return {};
    const QString version = QString::fromLatin1(protocol::protocolVersionName(options.protocolVersion));
    if (options.deflate)
        return QStringLiteral("permessage-deflate needs WebSocket version 13, 8 or 7: %1 has no extensions").arg(version);
    if (options.pingIntervalMs > 0)
        return QStringLiteral("keepalive pings need WebSocket version 13, 8 or 7: %1 has no ping frame").arg(version);
    if (options.subprotocols.size() > 1)
        return QStringLiteral("%1 offers one subprotocol, not %2").arg(version).arg(options.subprotocols.size());
    return {};
}

} // namespace

ValidationResult validateOptions(const ConnectionOptions &options)
{
    ValidationResult result = validateUrl(options.url, options.kind);
    if (!result.ok)
        return result;
    QString problem = checkHeaders(options.headers, "header");
    if (problem.isEmpty() && options.kind == TrafficKind::EventSource) {
        if (!isHttpToken(options.eventSource.method.toUtf8()))
            problem = QStringLiteral("method \"%1\" is not a valid HTTP token").arg(options.eventSource.method);
        else if (hasLineBreak(options.eventSource.lastEventId.toUtf8()) || options.eventSource.lastEventId.contains(QChar(0)))
            problem = QStringLiteral("a Last-Event-ID cannot hold a line break or NUL");
        else if (options.eventSource.retryMs <= 0)
            problem = QStringLiteral("the reconnection time must be at least 1 ms");
    }
    for (const QString &protocol : options.subprotocols) {
        if (problem.isEmpty() && !isHttpToken(protocol.toUtf8()))
            problem = QStringLiteral("subprotocol \"%1\" is not a valid token (RFC 6455 section 4.1)").arg(protocol);
    }
    if (problem.isEmpty() && hasLineBreak(options.origin.toUtf8()))
        problem = QStringLiteral("origin has a line break");
    if (problem.isEmpty())
        problem = checkVersion(options);
    if (problem.isEmpty())
        problem = checkTimeouts(options);
    if (problem.isEmpty())
        problem = checkProxy(options.proxy);
    if (problem.isEmpty() && result.target.secure)
        problem = checkTlsFiles(options.tls);
    if (problem.isEmpty() && options.maxMessageSize == 0)
        problem = QStringLiteral("maximum message size must be at least 1 byte");
    if (!problem.isEmpty())
        return refuse(problem);
    return result;
}

} // namespace wsi::net
