// SPDX-License-Identifier: MIT
#include "ReplayOptions.h"

#include "files/session/SessionSecrets.h"

#include <algorithm>

using wsi::net::ConnectionOptions;

namespace {

bool anySet(const QCommandLineParser &parser, std::initializer_list<const char *> names)
{
    for (const char *name : names) {
        if (parser.isSet(QLatin1String(name)))
            return true;
    }
    return false;
}

} // namespace

bool replayOptions(const ConnectionOptions &recorded, const ConnectionArguments &shared, const QCommandLineParser &parser,
                   const QString &url, ConnectionOptions &options, QString &error)
{
    ConnectionOptions flags;
    if (!shared.read(parser, url, flags, error))
        return false;
    options = recorded;
    options.url = flags.url;
    options.rawRequestOverride.clear(); // a hand-written request names its own host and key
    // -H: a header given replaces the recorded ones of its name; the rest are kept.
    for (const auto &[name, value] : flags.headers) {
        options.headers.erase(std::remove_if(options.headers.begin(), options.headers.end(),
                                             [&name = name](const auto &header) { return header.first.compare(name, Qt::CaseInsensitive) == 0; }),
                              options.headers.end());
    }
    options.headers += flags.headers;
    if (anySet(parser, {"protocol"}))
        options.subprotocols = flags.subprotocols;
    if (anySet(parser, {"origin"}))
        options.origin = flags.origin;
    if (anySet(parser, {"deflate"}))
        options.deflate = true;
    if (anySet(parser, {"ws-version"}))
        options.protocolVersion = flags.protocolVersion;
    if (anySet(parser, {"max-length"}))
        options.maxMessageSize = flags.maxMessageSize;
    if (anySet(parser, {"ca-file", "ca-path", "cert", "key", "insecure"}))
        options.tls = flags.tls;
    if (anySet(parser, {"proxy", "proxy-header"}))
        options.proxy = flags.proxy;
    if (anySet(parser, {"connect-timeout"}))
        options.connectTimeoutMs = flags.connectTimeoutMs;
    if (anySet(parser, {"open-timeout"}))
        options.openTimeoutMs = flags.openTimeoutMs;
    if (anySet(parser, {"write-timeout"}))
        options.writeTimeoutMs = flags.writeTimeoutMs;
    if (anySet(parser, {"close-timeout"}))
        options.closeTimeoutMs = flags.closeTimeoutMs;
    for (const auto &[name, value] : options.headers) {
        if (wsi::log::isRedactedHeaderValue(value)) {
            error = QStringLiteral("the session was saved without secrets, so it hides the value of its %1 header: "
                                   "give it with -H '%1: VALUE' (or save the session with secrets)")
                        .arg(QString::fromUtf8(name));
            return false;
        }
    }
    const wsi::net::ValidationResult checked = wsi::net::validateOptions(options);
    if (!checked.ok) {
        error = checked.message;
        return false;
    }
    return true;
}
