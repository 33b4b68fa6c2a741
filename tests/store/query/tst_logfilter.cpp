// SPDX-License-Identifier: MIT
// LogFilter (with RowMatcher): which store rows a view shows, recomputed on a criteria
// change and extended incrementally as batches arrive, with the same result either way.
#include "support/LogEvents.h"
#include "store/query/LogFilter.h"

#include <QTest>

using namespace wsi;
using namespace wsi::test;
using log::LogEntryKind;
using log::LogFilterCriteria;
using log::SearchMode;

Q_DECLARE_METATYPE(wsi::log::LogFilterCriteria)

namespace {

// Rows 0-9 of the store every test filters.
net::EventBatch sampleEvents()
{
    LogEvent pong = control(EventKind::Pong, In, "beat", 5);
    pong.rttNs = 1000;
    return {
        message(Out, true, R"({"op":"subscribe","id":1})", 0, 1),            // 0
        message(In, true, R"({"result":[{"name":"Prices"}],"id":1})", 0, 2), // 1
        message(In, false, QByteArray("\x00\xff" "PRICES", 8), 50, 3),      // 2
        control(EventKind::Ping, Out, "beat", 4),                          // 3
        pong,                                                              // 4
        message(In, true, "plain words, no json", 90, 6, 1, 2),            // 5 (client 2)
        note(EventKind::Info, QStringLiteral("auto-pong disabled"), 7),    // 6
        note(EventKind::Error, QStringLiteral("invalid-utf8: prices"), 8, 1007), // 7
        message(Out, true, R"({"op":"unsubscribe","id":2})", 40, 9),        // 8
        closeEvent(In, 1000, QStringLiteral("bye"), true, 10),             // 9
    };
}

LogFilterCriteria kinds(quint32 bits)
{
    LogFilterCriteria criteria;
    criteria.kinds = bits;
    return criteria;
}

LogFilterCriteria search(SearchMode mode, const QString &pattern, bool caseSensitive = false)
{
    LogFilterCriteria criteria;
    criteria.mode = mode;
    criteria.pattern = pattern;
    criteria.caseSensitive = caseSensitive;
    return criteria;
}

QVector<int> resultRows(const log::LogFilter &filter)
{
    QVector<int> rows;
    for (int i = 0; i < filter.count(); ++i)
        rows << filter.storeRow(i);
    return rows;
}

} // namespace

class tst_LogFilter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rows_data();
    void rows();
    void invalidCriteriaKeepTheResult_data();
    void invalidCriteriaKeepTheResult();
    void updateReportsNewIndices();
    void indexOfFindsFilteredRows();
    void resetForgetsTheStore();
};

void tst_LogFilter::rows_data()
{
    QTest::addColumn<LogFilterCriteria>("criteria");
    QTest::addColumn<QVector<int>>("expected");

    using log::kindBit;
    QTest::newRow("nothing filtered") << LogFilterCriteria() << QVector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    QTest::newRow("text messages") << kinds(kindBit(LogEntryKind::Text)) << QVector<int>{0, 1, 5, 8};
    QTest::newRow("pings and pongs") << kinds(kindBit(LogEntryKind::Ping) | kindBit(LogEntryKind::Pong)) << QVector<int>{3, 4};
    QTest::newRow("errors and infos") << kinds(kindBit(LogEntryKind::Error) | kindBit(LogEntryKind::Info)) << QVector<int>{6, 7};
    QTest::newRow("no types at all") << kinds(0) << QVector<int>{};

    LogFilterCriteria outgoing;
    outgoing.directions = log::directionBit(Out);
    QTest::newRow("outgoing only") << outgoing << QVector<int>{0, 3, 8};

    LogFilterCriteria client;
    client.clientId = 2;
    QTest::newRow("one echo-server client") << client << QVector<int>{5};

    QTest::newRow("text search folds case in every kind of row")
        << search(SearchMode::Text, QStringLiteral("prices")) << QVector<int>{1, 2, 7};
    QTest::newRow("case-sensitive text search") << search(SearchMode::Text, QStringLiteral("Prices"), true) << QVector<int>{1};
    QTest::newRow("text search for a close reason") << search(SearchMode::Text, QStringLiteral("BYE")) << QVector<int>{9};
    QTest::newRow("regex over text") << search(SearchMode::Regex, QStringLiteral("\"op\":\"(un)?subscribe\"")) << QVector<int>{0, 8};
    QTest::newRow("regex anchored") << search(SearchMode::Regex, QStringLiteral("^plain")) << QVector<int>{5};
    QTest::newRow("regex over binary bytes as Latin-1") << search(SearchMode::Regex, QStringLiteral("^\\x00\\xff")) << QVector<int>{2};
    QTest::newRow("JSON path existence") << search(SearchMode::JsonPath, QStringLiteral("$.result[0].name")) << QVector<int>{1};
    QTest::newRow("JSON path comparison") << search(SearchMode::JsonPath, QStringLiteral("$.id == 1")) << QVector<int>{0, 1};

    LogFilterCriteria combined = search(SearchMode::JsonPath, QStringLiteral("$.op"));
    combined.directions = log::directionBit(Out);
    combined.kinds = kindBit(LogEntryKind::Text);
    QTest::newRow("search combined with type and direction") << combined << QVector<int>{0, 8};
}

