// SPDX-License-Identifier: MIT
#include "ConnectionArguments.h"

#include <QFile>

using wsi::net::ConnectionOptions;
using wsi::net::ProxyMode;

namespace {

QCommandLineOption option(const QStringList &names, const char *description, const char *valueName = nullptr)
{
    if (valueName)
        return QCommandLineOption(names, QString::fromUtf8(description), QString::fromLatin1(valueName));
    return QCommandLineOption(names, QString::fromUtf8(description));
}

} // namespace

ConnectionArguments::ConnectionArguments(unsigned groups)
    : m_groups(groups),
      m_header(option({QStringLiteral("H"), QStringLiteral("header")}, "Adds a handshake header (repeatable).", "'Name: value'")),
      m_protocol(option({QStringLiteral("p"), QStringLiteral("protocol")}, "Offers a subprotocol (repeatable).", "name")),
      m_origin(option({QStringLiteral("origin")}, "Sends this Origin header.", "origin")),
      m_deflate(option({QStringLiteral("deflate")}, "Offers permessage-deflate (RFC 7692).")),
      m_maxLength(option({QStringLiteral("max-length")}, "Largest message accepted; bigger ones close with 1009 (default 64 MiB).", "bytes")),
      m_requestFile(option({QStringLiteral("request-file")}, "Sends this file verbatim as the upgrade request (handshake lab).", "file")),
      m_caFile(option({QStringLiteral("ca-file")}, "Trusts the CAs in this PEM file (default: $SSL_CERT_FILE, else the system's).", "file")),
      m_caPath(option({QStringLiteral("ca-path")}, "Trusts the CAs in this directory (default: $SSL_CERT_DIR or $SSL_CERT_PATH).", "dir")),
      m_cert(option({QStringLiteral("cert")}, "Client certificate (PEM) for mutual TLS.", "file")),
      m_key(option({QStringLiteral("key")}, "Client private key (PEM) for mutual TLS.", "file")),
      m_insecure(option({QStringLiteral("k"), QStringLiteral("insecure")}, "Connects even when the certificate cannot be verified.")),
      m_proxy(option({QStringLiteral("proxy")},
                     "http://[user:password@]host:port (CONNECT), socks5://host:port, or none (default: $http_proxy/$https_proxy "
                     "unless $no_proxy matches).", "url")),
      m_proxyHeader(option({QStringLiteral("proxy-header")}, "Adds a header to the CONNECT request (repeatable).", "'Name: value'")),
      m_connectTimeout(option({QStringLiteral("connect-timeout")}, "TCP connect, proxy and TLS handshake (default 10).", "seconds")),
      m_openTimeout(option({QStringLiteral("open-timeout")}, "Answer to the upgrade request (default 10).", "seconds")),
      m_writeTimeout(option({QStringLiteral("write-timeout")}, "A socket write that makes no progress (default 10).", "seconds")),
      m_pingInterval(option({QStringLiteral("ping-interval")}, "Sends a keepalive ping this often (default: none).", "seconds")),
      m_pingTimeout(option({QStringLiteral("ping-timeout")}, "Pong for each ping (default 10).", "seconds")),
      m_closeTimeout(option({QStringLiteral("close-timeout")}, "Answer to our close frame (default 5).", "seconds")),
      m_verbose(option({QStringLiteral("v"), QStringLiteral("verbose")}, "Shows the handshake, TLS and frame headers on stderr.")),
      m_showSecrets(option({QStringLiteral("show-secrets")}, "With -v, shows Authorization and cookie values instead of hiding them."))
{
}

void ConnectionArguments::addTo(QCommandLineParser &parser) const
{
    if (m_groups & Handshake)
        parser.addOptions({m_header, m_protocol, m_origin, m_deflate, m_maxLength, m_requestFile});
    if (m_groups & Tls)
        parser.addOptions({m_caFile, m_caPath, m_cert, m_key, m_insecure});
    if (m_groups & Proxy)
        parser.addOptions({m_proxy, m_proxyHeader});
    if (m_groups & Timeouts)
        parser.addOptions({m_connectTimeout, m_openTimeout, m_writeTimeout, m_pingInterval, m_pingTimeout, m_closeTimeout});
    if (m_groups & Output)
        parser.addOptions({m_verbose, m_showSecrets});
}

bool ConnectionArguments::parseDuration(const QString &text, int &milliseconds)
{
    QString value = text.trimmed();
    double factor = 1000.0;
    if (value.endsWith(QLatin1String("ms"))) {
        value.chop(2);
        factor = 1.0;
    } else if (value.endsWith(QLatin1Char('s'))) {
        value.chop(1);
    }
    bool ok = false;
    const double number = value.toDouble(&ok);
    if (!ok || number < 0 || number * factor > 2147483647.0)
        return false;
    milliseconds = int(number * factor + 0.5);
    return true;
}

bool ConnectionArguments::parseHeader(const QString &text, QByteArray &name, QByteArray &value)
{
    const qsizetype colon = text.indexOf(QLatin1Char(':'));
    if (colon <= 0)
        return false;
    name = text.left(colon).trimmed().toUtf8();
    value = text.mid(colon + 1).trimmed().toUtf8();
    return !name.isEmpty();
}

