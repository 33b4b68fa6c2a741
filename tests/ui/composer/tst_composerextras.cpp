// SPDX-License-Identifier: MIT
// The composer's helpers: periodic sends with counters and timestamps, recall of sent
// messages, snippets in settings, auto-pong, and modes that keep the text.
#include "ComposerTestSupport.h"

class TestComposerExtras : public QObject
{
    Q_OBJECT

    QTemporaryDir m_settingsDir;

private Q_SLOTS:
    void initTestCase() { QVERIFY(wsi::test::useScratchSettings(m_settingsDir, "tst_composerextras")); }

    void periodicSendsSubstituteTheCounter()
    {
        Fixture f;
        f.type(QStringLiteral("{{counter}}:{{counter}}"));
        auto *interval = f.child<QSpinBox>("interval");
        interval->setValue(20);
        f.click("periodic");
        QVERIFY(f.widget.isPeriodicRunning());
        QCOMPARE(f.child<QPushButton>("periodic")->text(), QStringLiteral("Stop"));
        QCOMPARE(f.text.count(), 1); // the first one at once
        QTRY_VERIFY_WITH_TIMEOUT(f.text.count() >= 3, 5000);
        f.click("periodic");
        QVERIFY(!f.widget.isPeriodicRunning());
        const int count = int(f.text.count());
        for (int i = 0; i < count; ++i)
            QCOMPARE(f.text.at(i).at(0).toByteArray(), QStringLiteral("%1:%1").arg(i + 1).toUtf8());
        QCOMPARE(f.child<QLabel>("periodicCount")->text(), QStringLiteral("sent %1").arg(count));
        QCOMPARE(int(f.widget.periodicCount()), count);
        QTest::qWait(80);
        QCOMPARE(f.text.count(), count); // stopped means stopped
        // The template, not a filled-in copy, is what the history keeps.
        QCOMPARE(f.widget.history().entries().constLast().text, QStringLiteral("{{counter}}:{{counter}}"));
    }

    void periodicSendsSubstituteTheTimestamp()
    {
        Fixture f;
        f.widget.setMode(ComposerMode::Json);
        f.type(QStringLiteral("{\"t\": {{timestamp}}}"));
        QVERIFY2(!f.widget.hasProblem(), qPrintable(f.status())); // checked with the placeholders filled in
        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        f.widget.startPeriodic(1000);
        const qint64 after = QDateTime::currentMSecsSinceEpoch();
        f.widget.stopPeriodic();
        QCOMPARE(f.text.count(), 1);
        const QByteArray sent = f.text.at(0).at(0).toByteArray();
        QVERIFY(sent.startsWith("{\"t\": ") && sent.endsWith("}"));
        const qint64 stamp = sent.mid(6, sent.size() - 7).toLongLong();
        QVERIFY2(stamp >= before && stamp <= after, sent.constData());
    }

    void periodicSendingStopsOnDisconnect()
    {
        Fixture f;
        f.type(QStringLiteral("tick"));
        f.widget.startPeriodic(10);
        QVERIFY(f.widget.isPeriodicRunning());
        f.widget.setConnected(false);
        QVERIFY(!f.widget.isPeriodicRunning());
        const int count = int(f.text.count());
        QTest::qWait(50);
        QCOMPARE(f.text.count(), count);
    }

    void periodicSendingDoesNotStartWithInvalidInput()
    {
        Fixture f;
        f.widget.setMode(ComposerMode::Json);
        f.type(QStringLiteral("{oops}"));
        f.click("periodic");
        QVERIFY(!f.widget.isPeriodicRunning());
        QCOMPARE(f.sent(), 0);
        QVERIFY(f.status().endsWith(QLatin1String(". Periodic sending not started.")));
    }

    void upAndDownRecallSentMessages()
    {
        Fixture f;
        for (const QString &message : {QStringLiteral("one"), QStringLiteral("two")}) {
            f.editor()->clear();
            f.type(message);
            f.ctrlEnter();
        }
        f.editor()->clear();
        f.type(QStringLiteral("draft"));
        QTest::keyClick(f.editor(), Qt::Key_Up);
        QCOMPARE(f.editor()->toPlainText(), QStringLiteral("two"));
        QTest::keyClick(f.editor(), Qt::Key_Up);
        QCOMPARE(f.editor()->toPlainText(), QStringLiteral("one"));
        QTest::keyClick(f.editor(), Qt::Key_Up); // the oldest stays
        QCOMPARE(f.editor()->toPlainText(), QStringLiteral("one"));
        QTest::keyClick(f.editor(), Qt::Key_Down);
        QCOMPARE(f.editor()->toPlainText(), QStringLiteral("two"));
        QTest::keyClick(f.editor(), Qt::Key_Down);
        QCOMPARE(f.editor()->toPlainText(), QStringLiteral("draft"));

        auto *combo = f.child<QComboBox>("history");
        QCOMPARE(combo->count(), 2);
        QCOMPARE(combo->itemText(0), QStringLiteral("text: two")); // newest first
        QCOMPARE(combo->itemText(1), QStringLiteral("text: one"));
    }

