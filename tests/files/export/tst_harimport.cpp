// SPDX-License-Identifier: MIT
// HarImport: the WebSocket connections of a HAR file saved by Chromium's devtools (hand-
// written samples in har/, following Chromium's export) become tabs with their messages
// and handshakes; a HAR without WebSocket messages (Firefox's, a plain page load), a file
// that is not HAR and a message that cannot be read are refused with a sentence that says
// which; our own HAR export reads back.
#include "files/export/HarImport.h"
#include "support/LogEvents.h"
#include "files/export/LogExporter.h"
#include "support/SessionSamples.h"
#include "support/StoreDescription.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace wsi;
using namespace wsi::test;

namespace {

QByteArray sample(const char *name)
{
    QFile file(QFINDTESTDATA(QStringLiteral("export/har/") + QLatin1String(name)));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QString importError(const QByteArray &json)
{
    std::vector<log::SessionTab> tabs;
    QString error;
    if (log::HarImport::read(json, QStringLiteral("x.har"), &tabs, &error))
        return QStringLiteral("(imported)");
    return error;
}

// Chromium's HAR with its second WebSocket message replaced by `message`.
QByteArray withMessage(const QJsonObject &message)
{
    QJsonObject root = QJsonDocument::fromJson(sample("chromium-websocket.har")).object();
    QJsonObject log = root.value(QStringLiteral("log")).toObject();
    QJsonArray entries = log.value(QStringLiteral("entries")).toArray();
    QJsonObject entry = entries[1].toObject();
    QJsonArray messages = entry.value(QStringLiteral("_webSocketMessages")).toArray();
    messages[1] = message;
    entry.insert(QStringLiteral("_webSocketMessages"), messages);
    entries[1] = entry;
    log.insert(QStringLiteral("entries"), entries);
    root.insert(QStringLiteral("log"), log);
    return QJsonDocument(root).toJson();
}

QJsonObject wsMessage(const char *type, double time, int opcode, const char *data)
{
    return {{QStringLiteral("type"), QLatin1String(type)}, {QStringLiteral("time"), time},
            {QStringLiteral("opcode"), opcode}, {QStringLiteral("data"), QString::fromUtf8(data)}};
}

} // namespace

class tst_HarImport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void chromiumHarBecomesTabs();
    void chromiumHandshakeIsShown();
    void controlOpcodesBecomeTheirRows();
    void refusals_data();
    void refusals();
    void truncatedHarIsRefused();
    void ourExportReadsBack();
};

void tst_HarImport::chromiumHarBecomesTabs()
{
    const QByteArray har = sample("chromium-websocket.har");
    QVERIFY(!har.isEmpty());
    std::vector<log::SessionTab> tabs;
    QString error;
    QVERIFY2(log::HarImport::read(har, QStringLiteral("chromium-websocket.har"), &tabs, &error), qPrintable(error));
    QCOMPARE(tabs.size(), size_t(2)); // the page load is not a WebSocket

    const log::SessionTab &echo = tabs[0];
    QCOMPARE(echo.state.title, QStringLiteral("echo.example.test"));
    QCOMPARE(echo.state.options.url, QStringLiteral("wss://echo.example.test/socket?room=1"));
    QCOMPARE(echo.store->startedAt(), QDateTime::fromString(QStringLiteral("2024-03-05T10:15:31.200Z"), Qt::ISODateWithMs));
    // Times relative to the entry's start: 1709633731.223812 - 1709633731.200.
    QCOMPARE(describeStore(*echo.store),
             (QStringList{QStringLiteral("text out @23812000 '{\"op\":\"subscribe\",\"topic\":\"prices\"}'"),
                          QStringLiteral("text in @51007000 '{\"ev\":\"update\",\"price\":\"12€\"}'"),
                          QStringLiteral("binary out @1300000000 '") + QString::fromUtf8(QByteArray::fromHex("000102ff")) + QLatin1Char('\''),
                          QStringLiteral("binary in @1302000000 '") + QString::fromUtf8(QByteArray::fromHex("000102ff")) + QLatin1Char('\''),
                          QStringLiteral("text in @1800000000 'line one\nline \"two\"'")}));
    QCOMPARE(echo.store->payloadCopy(2), QByteArray::fromHex("000102ff"));
    QCOMPARE(echo.store->record(2).kind, log::LogEntryKind::Binary);
    QCOMPARE(echo.store->record(1).wireSize, quint32(QByteArray("{\"ev\":\"update\",\"price\":\"12€\"}").size()));

    const log::SessionTab &feed = tabs[1];
    QCOMPARE(feed.state.title, QStringLiteral("127.0.0.1:9001"));
    QCOMPARE(describeStore(*feed.store), QStringList{QStringLiteral("text in @50000000 'tick'")});
}

