// SPDX-License-Identifier: MIT
// Exports: JSON Lines (one parseable object per row, frames included), CSV (RFC 4180
// quoting, read back field for field), HAR 1.2 with "_webSocketMessages" as Chromium writes
// them; secrets masked unless asked; filters choose the rows; files written atomically.
#include "files/export/CsvExport.h"
#include "files/export/ExportText.h"
#include "support/LogEvents.h"
#include "files/export/LogExporter.h"
#include "support/SessionSamples.h"

#include <QBuffer>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace wsi;
using namespace wsi::test;

namespace {

QByteArray exportBytes(const log::MessageStore &store, const log::SessionTabState &state,
                       const log::ExportOptions &options)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    log::LogExporter exporter(buffer, store, state, options);
    while (exporter.step(7)) { // small steps: the slices must join seamlessly
    }
    return exporter.isFinished() ? buffer.data() : QByteArray("failed: " + exporter.errorString().toUtf8());
}

log::ExportOptions format(log::ExportFormat f)
{
    log::ExportOptions options;
    options.format = f;
    return options;
}

QList<QJsonObject> jsonLines(const QByteArray &bytes)
{
    QList<QJsonObject> objects;
    QList<QByteArray> lines = bytes.split('\n');
    if (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast();
    for (const QByteArray &line : lines) {
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(line, &error);
        if (error.error != QJsonParseError::NoError || !document.isObject())
            return {};
        objects.append(document.object());
    }
    return objects;
}

// An RFC 4180 reader written from the RFC, independent of the writer.
QList<QStringList> parseCsv(const QByteArray &bytes)
{
    QList<QStringList> records;
    QStringList record;
    QByteArray field;
    bool quoted = false;
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        const char c = bytes[i];
        if (quoted) {
            if (c == '"' && i + 1 < bytes.size() && bytes[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            record << QString::fromUtf8(field);
            field.clear();
        } else if (c == '\r' && i + 1 < bytes.size() && bytes[i + 1] == '\n') {
            record << QString::fromUtf8(field);
            field.clear();
            records << record;
            record.clear();
            ++i;
        } else {
            field += c;
        }
    }
    return records;
}

QByteArray allBytes()
{
    QByteArray bytes;
    for (int i = 0; i < 256; ++i)
        bytes.append(char(i));
    return bytes;
}

} // namespace

class tst_Exporters : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void jsonEscaping_data();
    void jsonEscaping();
    void exactTimes();
    void jsonLinesHasOneObjectPerRow();
    void jsonLinesFramesAndDetails();
    void jsonLinesWithoutFramesOrStart();
    void jsonLinesNamesTheAppsLeg();
    void filterChoosesTheRows();
    void csvQuotesAsRfc4180Says();
    void csvRowsReadBack();
    void harLooksLikeChromiumsExport();
    void harMasksSecretsUnlessAsked();
    void exportJobIsAtomic();
    void badFilterWritesNothing();
    void millionRowsExportInSlices();
};

void tst_Exporters::jsonEscaping_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("plain") << QByteArray("hello") << QByteArray("\"hello\"");
    QTest::newRow("quotes and backslash") << QByteArray("a\"b\\c") << QByteArray("\"a\\\"b\\\\c\"");
    QTest::newRow("line breaks and tab") << QByteArray("1\n2\r3\t") << QByteArray("\"1\\n2\\r3\\t\"");
    QTest::newRow("other control bytes") << QByteArray("\x01\x1f\x7f", 3) << QByteArray("\"\\u0001\\u001f\x7f\"");
    QTest::newRow("NUL") << QByteArray("a\0b", 3) << QByteArray("\"a\\u0000b\"");
    QTest::newRow("UTF-8 kept as is") << QByteArray("größe ✓") << QByteArray("\"größe ✓\"");
}

void tst_Exporters::jsonEscaping()
{
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, json);
    QByteArray out;
    log::ExportText::appendJsonString(out, QByteArrayView(text));
    QCOMPARE(out, json);
    // And a JSON parser reads the original back.
    const QJsonDocument document = QJsonDocument::fromJson("[" + out + "]");
    QCOMPARE(document.array().at(0).toString().toUtf8(), text);
}

