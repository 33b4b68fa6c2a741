// SPDX-License-Identifier: MIT
#include "files/session/SessionJson.h"

#include "files/session/SessionJsonValues.h"

namespace wsi::log {

using namespace json;

namespace {

QString key(const char *name) { return QString::fromLatin1(name); }

QJsonObject deflateOfferToJson(const protocol::DeflateOffer &offer)
{
    return {{key("serverNoContextTakeover"), offer.serverNoContextTakeover},
            {key("clientNoContextTakeover"), offer.clientNoContextTakeover},
            {key("serverMaxWindowBits"), offer.serverMaxWindowBits},
            {key("clientMaxWindowBits"), offer.clientMaxWindowBits}};
}

protocol::DeflateOffer deflateOfferFromJson(const QJsonObject &o)
{
    protocol::DeflateOffer offer;
    offer.serverNoContextTakeover = o.value(key("serverNoContextTakeover")).toBool();
    offer.clientNoContextTakeover = o.value(key("clientNoContextTakeover")).toBool();
    offer.serverMaxWindowBits = toInt(o.value(key("serverMaxWindowBits")), offer.serverMaxWindowBits);
    offer.clientMaxWindowBits = toInt(o.value(key("clientMaxWindowBits")), offer.clientMaxWindowBits);
    return offer;
}

QJsonObject tlsOptionsToJson(const net::TlsOptions &tls)
{
    return {{key("verify"), tls.verify},
            {key("caFile"), tls.caFile},
            {key("caDirectory"), tls.caDirectory},
            {key("clientCertificate"), tls.clientCertificate},
            {key("clientKey"), tls.clientKey},
            {key("clientKeyPassphrase"), fromBytes(tls.clientKeyPassphrase)}};
}

net::TlsOptions tlsOptionsFromJson(const QJsonObject &o)
{
    net::TlsOptions tls;
    tls.verify = o.value(key("verify")).toBool(tls.verify);
    tls.caFile = o.value(key("caFile")).toString();
    tls.caDirectory = o.value(key("caDirectory")).toString();
    tls.clientCertificate = o.value(key("clientCertificate")).toString();
    tls.clientKey = o.value(key("clientKey")).toString();
    tls.clientKeyPassphrase = toBytes(o.value(key("clientKeyPassphrase")));
    return tls;
}

QJsonObject proxyToJson(const net::ProxyOptions &proxy)
{
    return {{key("mode"), int(proxy.mode)}, {key("url"), proxy.url}, {key("headers"), fromHeaders(proxy.headers)}};
}

net::ProxyOptions proxyFromJson(const QJsonObject &o)
{
    net::ProxyOptions proxy;
    proxy.mode = toEnum(o.value(key("mode")), net::ProxyMode::Socks5, proxy.mode);
    proxy.url = o.value(key("url")).toString();
    proxy.headers = toHeaders(o.value(key("headers")));
    return proxy;
}

QJsonObject reconnectToJson(const net::ReconnectOptions &r)
{
    return {{key("enabled"), r.enabled},
            {key("initialDelayMs"), r.initialDelayMs},
            {key("maxDelayMs"), r.maxDelayMs},
            {key("multiplier"), r.multiplier},
            {key("maxAttempts"), r.maxAttempts}};
}

net::ReconnectOptions reconnectFromJson(const QJsonObject &o)
{
    net::ReconnectOptions r;
    r.enabled = o.value(key("enabled")).toBool();
    r.initialDelayMs = toInt(o.value(key("initialDelayMs")), r.initialDelayMs);
    r.maxDelayMs = toInt(o.value(key("maxDelayMs")), r.maxDelayMs);
    r.multiplier = o.value(key("multiplier")).toDouble(r.multiplier);
    r.maxAttempts = toInt(o.value(key("maxAttempts")), r.maxAttempts);
    return r;
}

QJsonObject snapshotToJson(const net::ConnectionSnapshot &s)
{
    QJsonArray timeline;
    for (const net::TimelineEntry &entry : s.timeline)
        timeline.append(QJsonArray{int(entry.state), fromInt64(entry.startNs), fromInt64(entry.durationNs)});
    const net::TrafficCounters &c = s.counters;
    const QJsonArray counters{fromUInt64(c.bytesIn),        fromUInt64(c.bytesOut),        fromUInt64(c.messagesIn),
                              fromUInt64(c.messagesOut),    fromUInt64(c.payloadBytesIn),  fromUInt64(c.payloadBytesOut),
                              fromUInt64(c.framesIn),       fromUInt64(c.framesOut)};
    return {{key("state"), int(s.state)},
            {key("timeline"), timeline},
            {key("counters"), counters},
            {key("elapsedNs"), fromInt64(s.elapsedNs)}};
}

net::ConnectionSnapshot snapshotFromJson(const QJsonObject &o)
{
    net::ConnectionSnapshot s;
    s.state = toEnum(o.value(key("state")), net::ConnectionState::Closed, net::ConnectionState::Idle);
    for (const QJsonValue &value : o.value(key("timeline")).toArray()) {
        const QJsonArray entry = value.toArray();
        s.timeline.append({toEnum(entry.at(0), net::ConnectionState::Closed, net::ConnectionState::Idle),
                           toInt64(entry.at(1)), toInt64(entry.at(2), -1)});
    }
    const QJsonArray c = o.value(key("counters")).toArray();
    quint64 *fields[] = {&s.counters.bytesIn,        &s.counters.bytesOut,       &s.counters.messagesIn,
                         &s.counters.messagesOut,    &s.counters.payloadBytesIn, &s.counters.payloadBytesOut,
                         &s.counters.framesIn,       &s.counters.framesOut};
    for (int i = 0; i < 8; ++i)
        *fields[i] = toUInt64(c.at(i));
    s.elapsedNs = toInt64(o.value(key("elapsedNs")));
    return s;
}

namespace {

// A close frame: absent (null), or its code (0: none) and reason.
QJsonValue closeFrameToJson(const net::CloseFrameInfo &frame)
{
    if (!frame.present)
        return QJsonValue::Null;
    return QJsonObject{{key("code"), int(frame.code)}, {key("reason"), frame.reason}};
}

net::CloseFrameInfo closeFrameFromJson(const QJsonValue &value)
{
    net::CloseFrameInfo frame;
    if (!value.isObject())
        return frame;
    const QJsonObject o = value.toObject();
    frame.present = true;
    frame.code = quint16(toInt(o.value(key("code")), 0));
    frame.reason = o.value(key("reason")).toString();
    return frame;
}

} // namespace

QJsonObject closeToJson(const net::CloseInfo &info)
{
    return {{key("code"), int(info.code)},
            {key("reason"), info.reason},
            {key("initiator"), int(info.initiator)},
            {key("clean"), info.clean},
            {key("timeNs"), fromInt64(info.timeNs)},
            {key("sent"), closeFrameToJson(info.sent)},
            {key("received"), closeFrameToJson(info.received)}};
}

net::CloseInfo closeFromJson(const QJsonObject &o)
{
    net::CloseInfo info;
    info.code = quint16(toInt(o.value(key("code")), info.code));
    info.reason = o.value(key("reason")).toString();
    info.initiator = toEnum(o.value(key("initiator")), net::CloseInitiator::Transport, info.initiator);
    info.clean = o.value(key("clean")).toBool();
    info.timeNs = toInt64(o.value(key("timeNs")));
    info.sent = closeFrameFromJson(o.value(key("sent")));
    info.received = closeFrameFromJson(o.value(key("received")));
    return info;
}

QJsonObject errorToJson(const net::ConnectionError &error)
{
    return {{key("phase"), int(error.phase)},  {key("id"), error.id},
            {key("message"), error.message},   {key("hint"), error.hint},
            {key("timeNs"), fromInt64(error.timeNs)}, {key("waitedMs"), fromInt64(error.waitedMs)}};
}

net::ConnectionError errorFromJson(const QJsonObject &o)
{
    net::ConnectionError error;
    error.phase = toEnum(o.value(key("phase")), net::ErrorPhase::Transport, error.phase);
    error.id = o.value(key("id")).toString();
    error.message = o.value(key("message")).toString();
    error.hint = o.value(key("hint")).toString();
    error.timeNs = toInt64(o.value(key("timeNs")));
    error.waitedMs = toInt64(o.value(key("waitedMs")), -1);
    return error;
}

} // namespace

QJsonObject optionsToJson(const net::ConnectionOptions &o)
{
    return {{key("url"), o.url},
            {key("headers"), fromHeaders(o.headers)},
            {key("subprotocols"), QJsonArray::fromStringList(o.subprotocols)},
            {key("origin"), o.origin},
            {key("webSocketVersion"), QString::fromLatin1(protocol::protocolVersionName(o.protocolVersion))},
            {key("deflate"), o.deflate},
            {key("deflateOffer"), deflateOfferToJson(o.deflateOffer)},
            {key("maxMessageSize"), fromUInt64(o.maxMessageSize)},
            {key("autoPong"), o.autoPong},
            {key("connectTimeoutMs"), o.connectTimeoutMs},
            {key("openTimeoutMs"), o.openTimeoutMs},
            {key("writeTimeoutMs"), o.writeTimeoutMs},
            {key("pingTimeoutMs"), o.pingTimeoutMs},
            {key("closeTimeoutMs"), o.closeTimeoutMs},
            {key("pingIntervalMs"), o.pingIntervalMs},
            {key("pingTimeoutCloses"), o.pingTimeoutCloses},
            {key("tls"), tlsOptionsToJson(o.tls)},
            {key("proxy"), proxyToJson(o.proxy)},
            {key("reconnect"), reconnectToJson(o.reconnect)},
            {key("rawRequestOverride"), fromBytes(o.rawRequestOverride)},
            {key("tlsReportOnly"), o.tlsReportOnly},
            {key("eventDetail"), int(o.eventDetail)},
            {key("maxEventsInFlight"), o.maxEventsInFlight}};
}

net::ConnectionOptions optionsFromJson(const QJsonObject &o)
{
    net::ConnectionOptions options;
    options.url = o.value(key("url")).toString();
    options.headers = toHeaders(o.value(key("headers")));
    options.subprotocols = toStringList(o.value(key("subprotocols")));
    options.origin = o.value(key("origin")).toString();
    // Absent in files written before versions were chosen: 13. A word we do not know: 13 too
    // (OptionsJsonCheck refuses it in a profile with a message first).
    protocol::parseProtocolVersion(o.value(key("webSocketVersion")).toString().toStdString(), options.protocolVersion);
    options.deflate = o.value(key("deflate")).toBool();
    options.deflateOffer = deflateOfferFromJson(o.value(key("deflateOffer")).toObject());
    options.maxMessageSize = toUInt64(o.value(key("maxMessageSize")), options.maxMessageSize);
    options.autoPong = o.value(key("autoPong")).toBool(options.autoPong);
    options.connectTimeoutMs = toInt(o.value(key("connectTimeoutMs")), options.connectTimeoutMs);
    options.openTimeoutMs = toInt(o.value(key("openTimeoutMs")), options.openTimeoutMs);
    options.writeTimeoutMs = toInt(o.value(key("writeTimeoutMs")), options.writeTimeoutMs);
    options.pingTimeoutMs = toInt(o.value(key("pingTimeoutMs")), options.pingTimeoutMs);
    options.closeTimeoutMs = toInt(o.value(key("closeTimeoutMs")), options.closeTimeoutMs);
    options.pingIntervalMs = toInt(o.value(key("pingIntervalMs")), options.pingIntervalMs);
    options.pingTimeoutCloses = o.value(key("pingTimeoutCloses")).toBool(options.pingTimeoutCloses);
    options.tls = tlsOptionsFromJson(o.value(key("tls")).toObject());
    options.proxy = proxyFromJson(o.value(key("proxy")).toObject());
    options.reconnect = reconnectFromJson(o.value(key("reconnect")).toObject());
    options.rawRequestOverride = toBytes(o.value(key("rawRequestOverride")));
    options.tlsReportOnly = o.value(key("tlsReportOnly")).toBool();
    options.eventDetail = toEnum(o.value(key("eventDetail")), net::EventDetail::CountersOnly, options.eventDetail);
    options.maxEventsInFlight = toInt(o.value(key("maxEventsInFlight")), options.maxEventsInFlight);
    return options;
}

QJsonObject handshakeToJson(const net::HandshakeInfo &h)
{
    return {{key("accepted"), h.accepted},
            {key("timeNs"), fromInt64(h.timeNs)},
            {key("rawRequest"), fromBytes(h.rawRequest)},
            {key("rawResponse"), fromBytes(h.rawResponse)},
            {key("bodyPreview"), fromBytes(h.bodyPreview)},
            {key("status"), h.status},
            {key("statusLine"), h.statusLine},
            {key("responseHeaders"), fromHeaders(h.responseHeaders)},
            {key("subprotocol"), h.subprotocol},
            {key("extensions"), h.extensions},
            {key("deflate"), h.deflate},
            {key("deflateParams"), h.deflateParams},
            {key("protocolVersion"), h.protocolVersion},
            {key("failure"), h.failure},
            {key("diagnosis"), h.diagnosis}};
}

net::HandshakeInfo handshakeFromJson(const QJsonObject &o)
{
    net::HandshakeInfo h;
    h.accepted = o.value(key("accepted")).toBool();
    h.timeNs = toInt64(o.value(key("timeNs")));
    h.rawRequest = toBytes(o.value(key("rawRequest")));
    h.rawResponse = toBytes(o.value(key("rawResponse")));
    h.bodyPreview = toBytes(o.value(key("bodyPreview")));
    h.status = toInt(o.value(key("status")));
    h.statusLine = o.value(key("statusLine")).toString();
    h.responseHeaders = toHeaders(o.value(key("responseHeaders")));
    h.subprotocol = o.value(key("subprotocol")).toString();
    h.extensions = o.value(key("extensions")).toString();
    h.deflate = o.value(key("deflate")).toBool();
    h.deflateParams = o.value(key("deflateParams")).toString();
    h.protocolVersion = o.value(key("protocolVersion")).toString();
    h.failure = o.value(key("failure")).toString();
    h.diagnosis = o.value(key("diagnosis")).toString();
    return h;
}

QJsonObject pingStatsToJson(const net::PingStats &stats)
{
    QJsonArray samples;
    for (const net::PingSample &s : stats.samples())
        samples.append(QJsonArray{fromUInt64(s.pingId), fromInt64(s.sentNs), fromInt64(s.rttNs), s.payloadSize});
    return {{key("sent"), stats.sent()}, {key("received"), stats.received()}, {key("lost"), stats.lost()},
            {key("samples"), samples}};
}

// PingStats keeps its sums private: replaying the kept samples rebuilds them exactly as
// long as none was dropped (PingStats::MaxSamples); the sent count is replayed as well.
net::PingStats pingStatsFromJson(const QJsonObject &o)
{
    net::PingStats stats;
    for (const QJsonValue &value : o.value(key("samples")).toArray()) {
        const QJsonArray a = value.toArray();
        net::PingSample sample{toUInt64(a.at(0)), toInt64(a.at(1)), toInt64(a.at(2), -1), toInt(a.at(3))};
        if (sample.rttNs >= 0)
            stats.recordReply(sample.rttNs, sample);
        else
            stats.recordLost(sample);
    }
    const int sent = toInt(o.value(key("sent")));
    while (stats.sent() < sent)
        stats.recordSent();
    return stats;
}

QJsonObject tabStateToJson(const SessionTabState &state)
{
    QJsonObject o{{key("title"), state.title},
                  {key("options"), optionsToJson(state.options)},
                  {key("panelUrl"), state.panelUrl},
                  {key("ping"), pingStatsToJson(state.pingStats)}};
    if (state.snapshot)
        o.insert(key("snapshot"), snapshotToJson(*state.snapshot));
    if (state.handshake)
        o.insert(key("handshake"), handshakeToJson(*state.handshake));
    if (state.close)
        o.insert(key("close"), closeToJson(*state.close));
    if (state.error)
        o.insert(key("error"), errorToJson(*state.error));
    if (state.tlsReport)
        o.insert(key("tls"), tlsReportToJson(*state.tlsReport));
    // Only a choice other than automatic is written, so files without one stay as they were.
    if (!state.decodeAs.isEmpty() && state.decodeAs != QLatin1String("auto")) {
        QJsonObject decodeAs{{key("decoder"), state.decodeAs}};
        if (!state.protoFile.isEmpty()) {
            decodeAs.insert(key("protoFile"), state.protoFile);
            decodeAs.insert(key("incomingType"), state.protoIncomingType);
            decodeAs.insert(key("outgoingType"), state.protoOutgoingType);
        }
        o.insert(key("decodeAs"), decodeAs);
    }
    return o;
}

SessionTabState tabStateFromJson(const QJsonObject &o)
{
    SessionTabState state;
    state.title = o.value(key("title")).toString();
    state.options = optionsFromJson(o.value(key("options")).toObject());
    state.panelUrl = o.value(key("panelUrl")).toString();
    state.pingStats = pingStatsFromJson(o.value(key("ping")).toObject());
    const QJsonObject decodeAs = o.value(key("decodeAs")).toObject();
    state.decodeAs = decodeAs.value(key("decoder")).toString();
    state.protoFile = decodeAs.value(key("protoFile")).toString();
    state.protoIncomingType = decodeAs.value(key("incomingType")).toString();
    state.protoOutgoingType = decodeAs.value(key("outgoingType")).toString();
    if (o.contains(key("snapshot")))
        state.snapshot = snapshotFromJson(o.value(key("snapshot")).toObject());
    if (o.contains(key("handshake")))
        state.handshake = handshakeFromJson(o.value(key("handshake")).toObject());
    if (o.contains(key("close")))
        state.close = closeFromJson(o.value(key("close")).toObject());
    if (o.contains(key("error")))
        state.error = errorFromJson(o.value(key("error")).toObject());
    if (o.contains(key("tls")))
        state.tlsReport = tlsReportFromJson(o.value(key("tls")).toObject());
    return state;
}

} // namespace wsi::log
