// SPDX-License-Identifier: MIT
// A real browser's EventSource against the built-in server's endpoint: Debian's headless
// Chromium, driven by npm's playwright-core (peers/chromium_eventsource.js), opens the
// server's info page and runs `new EventSource("/events")` in it, same-origin. Typed events
// with ids arrive in order with their type, data and lastEventId. Then the server ends the
// stream cleanly (closeAll) and later drops it with a TCP reset (dropAll); each time the
// browser comes back after the server's retry, sending Last-Event-ID, and the events
// published while it was away are replayed from the endpoint's history.
#include "ChromiumEventSourcePeer.h"

#include "net/echo/EchoServer.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using wsi::net::EchoServer;
using wsi::net::EchoServerOptions;
using wsi::test::ChromiumEventSourcePeer;

namespace {

const QString InteropDir = QStringLiteral(WSI_INTEROP_DIR);
// Longer than Chromium's own reconnection delay (3 s), so a browser that ignored the
// server's retry would come back too early and fail the check.
constexpr int RetryMs = 4000;
constexpr int ChromiumDefaultRetryMs = 3000;
constexpr int RetrySlackMs = 100; // timer granularity; the browser's wait starts after ours
static_assert(RetryMs - RetrySlackMs > ChromiumDefaultRetryMs);
constexpr int BrowserStartMs = 45000; // a cold Chromium on a busy machine
constexpr int WaitMs = 15000;         // for anything after that, retries included
constexpr int EventCount = 7;         // the peer exits after this many events

QString lineOf(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QString openLine(int count)
{
    return lineOf({{QStringLiteral("open"), count}});
}

// readyState 0 (CONNECTING): the browser will reconnect.
QString reconnectingLine(int count)
{
    return lineOf({{QStringLiteral("error"), count}, {QStringLiteral("readyState"), 0}});
}

QString eventLine(const QString &type, const QString &data, const QString &lastEventId)
{
    return lineOf({{QStringLiteral("type"), type}, {QStringLiteral("data"), data}, {QStringLiteral("lastEventId"), lastEventId}});
}

// What the server saw of each stream the browser opened, and when.
struct StreamOpening {
    QString lastEventId; // the request's Last-Event-ID header
    int replayed = 0;
    qint64 atMs = 0;
};

} // namespace

class tst_ChromiumEventSource : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void receivesEventsAndResumesAfterEndAndDrop();
};

