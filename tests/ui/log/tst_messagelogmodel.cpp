// SPDX-License-Identifier: MIT
// MessageLogModel: the log's rows, and the frames of expanded rows, for a table view,
// checked by QAbstractItemModelTester through appends, expansion, filter changes, time-mode
// changes and clear.
#include "support/LogEvents.h"
#include "ui/log/MessageLogModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace wsi;
using namespace wsi::test;
using log::LogEntryKind;
using ui::MessageLogModel;

namespace {

// What the model's owner (the tab's TabDocument) does: change the store, then tell the
// model; the model never writes the store itself.
void append(log::MessageStore &store, MessageLogModel &model, const net::EventBatch &batch)
{
    store.append(batch);
    model.rowsAppended();
}

void clear(log::MessageStore &store, MessageLogModel &model)
{
    model.beginClear();
    store.clear();
    model.endClear();
}


// A session: a text message in three frames, ping/pong with rtt, deflated binary, an
// info line, an unanswered ping and a close.
QVector<net::EventBatch> session()
{
    LogEvent pong = control(EventKind::Pong, In, "k1", 2500000);
    pong.rttNs = 420000;
    LogEvent deflated = message(In, false, QByteArray(300, '\x01'), 40, 3000000);
    deflated.compressed = true;
    deflated.wireSize = 41;
    LogEvent unanswered = control(EventKind::Ping, In, "", 4000000);
    unanswered.text = QStringLiteral("not answered (auto-pong off)");
    return {
        {frame(Out, 1, false, 6, 0, 1000000), frame(Out, 0, false, 6, 12, 1000000),
         frame(Out, 0, true, 6, 24, 1000000), message(Out, true, "line 1\nline 2\tend", 0, 1000000, 3)},
        {control(EventKind::Ping, Out, "k1", 2000000), pong},
        {deflated, note(EventKind::Info, QStringLiteral("auto-pong disabled"), 3500000), unanswered},
        {frame(Out, 8, true, 5, 36, 5000000, QByteArray("\x03\xe8" "bye", 5)),
         frame(In, 8, true, 5, 343, 5100000, QByteArray("\x03\xe8" "bye", 5)),
         closeEvent(Out, 1000, QStringLiteral("bye"), true, 5200000)},
    };
}

QString text(const MessageLogModel &model, int row, int column)
{
    return model.data(model.index(row, column)).toString();
}

QVariant value(const MessageLogModel &model, int row, int column, int role)
{
    return model.data(model.index(row, column), role);
}

log::LogFilterCriteria kinds(quint32 bits)
{
    log::LogFilterCriteria criteria;
    criteria.kinds = bits;
    return criteria;
}

} // namespace

class tst_MessageLogModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void oneInsertPerBatch();
    void rowsShowWhatHappened_data();
    void rowsShowWhatHappened();
    void framesExpandBelowTheirMessage();
    void rowsWithoutFramesDoNotExpand();
    void rolesCarryTheRow();
    void lookupsSkipExpandedFrames();
    void filterResetsWithItsRows();
    void invalidFilterChangesNothing();
    void filteredAppendsInsertOnlyMatches();
    void timeModeSwitchesToWallClock();
    void findNextWrapsAround();
    void clearEmptiesTheModel();
    void testerSurvivesAFlood();
};

void tst_MessageLogModel::oneInsertPerBatch()
{
    log::MessageStore store;
    MessageLogModel model(&store);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    const QVector<net::EventBatch> batches = session();
    const QVector<QPair<int, int>> expected{{0, 0}, {1, 2}, {3, 5}, {6, 6}};
    for (int i = 0; i < batches.size(); ++i) {
        append(store, model, batches[i]);
        QCOMPARE(inserted.size(), i + 1);
        QCOMPARE(inserted.last().at(1).toInt(), expected[i].first);
        QCOMPARE(inserted.last().at(2).toInt(), expected[i].second);
    }
    // A batch of a lone fragment adds no row, and says nothing.
    append(store, model, {frame(In, 1, false, 3, 400, 6000000)});
    QCOMPARE(inserted.size(), 4);
    QCOMPARE(model.rowCount(), 7);
}

