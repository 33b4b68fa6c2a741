// SPDX-License-Identifier: MIT
// Composer ▸ Templates…: a form's message previewed exactly, put in the editor in the right
// mode and sent byte for byte (a STOMP frame keeps its NUL), sent straight from the dialog
// only when connected, and a bad value explained with nothing made.
#include "ComposerTestSupport.h"

#include "ui/composer/templates/TemplateDialog.h"
#include "ui/composer/templates/TemplateForm.h"

#include <QTreeWidget>

using wsi::ui::TemplateDialog;

class TestComposerTemplates : public QObject
{
    Q_OBJECT

    QTemporaryDir m_settingsDir;

    static TemplateDialog *openDialog(Fixture &f)
    {
        f.click("templates");
        TemplateDialog *dialog = f.widget.templateDialog();
        if (dialog && !QTest::qWaitForWindowExposed(dialog))
            qWarning("the template dialog was not shown");
        return dialog;
    }
    static void setLine(TemplateDialog *dialog, const char *key, const QString &text)
    {
        auto *line = qobject_cast<QLineEdit *>(dialog->form()->editorFor(QLatin1String(key)));
        QVERIFY(line);
        line->selectAll();
        QTest::keyClicks(line, text);
    }
    static QString preview(TemplateDialog *dialog)
    {
        return dialog->findChild<QPlainTextEdit *>(QStringLiteral("preview"))->toPlainText();
    }
    static QString problem(TemplateDialog *dialog) { return dialog->findChild<QLabel *>(QStringLiteral("problem"))->text(); }

private Q_SLOTS:
    void initTestCase() { QVERIFY(wsi::test::useScratchSettings(m_settingsDir, "tst_composertemplates")); }

    void aStompFrameGoesToTheEditorAndOutWithItsNul()
    {
        Fixture f;
        TemplateDialog *dialog = openDialog(f);
        QVERIFY(dialog);
        QVERIFY(dialog->selectTemplate(QStringLiteral("stomp.send")));
        setLine(dialog, "destination", QStringLiteral("/queue/orders"));
        QCOMPARE(preview(dialog), QStringLiteral("SEND↵\ndestination:/queue/orders↵\ncontent-type:text/plain↵\n"
                                                 "content-length:12↵\n↵\nHello, STOMP\\0"));
        QCOMPARE(problem(dialog), QStringLiteral("Text message, 87 B"));
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("use")), Qt::LeftButton);
        QVERIFY(!dialog->isVisible());
        QCOMPARE(int(f.widget.mode()), int(ComposerMode::Text));
        f.ctrlEnter();
        QCOMPARE(f.text.count(), 1);
        const QByteArray expected("SEND\ndestination:/queue/orders\ncontent-type:text/plain\ncontent-length:12\n\nHello, STOMP\0", 87);
        QCOMPARE(f.text.at(0).at(0).toByteArray(), expected);
    }

    void anMqttPacketBecomesHexInBinaryMode()
    {
        Fixture f;
        TemplateDialog *dialog = openDialog(f);
        QVERIFY(dialog->selectTemplate(QStringLiteral("mqtt.publish")));
        setLine(dialog, "topic", QStringLiteral("a/b"));
        auto *payload = qobject_cast<QPlainTextEdit *>(dialog->form()->editorFor(QStringLiteral("payload")));
        payload->setPlainText(QStringLiteral("x"));
        qobject_cast<QCheckBox *>(dialog->form()->editorFor(QStringLiteral("retain")))->setChecked(true);
        QCOMPARE(preview(dialog), QStringLiteral("31 06 00 03 61 2f 62 78"));
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("use")), Qt::LeftButton);
        QCOMPARE(int(f.widget.mode()), int(ComposerMode::Binary));
        QCOMPARE(int(f.widget.encoding()), int(PayloadEncoding::Hex));
        f.ctrlEnter();
        QCOMPARE(f.binary.count(), 1);
        QCOMPARE(f.binary.at(0).at(0).toByteArray(), QByteArray::fromHex("3106000361 2f6278"));
    }

    void jsonGoesToTheJsonMode()
    {
        Fixture f;
        TemplateDialog *dialog = openDialog(f);
        QVERIFY(dialog->selectTemplate(QStringLiteral("jsonrpc.request")));
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("use")), Qt::LeftButton);
        QCOMPARE(int(f.widget.mode()), int(ComposerMode::Json));
        QCOMPARE(f.widget.text(), QStringLiteral(R"({"jsonrpc":"2.0","method":"subtract","params":[42,23],"id":1})"));
    }

    void sendsFromTheDialogOnlyWhenConnected()
    {
        Fixture f;
        TemplateDialog *dialog = openDialog(f);
        QVERIFY(dialog->selectTemplate(QStringLiteral("mqtt.pingreq")));
        auto *send = dialog->findChild<QPushButton *>(QStringLiteral("send"));
        QVERIFY(send->isEnabled());
        QTest::mouseClick(send, Qt::LeftButton);
        QCOMPARE(f.binary.count(), 1);
        QCOMPARE(f.binary.at(0).at(0).toByteArray(), QByteArray("\xc0\x00", 2));
        QVERIFY(dialog->isVisible()); // stays open for the next one
        QCOMPARE(f.status(), QStringLiteral("Sent the template's binary message (2 B)"));

        f.widget.setConnected(false);
        QVERIFY(!send->isEnabled());
        QCOMPARE(send->toolTip(), QStringLiteral("Connect first"));
    }

    void aBadValueIsExplainedAndNothingIsMade()
    {
        Fixture f;
        TemplateDialog *dialog = openDialog(f);
        QVERIFY(dialog->selectTemplate(QStringLiteral("jsonrpc.request")));
        setLine(dialog, "params", QStringLiteral("[1, 2"));
        QCOMPARE(problem(dialog), QStringLiteral("Params: not JSON (unterminated array at the end)"));
        QVERIFY(preview(dialog).isEmpty());
        QVERIFY(!dialog->findChild<QPushButton *>(QStringLiteral("use"))->isEnabled());
        QVERIFY(!dialog->findChild<QPushButton *>(QStringLiteral("send"))->isEnabled());
        QCOMPARE(f.sent(), 0);
    }

    void everyTemplateIsListedUnderItsProtocol()
    {
        Fixture f;
        TemplateDialog *dialog = openDialog(f);
        auto *list = dialog->findChild<QTreeWidget *>(QStringLiteral("templates"));
        QStringList groups;
        for (int i = 0; i < list->topLevelItemCount(); ++i)
            groups << list->topLevelItem(i)->text(0);
        QCOMPARE(groups.join(QLatin1Char(',')), QStringLiteral("STOMP,MQTT,graphql-ws,JSON-RPC,Socket.IO"));
        QCOMPARE(list->topLevelItem(1)->childCount(), 7);
        // Values typed before come back when the template is chosen again.
        QVERIFY(dialog->selectTemplate(QStringLiteral("stomp.subscribe")));
        setLine(dialog, "destination", QStringLiteral("/topic/kept"));
        QVERIFY(dialog->selectTemplate(QStringLiteral("stomp.connect")));
        QVERIFY(dialog->selectTemplate(QStringLiteral("stomp.subscribe")));
        QVERIFY(preview(dialog).contains(QStringLiteral("destination:/topic/kept")));
    }
};

QTEST_MAIN(TestComposerTemplates)
#include "tst_composertemplates.moc"
