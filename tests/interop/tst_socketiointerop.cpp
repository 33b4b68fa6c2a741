// SPDX-License-Identifier: MIT
// `wsinspect-cli socketio` against npm's socket.io servers, 4.x and 2.x
// (peers/socketio_server.js): joining namespaces with and without the right auth, emits
// and their acks, the server's events (a binary one with its attachment), the JSON lines,
// and the usage errors.
#include "PeerProcess.h"

#include "cli/support/CliRun.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

using namespace wsi::test;

namespace {

const QString InteropDir = QStringLiteral(WSI_INTEROP_DIR);
const QString NodeExecutable = QStringLiteral(WSI_NODE_EXECUTABLE);

QString missingPeer()
{
    if (NodeExecutable.isEmpty())
        return QStringLiteral("node is missing: scripts/setup-deps.sh installs it");
    for (const char *package : {"socket.io", "socket.io-v2"}) {
        if (!QFileInfo::exists(InteropDir + QStringLiteral("/node_modules/%1/package.json").arg(QLatin1String(package))))
            return QStringLiteral("node_modules/%1 is missing: run `npm ci` in tests/interop").arg(QLatin1String(package));
    }
    return {};
}

// socketio_server.js (4.x, or 2.x), for one client; its http:// URL or empty.
QString startServer(PeerProcess &process, bool v2)
{
    QStringList arguments{InteropDir + QStringLiteral("/peers/socketio_server.js")};
    if (v2)
        arguments << QStringLiteral("--v2");
    QString error;
    quint16 port = 0;
    if (!process.start(PeerCommand{NodeExecutable, arguments}, error) || !process.readPort(port, PeerStartMs, error)) {
        qWarning("%s", qPrintable(error));
        return {};
    }
    return QStringLiteral("http://127.0.0.1:%1").arg(port);
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

// The first object of that type (and event name, when given); empty when none.
QJsonObject find(const QList<QJsonObject> &objects, const QString &type, const QString &event = QString())
{
    for (const QJsonObject &object : objects) {
        if (object.value(QStringLiteral("type")).toString() == type
            && (event.isEmpty() || object.value(QStringLiteral("event")).toString() == event))
            return object;
    }
    return {};
}

QString compact(const QJsonValue &value)
{
    return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
}

} // namespace

class TestSocketIoInterop : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void eventsBothWaysWithSocketIo4();
    void acksAreTimed();
    void binaryEventKeepsItsAttachment();
    void authDecidesTheNamespace();
    void socketIo2OverEngineIo3();
    void usageErrors();
};

void TestSocketIoInterop::init()
{
    if (qstrcmp(QTest::currentTestFunction(), "usageErrors") == 0)
        return;
    if (const QString missing = missingPeer(); !missing.isEmpty())
        QSKIP(qPrintable(missing));
}

void TestSocketIoInterop::eventsBothWaysWithSocketIo4()
{
    PeerProcess server;
    const QString url = startServer(server, false);
    QVERIFY(!url.isEmpty());
    const CliResult result = runCli({QStringLiteral("socketio"), url, QStringLiteral("--emit"), QStringLiteral("chat"), QStringLiteral("\"hi\""),
                                     QStringLiteral("--json"), QStringLiteral("--wait"), QStringLiteral("0.5")});
    QVERIFY(result.finished);
    QCOMPARE(result.exitCode, 0);
    const QList<QJsonObject> objects = jsonLines(result.out);
    const QJsonObject open = find(objects, QStringLiteral("open"));
    QVERIFY2(!open.value(QStringLiteral("sid")).toString().isEmpty(), result.out.constData());
    QCOMPARE(open.value(QStringLiteral("data")).toObject().value(QStringLiteral("maxPayload")).toInt(), 1000000); // Engine.IO 4
    QCOMPARE(find(objects, QStringLiteral("connect")).value(QStringLiteral("namespace")).toString(), QStringLiteral("/"));
    const QJsonObject emitted = find(objects, QStringLiteral("emit"), QStringLiteral("chat"));
    QCOMPARE(compact(emitted.value(QStringLiteral("args"))), QStringLiteral("[\"hi\"]"));
    QCOMPARE(compact(find(objects, QStringLiteral("event"), QStringLiteral("welcome")).value(QStringLiteral("args"))),
             QStringLiteral("[\"hello\",{\"version\":\"4\"}]"));
    const QJsonObject echo = find(objects, QStringLiteral("event"), QStringLiteral("chat"));
    QCOMPARE(echo.value(QStringLiteral("namespace")).toString(), QStringLiteral("/"));
    QCOMPARE(compact(echo.value(QStringLiteral("args"))), QStringLiteral("[\"echo: hi\"]"));
    QVERIFY(!echo.contains(QStringLiteral("ack")));
}