void tst_MessageLogModel::rowsShowWhatHappened_data()
{
    QTest::addColumn<int>("row");
    QTest::addColumn<QStringList>("columns"); // Number, Time, Direction, Type, Size, Decoded, Preview
    // (Decoded: empty without the tab's RowDecoder; tests/ui/log/tst_logdecoded has it)

    QTest::newRow("text in three frames, control characters escaped")
        << 0 << QStringList{QStringLiteral("1"), QStringLiteral("+0.001 s"), QStringLiteral("↑"), QStringLiteral("text"),
                            QStringLiteral("17 B"), QString(), QStringLiteral("line 1\\nline 2\\tend")};
    QTest::newRow("outgoing ping with a text payload")
        << 1 << QStringList{QStringLiteral("2"), QStringLiteral("+0.002 s"), QStringLiteral("↑"), QStringLiteral("ping"),
                            QStringLiteral("2 B"), QString(), QStringLiteral("k1")};
    QTest::newRow("pong with its round trip")
        << 2 << QStringList{QStringLiteral("3"), QStringLiteral("+0.003 s"), QStringLiteral("↓"), QStringLiteral("pong"),
                            QStringLiteral("2 B"), QString(), QStringLiteral("k1 · rtt 0.420 ms")};
    QTest::newRow("deflated binary: wire size to inflated, hex preview")
        << 3 << QStringList{QStringLiteral("4"), QStringLiteral("+0.003 s"), QStringLiteral("↓"), QStringLiteral("binary"),
                            QStringLiteral("41 B → 300 B"), QString(),
                            QStringLiteral("01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 …")};
    QTest::newRow("info line")
        << 4 << QStringList{QStringLiteral("5"), QStringLiteral("+0.004 s"), QStringLiteral("•"), QStringLiteral("info"),
                            QString(), QString(), QStringLiteral("auto-pong disabled")};
    QTest::newRow("unanswered ping says so")
        << 5 << QStringList{QStringLiteral("6"), QStringLiteral("+0.004 s"), QStringLiteral("↓"), QStringLiteral("ping"),
                            QStringLiteral("0 B"), QString(), QStringLiteral("not answered (auto-pong off)")};
    QTest::newRow("close with code meaning and reason")
        << 6 << QStringList{QStringLiteral("7"), QStringLiteral("+0.005 s"), QStringLiteral("↑"), QStringLiteral("close"),
                            QString(), QString(), QStringLiteral("1000 normal closure · “bye” · clean")};
}

void tst_MessageLogModel::rowsShowWhatHappened()
{
    QFETCH(int, row);
    QFETCH(QStringList, columns);
    log::MessageStore store;
    MessageLogModel model(&store);
    for (const net::EventBatch &batch : session())
        append(store, model, batch);
    QStringList actual;
    for (int column = 0; column < MessageLogModel::ColumnCount; ++column)
        actual << text(model, row, column);
    QCOMPARE(actual, columns);
}

