// SPDX-License-Identifier: MIT
// The "Publish event" form on its own: what Publish and Ctrl+Enter hand on (type, id, the
// data's lines as UTF-8), how a typed id counts up, and that nothing goes out while the
// form is off.
#include "ui/panels/server/EventPublishWidget.h"

#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using wsi::ui::EventPublishWidget;

class TestEventPublishWidget : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void nextIdCountsUp_data();
    void nextIdCountsUp();
    void publishHandsOnTheForm();
    void nothingGoesOutWhileOff();
};

void TestEventPublishWidget::nextIdCountsUp_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("next");
    QTest::newRow("a number") << QStringLiteral("7") << QStringLiteral("8");
    QTest::newRow("a prefix and a number") << QStringLiteral("p7") << QStringLiteral("p8");
    QTest::newRow("a carry") << QStringLiteral("evt-19") << QStringLiteral("evt-20");
    QTest::newRow("leading zeros kept") << QStringLiteral("0099") << QStringLiteral("0100");
    QTest::newRow("one more digit") << QStringLiteral("a99") << QStringLiteral("a100");
    QTest::newRow("digits inside only") << QStringLiteral("v2-final") << QString();
    QTest::newRow("no digits") << QStringLiteral("abc") << QString();
    QTest::newRow("empty: the server numbers it") << QString() << QString();
    QTest::newRow("non-ASCII digits are not counted") << QStringLiteral("x٣") << QString();
}

void TestEventPublishWidget::nextIdCountsUp()
{
    QFETCH(QString, id);
    QFETCH(QString, next);
    QCOMPARE(EventPublishWidget::nextId(id), next);
}

void TestEventPublishWidget::publishHandsOnTheForm()
{
    EventPublishWidget form;
    form.setAvailable(true);
    form.show();
    form.activateWindow(); // Ctrl+Enter is a shortcut of the form's window
    QVERIFY(QTest::qWaitForWindowActive(&form));
    QSignalSpy requested(&form, &EventPublishWidget::publishRequested);
    QTest::keyClicks(form.typeField(), QStringLiteral("tick"));
    QTest::keyClicks(form.idField(), QStringLiteral("t9"));
    form.dataField()->setPlainText(QStringLiteral("prix: 1,25 €\nzweite Zeile"));
    form.dataField()->setFocus();
    QTest::keyClick(form.dataField(), Qt::Key_Return, Qt::ControlModifier);
    QCOMPARE(requested.count(), 1);
    QCOMPARE(requested.at(0).at(0).toString(), QStringLiteral("tick"));
    QCOMPARE(requested.at(0).at(1).toByteArray(), QStringLiteral("prix: 1,25 €\nzweite Zeile").toUtf8());
    QCOMPARE(requested.at(0).at(2).toString(), QStringLiteral("t9"));
    QCOMPARE(form.idField()->text(), QStringLiteral("t10"));

    // The button does the same; an empty id stays empty (the server numbers it).
    form.idField()->clear();
    QTest::mouseClick(form.publishButton(), Qt::LeftButton);
    QCOMPARE(requested.count(), 2);
    QCOMPARE(requested.at(1).at(2).toString(), QString());
    QCOMPARE(form.idField()->text(), QString());

    form.showPublished(QStringLiteral("12"), QStringLiteral("tick"), 3);
    QCOMPARE(form.resultText(), QStringLiteral("Event 12 (tick) went to 3 streams."));
}

void TestEventPublishWidget::nothingGoesOutWhileOff()
{
    EventPublishWidget form;
    form.setAvailable(false, QStringLiteral("Start the server first."));
    form.show();
    form.activateWindow(); // Ctrl+Enter is a shortcut of the form's window
    QVERIFY(QTest::qWaitForWindowActive(&form));
    QSignalSpy requested(&form, &EventPublishWidget::publishRequested);
    QTest::keyClick(form.dataField(), Qt::Key_Return, Qt::ControlModifier);
    QTest::mouseClick(form.publishButton(), Qt::LeftButton);
    QCOMPARE(requested.count(), 0);
    QCOMPARE(form.resultText(), QStringLiteral("Start the server first."));
    QVERIFY(!form.dataField()->isEnabled());
}

QTEST_MAIN(TestEventPublishWidget)
#include "tst_eventpublishwidget.moc"