void tst_Exporters::exactTimes()
{
    using namespace log::ExportText;
    QCOMPARE(seconds(0), QByteArray("0.000000000"));
    QCOMPARE(seconds(1000), QByteArray("0.000001000"));
    QCOMPARE(seconds(12000345678), QByteArray("12.000345678"));
    QCOMPARE(seconds(-1500000000), QByteArray("-1.500000000"));
    QCOMPARE(epochSeconds(1700000000123456), QByteArray("1700000000.123456"));
    const QDateTime start = QDateTime::fromMSecsSinceEpoch(1700000000123);
    QCOMPARE(isoTime(start, 1000), QByteArray("2023-11-14T22:13:20.123001Z"));
    QCOMPARE(isoTime(start, 1877000000), QByteArray("2023-11-14T22:13:22.000000Z"));
    QCOMPARE(isoTime(start, -1000), QByteArray("2023-11-14T22:13:20.122999Z"));
    QCOMPARE(isoTime(QDateTime(), 5), QByteArray());
    QCOMPARE(isoTime(QDateTime::fromMSecsSinceEpoch(0), 0), QByteArray("1970-01-01T00:00:00.000000Z"));
    QCOMPARE(isoTime(QDateTime::fromMSecsSinceEpoch(951782400000), 0), QByteArray("2000-02-29T00:00:00.000000Z"));
    QCOMPARE(isoTime(QDateTime::fromMSecsSinceEpoch(-1), 0), QByteArray("1969-12-31T23:59:59.999000Z"));
    QCOMPARE(isoTime(QDateTime::fromMSecsSinceEpoch(4102444799999), 999), QByteArray("2099-12-31T23:59:59.999000Z"));
}

void tst_Exporters::jsonLinesHasOneObjectPerRow()
{
    log::MessageStore store;
    fillStore(store);
    const QByteArray bytes = exportBytes(store, {}, format(log::ExportFormat::JsonLines));
    const QList<QJsonObject> rows = jsonLines(bytes);
    QCOMPARE(rows.size(), store.rowCount());
    QCOMPARE(bytes.count('\n'), store.rowCount());
    for (int i = 0; i < rows.size(); ++i) {
        QCOMPARE(rows[i].value(QStringLiteral("row")).toInt(), i + 1); // numbered as the window numbers them
        QCOMPARE(rows[i].value(QStringLiteral("type")).toString(), QLatin1String(log::kindName(store.record(i).kind)));
        QCOMPARE(rows[i].value(QStringLiteral("size")).toInt(), int(store.record(i).payloadSize));
        const QByteArray payload = rows[i].contains(QStringLiteral("text"))
            ? rows[i].value(QStringLiteral("text")).toString().toUtf8()
            : QByteArray::fromBase64(rows[i].value(QStringLiteral("base64")).toString().toLatin1());
        QCOMPARE(payload, store.payloadCopy(i));
    }
    const QJsonObject hello = rows[0];
    QCOMPARE(hello.value(QStringLiteral("text")).toString(), QStringLiteral("hello"));
    QCOMPARE(hello.value(QStringLiteral("direction")).toString(), QStringLiteral("in"));
    QCOMPARE(hello.value(QStringLiteral("time")).toString(), QStringLiteral("2023-11-14T22:13:20.123001Z"));
    QCOMPARE(hello.value(QStringLiteral("elapsed")).toDouble(), 0.000001);
    QVERIFY(bytes.startsWith("{\"row\":1,\"time\":\"2023-11-14T22:13:20.123001Z\",\"elapsed\":0.000001000,"));
}

