// SPDX-License-Identifier: MIT
// Application protocols against the servers their communities use: an MQTT broker (npm
// aedes over npm ws, with npm's mqtt client as a second party), a GraphQL server (npm
// graphql-ws) and a STOMP peer whose frames npm @stomp/stompjs parses and writes. Our
// client Connection sends the composer templates' messages (engine/templates); the servers
// must accept them, and what they answer must decode (engine/decode, chosen automatically
// from the negotiated subprotocol) to the exact summaries and correlations the log shows.
#include "PeerProcess.h"

#include "cli/support/CliRun.h"

#include "decode/DecodeSession.h"
#include "decode/DecoderRegistry.h"
#include "support/ConnectionHarness.h"
#include "support/TemplateValues.h"
#include "templates/TemplateCatalog.h"

#include <QFileInfo>
#include <QProcess>

#include <algorithm>
#include <QTest>

using namespace wsi;
using namespace wsi::test;

namespace {

const QString InteropDir = QStringLiteral(WSI_INTEROP_DIR);
const QString NodeExecutable = QStringLiteral(WSI_NODE_EXECUTABLE);
constexpr int WaitMs = 15000;

QString missingPeer()
{
    if (NodeExecutable.isEmpty())
        return QStringLiteral("node is missing: scripts/setup-deps.sh installs it");
    for (const char *package : {"aedes", "mqtt", "graphql-ws", "@stomp/stompjs", "ws"}) {
        if (!QFileInfo::exists(InteropDir + QStringLiteral("/node_modules/%1/package.json").arg(QLatin1String(package))))
            return QStringLiteral("node_modules/%1 is missing: run `npm ci` in tests/interop").arg(QLatin1String(package));
    }
    return {};
}

quint16 startPeer(PeerProcess &process, const char *script)
{
    QString error;
    quint16 port = 0;
    const PeerCommand command{NodeExecutable, {InteropDir + QStringLiteral("/peers/") + QLatin1String(script)}};
    if (!process.start(command, error) || !process.readPort(port, PeerStartMs * 2, error))
        qWarning("%s", qPrintable(error));
    return port;
}

templates::TemplateOutput made(const char *id, const templates::TemplateValues &values = {})
{
    const templates::TemplateOutput out = templates::findTemplate(QString::fromLatin1(id))->make(values);
    if (!out.ok())
        qWarning("%s: %s", id, qPrintable(out.problem));
    return out;
}

// A client connection that sends template messages and reads the answers through a tab's
// decoding, as the log shows them.
struct Client
{
    ConnectionHarness harness;
    decode::DecodeSession decoding{decode::DecoderRegistry::standard()};
    qint64 sequence = 0;

    Client(quint16 port, const QString &subprotocol) : harness(optionsFor(port, subprotocol)) {}

    static net::ConnectionOptions optionsFor(quint16 port, const QString &subprotocol)
    {
        net::ConnectionOptions options;
        options.url = QStringLiteral("ws://127.0.0.1:%1/").arg(port);
        options.proxy.mode = net::ProxyMode::None;
        options.subprotocols = {subprotocol};
        options.connectTimeoutMs = WaitMs;
        options.openTimeoutMs = WaitMs;
        options.closeTimeoutMs = 3000;
        return options;
    }
    bool open()
    {
        harness.open();
        if (!harness.waitOpen(WaitMs))
            return false;
        decoding.setSubprotocol(harness.firstHandshake().subprotocol);
        return true;
    }
    void send(const templates::TemplateOutput &out)
    {
        // Outgoing messages go through the decoding too: MQTT's CONNECT says the version.
        decodeOne(out.bytes, out.isText, decode::PayloadDirection::Outgoing);
        if (out.isText)
            harness.thread().sendText(out.bytes);
        else
            harness.thread().sendBinary(out.bytes);
    }
    decode::Decoded decodeOne(const QByteArray &payload, bool isText, decode::PayloadDirection direction)
    {
        decode::DecodeInput input{payload, isText, direction, false, ++sequence};
        const decode::DecodeResult result = decoding.decode(input);
        if (!result.isDecoded())
            qWarning("not decoded (%s): %s", qPrintable(result.error), payload.toHex(' ').constData());
        return result.decoded;
    }
    // The incoming messages decoded so far that hold a whole packet, waiting until there
    // are `count`. aedes writes a packet in pieces (each stream write its own WebSocket
    // message): the log shows those as "partial ..." rows, then the packet when it is whole.
    QList<decode::Decoded> received(int count)
    {
        if (!QTest::qWaitFor([&] { return decodeArrived() >= count; }, WaitMs))
            qWarning("%d whole messages arrived, not %d", int(m_whole.size()), count);
        return m_whole;
    }

private:
    int decodeArrived()
    {
        const QVector<net::LogEvent> in = harness.eventsOf(net::EventKind::Message, net::EventDirection::Incoming);
        for (; m_decodedIncoming < in.size(); ++m_decodedIncoming) {
            const net::LogEvent &event = in.at(m_decodedIncoming);
            const decode::Decoded decoded = decodeOne(event.payload, event.isText, decode::PayloadDirection::Incoming);
            if (!decoded.summary.startsWith(QLatin1String("partial ")))
                m_whole << decoded;
        }
        return int(m_whole.size());
    }

