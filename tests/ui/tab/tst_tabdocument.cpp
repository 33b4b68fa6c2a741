// SPDX-License-Identifier: MIT
// TabDocument, the non-widget owner of a tab: it reads a source's one ordered report stream
// into the store, the model and the panels' record, in the order the source reported, and
// it works with any TrafficSource (here a scripted one, on its worker thread like a real
// source), not only the client Connection.
#include "ui/log/MessageLogModel.h"
#include "files/session/TabStateRecorder.h"
#include "ui/tab/TabDocument.h"

#include "net/MetaTypes.h"
#include "ScriptedSource.h"
#include "store/MessageStore.h"

#include <QSignalSpy>
#include <QTest>

using namespace wsi;
using namespace wsi::net;
using wsi::test::ScriptedSource;

namespace {

std::unique_ptr<log::MessageStore> emptyStore()
{
    return std::make_unique<log::MessageStore>();
}

} // namespace

class TestTabDocument : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { registerMetaTypes(); }
    void showsReportsInTheOrderTheyCame();
    void recordsWhatThePanelsShow();
    void refusesWhatASourceCannotDo();
    void postsCommandsToTheSource();
    void clearsAndDropsThroughTheModel();
    void showsNewsAtOnceAndSnapshotsWithRows();
};

void TestTabDocument::showsReportsInTheOrderTheyCame()
{
    ui::TabDocument document(emptyStore());
    // What the tab sees, in order: "r<rows>" for a run of rows, "u<index>" for an update,
    // with the store's row count at the moment each update is shown.
    QStringList seen;
    QObject::connect(&document, &ui::TabDocument::rowsShown, &document,
                     [&seen](const EventBatch &rows) { seen << QStringLiteral("r%1").arg(rows.size()); });
    QObject::connect(&document, &ui::TabDocument::updateShown, &document, [&](const SourceReport &update) {
        seen << QStringLiteral("u%1@%2").arg(update.index()).arg(document.store().rowCount());
    });
    document.attach(new ScriptedSource);
    QVERIFY(document.hasSource());
    QVERIFY(document.capabilities().sendsMessages);
    document.post([](TrafficSource *source) { source->open(); });
    QVERIFY(QTest::qWaitFor([&] { return seen.size() >= 10; }, 5000));
    // Open first; the ping after 3 rows; the error's row, then the error; the close's row,
    // then the close; Closed and finished last.
    const auto update = [](int index, int rows) { return QStringLiteral("u%1@%2").arg(index).arg(rows); };
    const int ping = int(SourceReport(PingReport{}).index());
    const int error = int(SourceReport(ConnectionError{}).index());
    const int close = int(SourceReport(CloseInfo{}).index());
    const int finished = int(SourceReport(FinishedReport{}).index());
    const int state = int(SourceReport(StateReport{}).index());
    QCOMPARE(seen, (QStringList{update(state, 0), QStringLiteral("r3"), update(ping, 3), QStringLiteral("r2"),
                                QStringLiteral("r1"), update(error, 6), QStringLiteral("r1"), update(close, 7),
                                update(state, 7), update(finished, 7)}));
    const log::MessageStore &store = document.store();
    QCOMPARE(store.rowCount(), 7);
    QCOMPARE(store.record(0).kind, log::LogEntryKind::Text);
    QCOMPARE(QByteArray(store.payload(4).data(), store.payload(4).size()), QByteArray("4"));
    QCOMPARE(store.record(5).kind, log::LogEntryKind::Error);
    QCOMPARE(store.record(6).kind, log::LogEntryKind::Close);
    QCOMPARE(store.record(6).code, quint16(1002));
    // The view's model follows the store it reads and never writes.
    QCOMPARE(document.model()->rowCount(), 7);
}

