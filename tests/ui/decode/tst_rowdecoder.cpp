// SPDX-License-Identifier: MIT
// RowDecoder, a tab's decoding of its stored rows, on payloads the protocols' reference
// libraries recorded (tests/decode/vectors): the choice (automatic by subprotocol or
// content, none, one decoder, protobuf with a .proto), the bounded cache that makes a
// repaint cost nothing, "Decoded fields" filters through LogFilter, and the request keys the
// latency panel pairs.
#include "DecodeVectors.h"
#include "support/LogEvents.h"

#include "ui/decode/RowDecoder.h"
#include "store/MessageStore.h"
#include "store/query/LogFilter.h"
#include "files/export/LogExporter.h"

#include <QBuffer>

#include <QSignalSpy>
#include <QtTest>

using namespace wsi;
using decode::CorrelationRole;

namespace {

net::LogEvent messageOf(const test::Vector &vector, net::EventDirection direction, qint64 timeNs)
{
    return test::message(direction, vector.isText, vector.payload, 0, timeNs);
}

// A store holding `vectors` (node vectors by name), incoming, one millisecond apart.
std::unique_ptr<log::MessageStore> storeOf(const QList<const char *> &names, net::EventDirection direction = test::In)
{
    auto store = std::make_unique<log::MessageStore>();
    net::EventBatch batch;
    qint64 time = 1000000;
    for (const char *name : names)
        batch.append(messageOf(test::nodeVector(name), direction, time += 1000000));
    store->append(batch);
    return store;
}

} // namespace

class TestRowDecoder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void automaticReadsTheContent();
    void theSubprotocolPicksABinaryProtocol();
    void aRowIsDecodedOnceAndCached();
    void noneDecodesNothing();
    void aChosenDecoderSaysWhyAPayloadIsNotItsOwn();
    void decodedFieldsFilterTheLog();
    void anExportFiltersByDecodedFields();
    void protobufWithAProtoFile();
    void aProtoFileThatDoesNotLoadKeepsTheChoice();
    void requestsAndResponsesShareAKey();
};

void TestRowDecoder::automaticReadsTheContent()
{
    const auto store = storeOf({"sio4.event", "gql.subscribe"});
    ui::RowDecoder decoder;
    const ui::DecodedRow *event = decoder.row(*store, 0);
    QVERIFY(event);
    QVERIFY(event->isDecoded());
    QCOMPARE(event->protocol, QStringLiteral("socketio"));
    QCOMPARE(event->summary, QStringLiteral("42 emit \"chat\" [\"hi\"]"));
    const ui::DecodedRow *subscribe = decoder.row(*store, 1);
    QVERIFY(subscribe && subscribe->isDecoded());
    QCOMPARE(subscribe->protocol, QStringLiteral("graphql-transport-ws"));
    QVERIFY2(subscribe->summary.startsWith(QStringLiteral("subscribe 1")), qPrintable(subscribe->summary));
}

void TestRowDecoder::theSubprotocolPicksABinaryProtocol()
{
    // MQTT has no signature content detection could trust: the subprotocol names it.
    const auto store = storeOf({"mqtt4.publish.qos1"});
    ui::RowDecoder decoder;
    const ui::DecodedRow *before = decoder.row(*store, 0);
    QVERIFY(before);
    QCOMPARE(before->status, decode::DecodeResult::Status::NotRecognised);
    QSignalSpy changed(&decoder, &ui::RowDecoder::decodingChanged);
    decoder.setSubprotocol(QStringLiteral("mqtt"));
    QCOMPARE(changed.size(), 1);
    const ui::DecodedRow *after = decoder.row(*store, 0);
    QVERIFY(after && after->isDecoded());
    QCOMPARE(after->summary, QStringLiteral("PUBLISH sensors/1 qos1 id=5 (4 B)"));
}

void TestRowDecoder::aRowIsDecodedOnceAndCached()
{
    const auto store = storeOf({"sio4.event", "sio4.ack", "eio4.ping"});
    ui::RowDecoder decoder;
    for (int pass = 0; pass < 5; ++pass) {
        for (int row = 0; row < store->rowCount(); ++row)
            QVERIFY(decoder.row(*store, row));
    }
    QCOMPARE(decoder.decodeCount(), 3);
    QCOMPARE(decoder.cachedRows(), 3);
    // Rows that carry no message (an info line) are not decoded at all.
    net::LogEvent info;
    info.kind = net::EventKind::Info;
    info.text = QStringLiteral("42[\"looks like socket.io\"]");
    store->append({info});
    QVERIFY(!decoder.row(*store, 3));
    QCOMPARE(decoder.decodeCount(), 3);
}

