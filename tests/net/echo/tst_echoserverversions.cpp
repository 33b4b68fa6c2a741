// SPDX-License-Identifier: MIT
// The built-in server answers each WebSocket version in kind, over real sockets: our
// client in 13, 8, 7, hixie-76 and hixie-75 against it (the server names the version it
// read, frames are in the version's framing, the close is clean); refuseOldDrafts (serve
// --no-legacy) answers the drafts 426; draft 76's 8 bytes may come in a later read, as
// through a proxy (faye's note); and what the drafts cannot send is refused with a reason.
#include "support/ConnectionHarness.h"
#include "support/ConnectionTestOptions.h"
#include "support/EchoServerTestSupport.h"

#include "protocol/ProtocolVersion.h"

using namespace wsi::test;
using wsi::protocol::ProtocolVersion;

namespace {

ConnectionOptions versionOptions(const EchoServer &server, ProtocolVersion version)
{
    ConnectionOptions options = optionsFor(QStringLiteral("ws://127.0.0.1:%1/chat").arg(server.serverPort()));
    options.protocolVersion = version;
    return options;
}

// Draft 76 section 1.3's request, to our server's port.
QByteArray draft76Head(quint16 port)
{
    return "GET /demo HTTP/1.1\r\n"
           "Host: 127.0.0.1:" + QByteArray::number(port) + "\r\n"
           "Connection: Upgrade\r\n"
           "Sec-WebSocket-Key2: 12998 5 Y3 1  .P00\r\n"
           "Upgrade: WebSocket\r\n"
           "Sec-WebSocket-Key1: 4 @1  46546xW%0l 1 5\r\n"
           "Origin: http://example.com\r\n"
           "\r\n";
}

} // namespace

class tst_EchoServerVersions : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void eachVersionIsAnsweredInKind_data();
    void eachVersionIsAnsweredInKind();
    void oldDraftsAreRefusedWhenAsked_data();
    void oldDraftsAreRefusedWhenAsked();
    void draft76BodyMayComeLater();
    void hixieRefusesWhatItCannotSend();
};

void tst_EchoServerVersions::eachVersionIsAnsweredInKind_data()
{
    QTest::addColumn<int>("version");
    for (const ProtocolVersion version : {ProtocolVersion::Rfc6455_13, ProtocolVersion::Hybi08, ProtocolVersion::Hybi07,
                                          ProtocolVersion::Hixie76, ProtocolVersion::Hixie75})
        QTest::newRow(wsi::protocol::protocolVersionName(version)) << int(version);
}

