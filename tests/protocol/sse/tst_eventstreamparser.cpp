// SPDX-License-Identifier: MIT
// EventStreamParser against the rules of the WHATWG HTML standard's "Interpreting an
// event stream", one stream per rule (its examples among them). Every stream is fed whole,
// byte by byte and in random splits, and must give the same events, comments, ranges and
// last event ID each time.
#include "protocol/sse/EventStreamParser.h"
#include "protocol/sse/EventStreamWriter.h"
#include "support/Chunking.h"

#include <QStringList>

#include <initializer_list>
#include <QTest>

using namespace wsi::protocol::sse;

namespace {

QString viewText(std::string_view text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

// Everything the parser reported, as text a test can compare.
struct Recorder : EventStreamSink {
    QStringList seen;
    void onEvent(const ServerSentEvent &event) override
    {
        seen << QStringLiteral("event type=%1 data=[%2] id=[%3]%4%5 @%6-%7")
                    .arg(viewText(event.type), viewText(event.data),
                         viewText(event.lastEventId), event.hasOwnId ? QStringLiteral(" own") : QString(),
                         event.retryMs ? QStringLiteral(" retry=%1").arg(*event.retryMs) : QString())
                    .arg(event.begin)
                    .arg(event.end);
    }
    void onComment(const EventStreamComment &comment) override
    {
        seen << QStringLiteral("comment [%1] @%2-%3").arg(QString::fromStdString(comment.text)).arg(comment.begin).arg(comment.end);
    }
};

struct Outcome {
    QStringList seen;
    std::string lastEventId;
    std::optional<std::uint64_t> retry;
    bool dropped = false;
};

Outcome run(const std::string &stream, const wsi::test::Chunking &chunking)
{
    Recorder recorder;
    EventStreamParser parser(recorder);
    wsi::test::feedChunked(stream, chunking, [&](const std::uint8_t *data, std::size_t size) { parser.parse(data, size); });
    Outcome outcome;
    outcome.dropped = parser.finish();
    outcome.seen = recorder.seen;
    outcome.lastEventId = parser.lastEventId();
    outcome.retry = parser.reconnectionTimeMs();
    return outcome;
}

} // namespace

class tst_EventStreamParser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void followsTheStandard_data();
    void followsTheStandard();
    void decodesInvalidUtf8AsTheEncodingStandardDoes_data();
    void decodesInvalidUtf8AsTheEncodingStandardDoes();
    void keepsTheLastEventIdAndRetry();
    void stopsAtTheLimit();
    void keepsLastEventIdAcrossRestart();
    void writerRoundTrips_data();
    void writerRoundTrips();
};