    qsizetype m_decodedIncoming = 0;
    QList<decode::Decoded> m_whole;
};

QStringList summaries(const QList<decode::Decoded> &decoded)
{
    QStringList out;
    for (const decode::Decoded &each : decoded)
        out << each.summary;
    return out;
}

} // namespace

class TestAppProtocolInterop : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void mqttWithAedesAndTheMqttClient();
    void graphQlSubscriptionWithGraphQlWs();
    void stompFramesStompJsParsesAndWrites();
    void cliDecodesAGraphQlConversation();
};

void TestAppProtocolInterop::init()
{
    if (const QString missing = missingPeer(); !missing.isEmpty())
        QSKIP(qPrintable(missing));
}

void TestAppProtocolInterop::mqttWithAedesAndTheMqttClient()
{
    PeerProcess broker;
    const quint16 port = startPeer(broker, "mqtt_broker.mjs");
    QVERIFY2(port != 0, qPrintable(broker.output()));
    Client client(port, QStringLiteral("mqtt"));
    QVERIFY2(client.open(), qPrintable(client.harness.arrived()));
    QCOMPARE(client.harness.firstHandshake().subprotocol, QStringLiteral("mqtt"));

    client.send(made("mqtt.connect", values({{"client-id", "wsinspect-test"}})));
    client.send(made("mqtt.subscribe", values({{"topic", "sensors/#"}, {"qos", "1"}})));
    // The mqtt client publishes once it sees our subscription: CONNACK, SUBACK, PUBLISH.
    QList<decode::Decoded> in = client.received(3);
    QVERIFY2(in.size() == 3, qPrintable(summaries(in).join(QLatin1String(" | "))));
    QCOMPARE(in.at(0).summary, QStringLiteral("CONNACK rc=0"));
    QCOMPARE(in.at(1).summary, QStringLiteral("SUBACK id=1 codes=1"));
    QCOMPARE(in.at(1).correlation.key, QStringLiteral("sub:1"));
    const decode::Decoded publish = in.at(2);
    QVERIFY2(publish.summary.startsWith(QStringLiteral("PUBLISH sensors/1 qos1 id=")), qPrintable(publish.summary));
    QVERIFY2(publish.summary.endsWith(QStringLiteral(" (16 B)")), qPrintable(publish.summary));
    QCOMPARE(publish.field(u"topic"), QStringLiteral("sensors/1"));

    // Acknowledge it with its own id, publish to the mqtt client, ping.
    client.send(made("mqtt.puback", values({{"packet-id", publish.field(u"id")}})));
    client.send(made("mqtt.publish", values({{"topic", "sensors/2"}, {"payload", "hello from wsinspect"}})));
    client.send(made("mqtt.pingreq"));
    // Our own PUBLISH comes back too (we subscribed to sensors/#), before or after PINGRESP.
    in = client.received(5);
    QVERIFY2(in.size() == 5, qPrintable(summaries(in).join(QLatin1String(" | "))));
    QStringList last = summaries(in).mid(3);
    last.sort();
    QCOMPARE(last.join(QLatin1String(" | ")), QStringLiteral("PINGRESP | PUBLISH sensors/2 qos0 (20 B)"));
    QTRY_VERIFY2_WITH_TIMEOUT(broker.output().contains(QStringLiteral("received sensors/2 hello from wsinspect")),
                              qPrintable(broker.output()), WaitMs);
    client.send(made("mqtt.disconnect"));
    QVERIFY(client.harness.waitClosed(WaitMs)); // the broker closes after DISCONNECT
    QVERIFY(broker.waitForExit(PeerExitMs));
}