bool ConnectionArguments::read(const QCommandLineParser &parser, ConnectionOptions &options, QString &error) const
{
    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty()) {
        error = QStringLiteral("no URL given");
        return false;
    }
    if (positional.size() > 1) {
        error = QStringLiteral("one URL only (got \"%1\" too)").arg(positional.at(1));
        return false;
    }
    options.url = positional.first();
    if ((m_groups & Handshake) && !readHandshake(parser, options, error))
        return false;
    if (m_groups & Tls) {
        options.tls.caFile = parser.value(m_caFile);
        options.tls.caDirectory = parser.value(m_caPath);
        options.tls.clientCertificate = parser.value(m_cert);
        options.tls.clientKey = parser.value(m_key);
        options.tls.verify = !parser.isSet(m_insecure);
    }
    options.applyEnvironmentDefaults();
    if ((m_groups & Proxy) && !readProxy(parser, options, error))
        return false;
    if ((m_groups & Timeouts) && !readTimeouts(parser, options, error))
        return false;
    const wsi::net::ValidationResult checked = wsi::net::validateOptions(options);
    if (!checked.ok) {
        error = checked.message;
        return false;
    }
    return true;
}

bool ConnectionArguments::readHandshake(const QCommandLineParser &parser, ConnectionOptions &options, QString &error) const
{
    for (const QString &text : parser.values(m_header)) {
        QByteArray name;
        QByteArray value;
        if (!parseHeader(text, name, value)) {
            error = QStringLiteral("--header \"%1\" is not \"Name: value\"").arg(text);
            return false;
        }
        options.headers.append({name, value});
    }
    for (const QString &value : parser.values(m_protocol))
        options.subprotocols += value.split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (QString &protocol : options.subprotocols)
        protocol = protocol.trimmed();
    options.origin = parser.value(m_origin);
    options.deflate = parser.isSet(m_deflate);
    if (parser.isSet(m_maxLength)) {
        bool ok = false;
        options.maxMessageSize = parser.value(m_maxLength).toULongLong(&ok);
        if (!ok || options.maxMessageSize == 0) {
            error = QStringLiteral("--max-length wants a positive number of bytes, not \"%1\"").arg(parser.value(m_maxLength));
            return false;
        }
    }
    if (parser.isSet(m_requestFile)) {
        QFile file(parser.value(m_requestFile));
        if (!file.open(QIODevice::ReadOnly)) {
            error = QStringLiteral("cannot read --request-file \"%1\"").arg(file.fileName());
            return false;
        }
        options.rawRequestOverride = file.readAll();
    }
    return true;
}

bool ConnectionArguments::readProxy(const QCommandLineParser &parser, ConnectionOptions &options, QString &error) const
{
    for (const QString &text : parser.values(m_proxyHeader)) {
        QByteArray name;
        QByteArray value;
        if (!parseHeader(text, name, value)) {
            error = QStringLiteral("--proxy-header \"%1\" is not \"Name: value\"").arg(text);
            return false;
        }
        options.proxy.headers.append({name, value});
    }
    if (!parser.isSet(m_proxy))
        return true;
    const QString url = parser.value(m_proxy).trimmed();
    if (url == QLatin1String("none") || url.isEmpty()) {
        options.proxy.mode = ProxyMode::None;
        return true;
    }
    options.proxy.url = url;
    options.proxy.mode = url.startsWith(QLatin1String("socks5"), Qt::CaseInsensitive) ? ProxyMode::Socks5 : ProxyMode::HttpConnect;
    return true;
}

bool ConnectionArguments::readTimeouts(const QCommandLineParser &parser, ConnectionOptions &options, QString &error) const
{
    const struct {
        const QCommandLineOption &option;
        int &target;
    } timeouts[] = {
        {m_connectTimeout, options.connectTimeoutMs}, {m_openTimeout, options.openTimeoutMs},
        {m_writeTimeout, options.writeTimeoutMs},     {m_pingInterval, options.pingIntervalMs},
        {m_pingTimeout, options.pingTimeoutMs},       {m_closeTimeout, options.closeTimeoutMs},
    };
    for (const auto &timeout : timeouts) {
        if (!parser.isSet(timeout.option))
            continue;
        if (!parseDuration(parser.value(timeout.option), timeout.target)) {
            error = QStringLiteral("--%1 wants seconds (like 5 or 0.5) or milliseconds (like 300ms), not \"%2\"")
                        .arg(timeout.option.names().constLast(), parser.value(timeout.option));
            return false;
        }
    }
    return true;
}

bool ConnectionArguments::verbose(const QCommandLineParser &parser) const
{
    return (m_groups & Output) && parser.isSet(m_verbose);
}

bool ConnectionArguments::showSecrets(const QCommandLineParser &parser) const
{
    return (m_groups & Output) && parser.isSet(m_showSecrets);
}

QString ConnectionArguments::usageFor(const QString &command, const QCommandLineParser &parser, const QString &arguments)
{
    QString text = parser.helpText();
    // Qt's first line names the program only; the command belongs there too.
    const qsizetype firstLineEnd = text.indexOf(QLatin1Char('\n'));
    return QStringLiteral("Usage: wsinspect-cli %1 %2").arg(command, arguments) + text.mid(firstLineEnd);
}