void tst_MessageLogModel::framesExpandBelowTheirMessage()
{
    log::MessageStore store;
    MessageLogModel model(&store);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    for (const net::EventBatch &batch : session())
        append(store, model, batch);
    QVERIFY(model.canExpand(0));
    QCOMPARE(value(model, 0, MessageLogModel::Number, MessageLogModel::ExpandedRole), QVariant(false));

    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.setExpanded(0, true);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.last().at(1).toInt(), 1);
    QCOMPARE(inserted.last().at(2).toInt(), 3);
    QCOMPARE(model.rowCount(), 10);
    QVERIFY(model.isExpanded(0));
    QCOMPARE(value(model, 0, MessageLogModel::Number, MessageLogModel::ExpandedRole), QVariant(true));
    QVERIFY(model.isFrameRow(1));
    QCOMPARE(text(model, 1, MessageLogModel::Number), QStringLiteral("↳ 1"));
    QCOMPARE(text(model, 1, MessageLogModel::Type), QStringLiteral("text"));
    QCOMPARE(text(model, 2, MessageLogModel::Type), QStringLiteral("continuation"));
    QCOMPARE(text(model, 3, MessageLogModel::Preview), QStringLiteral("FIN · continuation · 6 B · mask 11 22 33 44"));
    QCOMPARE(value(model, 3, MessageLogModel::Preview, Qt::ToolTipRole).toString(), QStringLiteral("header 80 86 11 22 33 44"));
    QCOMPARE(text(model, 4, MessageLogModel::Type), QStringLiteral("ping")); // the next message follows

    // The close row (now view row 9) holds both close frames.
    model.setExpanded(9, true);
    QCOMPARE(model.rowCount(), 12);
    QCOMPARE(text(model, 11, MessageLogModel::Direction), QStringLiteral("↓"));
    QCOMPARE(value(model, 11, 0, MessageLogModel::PayloadRole).toByteArray(), QByteArray("\x03\xe8" "bye", 5));

    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    model.setExpanded(0, false);
    QCOMPARE(removed.size(), 1);
    QCOMPARE(removed.last().at(1).toInt(), 1);
    QCOMPARE(removed.last().at(2).toInt(), 3);
    QCOMPARE(model.rowCount(), 9);
    QCOMPARE(text(model, 6, MessageLogModel::Type), QStringLiteral("close"));
    QCOMPARE(text(model, 7, MessageLogModel::Number), QStringLiteral("↳ 1"));

    // Appends go after the last frame row.
    inserted.clear();
    append(store, model, {message(In, true, "late", 400, 6000000)});
    QCOMPARE(inserted.last().at(1).toInt(), 9);
    QCOMPARE(text(model, 9, MessageLogModel::Preview), QStringLiteral("late"));
}

void tst_MessageLogModel::rowsWithoutFramesDoNotExpand()
{
    log::MessageStore store;
    MessageLogModel model(&store);
    for (const net::EventBatch &batch : session())
        append(store, model, batch);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QVERIFY(!model.canExpand(4)); // the info line
    model.setExpanded(4, true);
    QCOMPARE(inserted.size(), 0);
    QVERIFY(!value(model, 4, MessageLogModel::Number, MessageLogModel::ExpandedRole).isValid());
    QVERIFY(value(model, 4, MessageLogModel::Number, Qt::DecorationRole).isNull());
    QVERIFY(!value(model, 0, MessageLogModel::Number, Qt::DecorationRole).value<QIcon>().isNull());
    model.setExpanded(0, true);
    QVERIFY(!model.canExpand(1)); // a frame row
}

void tst_MessageLogModel::rolesCarryTheRow()
{
    log::MessageStore store;
    MessageLogModel model(&store);
    for (const net::EventBatch &batch : session())
        append(store, model, batch);
    const QModelIndex deflated = model.index(3, MessageLogModel::Preview);
    QCOMPARE(model.data(deflated, MessageLogModel::PayloadRole).toByteArray(), QByteArray(300, '\x01'));
    QCOMPARE(model.data(deflated, MessageLogModel::KindRole).toInt(), int(LogEntryKind::Binary));
    QCOMPARE(model.data(deflated, MessageLogModel::DirectionRole).toInt(), int(In));
    QCOMPARE(model.data(deflated, MessageLogModel::StoreRowRole).toInt(), 3);
    QCOMPARE(model.data(deflated, MessageLogModel::FrameIndexRole).toInt(), -1);
    QCOMPARE(model.data(deflated, MessageLogModel::TimeNsRole).toLongLong(), 3000000);
    model.setExpanded(0, true);
    QCOMPARE(value(model, 2, 0, MessageLogModel::FrameIndexRole).toInt(), 1);
    QCOMPARE(value(model, 2, 0, MessageLogModel::KindRole).toInt(), int(LogEntryKind::Frame));
    QCOMPARE(value(model, 2, 0, MessageLogModel::StoreRowRole).toInt(), 0);
    QCOMPARE(model.storeRow(2), 0);
    QCOMPARE(model.frameIndex(2), 1);
    QCOMPARE(model.frameIndex(0), -1);
    model.setExpanded(0, false);
    // Direction and type read at a glance: a colour and a swatch.
    QVERIFY(model.data(model.index(0, MessageLogModel::Direction), Qt::ForegroundRole).value<QBrush>().style() != Qt::NoBrush);
    QVERIFY(!model.data(model.index(0, MessageLogModel::Type), Qt::DecorationRole).value<QIcon>().isNull());
    QCOMPARE(model.data(model.index(0, MessageLogModel::Direction), Qt::ForegroundRole),
             model.data(model.index(1, MessageLogModel::Direction), Qt::ForegroundRole)); // both outgoing
    QVERIFY(model.data(model.index(0, MessageLogModel::Direction), Qt::ForegroundRole)
            != model.data(model.index(2, MessageLogModel::Direction), Qt::ForegroundRole));
}

