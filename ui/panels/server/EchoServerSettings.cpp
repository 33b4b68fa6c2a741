// SPDX-License-Identifier: MIT
#include "ui/panels/server/EchoServerSettings.h"

#include <QHostAddress>
#include <QSettings>

namespace wsi::ui::EchoServerSettings {

namespace {

// Keys, beside what they hold (the defaults are net::EchoServerOptions' own).
const char *const HostKey = "echoServer/host"; // loopback only, see the header
const char *const PortKey = "echoServer/port";
const char *const TlsKey = "echoServer/tls";
const char *const CertificateKey = "echoServer/certificateFile";
const char *const KeyFileKey = "echoServer/keyFile";
const char *const ModeKey = "echoServer/mode"; // "echo" or "broadcast"
const char *const SubprotocolsKey = "echoServer/subprotocols";
const char *const DeflateKey = "echoServer/deflate";
const char *const RefuseOldDraftsKey = "echoServer/refuseOldDrafts";
const char *const MaxMessageKey = "echoServer/maxMessageMiB";
const char *const DelayKey = "echoServer/replyDelayMs";
const char *const PingKey = "echoServer/pingIntervalMs";
const char *const EventsPathKey = "echoServer/eventStream/path"; // empty: no endpoint
const char *const EventsRetryKey = "echoServer/eventStream/retryMs";
const char *const EventsKeepaliveKey = "echoServer/eventStream/keepaliveMs";
const char *const EventsHistoryKey = "echoServer/eventStream/historySize";
const char *const EventsHeadersKey = "echoServer/eventStream/headers"; // "Name: value" each
const char *const EventsBridgeKey = "echoServer/eventStream/bridge";
const char *const EventsPostsKey = "echoServer/eventStream/acceptPosts";

QString key(const char *name) { return QString::fromLatin1(name); }

int readInt(const QSettings &settings, const char *name, int min, int max, int fallback)
{
    bool ok = false;
    const int value = settings.value(key(name)).toInt(&ok);
    return ok && value >= min && value <= max ? value : fallback;
}

bool readBool(const QSettings &settings, const char *name, bool fallback)
{
    const QVariant value = settings.value(key(name));
    return value.isValid() ? value.toBool() : fallback;
}

bool isLoopback(const QString &host)
{
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

// What the endpoint accepts as a path: "/events", no query, no blanks (as `serve --sse`).
bool isEventPath(const QString &path)
{
    return path.startsWith(QLatin1Char('/')) && !path.contains(QLatin1Char('?')) && !path.contains(QLatin1Char(' '));
}

} // namespace

net::EchoServerOptions load(const QSettings &settings)
{
    net::EchoServerOptions o;
    const QString host = settings.value(key(HostKey)).toString().trimmed();
    if (isLoopback(host))
        o.host = host;
    o.port = quint16(readInt(settings, PortKey, 0, 65535, o.port));
    o.tls = readBool(settings, TlsKey, o.tls);
    o.certificateFile = settings.value(key(CertificateKey)).toString();
    o.keyFile = settings.value(key(KeyFileKey)).toString();
    const QString mode = settings.value(key(ModeKey)).toString();
    if (mode == QLatin1String("broadcast"))
        o.mode = net::EchoMode::Broadcast;
    o.subprotocols = settings.value(key(SubprotocolsKey)).toStringList();
    o.deflate = readBool(settings, DeflateKey, o.deflate);
    o.refuseOldDrafts = readBool(settings, RefuseOldDraftsKey, o.refuseOldDrafts);
    o.maxMessageSize = quint64(readInt(settings, MaxMessageKey, 1, MaxMessageMiB, int(o.maxMessageSize >> 20))) << 20;
    o.replyDelayMs = readInt(settings, DelayKey, 0, MaxDelayMs, o.replyDelayMs);
    o.pingIntervalMs = readInt(settings, PingKey, 0, MaxPingIntervalS * 1000, o.pingIntervalMs);

    net::EventStreamOptions &e = o.eventStream;
    const QString path = settings.value(key(EventsPathKey)).toString().trimmed();
    if (isEventPath(path))
        e.path = path;
    e.retryMs = readInt(settings, EventsRetryKey, 0, MaxRetryMs, e.retryMs);
    e.keepaliveMs = readInt(settings, EventsKeepaliveKey, 0, MaxKeepaliveS * 1000, e.keepaliveMs);
    e.historySize = readInt(settings, EventsHistoryKey, 0, MaxHistorySize, e.historySize);
    for (const QString &line : settings.value(key(EventsHeadersKey)).toStringList()) {
        const qsizetype colon = line.indexOf(QLatin1Char(':'));
        if (colon > 0)
            e.headers.append({line.left(colon).trimmed().toUtf8(), line.mid(colon + 1).trimmed().toUtf8()});
    }
    e.bridge = readBool(settings, EventsBridgeKey, e.bridge);
    e.acceptPosts = readBool(settings, EventsPostsKey, e.acceptPosts);
    return o;
}

void save(QSettings &settings, const net::EchoServerOptions &o)
{
    if (isLoopback(o.host))
        settings.setValue(key(HostKey), o.host);
    else
        settings.remove(key(HostKey));
    settings.setValue(key(PortKey), int(o.port));
    settings.setValue(key(TlsKey), o.tls);
    settings.setValue(key(CertificateKey), o.certificateFile);
    settings.setValue(key(KeyFileKey), o.keyFile);
    settings.setValue(key(ModeKey), o.mode == net::EchoMode::Broadcast ? QStringLiteral("broadcast") : QStringLiteral("echo"));
    settings.setValue(key(SubprotocolsKey), o.subprotocols);
    settings.setValue(key(DeflateKey), o.deflate);
    settings.setValue(key(RefuseOldDraftsKey), o.refuseOldDrafts);
    settings.setValue(key(MaxMessageKey), int(o.maxMessageSize >> 20));
    settings.setValue(key(DelayKey), o.replyDelayMs);
    settings.setValue(key(PingKey), o.pingIntervalMs);

    const net::EventStreamOptions &e = o.eventStream;
    settings.setValue(key(EventsPathKey), e.path);
    settings.setValue(key(EventsRetryKey), e.retryMs);
    settings.setValue(key(EventsKeepaliveKey), e.keepaliveMs);
    settings.setValue(key(EventsHistoryKey), e.historySize);
    QStringList headers;
    for (const auto &[name, value] : e.headers)
        headers << QString::fromUtf8(name + ": " + value);
    settings.setValue(key(EventsHeadersKey), headers);
    settings.setValue(key(EventsBridgeKey), e.bridge);
    settings.setValue(key(EventsPostsKey), e.acceptPosts);
}

} // namespace wsi::ui::EchoServerSettings
