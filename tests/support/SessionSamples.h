// SPDX-License-Identifier: MIT
#pragma once
// A varied log and a tab state with every field set, for the session file and export
// tests, and a field-by-field comparison of two stores that names the first difference.
#include "support/LogEvents.h"
#include "store/MessageStore.h"
#include "files/session/SessionTab.h"

#include "net/tls/SelfSignedCertificate.h"

#include <QStringList>

namespace wsi::test {

inline QByteArray closePayload(quint16 code, const QByteArray &reason = {})
{
    return QByteArray{char(code >> 8), char(code & 0xff)} + reason;
}

// Every kind of row, with frames, raw and non-minimal headers, ping details, binary
// bytes of every value, UTF-8 text, two echo-server clients and a compressed message.
inline net::EventBatch sampleEvents()
{
    QByteArray allBytes;
    for (int i = 0; i < 256; ++i)
        allBytes.append(char(i));
    LogEvent compressed = message(In, true, QByteArray(500, 'a'), 40, 9000, 1);
    compressed.compressed = true;
    compressed.wireSize = 12;
    LogEvent ping = control(EventKind::Ping, Out, "p1", 11000);
    ping.pingId = 7;
    LogEvent pong = control(EventKind::Pong, In, "p1", 12000);
    pong.pingId = 7;
    pong.rttNs = 1000;
    LogEvent unanswered = control(EventKind::Ping, In, "", 13000);
    unanswered.text = QStringLiteral("not answered (auto-pong off)");
    // A header whose length field disagrees with the frame's: only the raw bytes say so.
    LogEvent nonMinimal = frame(Out, 1, true, 3, 90, 14000, "abc");
    nonMinimal.header = QByteArray::fromHex("817e0004");
    nonMinimal.flags = net::FrameFlag::Fin;
    nonMinimal.maskKey = 0;
    return {frame(In, 1, true, 5, 0, 1000),
            message(In, true, "hello", 0, 1000),
            frame(Out, 2, false, 128, 0, 2000),
            frame(Out, 0, true, 128, 136, 3000),
            message(Out, false, allBytes, 0, 3000, 2),
            message(In, true, QStringLiteral("größe ✓ {\"a\":1}").toUtf8(), 7, 4000),
            compressed,
            frame(In, 9, true, 2, 60, 10999, "p1"),
            ping,
            pong,
            unanswered,
            nonMinimal,
            message(In, true, "c1", 0, 15000, 1, 1),
            message(In, true, "c2", 0, 15001, 1, 2),
            note(EventKind::Info, QStringLiteral("auto-pong disabled"), 16000),
            note(EventKind::Error, QStringLiteral("invalid-utf8: byte 0xff"), 17000, 1007),
            frame(Out, 8, true, 4, 200, 18000, closePayload(1000, "ok")),
            frame(In, 8, true, 4, 300, 18500, closePayload(1000, "ok")),
            closeEvent(Out, 1000, QStringLiteral("ok"), true, 19000)};
}

inline log::MessageStore *fillStore(log::MessageStore &store, const net::EventBatch &events = sampleEvents())
{
    store.setStartedAt(QDateTime::fromMSecsSinceEpoch(1700000000123));
    store.append(events);
    return &store;
}

inline net::TlsReport sampleTlsReport()
{
    const net::SelfSignedCertificate made = net::SelfSignedCertificate::generate();
    net::TlsReport report;
    report.url = QStringLiteral("wss://user:pw@localhost:9443/feed");
    report.host = QStringLiteral("localhost");
    report.port = 9443;
    report.sniName = QStringLiteral("localhost");
    report.verifyEnabled = false;
    report.handshakeCompleted = true;
    report.protocol = QStringLiteral("TLS 1.3");
    report.cipher = QStringLiteral("TLS_AES_256_GCM_SHA384");
    report.cipherBits = 256;
    report.keyExchange = QStringLiteral("X25519");
    report.setChain({made.certificate()}, QList<QSslCertificate>{});
    report.decide();
    return report;
}

inline log::SessionTabState sampleTabState()
{
    log::SessionTabState state;
    state.title = QStringLiteral("localhost:9443");
    net::ConnectionOptions &o = state.options;
    o.url = QStringLiteral("wss://user:secret@localhost:9443/feed?x=1");
    o.headers = {{"Authorization", "Bearer abc.def"}, {"X-Trace", "t-1"}, {"Cookie", "sid=42"},
                 {"X-Binary", QByteArray("\xff\x00\x01", 3)}};
    o.subprotocols = {QStringLiteral("graphql-ws"), QStringLiteral("json")};
    o.origin = QStringLiteral("https://example.test");
    o.deflate = true;
    o.deflateOffer.serverNoContextTakeover = true;
    o.deflateOffer.clientMaxWindowBits = 12;
    o.maxMessageSize = (quint64(1) << 60) + 3; // beyond a double's exact integers
    o.autoPong = false;
    o.connectTimeoutMs = 1111;
    o.openTimeoutMs = 2222;
    o.writeTimeoutMs = 3333;
    o.pingTimeoutMs = 4444;
    o.closeTimeoutMs = 5555;
    o.pingIntervalMs = 250;
    o.pingTimeoutCloses = false;
    o.tls.verify = false;
    o.tls.caFile = QStringLiteral("/etc/ca.pem");
    o.tls.caDirectory = QStringLiteral("/etc/cas");
    o.tls.clientCertificate = QStringLiteral("/home/me/client.pem");
    o.tls.clientKey = QStringLiteral("/home/me/client.key");
    o.tls.clientKeyPassphrase = "hunter2";
    o.proxy.mode = net::ProxyMode::HttpConnect;
    o.proxy.url = QStringLiteral("http://proxyuser:proxypass@proxy.test:3128");
    o.proxy.headers = {{"Proxy-Authorization", "Basic eA=="}, {"X-Via", "me"}};
    o.reconnect.enabled = true;
    o.reconnect.multiplier = 1.5;
    o.reconnect.maxAttempts = 9;
    o.rawRequestOverride = "GET / HTTP/1.1\r\nAuthorization: Basic Zm9v\r\n\r\n";
    o.tlsReportOnly = false;
    o.eventDetail = net::EventDetail::Messages;
    o.maxEventsInFlight = 77;
    state.panelUrl = QStringLiteral("wss://localhost:9443/feed?x=1");

    net::ConnectionSnapshot snapshot;
    snapshot.state = net::ConnectionState::Closed;
    snapshot.timeline = {{net::ConnectionState::Resolving, 0, 400000},
                         {net::ConnectionState::Open, 5000000, 90000000000},
                         {net::ConnectionState::Closed, 95000000000, -1}};
    snapshot.counters = {1, 2, 3, 4, 5, 6, 7, (quint64(1) << 62) + 1};
    snapshot.elapsedNs = 95000000123;
    state.snapshot = snapshot;

    net::HandshakeInfo handshake;
    handshake.accepted = true;
    handshake.timeNs = 4000000;
    handshake.rawRequest = "GET /feed HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer abc.def\r\n\r\n";
    handshake.rawResponse = "HTTP/1.1 101 Switching Protocols\r\nSet-Cookie: sid=42\r\n\r\n";
    handshake.status = 101;
    handshake.statusLine = QStringLiteral("HTTP/1.1 101 Switching Protocols");
    handshake.responseHeaders = {{"Upgrade", "websocket"}, {"Set-Cookie", "sid=42"}};
    handshake.subprotocol = QStringLiteral("graphql-ws");
    handshake.extensions = QStringLiteral("permessage-deflate");
    handshake.deflate = true;
    handshake.deflateParams = QStringLiteral("server_no_context_takeover");
    state.handshake = handshake;

    state.close = net::CloseInfo{1001, QStringLiteral("going away"), net::CloseInitiator::Remote, true, 95000000000,
                                 net::CloseFrameInfo{true, 1001, QString()},
                                 net::CloseFrameInfo{true, 1001, QStringLiteral("going away")}};
    net::ConnectionError error;
    error.phase = net::ErrorPhase::Ping;
    error.id = QStringLiteral("ping-timeout");
    error.message = QStringLiteral("no pong within 4444 ms");
    error.hint = QStringLiteral("raise the ping timeout");
    error.timeNs = 60000000000;
    error.waitedMs = 4444;
    state.error = error;
    state.tlsReport = sampleTlsReport();

    for (int i = 0; i < 5; ++i) {
        const net::PingSample sample{quint64(i + 1), qint64(i) * 250000000, i == 3 ? -1 : 100000 + i * 1000, 8};
        state.pingStats.recordSent();
        if (sample.rttNs >= 0)
            state.pingStats.recordReply(sample.rttNs, sample);
        else
            state.pingStats.recordLost(sample);
    }
    state.pingStats.recordSent(); // one still in flight
    return state;
}

// Empty when both stores hold the same rows, frames, payloads, headers and ping details.
inline QString storeDifference(const log::MessageStore &a, const log::MessageStore &b)
{
    if (a.rowCount() != b.rowCount())
        return QStringLiteral("rows: %1 vs %2").arg(a.rowCount()).arg(b.rowCount());
    if (a.totalFrameCount() != b.totalFrameCount())
        return QStringLiteral("frames: %1 vs %2").arg(a.totalFrameCount()).arg(b.totalFrameCount());
    if (a.startedAt() != b.startedAt())
        return QStringLiteral("startedAt differs");
    for (int row = 0; row < a.rowCount(); ++row) {
        const log::LogRecord &x = a.record(row);
        const log::LogRecord &y = b.record(row);
        const QString where = QStringLiteral("row %1: ").arg(row);
        if (x.timeNs != y.timeNs || x.payloadSize != y.payloadSize || x.wireSize != y.wireSize
            || x.wireFrames != y.wireFrames || x.clientId != y.clientId || x.code != y.code || x.kind != y.kind
            || x.bits != y.bits || (x.extra == log::LogRecord::NoExtra) != (y.extra == log::LogRecord::NoExtra))
            return where + QStringLiteral("record fields");
        if (a.payload(row) != b.payload(row))
            return where + QStringLiteral("payload");
        const log::PingInfo p = a.pingInfo(row);
        const log::PingInfo q = b.pingInfo(row);
        if (p.pingId != q.pingId || p.rttNs != q.rttNs || p.note != q.note)
            return where + QStringLiteral("ping details");
        if (a.frameCount(row) != b.frameCount(row) || a.firstFrame(row) != b.firstFrame(row))
            return where + QStringLiteral("frame count");
        if (a.resentFrom(row) != b.resentFrom(row))
            return where + QStringLiteral("resend link");
    }
    for (int i = 0; i < a.totalFrameCount(); ++i) {
        const log::FrameRecord x = a.frame(i);
        const log::FrameRecord y = b.frame(i);
        const QString where = QStringLiteral("frame %1: ").arg(i);
        if (x.timeNs != y.timeNs || x.streamOffset != y.streamOffset || x.length != y.length
            || x.maskKey != y.maskKey || x.opcode != y.opcode || x.flags != y.flags || x.headerSize != y.headerSize
            || x.bits != y.bits)
            return where + QStringLiteral("fields");
        if (a.framePayload(i) != b.framePayload(i))
            return where + QStringLiteral("payload");
        if (a.frameHeader(i) != b.frameHeader(i))
            return where + QStringLiteral("header");
    }
    return {};
}

} // namespace wsi::test
