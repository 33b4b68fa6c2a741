// SPDX-License-Identifier: MIT
// `connect --decode`: received messages print as their application protocol's summary,
// --json objects gain "decoded" (fields, correlation), messages that are not the protocol
// print as they came, and the usage errors name the flag. The help lists every decoder
// the registry has. The server is the built-in echo server, in this process, over loopback.
#include "support/CliRun.h"

#include "decode/DecoderRegistry.h"
#include "net/echo/EchoServer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using wsi::net::EchoServer;
using wsi::test::CliResult;
using wsi::test::runCli;

class TestCliConnectDecode : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_server.start(), qPrintable(m_server.lastError())); }
    void summariesInsteadOfPayloads();
    void jsonGainsTheDecodedFields();
    void aNamedDecoderSaysWhatIsBroken();
    void helpListsEveryDecoder();
    void usageErrors_data();
    void usageErrors();

private:
    QString url() const { return m_server.url().toString(); }
    EchoServer m_server;
};

void TestCliConnectDecode::summariesInsteadOfPayloads()
{
    // The echo sends each back: a JSON-RPC request, a Socket.IO emit, and a line of neither.
    const CliResult result = runCli({QStringLiteral("connect"), url(), QStringLiteral("--decode"), QStringLiteral("auto"),
                                     QStringLiteral("--wait"), QStringLiteral("0.3")},
                                    "{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2],\"id\":7}\n"
                                    "42[\"chat\",\"hi\"]\n"
                                    "just words\n");
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.out, QByteArray("call sum [1,2] id=7\n42 emit \"chat\" [\"hi\"]\njust words\n"));
    QVERIFY2(result.err.isEmpty(), result.err.constData());
}

void TestCliConnectDecode::jsonGainsTheDecodedFields()
{
    // MQTT by name: a PUBLISH and a SUBSCRIBE, sent as hex lines.
    const CliResult result = runCli({QStringLiteral("connect"), url(), QStringLiteral("--decode"), QStringLiteral("mqtt"),
                                     QStringLiteral("--hex"), QStringLiteral("--json"), QStringLiteral("--wait"), QStringLiteral("0.3")},
                                    "32 0f 00 09 73 65 6e 73 6f 72 73 2f 31 00 05 68 69\n"
                                    "82 0e 00 01 00 09 73 65 6e 73 6f 72 73 2f 23 01\n");
    QCOMPARE(result.exitCode, 0);
    QList<QJsonObject> received;
    for (const QByteArray &line : result.out.split('\n')) {
        const QJsonObject object = QJsonDocument::fromJson(line).object();
        if (object.value(QStringLiteral("event")) == QLatin1String("message") && object.value(QStringLiteral("direction")) == QLatin1String("in"))
            received << object;
    }
    QCOMPARE(received.size(), 2);
    const QJsonObject publish = received.at(0).value(QStringLiteral("decoded")).toObject();
    QCOMPARE(publish.value(QStringLiteral("protocol")).toString(), QStringLiteral("mqtt"));
    QCOMPARE(publish.value(QStringLiteral("summary")).toString(), QStringLiteral("PUBLISH sensors/1 qos1 id=5 (2 B)"));
    QCOMPARE(publish.value(QStringLiteral("fields")).toObject().value(QStringLiteral("topic")).toString(), QStringLiteral("sensors/1"));
    QCOMPARE(publish.value(QStringLiteral("correlation")).toString(), QStringLiteral("5"));
    const QJsonObject subscribe = received.at(1).value(QStringLiteral("decoded")).toObject();
    QCOMPARE(subscribe.value(QStringLiteral("summary")).toString(), QStringLiteral("SUBSCRIBE id=1 sensors/# qos1"));
    QCOMPARE(subscribe.value(QStringLiteral("correlation")).toString(), QStringLiteral("sub:1"));
}

void TestCliConnectDecode::aNamedDecoderSaysWhatIsBroken()
{
    // A STOMP frame without its NUL, decoded as STOMP because we said so.
    const CliResult result = runCli({QStringLiteral("connect"), url(), QStringLiteral("--decode"), QStringLiteral("stomp"),
                                     QStringLiteral("--wait"), QStringLiteral("0.3")},
                                    "SEND\\ndestination:/q\\n\\nbody\n");
    QCOMPARE(result.exitCode, 0);
    QVERIFY2(result.err.startsWith("wsinspect-cli: a received message is not valid STOMP 1.2: "), result.err.constData());
    QVERIFY2(result.out.contains("SEND"), result.out.constData()); // printed as it came
}

void TestCliConnectDecode::helpListsEveryDecoder()
{
    const CliResult result = runCli({QStringLiteral("connect"), QStringLiteral("--help")});
    QCOMPARE(result.exitCode, 0);
    const QString help = QString::fromUtf8(result.out).simplified();
    for (const auto &decoder : wsi::decode::DecoderRegistry::standard().decoders())
        QVERIFY2(help.contains(decoder->id() + QLatin1Char(',')) || help.contains(decoder->id() + QLatin1Char('.')),
                 qPrintable(decoder->id()));
}

void TestCliConnectDecode::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("error");
    QTest::newRow("no such decoder") << QStringList{QStringLiteral("--decode"), QStringLiteral("xml")}
        << QStringLiteral("wsinspect-cli connect: --decode wants one of auto, socketio, sockjs, signalr, jsonrpc, graphql-transport-ws, "
                          "subscriptions-transport-ws, stomp, wamp.json, wamp.msgpack, mqtt, msgpack, cbor, protobuf, not \"xml\"");
    QTest::newRow("with --count") << QStringList{QStringLiteral("--decode"), QStringLiteral("auto"), QStringLiteral("--count")}
                                  << QStringLiteral("wsinspect-cli connect: --count keeps no messages: --decode has nothing to read");
}

void TestCliConnectDecode::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, error);
    const CliResult result = runCli(QStringList{QStringLiteral("connect"), url()} + arguments);
    QCOMPARE(result.exitCode, 2);
    QCOMPARE(QString::fromUtf8(result.err).section(QLatin1Char('\n'), 0, 0), error);
}

QTEST_GUILESS_MAIN(TestCliConnectDecode)
#include "tst_cliconnectdecode.moc"
