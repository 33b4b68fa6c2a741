// SPDX-License-Identifier: MIT
#pragma once
// The command-line options shared by `connect`, `cert`, `ping` and `sse`, mirroring
// net::ConnectionOptions: headers, subprotocols, origin, deflate, limits, TLS, proxy and
// the timeouts (in seconds, decimals allowed, or with an "ms" suffix).
#include "net/ConnectionOptions.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QString>
#include <QStringList>

#include <optional>

class ConnectionArguments
{
public:
    enum Group : unsigned {
        WebSocketHandshake = 1, // --protocol --deflate --ws-version --request-file
        Headers = 128,          // --header --origin --max-length (any HTTP request: sse too)
        Handshake = WebSocketHandshake | Headers,
        Tls = 2,       // --ca-file --ca-path --cert --key --insecure
        Proxy = 4,     // --proxy --proxy-header
        ConnectTimeout = 8,   // --connect-timeout (TCP, proxy, TLS)
        Output = 16,          // -v --show-secrets
        SessionTimeouts = 32, // --open-timeout --write-timeout --close-timeout
        Keepalive = 64,       // --ping-interval --ping-timeout
        Timeouts = ConnectTimeout | SessionTimeouts | Keepalive,
        All = 255,
    };

    explicit ConnectionArguments(unsigned groups = All);

    // The options of this object's groups, in --help order: each command's option table
    // ends with them, for its parser and for the shell completions.
    QList<QCommandLineOption> options() const;
    // Fills `options` from a parsed command line (URL = first positional argument).
    // Returns false with a one-line message for the user.
    bool read(const QCommandLineParser &parser, wsi::net::ConnectionOptions &options, QString &error) const;
    // The same with the URL given apart, for a command whose operands are more than a URL
    // (`run FLOW.js URL`).
    bool read(const QCommandLineParser &parser, const QString &url, wsi::net::ConnectionOptions &options, QString &error) const;

    bool verbose(const QCommandLineParser &parser) const;
    bool showSecrets(const QCommandLineParser &parser) const;

    // "5" -> 5000, "0.25" -> 250, "300ms" -> 300; false when not a duration.
    static bool parseDuration(const QString &text, int &milliseconds);
    // "1048576", "64k", "16M", "1G" (binary multiples); nothing for zero or anything else.
    static std::optional<quint64> parseSize(const QString &text);
    // "Name: value" -> pair; false when there is no colon or the name is empty.
    static bool parseHeader(const QString &text, QByteArray &name, QByteArray &value);

    // The options' help, shared by the commands' --help texts.
    static QString usageFor(const QString &command, const QCommandLineParser &parser, const QString &arguments);
    // A usage error in every command's words: "wsinspect-cli COMMAND: what (see ... --help)", 2.
    static int usageError(const QString &command, const QString &message);
    // Parses a command's arguments (those after its name), or answers --help with the usage
    // ("Usage: wsinspect-cli COMMAND SYNOPSIS", the options) and `more`. Returns the exit
    // status when the command ends here: 0 after --help, 2 after a usage error.
    static std::optional<int> parseOrHelp(QCommandLineParser &parser, const QString &command, const QStringList &arguments,
                                          const QString &synopsis, const char *more);

private:
    bool readTimeouts(const QCommandLineParser &parser, wsi::net::ConnectionOptions &options, QString &error) const;
    // What the command's groups take: --help lists only the options that apply.
    QList<QCommandLineOption> timeoutOptions() const;
    bool readHandshake(const QCommandLineParser &parser, wsi::net::ConnectionOptions &options, QString &error) const;
    bool readProxy(const QCommandLineParser &parser, wsi::net::ConnectionOptions &options, QString &error) const;

    unsigned m_groups;
    QCommandLineOption m_header;
    QCommandLineOption m_protocol;
    QCommandLineOption m_origin;
    QCommandLineOption m_deflate;
    QCommandLineOption m_wsVersion;
    QCommandLineOption m_maxLength;
    QCommandLineOption m_requestFile;
    QCommandLineOption m_caFile;
    QCommandLineOption m_caPath;
    QCommandLineOption m_cert;
    QCommandLineOption m_key;
    QCommandLineOption m_insecure;
    QCommandLineOption m_proxy;
    QCommandLineOption m_proxyHeader;
    QCommandLineOption m_connectTimeout;
    QCommandLineOption m_openTimeout;
    QCommandLineOption m_writeTimeout;
    QCommandLineOption m_pingInterval;
    QCommandLineOption m_pingTimeout;
    QCommandLineOption m_closeTimeout;
    QCommandLineOption m_verbose;
    QCommandLineOption m_showSecrets;
};
