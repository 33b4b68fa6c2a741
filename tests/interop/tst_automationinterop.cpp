// SPDX-License-Identifier: MIT
// Automating a conversation against servers nobody on the team wrote: a JSON service on
// python3-websockets (peers/quote_server.py) and the same service on Node's `ws`
// (peers/quote_server.js), which answers with other bytes for the same values.
//   - `connect --record` saves a session; `replay` sends its messages again: to the other
//     implementation the answers match JSON-aware (with the timestamp ignored); to a
//     changed service the changed path and the missing answer are printed exactly;
//   - the original timing is kept (and scaled by --speed), --fast sends at once;
//   - `run` with a flow script against Node's server: a passing and a failing assertion.
#include "PeerProcess.h"

#include "cli/support/CliRun.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace wsi::test;

namespace {

const QString InteropDir = QStringLiteral(WSI_INTEROP_DIR);
const QString NodeExecutable = QStringLiteral(WSI_NODE_EXECUTABLE);

enum class Peer { Python, Node };

QString missingPeer(Peer peer)
{
    if (peer == Peer::Python) {
        QProcess probe;
        probe.start(QStringLiteral("/usr/bin/python3"), {QStringLiteral("-c"), QStringLiteral("import websockets")});
        if (!probe.waitForFinished(10000) || probe.exitCode() != 0)
            return QStringLiteral("python3-websockets is missing: scripts/setup-deps.sh installs it");
        return {};
    }
    if (NodeExecutable.isEmpty())
        return QStringLiteral("node is missing: scripts/setup-deps.sh installs it");
    if (!QFileInfo::exists(InteropDir + QStringLiteral("/node_modules/ws/package.json")))
        return QStringLiteral("node_modules/ws is missing: run `npm ci` in tests/interop");
    return {};
}

// The quote service on one peer, for one connection; its ws:// URL or empty (with a warning).
QString startQuoteServer(PeerProcess &process, Peer peer, const char *variant)
{
    const PeerCommand command = peer == Peer::Python
        ? PeerCommand{QStringLiteral("/usr/bin/python3"), {InteropDir + QStringLiteral("/peers/quote_server.py"), QStringLiteral("--variant"), QLatin1String(variant)}}
        : PeerCommand{NodeExecutable, {InteropDir + QStringLiteral("/peers/quote_server.js"), QStringLiteral("--variant"), QLatin1String(variant)}};
    QString error;
    quint16 port = 0;
    if (!process.start(command, error) || !process.readPort(port, PeerStartMs, error)) {
        qWarning("%s", qPrintable(error));
        return {};
    }
    return QStringLiteral("ws://127.0.0.1:%1/quotes").arg(port);
}

// The output with each "N ms" as "# ms", so lines compare word for word.
QString withoutTimes(const QByteArray &output)
{
    return QString::fromUtf8(output).replace(QRegularExpression(QStringLiteral("\\d+ ms")), QStringLiteral("# ms"));
}

// Row numbers of the recording too: they depend on how the server's answers interleaved with
// the sends while it was recorded, which a busy machine changes (rows 6 or 8 for answer 2).
QString withoutTimesAndRows(const QByteArray &output)
{
    return withoutTimes(output).replace(QRegularExpression(QStringLiteral("\\brow \\d+")), QStringLiteral("row #"));
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

// The ms at which each answer of a `replay --json --all` came.
QList<qint64> answerTimes(const QByteArray &output)
{
    QList<qint64> times;
    for (const QJsonObject &object : jsonLines(output)) {
        if (object.contains(QStringLiteral("replayed")))
            times << object.value(QStringLiteral("replayed")).toObject().value(QStringLiteral("ms")).toInteger();
    }
    return times;
}

const QByteArray Conversation = "{\"op\":\"hello\"}\n{\"op\":\"price\"}\nplain\n{\"op\":\"bye\"}\n";

} // namespace

class TestAutomationInterop : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void recordedOnPythonReplaysOnNode();
    void changedServiceIsReportedExactly();
    void originalTimingIsKept();
    void flowScriptAgainstNode();

private:
    // Records Conversation against the python service (variant a) into m_dir.
    QString recordBaseline();

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestAutomationInterop::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

QString TestAutomationInterop::recordBaseline()
{
    PeerProcess server;
    const QString url = startQuoteServer(server, Peer::Python, "a");
    if (url.isEmpty())
        return {};
    const QString session = m_dir->filePath(QStringLiteral("baseline.wsisession"));
    const CliResult result = runCli({QStringLiteral("connect"), url, QStringLiteral("--record"), session, QStringLiteral("--wait"), QStringLiteral("0.5")},
                                    Conversation);
    if (result.exitCode != 0 || !QFileInfo::exists(session)) {
        qWarning("connect --record failed (%d): %s", result.exitCode, result.err.constData());
        return {};
    }
    return session;
}

void TestAutomationInterop::recordedOnPythonReplaysOnNode()
{
    for (Peer peer : {Peer::Python, Peer::Node}) {
        if (const QString missing = missingPeer(peer); !missing.isEmpty())
            QSKIP(qPrintable(missing));
    }
    const QString session = recordBaseline();
    QVERIFY(!session.isEmpty());

    // Node's answers have other bytes (no spaces, another timestamp): with the timestamp
    // ignored the values are the same.
    PeerProcess node;
    QString url = startQuoteServer(node, Peer::Node, "a");
    QVERIFY(!url.isEmpty());
    CliResult result = runCli({QStringLiteral("replay"), session, url, QStringLiteral("--ignore"), QStringLiteral("$.ts"),
                               QStringLiteral("--settle"), QStringLiteral("0.5")});
    QVERIFY(result.finished);
    QCOMPARE(result.exitCode, 0);
    QStringList lines = withoutTimes(result.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 3);
    QCOMPARE(lines.at(0), QStringLiteral("replay: 4 message(s) of baseline.wsisession, tab 1 \"127.0.0.1\" (attempt 1 of 1), "
                                         "original timing, to ") + url);
    QCOMPARE(lines.at(1), QStringLiteral("sent 4 of 4, 4 answer(s) (recorded: 4); ended: quiet for # ms after the last message"));
    QCOMPARE(lines.at(2), QStringLiteral("4 same, 0 changed, 0 missing, 0 new: the answers match the recording"));

    // Without --ignore the timestamp differs, at its path.
    PeerProcess again;
    url = startQuoteServer(again, Peer::Node, "a");
    QVERIFY(!url.isEmpty());
    result = runCli({QStringLiteral("replay"), session, url, QStringLiteral("--fast"), QStringLiteral("--settle"), QStringLiteral("0.5")});
    QCOMPARE(result.exitCode, 1);
    lines = withoutTimesAndRows(result.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QVERIFY2(lines.size() == 5, result.out.constData());
    QCOMPARE(lines.at(1), QStringLiteral("changed  row # -> answer 2 (at # ms, now # ms)"));
    QVERIFY2(lines.at(2).startsWith(QStringLiteral("    $.ts: ")), qPrintable(lines.at(2)));
    QCOMPARE(lines.at(4), QStringLiteral("3 same, 1 changed, 0 missing, 0 new: the answers differ from the recording"));
}

void TestAutomationInterop::changedServiceIsReportedExactly()
{
    if (const QString missing = missingPeer(Peer::Python); !missing.isEmpty())
        QSKIP(qPrintable(missing));
    const QString session = recordBaseline();
    QVERIFY(!session.isEmpty());

    PeerProcess changed;
    QString url = startQuoteServer(changed, Peer::Python, "b");
    QVERIFY(!url.isEmpty());
    CliResult result = runCli({QStringLiteral("replay"), session, url, QStringLiteral("--fast"), QStringLiteral("--ignore"),
                               QStringLiteral("$.ts"), QStringLiteral("--settle"), QStringLiteral("0.5")});
    QCOMPARE(result.exitCode, 1);
    QCOMPARE(withoutTimesAndRows(result.out).section(QLatin1Char('\n'), 1),
             QStringLiteral("changed  row # -> answer 2 (at # ms, now # ms)\n"
                            "    $.price: 10 -> 11\n"
                            "missing  row # (at # ms): {\"op\": \"bye\"}\n"
                            "sent 4 of 4, 3 answer(s) (recorded: 4); ended: quiet for # ms after the last message\n"
                            "2 same, 1 changed, 1 missing, 0 new: the answers differ from the recording\n"));

    PeerProcess again;
    url = startQuoteServer(again, Peer::Python, "b");
    QVERIFY(!url.isEmpty());
    result = runCli({QStringLiteral("replay"), session, url, QStringLiteral("--fast"), QStringLiteral("--json"),
                     QStringLiteral("--ignore"), QStringLiteral("$.ts"), QStringLiteral("--settle"), QStringLiteral("0.5")});
    QCOMPARE(result.exitCode, 1);
    const QList<QJsonObject> objects = jsonLines(result.out);
    QCOMPARE(objects.size(), 3);
    QCOMPARE(objects.at(0).value(QStringLiteral("kind")).toString(), QStringLiteral("changed"));
    const QJsonObject change = objects.at(0).value(QStringLiteral("changes")).toArray().first().toObject();
    QCOMPARE(change.value(QStringLiteral("path")).toString(), QStringLiteral("$.price"));
    QCOMPARE(change.value(QStringLiteral("recorded")).toString(), QStringLiteral("10"));
    QCOMPARE(change.value(QStringLiteral("replayed")).toString(), QStringLiteral("11"));
    QCOMPARE(objects.at(1).value(QStringLiteral("kind")).toString(), QStringLiteral("missing"));
    QCOMPARE(objects.at(1).value(QStringLiteral("recorded")).toObject().value(QStringLiteral("row")).toInt(), 10);
    const QJsonObject summary = objects.at(2).value(QStringLiteral("summary")).toObject();
    QCOMPARE(summary.value(QStringLiteral("identical")).toBool(true), false);
    QCOMPARE(summary.value(QStringLiteral("same")).toInt(), 2);
    QCOMPARE(summary.value(QStringLiteral("close_code")).toInt(), 1000);
}

void TestAutomationInterop::originalTimingIsKept()
{
    if (const QString missing = missingPeer(Peer::Node); !missing.isEmpty())
        QSKIP(qPrintable(missing));
    // Recorded against Node: three messages about 600 ms apart.
    PeerProcess recorded;
    QString url = startQuoteServer(recorded, Peer::Node, "a");
    QVERIFY(!url.isEmpty());
    const QString session = m_dir->filePath(QStringLiteral("paced.wsisession"));
    const std::unique_ptr<QProcess> connect = startCli({QStringLiteral("connect"), url, QStringLiteral("--record"), session,
                                                        QStringLiteral("--wait"), QStringLiteral("0.3")});
    QVERIFY(connect->waitForStarted(5000));
    for (const char *line : {"one\n", "two\n", "three\n"}) {
        connect->write(line);
        QTest::qWait(600);
    }
    connect->closeWriteChannel();
    QCOMPARE(finish(*connect).exitCode, 0);

    const auto replayTimes = [&](const QStringList &pacing) {
        PeerProcess server;
        const QString target = startQuoteServer(server, Peer::Node, "a");
        const CliResult result = runCli(QStringList{QStringLiteral("replay"), session, target, QStringLiteral("--json"),
                                                    QStringLiteral("--all"), QStringLiteral("--settle"), QStringLiteral("0.3")}
                                        + pacing);
        if (result.exitCode != 0)
            qWarning("replay %s: %d %s %s", qPrintable(pacing.join(QLatin1Char(' '))), result.exitCode, result.out.constData(), result.err.constData());
        return answerTimes(result.out);
    };
    // Each echo comes right after its message, so the answers' times are the sends' times.
    const QList<qint64> original = replayTimes({});
    QCOMPARE(original.size(), 3);
    const qint64 firstGap = original.at(1) - original.at(0);
    const qint64 secondGap = original.at(2) - original.at(1);
    QVERIFY2(firstGap > 450 && firstGap < 900 && secondGap > 450 && secondGap < 900,
             qPrintable(QStringLiteral("gaps %1 and %2 ms, recorded ~600").arg(firstGap).arg(secondGap)));
    const QList<qint64> twice = replayTimes({QStringLiteral("--speed"), QStringLiteral("2")});
    QCOMPARE(twice.size(), 3);
    const qint64 halfGap = twice.at(2) - twice.at(0);
    QVERIFY2(halfGap > (firstGap + secondGap) / 2 - 200 && halfGap < (firstGap + secondGap) / 2 + 200,
             qPrintable(QStringLiteral("--speed 2: %1 ms for what took %2").arg(halfGap).arg(firstGap + secondGap)));
    const QList<qint64> fast = replayTimes({QStringLiteral("--fast")});
    QCOMPARE(fast.size(), 3);
    QVERIFY2(fast.at(2) - fast.at(0) < 250, qPrintable(QStringLiteral("--fast spread its answers over %1 ms").arg(fast.at(2) - fast.at(0))));
}

void TestAutomationInterop::flowScriptAgainstNode()
{
    if (const QString missing = missingPeer(Peer::Node); !missing.isEmpty())
        QSKIP(qPrintable(missing));
    const QString flowPath = m_dir->filePath(QStringLiteral("quotes.js"));
    QFile flow(flowPath);
    QVERIFY(flow.open(QIODevice::WriteOnly));
    flow.write(R"(function onOpen() {
    expectMessage((msg) => msg.json && msg.json.op === 'price', 3000, 'price arrives');
    expectMessage((msg) => msg.json && msg.json.op === 'bye', 800, 'bye answered');
    ws.send(JSON.stringify({ op: 'price' }));
    ws.send(JSON.stringify({ op: 'bye' }));
    setTimeout(done, 1200);
}
onMessage = (msg) => {
    if (msg.json.op === 'price')
        expect(msg.json.price === 10, 'price is 10');
    if (msg.json.op === 'bye')
        done();
};
)");
    flow.close();
    PeerProcess passing;
    QString url = startQuoteServer(passing, Peer::Node, "a");
    QVERIFY(!url.isEmpty());
    CliResult result = runCli({QStringLiteral("run"), flowPath, url});
    QCOMPARE(withoutTimes(result.out), QStringLiteral("PASS  price arrives: a matching message after # ms  (at # ms)\n"
                                                      "PASS  price is 10: held  (at # ms)\n"
                                                      "PASS  bye answered: a matching message after # ms  (at # ms)\n"
                                                      "3 passed, 0 failed, in # ms\n"));
    QCOMPARE(result.exitCode, 0);

    // The changed service: another price, and no answer to bye.
    PeerProcess failing;
    url = startQuoteServer(failing, Peer::Node, "b");
    QVERIFY(!url.isEmpty());
    result = runCli({QStringLiteral("run"), flowPath, url});
    QCOMPARE(withoutTimes(result.out), QStringLiteral("PASS  price arrives: a matching message after # ms  (at # ms)\n"
                                                      "FAIL  price is 10: expected a true value, got false  (at # ms)\n"
                                                      "FAIL  bye answered: no matching message within # ms  (at # ms)\n"
                                                      "1 passed, 2 failed, in # ms\n"));
    QCOMPARE(result.exitCode, 1);
}

QTEST_GUILESS_MAIN(TestAutomationInterop)
#include "tst_automationinterop.moc"