void TestRowDecoder::noneDecodesNothing()
{
    const auto store = storeOf({"sio4.event"});
    ui::RowDecoder decoder;
    QVERIFY(decoder.row(*store, 0));
    ui::DecodeChoice none;
    none.decoder = decode::DecodeSession::off();
    QVERIFY(decoder.setChoice(none));
    QVERIFY(decoder.isOff());
    QVERIFY(!decoder.row(*store, 0));
    QCOMPARE(decoder.decodeWithTree(*store, 0).status, decode::DecodeResult::Status::NotRecognised);
    QCOMPARE(decoder.cachedRows(), 0);
}

void TestRowDecoder::aChosenDecoderSaysWhyAPayloadIsNotItsOwn()
{
    const auto store = storeOf({"sio4.event"});
    ui::RowDecoder decoder;
    ui::DecodeChoice stomp;
    stomp.decoder = QStringLiteral("stomp");
    QVERIFY(decoder.setChoice(stomp));
    const ui::DecodedRow *row = decoder.row(*store, 0);
    QVERIFY(row);
    QVERIFY(!row->isDecoded());
    // By hand, a payload that is not STOMP is not silently left blank.
    const decode::DecodeResult result = decoder.decodeWithTree(*store, 0);
    QVERIFY(result.status != decode::DecodeResult::Status::Decoded);
}

void TestRowDecoder::decodedFieldsFilterTheLog()
{
    const auto store = storeOf({"sio4.event", "sio4.event.ack", "sio4.ack", "sio3.event.ns", "eio4.ping"});
    ui::RowDecoder decoder;
    log::LogFilter filter;
    filter.setDecodedFields(&decoder);
    log::LogFilterCriteria criteria;
    criteria.mode = log::SearchMode::Decoded;
    criteria.pattern = QStringLiteral("event:chat");
    QVERIFY(filter.setCriteria(criteria, *store));
    QCOMPARE(filter.count(), 1);
    QCOMPARE(filter.storeRow(0), 0);
    criteria.pattern = QStringLiteral("namespace:/admin");
    QVERIFY(filter.setCriteria(criteria, *store));
    QCOMPARE(filter.count(), 2);
    QCOMPARE(filter.storeRow(1), 2);
    criteria.pattern = QStringLiteral("type:event ack:*");
    QVERIFY(filter.setCriteria(criteria, *store));
    QCOMPARE(filter.count(), 2); // the two events that ask for an ack
    // Decoding off: nothing has decoded fields.
    ui::DecodeChoice none;
    none.decoder = decode::DecodeSession::off();
    decoder.setChoice(none);
    filter.rescan(*store);
    QCOMPARE(filter.count(), 0);
    // Appended rows are tested as they come, like any search.
    decoder.setChoice({});
    criteria.pattern = QStringLiteral("event:msg");
    QVERIFY(filter.setCriteria(criteria, *store));
    QCOMPARE(filter.count(), 1);
    store->append({messageOf(test::nodeVector("sio3.event.ns"), test::In, 99000000)});
    QCOMPARE(filter.update(*store).count, 1);
    QCOMPARE(filter.count(), 2);
}

void TestRowDecoder::anExportFiltersByDecodedFields()
{
    const auto store = storeOf({"sio4.event", "sio4.event.ack", "sio4.ack", "sio3.event.ns"});
    ui::RowDecoder decoder;
    log::ExportOptions options;
    options.format = log::ExportFormat::JsonLines;
    options.filter.mode = log::SearchMode::Decoded;
    options.filter.pattern = QStringLiteral("namespace:/admin");
    options.decodedFields = &decoder;
    QBuffer out;
    QVERIFY(out.open(QIODevice::WriteOnly));
    log::LogExporter exporter(out, *store, {}, options);
    for (int steps = 0; steps < 10 && exporter.step(); ++steps) {
    }
    QVERIFY2(!exporter.hasFailed(), qPrintable(exporter.errorString()));
    QVERIFY(exporter.isFinished());
    const QList<QByteArray> lines = out.data().trimmed().split('\n');
    QCOMPARE(lines.size(), 2); // the emit with an ack id and its ack, in /admin
    QVERIFY2(lines[0].contains("project:delete"), lines[0].constData());
    QVERIFY2(lines[1].contains("{\\\"ok\\\":true}"), lines[1].constData());
}