void tst_LogFilter::rows()
{
    QFETCH(LogFilterCriteria, criteria);
    QFETCH(QVector<int>, expected);
    const net::EventBatch events = sampleEvents();

    // Criteria set on the full store.
    log::MessageStore store;
    store.append(events);
    log::LogFilter filter;
    QVERIFY2(filter.setCriteria(criteria, store), qPrintable(filter.errorString()));
    QCOMPARE(resultRows(filter), expected);
    QCOMPARE(filter.isPassThrough(), criteria.acceptsEverything());

    // The same criteria set first, rows arriving one batch at a time.
    log::MessageStore growing;
    log::LogFilter incremental;
    QVERIFY(incremental.setCriteria(criteria, growing));
    for (const LogEvent &event : events) {
        growing.append({event});
        incremental.update(growing);
    }
    QCOMPARE(resultRows(incremental), expected);
    for (int i = 0; i < growing.rowCount(); ++i)
        QCOMPARE(incremental.matches(growing, i), expected.contains(i));
}

void tst_LogFilter::invalidCriteriaKeepTheResult_data()
{
    QTest::addColumn<LogFilterCriteria>("criteria");
    QTest::addColumn<QString>("errorPart");
    QTest::newRow("unbalanced regex") << search(SearchMode::Regex, QStringLiteral("(a")) << QStringLiteral("position");
    QTest::newRow("broken JSON path") << search(SearchMode::JsonPath, QStringLiteral("$[x]")) << QStringLiteral("index");
}

void tst_LogFilter::invalidCriteriaKeepTheResult()
{
    QFETCH(LogFilterCriteria, criteria);
    QFETCH(QString, errorPart);
    log::MessageStore store;
    store.append(sampleEvents());
    log::LogFilter filter;
    QVERIFY(filter.setCriteria(kinds(log::kindBit(LogEntryKind::Close)), store));
    QVERIFY(!filter.setCriteria(criteria, store));
    QVERIFY2(filter.errorString().contains(errorPart), qPrintable(filter.errorString()));
    QCOMPARE(resultRows(filter), QVector<int>{9});
    QCOMPARE(filter.criteria(), kinds(log::kindBit(LogEntryKind::Close)));
}

void tst_LogFilter::updateReportsNewIndices()
{
    log::MessageStore store;
    log::LogFilter filter;
    QVERIFY(filter.setCriteria(kinds(log::kindBit(LogEntryKind::Text)), store));
    store.append({message(In, true, "a", 0, 1), control(EventKind::Ping, In, "", 2)});
    log::RowRange added = filter.update(store);
    QCOMPARE(added.first, 0);
    QCOMPARE(added.count, 1);
    store.append({control(EventKind::Ping, In, "", 3)});
    QCOMPARE(filter.update(store).count, 0);
    store.append({message(In, true, "b", 3, 4), message(In, true, "c", 6, 5)});
    added = filter.update(store);
    QCOMPARE(added.first, 1);
    QCOMPARE(added.count, 2);
    QCOMPARE(resultRows(filter), (QVector<int>{0, 3, 4}));
}

void tst_LogFilter::indexOfFindsFilteredRows()
{
    log::MessageStore store;
    store.append(sampleEvents());
    log::LogFilter filter;
    QVERIFY(filter.setCriteria(search(SearchMode::Text, QStringLiteral("prices")), store));
    QCOMPARE(filter.indexOf(1), 0);
    QCOMPARE(filter.indexOf(7), 2);
    QCOMPARE(filter.indexOf(3), -1);
    QVERIFY(filter.setCriteria(LogFilterCriteria(), store));
    QCOMPARE(filter.indexOf(3), 3);
    QCOMPARE(filter.indexOf(10), -1);
}

void tst_LogFilter::resetForgetsTheStore()
{
    log::MessageStore store;
    store.append(sampleEvents());
    log::LogFilter filter;
    QVERIFY(filter.setCriteria(kinds(log::kindBit(LogEntryKind::Text)), store));
    QCOMPARE(filter.count(), 4);
    store.clear();
    filter.reset();
    QCOMPARE(filter.count(), 0);
    store.append({message(In, true, "again", 0, 1)});
    QCOMPARE(filter.update(store).count, 1);
    QCOMPARE(resultRows(filter), QVector<int>{0});
}

QTEST_GUILESS_MAIN(tst_LogFilter)
#include "tst_logfilter.moc"
