// SPDX-License-Identifier: MIT
// Reading the log during a live feed: following the tail gives way to the reader (the
// wheel, Ctrl+Home and a click on a row pause it, and the status says so; the clicked row
// stays in view and selected while rows keep coming; End or the "follow" button resume
// it); a filter change keeps the selected row; a request -> response pair in the latency
// panel is written as the log writes times and double-clicking it selects both rows.
#include "support/LogEvents.h"

#include "ui/log/LogView.h"
#include "ui/log/MessageLogModel.h"
#include "store/MessageStore.h"
#include "store/query/LogFilterCriteria.h"
#include "ui/panels/latency/LatencyPanel.h"
#include "ui/tab/ConnectionTab.h"
#include "ui/tab/TabDocument.h"
#include "ui/window/MainWindow.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QScrollBar>
#include <QTableView>
#include <QToolButton>
#include <QTreeWidget>
#include <QWheelEvent>
#include <QtTest>

using namespace wsi;

namespace {
// A live feed's next `count` rows.
void feed(ui::ConnectionTab *tab, int count)
{
    static int sent = 0;
    net::EventBatch batch;
    for (int i = 0; i < count; ++i, ++sent)
        batch.append(test::message(test::In, true, QByteArray("tick ") + QByteArray::number(sent), 0,
                                   70000000000LL + sent * 1000000LL)); // a millisecond apart, from +1:10
    tab->document()->appendRows(batch);
    QCoreApplication::processEvents();
}
} // namespace

class TestLogReading : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void theWheelPausesAndTheBottomResumes();
    void aClickedRowStaysInViewAndSelected();
    void ctrlHomePausesAndEndResumes();
    void clearingTheSearchKeepsTheSelection();
    void aRequestPairSelectsBothRows();
    void jsonPathOperatorsAndErrorsUnderTheBox();

private:
    std::unique_ptr<ui::MainWindow> m_window;
    ui::ConnectionTab *m_tab = nullptr;
    ui::LogView *m_log = nullptr;
    QScrollBar *m_bar = nullptr;
};

void TestLogReading::init()
{
    m_window = std::make_unique<ui::MainWindow>();
    m_window->resize(1400, 900);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_tab = m_window->currentTab();
    QVERIFY(m_tab);
    m_log = m_tab->logView();
    m_bar = m_log->view()->verticalScrollBar();
    feed(m_tab, 500);
    QVERIFY(m_log->followButton()->isChecked());
    QTRY_VERIFY(m_bar->maximum() > 0);
    QCOMPARE(m_bar->value(), m_bar->maximum());
    QVERIFY(!m_log->statusText().contains(QStringLiteral("paused")));
}

void TestLogReading::cleanup()
{
    m_window.reset();
}

void TestLogReading::theWheelPausesAndTheBottomResumes()
{
    QWidget *viewport = m_log->view()->viewport();
    const QPoint at = viewport->rect().center();
    QWheelEvent up(at, viewport->mapToGlobal(at), QPoint(), QPoint(0, 360), Qt::NoButton, Qt::NoModifier,
                   Qt::NoScrollPhase, false);
    QApplication::sendEvent(viewport, &up);
    QVERIFY(!m_log->followButton()->isChecked());
    QVERIFY2(m_log->statusText().contains(QStringLiteral("following paused")), qPrintable(m_log->statusText()));
    const int reading = m_bar->value();
    QVERIFY(reading < m_bar->maximum());
    feed(m_tab, 200);
    QCOMPARE(m_bar->value(), reading); // the feed does not pull the reader back

    // The follow button takes them to the tail and keeps them there.
    m_log->followButton()->click();
    QVERIFY(m_log->followButton()->isChecked());
    QCOMPARE(m_bar->value(), m_bar->maximum());
    feed(m_tab, 200);
    QCOMPARE(m_bar->value(), m_bar->maximum());
    QVERIFY(!m_log->statusText().contains(QStringLiteral("paused")));
}

void TestLogReading::aClickedRowStaysInViewAndSelected()
{
    QTableView *view = m_log->view();
    const QModelIndex clicked = view->indexAt(QPoint(10, view->viewport()->height() / 2));
    QVERIFY(clicked.isValid());
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(clicked).center());
    QCOMPARE(view->currentIndex().row(), clicked.row());
    QVERIFY(!m_log->followButton()->isChecked());
    feed(m_tab, 300);
    QCOMPARE(view->currentIndex().row(), clicked.row());
    QVERIFY(view->viewport()->rect().intersects(view->visualRect(view->currentIndex())));
}

void TestLogReading::ctrlHomePausesAndEndResumes()
{
    QTableView *view = m_log->view();
    view->setFocus();
    QTest::keyClick(view, Qt::Key_Home, Qt::ControlModifier);
    QVERIFY(!m_log->followButton()->isChecked());
    QCOMPARE(m_bar->value(), 0);
    feed(m_tab, 200);
    QCOMPARE(m_bar->value(), 0);
    QTest::keyClick(view, Qt::Key_End);
    QVERIFY(m_log->followButton()->isChecked());
    QCOMPARE(m_bar->value(), m_bar->maximum());
    QCOMPARE(view->currentIndex().row(), m_log->model()->rowCount() - 1);
    feed(m_tab, 200);
    QCOMPARE(m_bar->value(), m_bar->maximum());
}