void TestRowDecoder::protobufWithAProtoFile()
{
    auto store = std::make_unique<log::MessageStore>();
    store->append({messageOf(test::pythonVector("protobuf.reading"), test::In, 1000000)});
    ui::RowDecoder decoder;
    ui::DecodeChoice schemaless;
    schemaless.decoder = QStringLiteral("protobuf");
    QVERIFY(decoder.setChoice(schemaless));
    const ui::DecodedRow *wire = decoder.row(*store, 0);
    QVERIFY(wire && wire->isDecoded());
    QVERIFY2(wire->summary.contains(QStringLiteral("1:")), qPrintable(wire->summary)); // field numbers only

    ui::DecodeChoice withSchema = schemaless;
    withSchema.protoFile = test::vectorPath("reading.proto");
    withSchema.incomingType = QStringLiteral("demo.Reading");
    QString error;
    QVERIFY2(decoder.setChoice(withSchema, &error), qPrintable(error));
    const ui::DecodedRow *typed = decoder.row(*store, 0);
    QVERIFY(typed && typed->isDecoded());
    QVERIFY2(typed->summary.contains(QStringLiteral("\"sensor\":\"t1\"")), qPrintable(typed->summary));
    const decode::DecodeResult tree = decoder.decodeWithTree(*store, 0);
    QVERIFY(tree.decoded.tree.children.size() > 0);
}

void TestRowDecoder::aProtoFileThatDoesNotLoadKeepsTheChoice()
{
    QTemporaryDir dir;
    QFile broken(dir.filePath(QStringLiteral("broken.proto")));
    QVERIFY(broken.open(QIODevice::WriteOnly));
    broken.write("syntax = \"proto3\";\nmessage A { string a = 1\n}\n");
    broken.close();
    ui::RowDecoder decoder;
    ui::DecodeChoice choice;
    choice.decoder = QStringLiteral("protobuf");
    choice.protoFile = broken.fileName();
    choice.incomingType = QStringLiteral("A");
    QString error;
    QVERIFY(!decoder.setChoice(choice, &error));
    QVERIFY2(error.contains(QStringLiteral("broken.proto:3")), qPrintable(error)); // file:line of the problem
    QCOMPARE(decoder.choice().decoder, decode::DecodeSession::automatic());

    ui::DecodeChoice wrongType = choice;
    wrongType.protoFile = test::vectorPath("reading.proto");
    wrongType.incomingType = QStringLiteral("demo.Nothing");
    QVERIFY(!decoder.setChoice(wrongType, &error));
    QCOMPARE(error, wrongType.protoFile + QStringLiteral(" defines no message type “demo.Nothing”."));
}

void TestRowDecoder::requestsAndResponsesShareAKey()
{
    ui::RowDecoder decoder;
    const auto correlate = [&](const QByteArray &payload, net::EventDirection direction) {
        return decoder.correlationOf(test::message(direction, true, payload, 0, 0));
    };
    const decode::Correlation call = correlate(R"({"jsonrpc":"2.0","method":"sum","params":[1,2],"id":7})", test::Out);
    const decode::Correlation result = correlate(R"({"jsonrpc":"2.0","result":3,"id":7})", test::In);
    QCOMPARE(call.role, CorrelationRole::Request);
    QCOMPARE(result.role, CorrelationRole::Response);
    QCOMPARE(call.key, result.key);
    QCOMPARE(call.key, QStringLiteral("jsonrpc 7"));

    const decode::Correlation emit = correlate(test::nodeVector("sio4.event.ack").payload, test::Out);
    const decode::Correlation ack = correlate(test::nodeVector("sio4.ack").payload, test::In);
    QCOMPARE(emit.role, CorrelationRole::Request);
    QCOMPARE(ack.role, CorrelationRole::Response);
    QCOMPARE(emit.key, ack.key);
    // An event without an ack id is passed over before any parsing.
    QVERIFY(!correlate(test::nodeVector("sio4.event").payload, test::Out).isValid());

    const decode::Correlation subscribe = correlate(test::nodeVector("gql.subscribe").payload, test::Out);
    const decode::Correlation next = correlate(test::nodeVector("gql.next").payload, test::In);
    QCOMPARE(subscribe.role, CorrelationRole::Request);
    QCOMPARE(next.role, CorrelationRole::Response);
    QCOMPARE(subscribe.key, next.key);
}

QTEST_GUILESS_MAIN(TestRowDecoder)
#include "tst_rowdecoder.moc"