void tst_EventStreamParser::followsTheStandard_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<QStringList>("expected");
    QTest::addColumn<bool>("dropped"); // an unterminated event (or line) at the end
    // Expected lines in UTF-8.
    const auto row = [](const char *name, QByteArray stream, std::initializer_list<const char *> expected, bool dropped = false) {
        QStringList lines;
        for (const char *line : expected)
            lines << QString::fromUtf8(line);
        QTest::newRow(name) << stream << lines << dropped;
    };
    // The standard's examples.
    row("stock ticker: data lines joined with LF", "data: YHOO\ndata: +2\ndata: 10\n\n",
        {"event type=message data=[YHOO\n+2\n10] id=[] @0-30"});
    row("comment, ids, the last event unterminated",
        ": test stream\n\ndata: first event\nid: 1\n\ndata:second event\nid\n\ndata:  third event\n",
        {"comment [ test stream] @0-14", "event type=message data=[first event] id=[1] own @15-40",
         "event type=message data=[second event] id=[] own @40-62"},
        true);
    row("empty data lines", "data\n\ndata\ndata\n\ndata:",
        {"event type=message data=[] id=[] @0-6", "event type=message data=[\n] id=[] @6-17"}, true);
    row("one space removed, not more", "data:test\n\ndata: test\n\ndata:  two\n\n",
        {"event type=message data=[test] id=[] @0-11", "event type=message data=[test] id=[] @11-23",
         "event type=message data=[ two] id=[] @23-35"});
    row("event types, reset after each dispatch",
        "event: add\ndata: 73857293\n\nevent: remove\ndata: 2153\n\ndata: plain\n\n",
        {"event type=add data=[73857293] id=[] @0-27", "event type=remove data=[2153] id=[] @27-53",
         "event type=message data=[plain] id=[] @53-66"});
    // Line ends.
    row("CR, CRLF and LF line ends", "data: a\r\rdata: b\r\n\r\ndata: c\n\n",
        {"event type=message data=[a] id=[] @0-9", "event type=message data=[b] id=[] @9-19",
         "event type=message data=[c] id=[] @20-29"});
    row("CR inside data ends the line", "data: a\rb\n\n", {"event type=message data=[a] id=[] @0-11"});
    // BOM: one at the start is dropped; a second is part of the field name.
    row("leading BOM dropped", "\xEF\xBB\xBF" "data: x\n\n", {"event type=message data=[x] id=[] @3-12"});
    row("second BOM is text", "\xEF\xBB\xBF\xEF\xBB\xBF" "data: x\n\n", {});
    row("a BOM's first bytes then text", "\xEF\xBB" "data: x\n\n", {});
    // id and retry.
    row("id with NUL ignored", QByteArray("id: 1\ndata: a\n\nid: 2\0x\ndata: b\n\n", 32),
        {"event type=message data=[a] id=[1] own @0-15", "event type=message data=[b] id=[1] @15-32"});
    row("id kept by later events", "id: 7\ndata: a\n\ndata: b\n\n",
        {"event type=message data=[a] id=[7] own @0-15", "event type=message data=[b] id=[7] @15-24"});
    row("blank id resets it", "id: 7\ndata: a\n\nid:\ndata: b\n\n",
        {"event type=message data=[a] id=[7] own @0-15", "event type=message data=[b] id=[] own @15-28"});
    row("id without data still counts at the blank line", "id: 5\n\ndata: x\n\n", {"event type=message data=[x] id=[5] @7-16"});
    row("retry: digits only", "retry: 1500\ndata: a\n\nretry: 12a\ndata: b\n\nretry:\ndata: c\n\n",
        {"event type=message data=[a] id=[] retry=1500 @0-21", "event type=message data=[b] id=[] @21-41",
         "event type=message data=[c] id=[] @41-57"});
    // Fields.
    row("unknown fields and case ignored", "foo: bar\nData: no\ndata: x\n\n", {"event type=message data=[x] id=[] @0-27"});
    row("a type without data is forgotten", "event: a\n\ndata: 2\n\n", {"event type=message data=[2] id=[] @10-19"});
    row("colon in the value kept", "data: a: b\n\n", {"event type=message data=[a: b] id=[] @0-12"});
    row("comment inside an event", "data: a\n: keepalive\ndata: b\n\n",
        {"comment [ keepalive] @8-20", "event type=message data=[a\nb] id=[] @0-29"});
    row("comments only", ":\n:ping\n", {"comment [] @0-2", "comment [ping] @2-8"});
    // End of stream.
    row("last line without its line break", "data: a\n\ndata: b", {"event type=message data=[a] id=[] @0-9"}, true);
    row("last event without its blank line", "data: a\n", {}, true);
    row("nothing pending", "data: a\n\n", {"event type=message data=[a] id=[] @0-9"});
    row("UTF-8 text", "event: \xC3\xA9t\xC3\xA9\ndata: \xF0\x9F\x98\x80\n\n",
        {"event type=\xC3\xA9t\xC3\xA9 data=[\xF0\x9F\x98\x80] id=[] @0-25"});
    row("invalid UTF-8 replaced", "data: a\xFF" "b\n\n", {"event type=message data=[a\xEF\xBF\xBD" "b] id=[] @0-11"});
}

void tst_EventStreamParser::followsTheStandard()
{
    QFETCH(QByteArray, stream);
    QFETCH(QStringList, expected);
    QFETCH(bool, dropped);
    const std::string input(stream.constData(), std::size_t(stream.size()));
    for (const wsi::test::Chunking &chunking : wsi::test::chunkingsFor(input.size())) {
        const Outcome outcome = run(input, chunking);
        QVERIFY2(outcome.seen == expected, qPrintable(QStringLiteral("%1:\n  got      %2\n  expected %3")
                                                          .arg(QString::fromStdString(chunking.name),
                                                               outcome.seen.join(QStringLiteral(" | ")),
                                                               expected.join(QStringLiteral(" | ")))));
        QCOMPARE(outcome.dropped, dropped);
    }
}

void tst_EventStreamParser::decodesInvalidUtf8AsTheEncodingStandardDoes_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("text");
    QTest::newRow("valid") << QByteArray("a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80") << QStringLiteral("a\u00E9\u20AC\U0001F600");
    QTest::newRow("lone continuation") << QByteArray("\x80" "a") << QStringLiteral("\uFFFDa");
    QTest::newRow("truncated at the end") << QByteArray("\xE2\x82") << QStringLiteral("\uFFFD");
    QTest::newRow("truncated then ASCII") << QByteArray("\xE2\x82" "a") << QStringLiteral("\uFFFDa");
    QTest::newRow("overlong: one per byte") << QByteArray("\xF0\x80\x80") << QStringLiteral("\uFFFD\uFFFD\uFFFD");
    QTest::newRow("surrogate") << QByteArray("\xED\xA0\x80") << QStringLiteral("\uFFFD\uFFFD\uFFFD");
    QTest::newRow("beyond U+10FFFF") << QByteArray("\xF4\x90\x80\x80") << QStringLiteral("\uFFFD\uFFFD\uFFFD\uFFFD");
    QTest::newRow("C0 and FF") << QByteArray("\xC0\xAF\xFF") << QStringLiteral("\uFFFD\uFFFD\uFFFD");
}

