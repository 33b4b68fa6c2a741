// SPDX-License-Identifier: MIT
// The reverse proxy between two implementations nobody on the team wrote: python3-websockets'
// client (peers/echo_client.py) -> `wsinspect-cli proxy --json` -> Node's `ws` echo server
// (peers/echo_server.js) with permessage-deflate. The client checks that every message comes
// back byte-exact (text, binary, empty, 1 MiB, five fragments, multi-byte UTF-8), that its
// ping is answered and its close 1000 echoed, and that deflate was negotiated end to end;
// the proxy's JSON lines must show each of those on its leg, inflated.
#include "PeerProcess.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <functional>

using namespace wsi::test;

namespace {

const QString InteropDir = QStringLiteral(WSI_INTEROP_DIR);
const QString NodeExecutable = QStringLiteral(WSI_NODE_EXECUTABLE);
const QString CliPath = QStringLiteral(WSI_CLI_PATH);

QString missingPeers()
{
    QProcess probe;
    probe.start(QStringLiteral("/usr/bin/python3"), {QStringLiteral("-c"), QStringLiteral("import websockets")});
    if (!probe.waitForFinished(10000) || probe.exitCode() != 0)
        return QStringLiteral("python3-websockets is missing: scripts/setup-deps.sh installs it");
    if (NodeExecutable.isEmpty())
        return QStringLiteral("node is missing: scripts/setup-deps.sh installs it");
    if (!QFileInfo::exists(InteropDir + QStringLiteral("/node_modules/ws/package.json")))
        return QStringLiteral("node_modules/ws is missing: run `npm ci` in tests/interop");
    return {};
}

QList<QJsonObject> jsonLines(const QByteArray &output)
{
    QList<QJsonObject> objects;
    for (const QByteArray &line : output.split('\n')) {
        if (!line.trimmed().isEmpty())
            objects << QJsonDocument::fromJson(line).object();
    }
    return objects;
}

// Ends the proxy (SIGTERM: it closes its flows and exits), bounded.
struct ProxyProcess {
    QProcess process;
    ~ProxyProcess()
    {
        if (process.state() != QProcess::NotRunning) {
            process.kill();
            process.waitForFinished(5000);
        }
    }
};

} // namespace

class TestProxyInterop : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void pythonThroughProxyToNodeWithDeflate();
};