void tst_Exporters::jsonLinesFramesAndDetails()
{
    log::MessageStore store;
    fillStore(store);
    const QList<QJsonObject> rows = jsonLines(exportBytes(store, {}, format(log::ExportFormat::JsonLines)));
    QCOMPARE(rows.size(), store.rowCount());

    const QJsonObject binary = rows[1];
    QCOMPARE(binary.value(QStringLiteral("type")).toString(), QStringLiteral("binary"));
    QCOMPARE(QByteArray::fromBase64(binary.value(QStringLiteral("base64")).toString().toLatin1()), allBytes());
    QVERIFY(!binary.contains(QStringLiteral("text")));
    const QJsonArray frames = binary.value(QStringLiteral("frames")).toArray();
    QCOMPARE(frames.size(), 2);
    QCOMPARE(frames[0].toObject().value(QStringLiteral("opcode")).toInt(), 2);
    QCOMPARE(frames[0].toObject().value(QStringLiteral("fin")).toBool(), false);
    QCOMPARE(frames[1].toObject().value(QStringLiteral("fin")).toBool(), true);
    QCOMPARE(frames[1].toObject().value(QStringLiteral("masked")).toBool(), true);
    QCOMPARE(frames[1].toObject().value(QStringLiteral("maskKey")).toString(), QStringLiteral("11223344"));
    QCOMPARE(frames[1].toObject().value(QStringLiteral("streamOffset")).toInt(), 136);
    QCOMPARE(frames[1].toObject().value(QStringLiteral("header")).toString().toLatin1(),
             wireHeader(0, net::FrameFlag::Fin | net::FrameFlag::Masked, 128, 0x11223344).toHex());

    QJsonObject ping, pong, info, close, compressed, error;
    for (const QJsonObject &row : rows) {
        const QString type = row.value(QStringLiteral("type")).toString();
        if (type == QLatin1String("ping") && row.contains(QStringLiteral("pingId")))
            ping = row;
        else if (type == QLatin1String("pong"))
            pong = row;
        else if (type == QLatin1String("info"))
            info = row;
        else if (type == QLatin1String("close"))
            close = row;
        else if (type == QLatin1String("error"))
            error = row;
        if (row.value(QStringLiteral("compressed")).toBool())
            compressed = row;
    }
    QCOMPARE(ping.value(QStringLiteral("pingId")).toInt(), 7);
    QCOMPARE(QByteArray::fromBase64(ping.value(QStringLiteral("base64")).toString().toLatin1()), QByteArray("p1"));
    QCOMPARE(pong.value(QStringLiteral("rttNs")).toInt(), 1000);
    QCOMPARE(info.value(QStringLiteral("text")).toString(), QStringLiteral("auto-pong disabled"));
    QCOMPARE(info.value(QStringLiteral("direction")).toString(), QStringLiteral("local"));
    QCOMPARE(close.value(QStringLiteral("code")).toInt(), 1000);
    QCOMPARE(close.value(QStringLiteral("text")).toString(), QStringLiteral("ok"));
    QCOMPARE(close.value(QStringLiteral("frames")).toArray().size(), 2);
    QCOMPARE(compressed.value(QStringLiteral("wireSize")).toInt(), 12);
    QCOMPARE(compressed.value(QStringLiteral("size")).toInt(), 500);
    // The error took the frame still waiting; its raw header, which disagreed with the
    // frame's fields, is exported as it was seen.
    QCOMPARE(error.value(QStringLiteral("frames")).toArray().at(0).toObject().value(QStringLiteral("header")).toString(),
             QStringLiteral("817e0004"));
}

// A proxied flow's rows: what the app sent says "leg":"app"; the server's leg goes unsaid,
// as every client connection's rows do.
void tst_Exporters::jsonLinesNamesTheAppsLeg()
{
    log::MessageStore store;
    net::LogEvent fromApp = message(In, true, "from the app", 0, 1000);
    fromApp.leg = net::TrafficLeg::Client;
    store.append({fromApp, message(In, true, "from the server", 0, 2000)});
    const QList<QJsonObject> rows = jsonLines(exportBytes(store, {}, format(log::ExportFormat::JsonLines)));
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows[0].value(QStringLiteral("leg")).toString(), QStringLiteral("app"));
    QCOMPARE(rows[0].value(QStringLiteral("direction")).toString(), QStringLiteral("in"));
    QVERIFY(!rows[1].contains(QStringLiteral("leg")));
}

