// SPDX-License-Identifier: MIT
#include "ConnectionArguments.h"

#include <QFile>
#include <QTextStream>

#include <cstdio>

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
      m_wsVersion(option({QStringLiteral("ws-version")},
                         "WebSocket version: 13 (RFC 6455, the default), the drafts 8 or 7 (hybi), or hixie-76 or hixie-75 "
                         "(servers of 2010: no ping, close codes or extensions).",
                         "version")),
      m_maxLength(option({QStringLiteral("max-length")},
                         (groups & WebSocketHandshake) ? "Largest message accepted, in bytes or with k/M/G; bigger ones close with 1009 (default 64M)."
                                                       : "Largest event (or line) accepted, in bytes or with k/M/G; a bigger one ends the stream (default 64M).",
                         "size")),
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
      m_connectTimeout(option({QStringLiteral("connect-timeout")}, "TCP connect, proxy and TLS handshake (default 10; 0: no limit).", "seconds")),
      m_openTimeout(option({QStringLiteral("open-timeout")}, "Answer to the upgrade request (default 10; 0: no limit).", "seconds")),
      m_writeTimeout(option({QStringLiteral("write-timeout")}, "A socket write that makes no progress (default 10; 0: no limit).", "seconds")),
      m_pingInterval(option({QStringLiteral("ping-interval")}, "Sends a keepalive ping this often (default: none).", "seconds")),
      m_pingTimeout(option({QStringLiteral("ping-timeout")}, "Pong for each ping (default 10; 0: no limit).", "seconds")),
      m_closeTimeout(option({QStringLiteral("close-timeout")}, "Answer to our close frame (default 5; 0: no limit).", "seconds")),
      m_verbose(option({QStringLiteral("v"), QStringLiteral("verbose")}, "Shows the handshake, TLS and frame headers on stderr.")),
      m_showSecrets(option({QStringLiteral("show-secrets")}, "With -v, shows Authorization and cookie values instead of hiding them."))
{
}

QList<QCommandLineOption> ConnectionArguments::options() const
{
    QList<QCommandLineOption> options;
    // In the order --help has always shown them.
    if (m_groups & Headers)
        options << m_header;
    if (m_groups & WebSocketHandshake)
        options << m_protocol;
    if (m_groups & Headers)
        options << m_origin;
    if (m_groups & WebSocketHandshake)
        options << m_deflate << m_wsVersion;
    if (m_groups & Headers)
        options << m_maxLength;
    if (m_groups & WebSocketHandshake)
        options << m_requestFile;
    if (m_groups & Tls)
        options << m_caFile << m_caPath << m_cert << m_key << m_insecure;
    if (m_groups & Proxy)
        options << m_proxy << m_proxyHeader;
    options << timeoutOptions();
    if (m_groups & Output)
        options << m_verbose << m_showSecrets;
    return options;
}

QList<QCommandLineOption> ConnectionArguments::timeoutOptions() const
{
    QList<QCommandLineOption> options;
    if (m_groups & ConnectTimeout)
        options << m_connectTimeout;
    if (m_groups & SessionTimeouts)
        options << m_openTimeout << m_writeTimeout;
    if (m_groups & Keepalive)
        options << m_pingInterval << m_pingTimeout;
    if (m_groups & SessionTimeouts)
        options << m_closeTimeout;
    return options;
}

int ConnectionArguments::usageError(const QString &command, const QString &message)
{
    std::fprintf(stderr, "wsinspect-cli %s: %s\n(see wsinspect-cli %s --help)\n", command.toLocal8Bit().constData(),
                 message.toLocal8Bit().constData(), command.toLocal8Bit().constData());
    return 2;
}

std::optional<int> ConnectionArguments::parseOrHelp(QCommandLineParser &parser, const QString &command,
                                                    const QStringList &arguments, const QString &synopsis, const char *more)
{
    if (!parser.parse(QStringList{QStringLiteral("wsinspect-cli ") + command} + arguments))
        return usageError(command, parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        QTextStream(stdout) << usageFor(command, parser, synopsis) << more;
        return 0;
    }
    return std::nullopt;
}

std::optional<quint64> ConnectionArguments::parseSize(const QString &text)
{
    QString digits = text.trimmed();
    quint64 factor = 1;
    if (!digits.isEmpty()) {
        switch (digits.back().toUpper().unicode()) {
        case 'K': factor = 1024; break;
        case 'M': factor = 1024 * 1024; break;
        case 'G': factor = 1024ull * 1024 * 1024; break;
        default: break;
        }
        if (factor != 1)
            digits.chop(1);
    }
    bool ok = false;
    const quint64 value = digits.toULongLong(&ok);
    if (!ok || value == 0 || value > (~quint64(0)) / factor)
        return std::nullopt;
    return value * factor;
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
    return read(parser, positional.first(), options, error);
}

bool ConnectionArguments::read(const QCommandLineParser &parser, const QString &url, ConnectionOptions &options, QString &error) const
{
    options.url = url;
    if ((m_groups & Headers) && !readHandshake(parser, options, error))
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
    if (!readTimeouts(parser, options, error))
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
    options.origin = parser.value(m_origin);
    if (m_groups & WebSocketHandshake) {
        for (const QString &value : parser.values(m_protocol))
            options.subprotocols += value.split(QLatin1Char(','), Qt::SkipEmptyParts);
        for (QString &protocol : options.subprotocols)
            protocol = protocol.trimmed();
        options.deflate = parser.isSet(m_deflate);
        if (parser.isSet(m_wsVersion)
            && !wsi::protocol::parseProtocolVersion(parser.value(m_wsVersion).trimmed().toLower().toStdString(),
                                               options.protocolVersion)) {
            error = QStringLiteral("--ws-version is 13, 8, 7, hixie-76 or hixie-75, not \"%1\"").arg(parser.value(m_wsVersion));
            return false;
        }
    }
    if (parser.isSet(m_maxLength)) {
        const std::optional<quint64> size = parseSize(parser.value(m_maxLength));
        if (!size) {
            error = QStringLiteral("--max-length wants a positive size such as 65536, 64k or 16M, not \"%1\"").arg(parser.value(m_maxLength));
            return false;
        }
        options.maxMessageSize = *size;
    }
    if ((m_groups & WebSocketHandshake) && parser.isSet(m_requestFile)) {
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
    QStringList taken;
    for (const QCommandLineOption &option : timeoutOptions())
        taken << option.names().constLast();
    for (const auto &timeout : timeouts) {
        if (!taken.contains(timeout.option.names().constLast()) || !parser.isSet(timeout.option))
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