void TestSocketIoInterop::acksAreTimed()
{
    PeerProcess server;
    const QString url = startServer(server, false);
    QVERIFY(!url.isEmpty());
    const CliResult result = runCli({QStringLiteral("socketio"), url, QStringLiteral("--emit"), QStringLiteral("add"), QStringLiteral("[2, 3]"),
                                     QStringLiteral("--ack"), QStringLiteral("--wait"), QStringLiteral("0.2")});
    QCOMPARE(result.exitCode, 0);
    const QStringList lines = QString::fromUtf8(result.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QVERIFY2(lines.contains(QStringLiteral("> add [2,3] (ack 0)")), result.out.constData());
    const QStringList acks = lines.filter(QRegularExpression(QStringLiteral("^ack 0 after \\d+ ms: \\[5\\]$")));
    QVERIFY2(acks.size() == 1, result.out.constData());
}

void TestSocketIoInterop::binaryEventKeepsItsAttachment()
{
    PeerProcess server;
    const QString url = startServer(server, false);
    QVERIFY(!url.isEmpty());
    const CliResult result = runCli({QStringLiteral("socketio"), url, QStringLiteral("--emit"), QStringLiteral("blob"), QStringLiteral("[]"),
                                     QStringLiteral("--json"), QStringLiteral("--wait"), QStringLiteral("0.5")});
    QCOMPARE(result.exitCode, 0);
    const QJsonObject blob = find(jsonLines(result.out), QStringLiteral("event"), QStringLiteral("blob"));
    QCOMPARE(compact(blob.value(QStringLiteral("args"))), QStringLiteral("[{\"_binary\":\"AQID\"},\"three bytes\"]"));
    QCOMPARE(blob.value(QStringLiteral("attachments")).toInt(), 1);
}

void TestSocketIoInterop::authDecidesTheNamespace()
{
    PeerProcess refused;
    QString url = startServer(refused, false);
    QVERIFY(!url.isEmpty());
    CliResult result = runCli({QStringLiteral("socketio"), url + QStringLiteral("/admin"), QStringLiteral("--auth"), QStringLiteral("{\"token\":\"nope\"}")});
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.out.contains("refused /admin: {\"message\":\"not authorized\"}\n"), result.out.constData());
    QCOMPARE(result.err, QByteArray("wsinspect-cli socketio: the server refused the namespace /admin: {\"message\":\"not authorized\"}\n"));

    PeerProcess accepted;
    url = startServer(accepted, false);
    QVERIFY(!url.isEmpty());
    result = runCli({QStringLiteral("socketio"), url, QStringLiteral("-n"), QStringLiteral("admin"), QStringLiteral("--auth"),
                     QStringLiteral("{\"token\":\"s3cret\"}"), QStringLiteral("--emit"), QStringLiteral("whoami"), QStringLiteral("[]"),
                     QStringLiteral("--ack"), QStringLiteral("--json"), QStringLiteral("--wait"), QStringLiteral("0.2")});
    QCOMPARE(result.exitCode, 0);
    const QList<QJsonObject> objects = jsonLines(result.out);
    QCOMPARE(find(objects, QStringLiteral("connect")).value(QStringLiteral("namespace")).toString(), QStringLiteral("/admin"));
    const QJsonObject ack = find(objects, QStringLiteral("ack"));
    QCOMPARE(ack.value(QStringLiteral("namespace")).toString(), QStringLiteral("/admin"));
    QCOMPARE(ack.value(QStringLiteral("ack")).toInt(), 0);
    QCOMPARE(compact(ack.value(QStringLiteral("args"))), QStringLiteral("[\"admin\"]"));
    QVERIFY(ack.value(QStringLiteral("rtt_ms")).toInt(-1) >= 0);
}