void tst_Exporters::jsonLinesWithoutFramesOrStart()
{
    log::MessageStore store;
    store.append(sampleEvents()); // no start time
    log::ExportOptions options = format(log::ExportFormat::JsonLines);
    options.includeFrames = false;
    const QByteArray bytes = exportBytes(store, {}, options);
    QVERIFY(!bytes.contains("\"frames\""));
    const QList<QJsonObject> rows = jsonLines(bytes);
    QCOMPARE(rows.size(), store.rowCount());
    QVERIFY(rows[0].value(QStringLiteral("time")).isNull());
    QCOMPARE(rows[0].value(QStringLiteral("elapsed")).toDouble(), 0.000001);
}

void tst_Exporters::filterChoosesTheRows()
{
    log::MessageStore store;
    fillStore(store);
    log::ExportOptions options = format(log::ExportFormat::JsonLines);
    options.filter.kinds = log::kindBit(log::LogEntryKind::Text);
    options.filter.directions = log::directionBit(In);
    QList<QJsonObject> rows = jsonLines(exportBytes(store, {}, options));
    QStringList texts;
    for (const QJsonObject &row : rows)
        texts << row.value(QStringLiteral("text")).toString();
    QCOMPARE(texts, (QStringList{QStringLiteral("hello"), QStringLiteral("größe ✓ {\"a\":1}"), QString(500, QLatin1Char('a')),
                                 QStringLiteral("c1"), QStringLiteral("c2")}));

    options.filter = {};
    options.filter.pattern = QStringLiteral("{\"A\":1}"); // case-insensitive
    rows = jsonLines(exportBytes(store, {}, options));
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows[0].value(QStringLiteral("row")).toInt(), 3);
}

void tst_Exporters::csvQuotesAsRfc4180Says()
{
    QByteArray out;
    log::CsvExport::appendField(out, "plain");
    QCOMPARE(out, QByteArray("plain"));
    out.clear();
    log::CsvExport::appendField(out, "a,b");
    QCOMPARE(out, QByteArray("\"a,b\""));
    out.clear();
    log::CsvExport::appendField(out, "say \"hi\"");
    QCOMPARE(out, QByteArray("\"say \"\"hi\"\"\""));
    out.clear();
    log::CsvExport::appendField(out, "two\r\nlines\n");
    QCOMPARE(out, QByteArray("\"two\r\nlines\n\""));
}

void tst_Exporters::csvRowsReadBack()
{
    log::MessageStore store;
    store.setStartedAt(QDateTime::fromMSecsSinceEpoch(1700000000123));
    const QByteArray tricky = "a,b \"quoted\"\r\nnext line\nend";
    store.append({message(In, true, tricky, 0, 1000), message(Out, false, allBytes(), 0, 2000),
                  note(EventKind::Error, QStringLiteral("bad, really"), 3000, 1002),
                  closeEvent(In, 1005, QString(), false, 4000, 3)});
    const QByteArray bytes = exportBytes(store, {}, format(log::ExportFormat::Csv));
    QVERIFY(bytes.startsWith("row,time,elapsed,direction,type,size,wire_size,frames,compressed,client,code,encoding,payload\r\n"));
    QVERIFY(bytes.endsWith("\r\n"));
    const QList<QStringList> records = parseCsv(bytes);
    QCOMPARE(records.size(), 5);
    for (const QStringList &record : records)
        QCOMPARE(record.size(), 13);
    QCOMPARE(records[1], (QStringList{QStringLiteral("1"), QStringLiteral("2023-11-14T22:13:20.123001Z"),
                                      QStringLiteral("0.000001000"), QStringLiteral("in"), QStringLiteral("text"),
                                      QString::number(tricky.size()), QString::number(tricky.size()), QStringLiteral("1"),
                                      QStringLiteral("false"), QString(), QString(), QStringLiteral("text"),
                                      QString::fromUtf8(tricky)}));
    QCOMPARE(records[2][11], QStringLiteral("base64"));
    QCOMPARE(QByteArray::fromBase64(records[2][12].toLatin1()), allBytes());
    QCOMPARE(records[3][4], QStringLiteral("error"));
    QCOMPARE(records[3][10], QStringLiteral("1002"));
    QCOMPARE(records[3][12], QStringLiteral("bad, really"));
    QCOMPARE(records[4][9], QStringLiteral("3"));   // the echo server's client
    QCOMPARE(records[4][11], QString());             // no payload, no encoding
}