void TestTabDocument::recordsWhatThePanelsShow()
{
    ui::TabDocument document(emptyStore());
    document.attach(new ScriptedSource);
    document.post([](TrafficSource *source) { source->open(); });
    QVERIFY(QTest::qWaitFor([&] { return document.panelState().state().close.has_value(); }, 5000));
    const log::SessionTabState &state = document.panelState().state();
    QCOMPARE(state.close->code, quint16(1002));
    QVERIFY(state.error.has_value());
    QCOMPARE(state.error->id, QStringLiteral("reserved-opcode"));
    QCOMPARE(state.pingStats.samples().size(), 1);
    // A new source starts a new record.
    document.attach(new ScriptedSource);
    QVERIFY(!document.panelState().state().close.has_value());
}

void TestTabDocument::refusesWhatASourceCannotDo()
{
    ui::TabDocument document(emptyStore());
    document.attach(new ScriptedSource);
    QVERIFY(!document.capabilities().sendsControlFrames);
    document.post([](TrafficSource *source) { source->sendPing("?"); });
    QVERIFY(QTest::qWaitFor([&] { return document.store().rowCount() == 1; }, 5000));
    QCOMPARE(document.store().record(0).kind, log::LogEntryKind::Info);
    const QByteArrayView text = document.store().payload(0);
    QCOMPARE(QString::fromUtf8(text.data(), text.size()), QStringLiteral("sending a ping is not something this source can do"));
}

void TestTabDocument::postsCommandsToTheSource()
{
    ui::TabDocument document(emptyStore());
    document.post([](TrafficSource *source) { source->sendText("nobody", 1); }); // no source: nothing
    document.attach(new ScriptedSource);
    document.post([](TrafficSource *source) { source->sendText("hello", 1); });
    QVERIFY(QTest::qWaitFor([&] { return document.store().rowCount() == 1; }, 5000));
    QCOMPARE(document.store().record(0).direction(), EventDirection::Outgoing);
    document.detach();
    QVERIFY(!document.hasSource());
    QVERIFY(!document.capabilities().sendsMessages);
}

void TestTabDocument::clearsAndDropsThroughTheModel()
{
    ui::TabDocument document(emptyStore());
    EventBatch rows;
    for (int i = 0; i < 10; ++i) {
        LogEvent row;
        row.kind = EventKind::Info;
        row.timeNs = i;
        row.text = QString::number(i);
        rows.append(row);
    }
    QSignalSpy appended(&document, &ui::TabDocument::rowsAppended);
    document.appendRows(rows);
    QCOMPARE(appended.size(), 1);
    QCOMPARE(document.model()->rowCount(), 10);
    QSignalSpy leaving(&document, &ui::TabDocument::oldestRowsLeaving);
    document.dropOldestRows(4);
    QCOMPARE(leaving.size(), 1);
    QCOMPARE(leaving.first().first().toInt(), 4);
    QCOMPARE(document.model()->rowCount(), 6);
    QCOMPARE(document.store().firstRowNumber(), 4);
    document.dropOldestRows(100); // never more than there are
    QCOMPARE(document.model()->rowCount(), 0);
    document.appendRows(rows);
    QSignalSpy cleared(&document, &ui::TabDocument::logCleared);
    document.clearLog();
    QCOMPARE(cleared.size(), 1);
    QCOMPARE(document.model()->rowCount(), 0);
    QCOMPARE(document.store().rowCount(), 0);
}

void TestTabDocument::showsNewsAtOnceAndSnapshotsWithRows()
{
    // Under a flood, rows and the 200 ms counter snapshots wait for the next 33 ms pass
    // (one paint per pass); a state, an error or a close is shown at once, after its rows.
    QVERIFY(!ui::TabDocument::showsAtOnce({EventBatch{LogEvent{}}}));
    QVERIFY(!ui::TabDocument::showsAtOnce({EventBatch{LogEvent{}}, ConnectionSnapshot{}}));
    QVERIFY(ui::TabDocument::showsAtOnce({EventBatch{LogEvent{}}, StateReport{}}));
    QVERIFY(ui::TabDocument::showsAtOnce({ConnectionSnapshot{}, CloseInfo{}}));
    QVERIFY(ui::TabDocument::showsAtOnce({ConnectionError{}}));
    QVERIFY(ui::TabDocument::showsAtOnce({PingReport{}}));
}

QTEST_MAIN(TestTabDocument)
#include "tst_tabdocument.moc"