void tst_EventStreamParser::decodesInvalidUtf8AsTheEncodingStandardDoes()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, text);
    const std::string decoded = decodeUtf8Lossy(std::string_view(bytes.constData(), std::size_t(bytes.size())));
    QCOMPARE(QString::fromStdString(decoded), text);
}

void tst_EventStreamParser::keepsTheLastEventIdAndRetry()
{
    Recorder recorder;
    EventStreamParser parser(recorder);
    QVERIFY(parser.parse("retry: 3000\nid: 42\ndata: a\n\nretry: x\n\n"));
    QCOMPARE(parser.lastEventId(), std::string("42"));
    QCOMPARE(parser.reconnectionTimeMs().value_or(0), std::uint64_t(3000));
    QVERIFY(parser.parse("retry: 99999999999999999999999\n\n")); // saturates, never wraps
    QCOMPARE(parser.reconnectionTimeMs().value_or(0), UINT64_MAX);
}

void tst_EventStreamParser::stopsAtTheLimit()
{
    Recorder recorder;
    EventStreamParser parser(recorder, 16);
    QVERIFY(!parser.parse(std::string("data: ") + std::string(40, 'x')));
    QVERIFY(QString::fromStdString(parser.error()).contains(QLatin1String("passed 16 bytes")));
    QVERIFY(!parser.parse("\n\n")); // stays stopped
    QVERIFY(recorder.seen.isEmpty());

    EventStreamParser manyLines(recorder, 16);
    QVERIFY(!manyLines.parse("data: 12345\ndata: 12345\ndata: 12345\n\n"));
    QVERIFY(QString::fromStdString(manyLines.error()).contains(QLatin1String("data passed 16 bytes")));
}

void tst_EventStreamParser::keepsLastEventIdAcrossRestart()
{
    Recorder recorder;
    EventStreamParser parser(recorder);
    QVERIFY(parser.parse("id: 3\ndata: a\n\ndata: half"));
    parser.restart(); // a reconnect: the half event is gone, the id stays
    QVERIFY(parser.parse("\xEF\xBB\xBF" "data: b\n\n"));
    QCOMPARE(recorder.seen.size(), 2);
    QCOMPARE(recorder.seen.last(), QStringLiteral("event type=message data=[b] id=[3] @3-12"));
}

void tst_EventStreamParser::writerRoundTrips_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("data");
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("expected");
    QTest::newRow("plain") << QString() << QStringLiteral("hello") << QString() << QStringLiteral("event type=message data=[hello] id=[] @0-13");
    QTest::newRow("lines of every kind") << QStringLiteral("tick") << QStringLiteral("a\r\nb\rc\nd") << QStringLiteral("9")
                                         << QStringLiteral("event type=tick data=[a\nb\nc\nd] id=[9] own @0-51");
    QTest::newRow("leading spaces kept") << QString() << QStringLiteral("  x") << QString() << QStringLiteral("event type=message data=[  x] id=[] @0-11");
    QTest::newRow("empty data") << QString() << QString() << QString() << QStringLiteral("event type=message data=[] id=[] @0-7");
    QTest::newRow("line breaks in an id removed") << QString() << QStringLiteral("x") << QStringLiteral("1\n2")
                                                  << QStringLiteral("event type=message data=[x] id=[12] own @0-16");
}

void tst_EventStreamParser::writerRoundTrips()
{
    QFETCH(QString, type);
    QFETCH(QString, data);
    QFETCH(QString, id);
    QFETCH(QString, expected);
    OutgoingEvent event;
    event.type = type.toStdString();
    event.data = data.toStdString();
    if (!id.isEmpty())
        event.id = id.toStdString();
    Recorder recorder;
    EventStreamParser parser(recorder);
    QVERIFY(parser.parse(formatEvent(event)));
    QVERIFY(parser.parse(formatComment("keep\nalive")));
    QCOMPARE(recorder.seen.size(), 3);
    QCOMPARE(recorder.seen.first(), expected);
    QVERIFY(recorder.seen.at(1).startsWith(QLatin1String("comment [ keep]")));
    QVERIFY(recorder.seen.at(2).startsWith(QLatin1String("comment [ alive]")));
}

QTEST_GUILESS_MAIN(tst_EventStreamParser)
#include "tst_eventstreamparser.moc"