void tst_Exporters::harLooksLikeChromiumsExport()
{
    log::MessageStore store;
    fillStore(store);
    log::SessionTabState state = sampleTabState();
    log::ExportOptions options = format(log::ExportFormat::Har);
    options.applicationVersion = QStringLiteral("0.1.0");
    const QByteArray bytes = exportBytes(store, state, options);
    QJsonParseError error;
    const QJsonObject log = QJsonDocument::fromJson(bytes, &error).object().value(QStringLiteral("log")).toObject();
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(log.value(QStringLiteral("version")).toString(), QStringLiteral("1.2"));
    QCOMPARE(log.value(QStringLiteral("creator")).toObject().value(QStringLiteral("name")).toString(), QStringLiteral("wsinspect"));
    QCOMPARE(log.value(QStringLiteral("entries")).toArray().size(), 1);
    const QJsonObject entry = log.value(QStringLiteral("entries")).toArray().at(0).toObject();
    QCOMPARE(entry.value(QStringLiteral("_resourceType")).toString(), QStringLiteral("websocket"));
    QCOMPARE(entry.value(QStringLiteral("startedDateTime")).toString(), QStringLiteral("2023-11-14T22:13:20.123Z"));
    for (const char *member : {"request", "response", "cache", "timings", "time"})
        QVERIFY2(entry.contains(QLatin1String(member)), member); // HAR 1.2's required members
    const QJsonObject response = entry.value(QStringLiteral("response")).toObject();
    QCOMPARE(response.value(QStringLiteral("status")).toInt(), 101);
    QCOMPARE(response.value(QStringLiteral("statusText")).toString(), QStringLiteral("Switching Protocols"));
    const QJsonObject request = entry.value(QStringLiteral("request")).toObject();
    QCOMPARE(request.value(QStringLiteral("method")).toString(), QStringLiteral("GET"));
    QCOMPARE(request.value(QStringLiteral("queryString")).toArray().at(0).toObject().value(QStringLiteral("name")).toString(),
             QStringLiteral("x"));

    const QJsonArray messages = entry.value(QStringLiteral("_webSocketMessages")).toArray();
    int expected = 0;
    for (int row = 0; row < store.rowCount(); ++row) {
        const log::LogRecord &r = store.record(row);
        expected += (r.kind == log::LogEntryKind::Text || r.kind == log::LogEntryKind::Binary) ? 1 : 0;
    }
    QCOMPARE(messages.size(), expected);
    const QJsonObject first = messages[0].toObject();
    QCOMPARE(first.keys(), (QStringList{QStringLiteral("data"), QStringLiteral("opcode"), QStringLiteral("time"),
                                        QStringLiteral("type")}));
    QCOMPARE(first.value(QStringLiteral("type")).toString(), QStringLiteral("receive"));
    QCOMPARE(first.value(QStringLiteral("opcode")).toInt(), 1);
    QCOMPARE(first.value(QStringLiteral("data")).toString(), QStringLiteral("hello"));
    QVERIFY(bytes.contains("\"time\":1700000000.123001,"));
    const QJsonObject second = messages[1].toObject();
    QCOMPARE(second.value(QStringLiteral("type")).toString(), QStringLiteral("send"));
    QCOMPARE(second.value(QStringLiteral("opcode")).toInt(), 2);
    QCOMPARE(QByteArray::fromBase64(second.value(QStringLiteral("data")).toString().toLatin1()), allBytes());
}