void TestSocketIoInterop::socketIo2OverEngineIo3()
{
    PeerProcess server;
    const QString url = startServer(server, true);
    QVERIFY(!url.isEmpty());
    const CliResult result = runCli({QStringLiteral("socketio"), url + QStringLiteral("/?token=s3cret"), QStringLiteral("--eio"), QStringLiteral("3"),
                                     QStringLiteral("-n"), QStringLiteral("/"), QStringLiteral("-n"), QStringLiteral("/admin"), QStringLiteral("--emit"),
                                     QStringLiteral("add"), QStringLiteral("[40, 2]"), QStringLiteral("--ack"), QStringLiteral("--json"),
                                     QStringLiteral("--wait"), QStringLiteral("0.3")});
    QCOMPARE(result.exitCode, 0);
    const QList<QJsonObject> objects = jsonLines(result.out);
    QVERIFY2(!find(objects, QStringLiteral("open")).value(QStringLiteral("data")).toObject().contains(QStringLiteral("maxPayload")),
             "an Engine.IO 3 open packet has no maxPayload");
    QCOMPARE(compact(find(objects, QStringLiteral("event"), QStringLiteral("welcome")).value(QStringLiteral("args"))),
             QStringLiteral("[\"hello\",{\"version\":\"2\"}]"));
    int joined = 0;
    for (const QJsonObject &object : objects)
        joined += object.value(QStringLiteral("type")).toString() == QLatin1String("connect");
    QCOMPARE(joined, 2);
    QCOMPARE(compact(find(objects, QStringLiteral("ack")).value(QStringLiteral("args"))), QStringLiteral("[42]"));
}

void TestSocketIoInterop::usageErrors()
{
    CliResult result = runCli({QStringLiteral("socketio"), QStringLiteral("http://127.0.0.1:9"), QStringLiteral("--emit"), QStringLiteral("chat")});
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.startsWith("wsinspect-cli socketio: --emit wants an event name and its JSON: --emit chat '\"hello\"'"), result.err.constData());
    result = runCli({QStringLiteral("socketio"), QStringLiteral("http://127.0.0.1:9"), QStringLiteral("--emit"), QStringLiteral("chat"), QStringLiteral("hello")});
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.startsWith("wsinspect-cli socketio: --emit chat: \"hello\" is not one JSON value (a string is quoted: '\"hello\"')"),
             result.err.constData());
    result = runCli({QStringLiteral("socketio"), QStringLiteral("http://127.0.0.1:9"), QStringLiteral("--eio"), QStringLiteral("5")});
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.startsWith("wsinspect-cli socketio: --eio wants 3 (Socket.IO v2) or 4 (v3, v4), not \"5\""), result.err.constData());
    result = runCli({QStringLiteral("socketio"), QStringLiteral("http://127.0.0.1:9"), QStringLiteral("--eio"), QStringLiteral("3"),
                     QStringLiteral("--auth"), QStringLiteral("{}")});
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains("v2 (--eio 3) takes credentials in the URL's query"), result.err.constData());
    result = runCli({QStringLiteral("socketio"), QStringLiteral("ftp://127.0.0.1:9")});
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.startsWith("wsinspect-cli socketio: a Socket.IO URL is http:// or https:// (ws:// and wss:// too), not ftp://"),
             result.err.constData());
    // Nothing listening: the connection's own words, exit 1.
    result = runCli({QStringLiteral("socketio"), QStringLiteral("http://127.0.0.1:9")});
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.err.startsWith("wsinspect-cli socketio: "), result.err.constData());
}

QTEST_GUILESS_MAIN(TestSocketIoInterop)
#include "tst_socketiointerop.moc"
