// SPDX-License-Identifier: MIT
// Following the log's tail gives way to the reader during a live feed: the wheel, Ctrl+Home
// and a click on a row pause it (and the status says so), the clicked row stays in view
// and selected while rows keep coming, and End or the "follow" button resume it.
#include "support/LogEvents.h"

#include "ui/log/LogView.h"
#include "ui/log/MessageLogModel.h"
#include "ui/tab/ConnectionTab.h"
#include "ui/tab/TabDocument.h"
#include "ui/window/MainWindow.h"

#include <QScrollBar>
#include <QTableView>
#include <QToolButton>
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
        batch.append(test::message(test::In, true, QByteArray("tick ") + QByteArray::number(sent), 0, sent * 1000000LL));
    tab->document()->appendRows(batch);
    QCoreApplication::processEvents();
}
} // namespace

class TestLogFollow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void theWheelPausesAndTheBottomResumes();
    void aClickedRowStaysInViewAndSelected();
    void ctrlHomePausesAndEndResumes();

private:
    std::unique_ptr<ui::MainWindow> m_window;
    ui::ConnectionTab *m_tab = nullptr;
    ui::LogView *m_log = nullptr;
    QScrollBar *m_bar = nullptr;
};

void TestLogFollow::init()
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

void TestLogFollow::cleanup()
{
    m_window.reset();
}

void TestLogFollow::theWheelPausesAndTheBottomResumes()
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

void TestLogFollow::aClickedRowStaysInViewAndSelected()
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

void TestLogFollow::ctrlHomePausesAndEndResumes()
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

QTEST_MAIN(TestLogFollow)
#include "tst_logfollow.moc"