void tst_Exporters::harMasksSecretsUnlessAsked()
{
    log::MessageStore store;
    fillStore(store);
    const log::SessionTabState state = sampleTabState();
    log::ExportOptions options = format(log::ExportFormat::Har);
    const QByteArray masked = exportBytes(store, state, options);
    options.includeSecrets = true;
    const QByteArray included = exportBytes(store, state, options);
    for (const char *secret : {"abc.def", "sid=42", "user:secret@"}) {
        QVERIFY2(!masked.contains(secret), secret);
        QVERIFY2(included.contains(secret), secret);
    }
    QVERIFY(masked.contains("{\"name\":\"Authorization\",\"value\":\"(hidden, 14 bytes)\"}"));
    QVERIFY(masked.contains("{\"name\":\"Set-Cookie\",\"value\":\"(hidden, 6 bytes)\"}"));
    QVERIFY(masked.contains("wss://user:***@localhost:9443/feed?x=1"));
    QVERIFY(masked.contains("{\"name\":\"Host\",\"value\":\"localhost\"}"));
}

void tst_Exporters::exportJobIsAtomic()
{
    QTemporaryDir dir;
    log::MessageStore store;
    fillStore(store);
    const QString path = dir.filePath(QStringLiteral("out.jsonl"));
    QString error;
    QVERIFY2(log::LogExportJob::run(path, store, {}, format(log::ExportFormat::JsonLines), &error), qPrintable(error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(jsonLines(file.readAll()).size(), store.rowCount());

    const QString missing = dir.filePath(QStringLiteral("missing/out.csv"));
    QVERIFY(!log::LogExportJob::run(missing, store, {}, format(log::ExportFormat::Csv), &error));
    QVERIFY2(error.startsWith(QStringLiteral("Could not export the log to “") + missing), qPrintable(error));
    QVERIFY2(error.endsWith(QStringLiteral("Nothing was written.")), qPrintable(error));

    log::LogExportJob job(path, store, {}, format(log::ExportFormat::Csv));
    job.cancel();
    QVERIFY(!job.step());
    QVERIFY(file.seek(0));
    QCOMPARE(jsonLines(file.readAll()).size(), store.rowCount()); // still the first export
}

void tst_Exporters::badFilterWritesNothing()
{
    QTemporaryDir dir;
    log::MessageStore store;
    fillStore(store);
    log::ExportOptions options = format(log::ExportFormat::Csv);
    options.filter.mode = log::SearchMode::Regex;
    options.filter.pattern = QStringLiteral("(unclosed");
    const QString path = dir.filePath(QStringLiteral("bad.csv"));
    QString error;
    QVERIFY(!log::LogExportJob::run(path, store, {}, options, &error));
    QVERIFY2(error.contains(QStringLiteral("bad.csv")) && error.endsWith(QStringLiteral("Nothing was written.")),
             qPrintable(error));
    QVERIFY(!QFile::exists(path));
}

void tst_Exporters::millionRowsExportInSlices()
{
    constexpr int Count = 1000000;
    log::MessageStore store;
    store.setStartedAt(QDateTime::fromMSecsSinceEpoch(1700000000000));
    for (int first = 0; first < Count; first += 10000) {
        net::EventBatch batch;
        for (int i = first; i < first + 10000; ++i)
            batch.append(message(i % 2 ? In : Out, true, "message " + QByteArray::number(i), 0, qint64(i) * 1000));
        store.append(batch);
    }
    for (log::ExportFormat f : {log::ExportFormat::JsonLines, log::ExportFormat::Csv, log::ExportFormat::Har}) {
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        log::LogExporter exporter(buffer, store, {}, format(f));
        QElapsedTimer timer;
        timer.start();
        qint64 longestStepMs = 0;
        int steps = 0;
        for (bool more = true; more; ++steps) {
            QElapsedTimer step;
            step.start();
            more = exporter.step();
            longestStepMs = std::max(longestStepMs, step.elapsed());
        }
        QVERIFY(exporter.isFinished());
        qInfo("format %d: %lld ms in %d steps (longest %lld ms), %lld bytes", int(f), timer.elapsed(), steps,
              longestStepMs, qint64(buffer.size()));
        QCOMPARE(steps, Count / log::LogExporter::RowsPerStep);
        QVERIFY(buffer.data().contains("message 999999"));
        QVERIFY2(timer.elapsed() < 30000, "a million rows must stream, not crawl");
    }
}

QTEST_GUILESS_MAIN(tst_Exporters)
#include "tst_exporters.moc"
