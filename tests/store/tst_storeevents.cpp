// SPDX-License-Identifier: MIT
// MessageStore's event rows (MessageStoreEvents.cpp, EventLines.cpp): a server-sent
// event's type, last event ID, retry, place in the stream and raw lines read back exactly
// as the Connection reported them (ASCII or not, with or without raw lines, rebuilt from
// the row or kept as they came), after a session restore, and after older rows left.
#include "store/MessageStore.h"

#include <QTest>

using namespace wsi;

namespace {

net::LogEvent serverEvent(const QString &type, const QString &id, const QByteArray &data, const QByteArray &raw,
                          quint64 offset, quint64 retryMs = 0)
{
    net::LogEvent event;
    event.kind = net::EventKind::ServerEvent;
    event.direction = net::EventDirection::Incoming;
    event.isText = true;
    event.payload = data;
    event.text = net::serverEventText(type, id);
    event.header = raw;
    event.length = quint64(data.size());
    event.wireSize = quint64(raw.size());
    event.streamOffset = offset;
    event.pingId = retryMs;
    return event;
}

void compareInfo(const log::EventInfo &info, const net::LogEvent &event)
{
    QCOMPARE(info.type, net::serverEventType(event));
    QCOMPARE(info.lastEventId, net::serverEventId(event));
    QCOMPARE(info.retryMs, event.pingId);
    QCOMPARE(info.streamOffset, event.streamOffset);
    QCOMPARE(info.raw, event.header);
}

} // namespace