void tst_HarImport::chromiumHandshakeIsShown()
{
    std::vector<log::SessionTab> tabs;
    QString error;
    QVERIFY2(log::HarImport::read(sample("chromium-websocket.har"), QStringLiteral("c.har"), &tabs, &error),
             qPrintable(error));
    const net::HandshakeInfo &h = *tabs.at(0).state.handshake;
    QVERIFY(h.accepted);
    QCOMPARE(h.status, 101);
    QCOMPARE(h.statusLine, QStringLiteral("HTTP/1.1 101 Switching Protocols"));
    QCOMPARE(h.subprotocol, QStringLiteral("graphql-ws"));
    QVERIFY(h.deflate);
    QVERIFY(h.rawRequest.startsWith("GET /socket?room=1 HTTP/1.1\r\nHost: echo.example.test\r\n"));
    QVERIFY(h.rawRequest.endsWith("Cookie: sid=abc123\r\n\r\n"));
    QVERIFY(h.rawResponse.contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"));
    QCOMPARE(h.responseHeaders.size(), 5);
}

void tst_HarImport::controlOpcodesBecomeTheirRows()
{
    QByteArray har = withMessage(wsMessage("receive", 1709633731.3, 8, "A+hieWU=")); // 1000 "bye"
    std::vector<log::SessionTab> tabs;
    QString error;
    QVERIFY2(log::HarImport::read(har, QStringLiteral("x.har"), &tabs, &error), qPrintable(error));
    QCOMPARE(describeRow(*tabs[0].store, 1), QStringLiteral("close in @100000000 1000 'bye'"));

    har = withMessage(wsMessage("send", 1709633731.3, 9, "cGluZw=="));
    QVERIFY2(log::HarImport::read(har, QStringLiteral("x.har"), &tabs, &error), qPrintable(error));
    QCOMPARE(describeRow(*tabs[0].store, 1), QStringLiteral("ping out @100000000 'ping'"));

    har = withMessage(wsMessage("error", 1709633731.3, 1, "Invalid frame header"));
    QVERIFY2(log::HarImport::read(har, QStringLiteral("x.har"), &tabs, &error), qPrintable(error));
    QCOMPARE(describeRow(*tabs[0].store, 1), QStringLiteral("error local @100000000 'Invalid frame header'"));
}

void tst_HarImport::refusals_data()
{
    QTest::addColumn<QByteArray>("har");
    QTest::addColumn<QString>("expected");
    QTest::newRow("Firefox: connections without messages")
        << sample("firefox-websocket.har")
        << QStringLiteral("“x.har” has no WebSocket messages: its 1 WebSocket connection(s) carry no “_webSocketMessages” "
                          "(Firefox does not save WebSocket messages in HAR files; save the HAR from Chromium's or "
                          "Chrome's devtools).");
    QTest::newRow("a page load without WebSockets")
        << QByteArray("{\"log\":{\"version\":\"1.2\",\"entries\":[{\"request\":{\"url\":\"https://a.test/\"},"
                      "\"response\":{\"status\":200}}]}}")
        << QStringLiteral("“x.har” has no WebSocket messages: none of its 1 entries is a WebSocket connection.");
    QTest::newRow("not JSON") << QByteArray("PK\x03\x04 zip")
                              << QStringLiteral("“x.har” is not a HAR file: it is not valid JSON (illegal value at byte 1).");
    QTest::newRow("JSON without log.entries")
        << QByteArray("{\"entries\":[]}") << QStringLiteral("“x.har” is not a HAR file: it has no “log.entries” list.");
    QTest::newRow("binary data that is not base64")
        << withMessage(wsMessage("receive", 1709633731.3, 2, "not base64!"))
        << QStringLiteral("“x.har” has a WebSocket message it cannot read (entry 2, message 2: its opcode 2 data is not base64).");
    QTest::newRow("unknown message type")
        << withMessage(wsMessage("sent", 1709633731.3, 1, "x"))
        << QStringLiteral("“x.har” has a WebSocket message it cannot read (entry 2, message 2: its type is “sent”, not send or receive).");
    QTest::newRow("unknown opcode")
        << withMessage(wsMessage("send", 1709633731.3, 3, "eA=="))
        << QStringLiteral("“x.har” has a WebSocket message it cannot read (entry 2, message 2: its opcode is 3).");
}

void tst_HarImport::refusals()
{
    QFETCH(QByteArray, har);
    QFETCH(QString, expected);
    QVERIFY(!har.isEmpty());
    QCOMPARE(importError(har), expected);
}

void tst_HarImport::truncatedHarIsRefused()
{
    const QByteArray har = sample("chromium-websocket.har");
    for (qsizetype size = 0; size < har.size(); size += 7) {
        const QString error = importError(har.left(size));
        if (!error.contains(QStringLiteral("is not a HAR file: it is not valid JSON")))
            QFAIL(qPrintable(QStringLiteral("cut at %1: %2").arg(size).arg(error)));
    }
}

// What we export as HAR, we (and so Chromium-format readers) read back: same messages,
// directions, payloads and times to the microsecond.
void tst_HarImport::ourExportReadsBack()
{
    log::MessageStore store;
    fillStore(store);
    const log::SessionTabState state = sampleTabState();
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    log::ExportOptions options;
    options.format = log::ExportFormat::Har;
    log::LogExporter exporter(buffer, store, state, options);
    while (exporter.step()) {
    }
    std::vector<log::SessionTab> tabs;
    QString error;
    QVERIFY2(log::HarImport::read(buffer.data(), QStringLiteral("ours.har"), &tabs, &error), qPrintable(error));
    QCOMPARE(tabs.size(), size_t(1));
    const log::MessageStore &back = *tabs[0].store;
    QCOMPARE(back.startedAt(), store.startedAt());
    int row = 0;
    for (int i = 0; i < store.rowCount(); ++i) {
        const log::LogRecord &r = store.record(i);
        if (r.kind != log::LogEntryKind::Text && r.kind != log::LogEntryKind::Binary)
            continue;
        QVERIFY(row < back.rowCount());
        QCOMPARE(back.record(row).kind, r.kind);
        QCOMPARE(back.record(row).direction(), r.direction());
        QCOMPARE(back.record(row).timeNs, r.timeNs / 1000 * 1000); // HAR keeps microseconds
        QCOMPARE(back.payloadCopy(row), store.payloadCopy(i));
        ++row;
    }
    QCOMPARE(row, back.rowCount());
    QCOMPARE(tabs[0].state.handshake->status, 101);
}

QTEST_GUILESS_MAIN(tst_HarImport)
#include "tst_harimport.moc"