    void historyRestoresTheMode()
    {
        Fixture f;
        f.widget.setMode(ComposerMode::Binary);
        f.widget.setEncoding(PayloadEncoding::Base64);
        f.type(QStringLiteral("AAE="));
        f.ctrlEnter();
        f.widget.setMode(ComposerMode::Text);
        f.editor()->clear();
        auto *combo = f.child<QComboBox>("history");
        QCOMPARE(combo->count(), 1);
        Q_EMIT combo->activated(0);
        QCOMPARE(f.widget.mode(), ComposerMode::Binary);
        QCOMPARE(f.widget.encoding(), PayloadEncoding::Base64);
        QCOMPARE(f.editor()->toPlainText(), QStringLiteral("AAE="));
    }

    void upInsideAMultiLineTextMovesTheCursor()
    {
        Fixture f;
        f.type(QStringLiteral("sent"));
        f.ctrlEnter();
        f.editor()->clear();
        f.type(QStringLiteral("line 1"));
        QTest::keyClick(f.editor(), Qt::Key_Return);
        f.type(QStringLiteral("line 2"));
        QTest::keyClick(f.editor(), Qt::Key_Up); // moves to line 1, no recall
        QCOMPARE(f.editor()->toPlainText(), QStringLiteral("line 1\nline 2"));
        QTest::keyClick(f.editor(), Qt::Key_Up); // now on the first line: recall
        QCOMPARE(f.editor()->toPlainText(), QStringLiteral("sent"));
    }

    void snippetsAreSavedInSettings()
    {
        {
            Fixture f;
            f.widget.setMode(ComposerMode::Json);
            f.type(QStringLiteral("{\"op\":\"subscribe\"}"));
            f.widget.saveSnippet(QStringLiteral("subscribe"));
            QCOMPARE(f.widget.snippetNames(), QStringList{QStringLiteral("subscribe")});
            QCOMPARE(f.child<QComboBox>("snippets")->currentText(), QStringLiteral("subscribe"));
        }
        const QVariantList stored = QSettings().value(QStringLiteral("composer/snippets")).toList();
        QCOMPARE(stored.size(), 1);
        QCOMPARE(stored.at(0).toMap().value(QStringLiteral("mode")).toString(), QStringLiteral("json"));

        Fixture again; // a new composer reads them back
        QCOMPARE(again.widget.snippetNames(), QStringList{QStringLiteral("subscribe")});
        auto *combo = again.child<QComboBox>("snippets");
        QCOMPARE(combo->count(), 1);
        Q_EMIT combo->activated(0);
        QCOMPARE(again.widget.mode(), ComposerMode::Json);
        QCOMPARE(again.editor()->toPlainText(), QStringLiteral("{\"op\":\"subscribe\"}"));
        again.click("deleteSnippet");
        QVERIFY(again.widget.snippetNames().isEmpty());
        QVERIFY(QSettings().value(QStringLiteral("composer/snippets")).toList().isEmpty());
    }

    void autoPongCheckBoxTellsTheConnection()
    {
        Fixture f;
        QSignalSpy spy(&f.widget, &ComposerWidget::autoPongChanged);
        auto *box = f.child<QCheckBox>("autoPong");
        QVERIFY(box->isChecked());
        f.widget.setAutoPong(false); // showing the connection's setting is not a change
        QCOMPARE(spy.count(), 0);
        QVERIFY(!box->isChecked());
        f.click("autoPong");
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).toBool(), true);
    }

    void switchingModesKeepsTheText()
    {
        Fixture f;
        f.type(QStringLiteral("48 69"));
        f.chooseMode(ComposerMode::Json);
        QVERIFY(f.widget.hasProblem());
        f.chooseMode(ComposerMode::Binary);
        f.chooseMode(ComposerMode::RawFrame);
        f.chooseMode(ComposerMode::Text);
        QCOMPARE(f.editor()->toPlainText(), QStringLiteral("48 69"));
        QVERIFY(!f.widget.hasProblem());
    }
};

QTEST_MAIN(TestComposerExtras)
#include "tst_composerextras.moc"