class tst_StoreEvents : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void detailsReadBackAsReported_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("id");
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<quint64>("retryMs");
        QTest::newRow("message with an id and its raw lines")
            << QStringLiteral("message") << QStringLiteral("42") << QByteArray("id: 42\ndata: d\n\n") << quint64(0);
        QTest::newRow("no raw lines (EventDetail::Messages)")
            << QStringLiteral("message") << QStringLiteral("42") << QByteArray() << quint64(0);
        QTest::newRow("a type, no id, a retry")
            << QStringLiteral("price") << QString() << QByteArray("event: price\nretry: 500\ndata: d\n\n") << quint64(500);
        QTest::newRow("non-ASCII type and id")
            << QStringLiteral("pr\u00e9x") << QStringLiteral("\u20ac7") << QByteArray("event: pr\xC3\xA9x\nid: \xE2\x82\xAC" "7\ndata: d\n\n")
            << quint64(0);
        QTest::newRow("empty type") << QString() << QStringLiteral("1") << QByteArray("data: d\n\n") << quint64(0);
        QTest::newRow("raw lines past the shared buffer")
            << QStringLiteral("message") << QStringLiteral("9") << QByteArray("data: " + QByteArray(5000, 'x') + "\n\n")
            << quint64(0);
    }
    void detailsReadBackAsReported()
    {
        QFETCH(QString, type);
        QFETCH(QString, id);
        QFETCH(QByteArray, raw);
        QFETCH(quint64, retryMs);
        const net::LogEvent event = serverEvent(type, id, "d", raw, 1234, retryMs);
        log::MessageStore store;
        store.append({event, serverEvent(QStringLiteral("next"), QStringLiteral("2"), "e", "data: e\n\n", 2000)});
        QCOMPARE(store.rowCount(), 2);
        QCOMPARE(store.record(0).kind, log::LogEntryKind::Event);
        QCOMPARE(store.payload(0), QByteArrayView("d"));
        compareInfo(store.eventInfo(0), event);
        QCOMPARE(store.eventType(0), type);
        QCOMPARE(store.eventType(1), QStringLiteral("next"));
        QCOMPARE(store.eventInfo(1).raw, QByteArray("data: e\n\n"));
    }

    // Raw lines in a usual form are rebuilt from the row (EventLines) rather than kept; any
    // other form is kept as it came. Either way they read back byte for byte.
    void rawLinesReadBackExactly_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("id");
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<bool>("rebuilt");
        const QString message = QStringLiteral("message");
        const QString none;
        QTest::newRow("data") << message << none << QByteArray("d") << QByteArray("data: d\n\n") << true;
        QTest::newRow("id, data") << message << QStringLiteral("5") << QByteArray("d") << QByteArray("id: 5\ndata: d\n\n") << true;
        QTest::newRow("event, data") << QStringLiteral("t") << none << QByteArray("d") << QByteArray("event: t\ndata: d\n\n") << true;
        QTest::newRow("event, id, data")
            << QStringLiteral("t") << QStringLiteral("5") << QByteArray("d") << QByteArray("event: t\nid: 5\ndata: d\n\n") << true;
        QTest::newRow("id, event, data")
            << QStringLiteral("t") << QStringLiteral("5") << QByteArray("d") << QByteArray("id: 5\nevent: t\ndata: d\n\n") << true;
        QTest::newRow("event: message written out")
            << message << none << QByteArray("d") << QByteArray("event: message\ndata: d\n\n") << true;
        QTest::newRow("data over three lines, one empty")
            << message << none << QByteArray("a\n\nc") << QByteArray("data: a\ndata: \ndata: c\n\n") << true;
        QTest::newRow("empty data") << message << none << QByteArray() << QByteArray("data: \n\n") << true;
        QTest::newRow("non-ASCII type and id")
            << QStringLiteral("\u00e9") << QStringLiteral("\u20ac") << QByteArray("d")
            << QByteArray("event: \xC3\xA9\nid: \xE2\x82\xAC\ndata: d\n\n") << true;
        QTest::newRow("an earlier event's id, none of its own")
            << message << QStringLiteral("4") << QByteArray("d") << QByteArray("data: d\n\n") << true;
        QTest::newRow("CRLF") << message << none << QByteArray("d") << QByteArray("data: d\r\n\r\n") << false;
        QTest::newRow("no space after the colon") << message << none << QByteArray("d") << QByteArray("data:d\n\n") << false;
        QTest::newRow("two spaces (one kept in the data)") << message << none << QByteArray(" d") << QByteArray("data:  d\n\n") << true;
        QTest::newRow("a retry line") << message << none << QByteArray("d") << QByteArray("retry: 5\ndata: d\n\n") << false;
        QTest::newRow("a comment inside") << message << none << QByteArray("d") << QByteArray(": hi\ndata: d\n\n") << false;
        QTest::newRow("data before id") << message << QStringLiteral("5") << QByteArray("d") << QByteArray("data: d\nid: 5\n\n") << false;
        QTest::newRow("an unknown field") << message << none << QByteArray("d") << QByteArray("x: 1\ndata: d\n\n") << false;
        QTest::newRow("an id with NUL, ignored")
            << message << QStringLiteral("4") << QByteArray("d") << QByteArray("id: a\0b\ndata: d\n\n", 20) << false;
        QTest::newRow("invalid UTF-8 read as U+FFFD")
            << message << none << QByteArray("\xEF\xBF\xBD") << QByteArray("data: \xFF\n\n") << false;
    }
    void rawLinesReadBackExactly()
    {
        QFETCH(QString, type);
        QFETCH(QString, id);
        QFETCH(QByteArray, data);
        QFETCH(QByteArray, raw);
        QFETCH(bool, rebuilt);
        const net::LogEvent event = serverEvent(type, id, data, raw, 7);
        log::MessageStore store;
        store.append({event});
        compareInfo(store.eventInfo(0), event);
        // The usual type, "message", is not written out: the text is the id alone.
        const qint64 text = (type == QLatin1String("message") ? 0 : type.toUtf8().size() + 1) + id.toUtf8().size();
        QCOMPARE(store.payloadBytes(), data.size() + text + (rebuilt ? 0 : raw.size()));
        log::MessageStore restored; // from a session file: the same
        const log::EventInfo info = store.eventInfo(0);
        restored.restoreRow(store.record(0), store.payload(0), nullptr, &info);
        compareInfo(restored.eventInfo(0), event);
        QCOMPARE(restored.payloadBytes(), store.payloadBytes());
    }

    void otherRowsHaveNoEventDetails()
    {
        net::LogEvent info;
        info.kind = net::EventKind::Info;
        info.text = QStringLiteral("hello");
        log::MessageStore store;
        store.append({info});
        QVERIFY(!store.record(0).hasEventInfo());
        QCOMPARE(store.eventInfo(0).type, QStringLiteral("message"));
        QCOMPARE(store.eventType(0), QStringLiteral("message"));
        QVERIFY(store.eventInfo(0).raw.isEmpty());
    }

    void restoredRowsReadAsSaved()
    {
        const net::LogEvent event = serverEvent(QStringLiteral("t\u00fcp"), QStringLiteral("7"), "d",
                                                "event: t\xC3\xBCp\nid: 7\ndata: d\n\n", 99, 3000);
        log::MessageStore original;
        original.append({event});
        log::MessageStore restored;
        const log::EventInfo info = original.eventInfo(0);
        restored.restoreRow(original.record(0), original.payload(0), nullptr, &info);
        compareInfo(restored.eventInfo(0), event);
        QCOMPARE(restored.eventType(0), QStringLiteral("t\u00fcp"));
    }

    void laterRowsReadAsBeforeWhenOlderOnesLeave()
    {
        log::MessageStore store;
        net::EventBatch batch;
        for (int i = 0; i < 3000; ++i) {
            const QByteArray id = QByteArray::number(i);
            batch.append(serverEvent(QStringLiteral("message"), QString::fromLatin1(id), "data " + id,
                                     "id: " + id + "\ndata: data " + id + "\n\n", quint64(i) * 20));
        }
        store.append(batch);
        store.dropOldestRows(2500);
        QCOMPARE(store.rowCount(), 500);
        for (int row = 0; row < store.rowCount(); ++row)
            compareInfo(store.eventInfo(row), batch[2500 + row]);
    }
};

QTEST_GUILESS_MAIN(tst_StoreEvents)
#include "tst_storeevents.moc"