void tst_EchoServerVersions::eachVersionIsAnsweredInKind()
{
    QFETCH(int, version);
    const auto name = QString::fromLatin1(wsi::protocol::protocolVersionName(ProtocolVersion(version)));
    const bool hixie = wsi::protocol::isHixie(ProtocolVersion(version));
    auto server = startServer();
    QSignalSpy handshakes(server.get(), &EchoServer::clientHandshake);
    ConnectionHarness harness(versionOptions(*server, ProtocolVersion(version)));
    harness.open();
    QVERIFY2(harness.waitOpen(), qPrintable(harness.arrived()));
    QCOMPARE(harness.firstHandshake().protocolVersion, name);
    QVERIFY(QTest::qWaitFor([&] { return handshakes.size() == 1; }, WaitMs));
    QCOMPARE(handshakes.first().at(7).toString(), name);

    // The info page lists the client with its version (rebuilt a moment after a change).
    QVERIFY(QTest::qWaitFor([&] {
        const QByteArray page = rawExchange(server->serverPort(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        return page.contains(QByteArray(QByteArray("<td>/chat</td><td>") + name.toLatin1() + "</td>"));
    }, WaitMs));

    harness.thread().sendText(QByteArray("h\xc3\xa9llo"));
    QVERIFY(harness.waitMessages(1));
    QCOMPARE(harness.messageTexts(), QStringList{QStringLiteral("héllo")});
    // Every frame, both ways, in the version's framing: the hixie ones marked as such, with
    // the type byte 0x00 as their header and the 0xFF after the payload.
    const auto frames = harness.eventsOf(EventKind::Frame, wsi::net::EventDirection::Incoming)
                        + harness.eventsOf(EventKind::Frame, wsi::net::EventDirection::Outgoing);
    QCOMPARE(frames.size(), 2);
    for (const wsi::net::LogEvent &frame : frames) {
        QCOMPARE(bool(frame.flags & wsi::net::FrameFlag::Hixie), hixie);
        if (hixie) {
            QCOMPARE(frame.header, QByteArray(1, '\0'));
            QVERIFY(frame.flags & wsi::net::FrameFlag::HixieTrailer);
        }
    }

    harness.thread().close(1000, QStringLiteral("bye"));
    QVERIFY(harness.waitClosed());
    QVERIFY2(harness.firstClose().clean, qPrintable(harness.arrived()));
    // The drafts' close has no code: the hixie close is reported without one.
    QCOMPARE(int(harness.firstClose().code), hixie ? 1005 : 1000);
}

void tst_EchoServerVersions::oldDraftsAreRefusedWhenAsked_data()
{
    eachVersionIsAnsweredInKind_data();
}

void tst_EchoServerVersions::oldDraftsAreRefusedWhenAsked()
{
    QFETCH(int, version);
    EchoServerOptions options;
    options.refuseOldDrafts = true;
    auto server = startServer(options);
    ConnectionHarness harness(versionOptions(*server, ProtocolVersion(version)));
    harness.open();
    if (ProtocolVersion(version) == ProtocolVersion::Rfc6455_13) {
        QVERIFY2(harness.waitOpen(), qPrintable(harness.arrived()));
        return;
    }
    QVERIFY(harness.waitFinished());
    QCOMPARE(harness.firstHandshake().status, 426);
    QVERIFY2(harness.firstHandshake().rawResponse.contains("Sec-WebSocket-Version: 13\r\n"),
             harness.firstHandshake().rawResponse.constData());
    QVERIFY2(harness.firstHandshake().bodyPreview.contains("version 13 only"), harness.firstHandshake().bodyPreview.constData());
}

// The head in one write, key3 a quarter of a second later: the answer waits for it, and
// it is draft 76's worked answer.
void tst_EchoServerVersions::draft76BodyMayComeLater()
{
    auto server = startServer();
    QTcpSocket socket;
    QByteArray answer;
    connect(&socket, &QTcpSocket::readyRead, &socket, [&] { answer += socket.readAll(); });
    socket.connectToHost(QHostAddress::LocalHost, server->serverPort());
    QVERIFY(QTest::qWaitFor([&] { return socket.state() == QAbstractSocket::ConnectedState; }, WaitMs));
    socket.write(draft76Head(server->serverPort()));
    QTest::qWait(250);
    QVERIFY2(answer.isEmpty(), answer.constData());
    socket.write("^n:ds[4U");
    QVERIFY(QTest::qWaitFor([&] { return answer.endsWith("8jKS'y:G*Co,Wxa-"); }, WaitMs));
    QVERIFY2(answer.startsWith("HTTP/1.1 101 WebSocket Protocol Handshake\r\n"), answer.constData());
    QVERIFY2(answer.contains(QByteArray("Sec-WebSocket-Location: ws://127.0.0.1:" + QByteArray::number(server->serverPort()) + "/demo\r\n")),
             answer.constData());

    answer.clear();
    socket.write(QByteArray("\x00" "echo me\xff", 9));
    QVERIFY(QTest::qWaitFor([&] { return answer.size() >= 9; }, WaitMs));
    QCOMPARE(answer, QByteArray("\x00" "echo me\xff", 9));
}

void tst_EchoServerVersions::hixieRefusesWhatItCannotSend()
{
    auto server = startServer();
    ConnectionHarness harness(versionOptions(*server, ProtocolVersion::Hixie76));
    harness.open();
    QVERIFY2(harness.waitOpen(), qPrintable(harness.arrived()));
    harness.thread().sendPing("are you there");
    QVERIFY(QTest::qWaitFor([&] {
        return !harness.eventsOf(EventKind::Info, wsi::net::EventDirection::Local).isEmpty();
    }, WaitMs));
    const QString info = harness.eventsOf(EventKind::Info, wsi::net::EventDirection::Local).first().text;
    QVERIFY2(info.startsWith(QLatin1String("ping not sent: this connection speaks hixie-76")), qPrintable(info));
    QVERIFY(!server->pingClient(server->clientIds().value(0), "x"));

    // Refused before connecting: what the drafts do not have.
    ConnectionOptions options = versionOptions(*server, ProtocolVersion::Hixie75);
    options.deflate = true;
    QVERIFY(wsi::net::validateOptions(options).message.contains(QLatin1String("permessage-deflate needs WebSocket version 13")));
    options.deflate = false;
    options.pingIntervalMs = 1000;
    QVERIFY(wsi::net::validateOptions(options).message.contains(QLatin1String("hixie-75 has no ping frame")));
}

QTEST_GUILESS_MAIN(tst_EchoServerVersions)
#include "tst_echoserverversions.moc"