void TestAppProtocolInterop::graphQlSubscriptionWithGraphQlWs()
{
    PeerProcess server;
    const quint16 port = startPeer(server, "graphql_server.mjs");
    QVERIFY2(port != 0, qPrintable(server.output()));
    Client client(port, QStringLiteral("graphql-transport-ws"));
    QVERIFY2(client.open(), qPrintable(client.harness.arrived()));

    client.send(made("graphql.init"));
    QCOMPARE(summaries(client.received(1)), QStringList{QStringLiteral("connection_ack")});
    client.send(made("graphql.subscribe", values({{"id", "op-7"}, {"operation", ""}})));
    client.send(made("graphql.ping"));
    QList<decode::Decoded> in = client.received(6);
    // The server answers the ping at once, between or before the subscription's results.
    const auto pong = std::find_if(in.begin(), in.end(), [](const decode::Decoded &d) { return d.summary == QLatin1String("pong"); });
    QVERIFY2(pong != in.end(), qPrintable(summaries(in).join(QLatin1String(" | "))));
    in.erase(pong);
    QCOMPARE(summaries(in).join(QLatin1String(" | ")),
             QStringLiteral("connection_ack | next op-7 {\"data\":{\"greetings\":\"Hi\"}} | "
                            "next op-7 {\"data\":{\"greetings\":\"Bonjour\"}} | next op-7 {\"data\":{\"greetings\":\"Hola\"}} | "
                            "complete op-7"));
    // Every answer pairs with the subscribe that asked for it.
    for (int i = 1; i <= 4; ++i) {
        QCOMPARE(in.at(i).correlation.key, QStringLiteral("op-7"));
        QCOMPARE(int(in.at(i).correlation.role), int(decode::CorrelationRole::Response));
    }
    client.harness.thread().close(1000);
    QVERIFY(client.harness.waitClosed(WaitMs));
    QVERIFY(server.waitForExit(PeerExitMs));
}

void TestAppProtocolInterop::stompFramesStompJsParsesAndWrites()
{
    PeerProcess broker;
    const quint16 port = startPeer(broker, "stomp_broker.mjs");
    QVERIFY2(port != 0, qPrintable(broker.output()));
    Client client(port, QStringLiteral("v12.stomp"));
    QVERIFY2(client.open(), qPrintable(client.harness.arrived()));

    client.send(made("stomp.connect"));
    client.send(made("stomp.subscribe", values({{"destination", "/queue/a:b"}})));
    client.send(made("stomp.send", values({{"destination", "/queue/a:b"}, {"body", "Hello\nSTOMP"}, {"receipt", "r-1"}})));
    const QList<decode::Decoded> in = client.received(3);
    QCOMPARE(summaries(in).join(QLatin1String(" | ")),
             QStringLiteral("CONNECTED version=1.2 | MESSAGE /queue/a:b subscription=sub-0 (11 B) | RECEIPT receipt-id=r-1"));
    // What stompjs read from our frames: the escaped destination came back as it was typed.
    const QString parsed = broker.output();
    QVERIFY2(parsed.contains(QStringLiteral("parsed CONNECT {\"accept-version\":\"1.2\",\"heart-beat\":\"10000,10000\",\"host\":\"/\"}")),
             qPrintable(parsed));
    QVERIFY2(parsed.contains(QStringLiteral("parsed SEND {\"content-length\":\"11\",\"content-type\":\"text/plain\","
                                            "\"destination\":\"/queue/a:b\",\"receipt\":\"r-1\"} Hello\nSTOMP")),
             qPrintable(parsed));
    client.send(made("stomp.disconnect"));
    client.harness.thread().close(1000);
    QVERIFY(client.harness.waitClosed(WaitMs));
    QVERIFY(broker.waitForExit(PeerExitMs));
}

void TestAppProtocolInterop::cliDecodesAGraphQlConversation()
{
    // `connect --decode auto` picks graphql-ws by the subprotocol the server chose.
    PeerProcess server;
    const quint16 port = startPeer(server, "graphql_server.mjs");
    QVERIFY2(port != 0, qPrintable(server.output()));
    // graphql-ws closes with 4401 a subscribe that comes before its connection_ack: the
    // subscribe is typed once the ack is on the screen, as a person would.
    const std::unique_ptr<QProcess> cli = startCli({QStringLiteral("connect"), QStringLiteral("ws://127.0.0.1:%1/").arg(port),
                                                    QStringLiteral("-p"), QStringLiteral("graphql-transport-ws"),
                                                    QStringLiteral("--decode"), QStringLiteral("auto"), QStringLiteral("--wait"),
                                                    QStringLiteral("1")});
    QVERIFY(cli->waitForStarted(PeerStartMs));
    cli->write(made("graphql.init").bytes + '\n');
    QByteArray out;
    QVERIFY(QTest::qWaitFor([&] { return (out += cli->readAllStandardOutput()).contains("connection_ack\n"); }, WaitMs));
    cli->write(made("graphql.subscribe", values({{"query", "{ hello }"}})).bytes + '\n');
    cli->closeWriteChannel();
    const CliResult result = finish(*cli, WaitMs * 2);
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QCOMPARE(out + result.out, QByteArray("connection_ack\nnext 1 {\"data\":{\"hello\":\"world\"}}\ncomplete 1\n"));
}

QTEST_GUILESS_MAIN(TestAppProtocolInterop)
#include "tst_appprotocolinterop.moc"