void tst_MessageLogModel::lookupsSkipExpandedFrames()
{
    log::MessageStore store;
    MessageLogModel model(&store);
    for (const net::EventBatch &batch : session())
        append(store, model, batch);
    model.setExpanded(0, true);
    QCOMPARE(model.indexForStoreRow(0).row(), 0);
    QCOMPARE(model.indexForStoreRow(1).row(), 4);
    QCOMPARE(model.storeRow(4), 1);
    QCOMPARE(model.storeRow(model.index(2, MessageLogModel::Preview)), 0);
    QCOMPARE(model.storeRow(QModelIndex()), -1);
    QCOMPARE(model.messageCount(), 7);
    log::LogFilterCriteria search;
    search.pattern = QStringLiteral("line");
    QCOMPARE(model.findNext(search, model.index(1, 0), true).row(), 0); // backwards from a frame row: its message first
    QCOMPARE(model.findNext(search, model.index(2, 0)).row(), 0); // forwards: wraps to the only match
}

void tst_MessageLogModel::filterResetsWithItsRows()
{
    log::MessageStore store;
    MessageLogModel model(&store);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    for (const net::EventBatch &batch : session())
        append(store, model, batch);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

    QVERIFY(model.setFilter(kinds(log::kindBit(LogEntryKind::Ping) | log::kindBit(LogEntryKind::Pong))));
    QCOMPARE(reset.size(), 1);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(text(model, 2, MessageLogModel::Number), QStringLiteral("6")); // store numbering stays
    QCOMPARE(model.indexForStoreRow(5), model.index(2, 0));
    QVERIFY(!model.indexForStoreRow(0).isValid());

    QVERIFY(model.setFilter(model.filter())); // the same criteria again: no reset
    QCOMPARE(reset.size(), 1);

    log::LogFilterCriteria search;
    search.mode = log::SearchMode::Text;
    search.pattern = QStringLiteral("LINE 2");
    QVERIFY(model.setFilter(search));
    QCOMPARE(reset.size(), 2);
    QCOMPARE(model.rowCount(), 1);
    model.setExpanded(0, true);
    QCOMPARE(model.rowCount(), 4);

    // An opened row stays open through a filter change that keeps it.
    QVERIFY(model.setFilter(log::LogFilterCriteria()));
    QCOMPARE(model.rowCount(), 10);
    QVERIFY(model.isExpanded(0));
    QVERIFY(model.setFilter(kinds(log::kindBit(LogEntryKind::Close))));
    QCOMPARE(model.rowCount(), 1);
}

void tst_MessageLogModel::invalidFilterChangesNothing()
{
    log::MessageStore store;
    MessageLogModel model(&store);
    for (const net::EventBatch &batch : session())
        append(store, model, batch);
    QVERIFY(model.setFilter(kinds(log::kindBit(LogEntryKind::Close))));
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    log::LogFilterCriteria broken;
    broken.mode = log::SearchMode::Regex;
    broken.pattern = QStringLiteral("([a-z]");
    QVERIFY(!model.setFilter(broken));
    QVERIFY(model.filterError().contains(QStringLiteral("position")));
    QCOMPARE(reset.size(), 0);
    QCOMPARE(model.rowCount(), 1);
    QVERIFY(model.setFilter(log::LogFilterCriteria()));
    QVERIFY(model.filterError().isEmpty());
}