void TestProxyInterop::pythonThroughProxyToNodeWithDeflate()
{
    if (const QString missing = missingPeers(); !missing.isEmpty())
        QSKIP(qPrintable(missing));
    PeerProcess server;
    QString error;
    quint16 serverPort = 0;
    QVERIFY2(server.start({NodeExecutable, {InteropDir + QStringLiteral("/peers/echo_server.js"), QStringLiteral("--deflate")}}, error),
             qPrintable(error));
    QVERIFY2(server.readPort(serverPort, PeerStartMs, error), qPrintable(error));

    // Its stdout goes to a file: a pipe nobody reads while the peers run would fill up (the
    // 1 MiB messages are printed in base64) and stall the relay behind it.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString outputPath = dir.filePath(QStringLiteral("proxy.jsonl"));
    QFile outputFile(outputPath);
    ProxyProcess proxy;
    proxy.process.setStandardOutputFile(outputPath);
    proxy.process.start(CliPath, {QStringLiteral("proxy"), QStringLiteral("--upstream"),
                                  QStringLiteral("ws://127.0.0.1:%1/").arg(serverPort), QStringLiteral("--json")});
    QVERIFY(proxy.process.waitForStarted(PeerStartMs));
    QByteArray output;
    QElapsedTimer clock;
    clock.start();
    while (!output.contains('\n') && clock.elapsed() < PeerStartMs && proxy.process.state() == QProcess::Running) {
        QTest::qWait(50);
        if (outputFile.open(QIODevice::ReadOnly)) {
            output = outputFile.readAll();
            outputFile.close();
        }
    }
    const QJsonObject banner = QJsonDocument::fromJson(output.left(output.indexOf('\n'))).object();
    const QString listening = banner.value(QStringLiteral("listening")).toString();
    QVERIFY2(listening.startsWith(QStringLiteral("ws://127.0.0.1:")), output.constData());

    PeerProcess client;
    QVERIFY2(client.start({QStringLiteral("/usr/bin/python3"), {InteropDir + QStringLiteral("/peers/echo_client.py"),
                                                                listening + QStringLiteral("/echo?via=proxy"), QStringLiteral("--deflate")}},
                          error),
             qPrintable(error));
    QVERIFY2(client.waitForExit(PeerExitMs * 2), qPrintable(client.output()));
    QVERIFY2(client.exitedCleanly(), qPrintable(client.output()));
    QVERIFY2(server.waitForExit(PeerExitMs), qPrintable(server.output()));

    proxy.process.terminate();
    QVERIFY(proxy.process.waitForFinished(PeerExitMs));
    QVERIFY(outputFile.open(QIODevice::ReadOnly));
    output = outputFile.readAll();
    QCOMPARE(proxy.process.exitCode(), 0);

    const QList<QJsonObject> events = jsonLines(output);
    const auto count = [&events](const QString &leg, const QString &type, const std::function<bool(const QJsonObject &)> &also) {
        return std::count_if(events.begin(), events.end(), [&](const QJsonObject &event) {
            return event.value(QStringLiteral("leg")).toString() == leg && event.value(QStringLiteral("type")).toString() == type
                && also(event);
        });
    };
    const auto any = [](const QJsonObject &) { return true; };
    // Seven messages each way (5 text, 2 binary), all compressed by their senders.
    QCOMPARE(count(QStringLiteral("app"), QStringLiteral("text"), any) + count(QStringLiteral("app"), QStringLiteral("binary"), any), 7);
    QCOMPARE(count(QStringLiteral("server"), QStringLiteral("text"), any) + count(QStringLiteral("server"), QStringLiteral("binary"), any), 7);
    QCOMPARE(count(QStringLiteral("app"), QStringLiteral("text"),
                   [](const QJsonObject &event) { return event.value(QStringLiteral("data")).toString() == QLatin1String("hello from python"); }),
             1);
    QCOMPARE(count(QStringLiteral("server"), QStringLiteral("text"),
                   [](const QJsonObject &event) { return event.value(QStringLiteral("data")).toString() == QLatin1String("hello from python"); }),
             1);
    // The 1 MiB message, inflated to its size on both legs; compression said so.
    const auto mib = [](const QJsonObject &event) { return event.value(QStringLiteral("length")).toDouble() == 1048576.0; };
    QCOMPARE(count(QStringLiteral("app"), QStringLiteral("binary"), mib), 1);
    QCOMPARE(count(QStringLiteral("server"), QStringLiteral("binary"), mib), 1);
    QVERIFY(count(QStringLiteral("app"), QStringLiteral("text"),
                  [](const QJsonObject &event) { return event.value(QStringLiteral("compressed")).toBool(); }) > 0);
    // The five fragments as one message from the app (websockets ends it with an empty
    // final frame: six frames), as one frame from ws, which sends whole messages.
    QCOMPARE(count(QStringLiteral("app"), QStringLiteral("text"),
                   [](const QJsonObject &event) {
                       return event.value(QStringLiteral("frames")).toInt() >= 5
                           && event.value(QStringLiteral("data")).toString().startsWith(QLatin1String("fragment 1 of 5; fragment 2"));
                   }),
             1);
    QCOMPARE(count(QStringLiteral("app"), QStringLiteral("ping"),
                   [](const QJsonObject &event) { return event.value(QStringLiteral("data")).toString() == QLatin1String("python-ping-1"); }),
             1);
    QCOMPARE(count(QStringLiteral("server"), QStringLiteral("pong"),
                   [](const QJsonObject &event) { return event.value(QStringLiteral("data")).toString() == QLatin1String("python-ping-1"); }),
             1);
    const auto closed1000 = [](const QJsonObject &event) { return event.value(QStringLiteral("code")).toInt() == 1000; };
    QCOMPARE(count(QStringLiteral("app"), QStringLiteral("close"), closed1000), 1);
    QCOMPARE(count(QStringLiteral("server"), QStringLiteral("close"), closed1000), 1);
    QCOMPARE(count(QStringLiteral("server"), QStringLiteral("end"), [](const QJsonObject &event) {
                 return event.value(QStringLiteral("code")).toInt() == 1000 && event.value(QStringLiteral("clean")).toBool();
             }),
             1);
    QCOMPARE(count(QStringLiteral("server"), QStringLiteral("handshake"), [](const QJsonObject &event) {
                 return event.value(QStringLiteral("extensions")).toString().contains(QLatin1String("permessage-deflate"));
             }),
             1);
}

QTEST_GUILESS_MAIN(TestProxyInterop)
#include "tst_proxyinterop.moc"