void tst_ChromiumEventSource::receivesEventsAndResumesAfterEndAndDrop()
{
    const QString node = QStringLiteral(WSI_NODE_EXECUTABLE);
    ChromiumEventSourcePeer browser(InteropDir);
    if (const QString missing = browser.missingPiece(node); !missing.isEmpty())
        QSKIP(qPrintable(missing));

    EchoServerOptions options;
    options.eventStream.path = QStringLiteral("/events");
    options.eventStream.retryMs = RetryMs;
    options.eventStream.keepaliveMs = 0; // nothing on the stream but what the test publishes
    EchoServer server;
    server.setOptions(options);
    QVERIFY2(server.start(), qPrintable(server.lastError()));

    QElapsedTimer clock;
    clock.start();
    QList<StreamOpening> openings;
    connect(&server, &EchoServer::eventStreamOpened, this,
            [&](quint64, const QString &, const QString &lastEventId, int replayed) {
                openings.append({lastEventId, replayed, clock.elapsed()});
            });

    QString error;
    const QString origin = QStringLiteral("http://127.0.0.1:%1").arg(server.serverPort());
    QVERIFY2(browser.start(node, origin, QStringLiteral("/events"),
                           {QStringLiteral("--types"), QStringLiteral("chat,notice"), QStringLiteral("--events"),
                            QString::number(EventCount), QStringLiteral("--timeout"), QStringLiteral("120")},
                           error),
             qPrintable(error));

    // The first stream: no Last-Event-ID yet.
    QVERIFY2(browser.waitForLines(1, BrowserStartMs), qPrintable(browser.diagnostics()));
    QCOMPARE(browser.lines().at(0), openLine(1));
    QCOMPARE(openings.size(), 1);
    QCOMPARE(openings[0].lastEventId, QString());

    // Typed and untyped events, an id of our own and the server's numbers, data on two
    // lines and beyond ASCII.
    server.publishEvent(QStringLiteral("chat"), "hello\nworld", QStringLiteral("a"));
    server.publishEvent(QString(), "plain message");
    server.publishEvent(QStringLiteral("notice"), QStringLiteral("café ✓").toUtf8());
    QVERIFY2(browser.waitForLines(4, WaitMs), qPrintable(browser.diagnostics()));

    // The server ends the stream (a clean end of the response); what is published before
    // the browser is back must reach it from the history.
    const qint64 endedAtMs = clock.elapsed();
    server.closeAll(1001, QStringLiteral("restart"));
    server.publishEvent(QString(), "missed while away");
    server.publishEvent(QStringLiteral("chat"), "also missed");
    QVERIFY2(browser.waitForLines(8, WaitMs + RetryMs), qPrintable(browser.diagnostics()));
    QCOMPARE(openings.size(), 2);
    QCOMPARE(openings[1].lastEventId, QStringLiteral("2")); // the "notice" event's
    QCOMPARE(openings[1].replayed, 2);
    const qint64 firstWaitMs = openings[1].atMs - endedAtMs;
    QVERIFY2(firstWaitMs >= RetryMs - RetrySlackMs,
             qPrintable(QStringLiteral("reconnected %1 ms after the end; the server's retry is %2 ms").arg(firstWaitMs).arg(RetryMs)));

    // The server drops the stream with a TCP reset; the browser comes back the same way.
    const qint64 droppedAtMs = clock.elapsed();
    server.dropAll();
    server.publishEvent(QStringLiteral("notice"), "missed after a reset");
    QVERIFY2(browser.waitForLines(11, WaitMs + RetryMs), qPrintable(browser.diagnostics()));
    QCOMPARE(openings.size(), 3);
    QCOMPARE(openings[2].lastEventId, QStringLiteral("4"));
    QCOMPARE(openings[2].replayed, 1);
    const qint64 secondWaitMs = openings[2].atMs - droppedAtMs;
    QVERIFY2(secondWaitMs >= RetryMs - RetrySlackMs,
             qPrintable(QStringLiteral("reconnected %1 ms after the drop; the server's retry is %2 ms").arg(secondWaitMs).arg(RetryMs)));

    // And live events flow again on the resumed stream.
    server.publishEvent(QString(), "live again");
    QVERIFY2(browser.waitForLines(12, WaitMs), qPrintable(browser.diagnostics()));
    QVERIFY2(browser.waitForCleanExit(WaitMs), qPrintable(browser.diagnostics()));

    const QStringList expected = {
        openLine(1),
        eventLine(QStringLiteral("chat"), QStringLiteral("hello\nworld"), QStringLiteral("a")),
        eventLine(QStringLiteral("message"), QStringLiteral("plain message"), QStringLiteral("1")),
        eventLine(QStringLiteral("notice"), QStringLiteral("café ✓"), QStringLiteral("2")),
        reconnectingLine(1),
        openLine(2),
        eventLine(QStringLiteral("message"), QStringLiteral("missed while away"), QStringLiteral("3")),
        eventLine(QStringLiteral("chat"), QStringLiteral("also missed"), QStringLiteral("4")),
        reconnectingLine(2),
        openLine(3),
        eventLine(QStringLiteral("notice"), QStringLiteral("missed after a reset"), QStringLiteral("5")),
        eventLine(QStringLiteral("message"), QStringLiteral("live again"), QStringLiteral("6")),
    };
    QCOMPARE(browser.lines(), expected);
}

QTEST_GUILESS_MAIN(tst_ChromiumEventSource)
#include "tst_chromiumeventsource.moc"