void tst_MessageLogModel::filteredAppendsInsertOnlyMatches()
{
    log::MessageStore store;
    MessageLogModel model(&store);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(model.setFilter(kinds(log::kindBit(LogEntryKind::Text))));
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    append(store, model, {message(In, true, "a", 0, 1), control(EventKind::Ping, In, "", 2), message(In, true, "b", 3, 3)});
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(model.rowCount(), 2);
    append(store, model, {control(EventKind::Ping, In, "", 4)});
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(text(model, 1, MessageLogModel::Preview), QStringLiteral("b"));
    QCOMPARE(text(model, 1, MessageLogModel::Number), QStringLiteral("3"));
}

void tst_MessageLogModel::timeModeSwitchesToWallClock()
{
    log::MessageStore store;
    const QDateTime start = QDateTime::fromString(QStringLiteral("2024-05-06T10:20:30.250"), Qt::ISODateWithMs);
    store.setStartedAt(start);
    MessageLogModel model(&store);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    append(store, model, {message(In, true, "x", 0, 61500000000)});
    QCOMPARE(text(model, 0, MessageLogModel::Time), QStringLiteral("+1:01.500"));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setTimeMode(MessageLogModel::TimeMode::WallClock);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(text(model, 0, MessageLogModel::Time), QStringLiteral("10:21:31.750"));
    QCOMPARE(model.headerData(MessageLogModel::Time, Qt::Horizontal).toString(), QStringLiteral("Clock"));
}

void tst_MessageLogModel::findNextWrapsAround()
{
    log::MessageStore store;
    MessageLogModel model(&store);
    for (const net::EventBatch &batch : session())
        append(store, model, batch);
    log::LogFilterCriteria search;
    search.pattern = QStringLiteral("k1");
    QModelIndex found = model.findNext(search, QModelIndex());
    QCOMPARE(found.row(), 1);
    found = model.findNext(search, found);
    QCOMPARE(found.row(), 2);
    found = model.findNext(search, found);
    QCOMPARE(found.row(), 1); // wrapped
    QCOMPARE(model.findNext(search, model.index(1, 0), true).row(), 2); // backwards wraps too
    search.pattern = QStringLiteral("nowhere");
    QVERIFY(!model.findNext(search, QModelIndex()).isValid());
    search.mode = log::SearchMode::Regex;
    search.pattern = QStringLiteral("(");
    QVERIFY(!model.findNext(search, QModelIndex()).isValid());
}

void tst_MessageLogModel::clearEmptiesTheModel()
{
    log::MessageStore store;
    MessageLogModel model(&store);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(model.setFilter(kinds(log::kindBit(LogEntryKind::Text))));
    for (const net::EventBatch &batch : session())
        append(store, model, batch);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    clear(store, model);
    QCOMPARE(reset.size(), 1);
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(store.rowCount(), 0);
    append(store, model, {message(In, true, "after", 0, 1)});
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(text(model, 0, MessageLogModel::Number), QStringLiteral("1"));
}

// Many batches with the tester watching every signal, filter changes in between.
void tst_MessageLogModel::testerSurvivesAFlood()
{
    log::MessageStore store;
    MessageLogModel model(&store);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    quint64 offset = 0;
    for (int batch = 0; batch < 50; ++batch) {
        net::EventBatch events;
        for (int i = 0; i < 40; ++i) {
            const QByteArray payload = QByteArray::number(batch * 40 + i);
            events << frame(In, 1, true, quint64(payload.size()), offset, batch)
                   << message(In, i % 3 != 0, payload, offset, batch);
            offset += 2 + quint64(payload.size());
        }
        append(store, model, events);
        if (batch % 7 == 3)
            model.setExpanded(model.rowCount() - 1, true);
        if (batch % 10 == 9) {
            log::LogFilterCriteria criteria;
            criteria.pattern = QString::number(batch % 4);
            QVERIFY(model.setFilter(criteria));
        }
    }
    QVERIFY(model.rowCount() > 0);
    QVERIFY(model.rowCount() < 2000);
}

QTEST_MAIN(tst_MessageLogModel)
#include "tst_messagelogmodel.moc"