void TestLogReading::clearingTheSearchKeepsTheSelection()
{
    QTableView *view = m_log->view();
    QToolButton *onlyMatches = m_log->findChild<QToolButton *>(QString());
    for (QToolButton *button : m_log->findChildren<QToolButton *>()) {
        if (button->text() == QStringLiteral("only matches"))
            onlyMatches = button;
    }
    QVERIFY(onlyMatches && onlyMatches->text() == QStringLiteral("only matches"));
    const log::MessageStore &store = m_tab->store();
    const QString wanted = QString::fromUtf8(store.payloadCopy(store.rowCount() / 2)); // "tick N"
    QTest::keyClicks(m_log->searchField(), wanted.left(wanted.size() - 1)); // ten rows match
    if (!onlyMatches->isChecked())
        onlyMatches->click();
    QTRY_VERIFY(m_log->model()->rowCount() < 500);
    QVERIFY(m_log->model()->rowCount() > 3);
    const QModelIndex found = m_log->model()->index(2, 0); // a match near the top
    view->scrollTo(found);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(found).center());
    const int storeRow = m_log->model()->storeRow(view->currentIndex());
    m_log->searchField()->clear();
    QTRY_COMPARE(m_log->model()->rowCount(), store.rowCount());
    QCOMPARE(m_log->model()->storeRow(view->currentIndex()), storeRow);
    QVERIFY(view->viewport()->rect().intersects(view->visualRect(view->currentIndex())));
    QVERIFY(view->selectionModel()->isRowSelected(view->currentIndex().row(), QModelIndex()));
}

void TestLogReading::aRequestPairSelectsBothRows()
{
    // A request at +1:08.412 answered 25 ms later (the feed's rows, at +1:10 and later,
    // keep coming after it: the pair is searched from the newest rows back).
    constexpr qint64 At = 68412000000LL;
    m_tab->document()->appendRows({test::message(test::Out, true, R"({"id":7,"method":"sum"})", 0, At),
                                   test::message(test::In, true, R"({"id":7,"result":3})", 0, At + 25000000)});
    feed(m_tab, 0);
    auto *recent = m_tab->latencyPanel()->findChild<QTreeWidget *>(QStringLiteral("recentRequests"));
    QVERIFY(recent);
    QTRY_COMPARE(recent->topLevelItemCount(), 1);
    QTreeWidgetItem *pair = recent->topLevelItem(0);
    QCOMPARE(pair->text(2), QStringLiteral("+1:08.412"));
    feed(m_tab, 10); // the live feed goes on: the list is not rebuilt under the pointer
    QTest::qWait(250);
    QCOMPARE(recent->topLevelItem(0), pair);
    const QRect rect = recent->visualItemRect(pair);
    QTest::mouseClick(recent->viewport(), Qt::LeftButton, {}, rect.center());
    QTest::mouseDClick(recent->viewport(), Qt::LeftButton, {}, rect.center());
    const QModelIndexList selected = m_log->view()->selectionModel()->selectedRows();
    QCOMPARE(selected.size(), 2);
    QStringList payloads;
    for (const QModelIndex &index : selected)
        payloads << QString::fromUtf8(index.data(ui::MessageLogModel::PayloadRole).toByteArray());
    payloads.sort();
    QCOMPARE(payloads, (QStringList{QStringLiteral(R"({"id":7,"method":"sum"})"), QStringLiteral(R"({"id":7,"result":3})")}));
    QVERIFY(!m_log->followButton()->isChecked());
}

void TestLogReading::jsonPathOperatorsAndErrorsUnderTheBox()
{
    net::EventBatch rows;
    for (int n = 1; n <= 6; ++n)
        rows.append(test::message(test::In, true, QByteArray(R"({"n":)") + QByteArray::number(n) + R"(,"topic":"sensor)"
                                                      + QByteArray::number(n) + "\"}",
                                  0, 80000000000LL + n));
    m_tab->document()->appendRows(rows);
    auto *mode = m_log->searchMode();
    mode->setCurrentIndex(mode->findData(int(log::SearchMode::JsonPath)));
    auto *error = m_log->findChild<QLabel *>(QStringLiteral("searchError"));
    QVERIFY(error);

    QTest::keyClicks(m_log->searchField(), QStringLiteral("$.n =="));
    QTRY_VERIFY(error->isVisible());
    QCOMPARE(error->text(), QStringLiteral("JSON path search: nothing to compare with"));

    m_log->searchField()->clear();
    QTest::keyClicks(m_log->searchField(), QStringLiteral("$.n >= 3 && $.n < 5 || $.topic =~ /r6$/"));
    QTRY_COMPARE(m_log->model()->rowCount(), 3);
    QVERIFY(!error->isVisible());
    QStringList shown;
    for (int row = 0; row < m_log->model()->rowCount(); ++row)
        shown << QString::fromUtf8(m_log->model()->index(row, 0).data(ui::MessageLogModel::PayloadRole).toByteArray());
    QCOMPARE(shown, (QStringList{QStringLiteral(R"({"n":3,"topic":"sensor3"})"), QStringLiteral(R"({"n":4,"topic":"sensor4"})"),
                                 QStringLiteral(R"({"n":6,"topic":"sensor6"})")}));
}

QTEST_MAIN(TestLogReading)
#include "tst_logreading.moc"
