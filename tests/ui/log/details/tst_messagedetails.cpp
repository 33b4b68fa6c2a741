// SPDX-License-Identifier: MIT
// The details panel and its helpers: exact hex dump lines, JSON formatting, tree and
// colours, the frame table, copy and save.
#include "ui/log/details/FrameTableModel.h"
#include "ui/log/details/HexDump.h"
#include "ui/log/details/JsonHighlighter.h"
#include "ui/log/details/MessageDetailsWidget.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QClipboard>
#include <QLabel>
#include <QListView>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextLayout>
#include <QTreeWidget>

using wsi::ui::FrameDetails;
using wsi::ui::MessageDetails;
using wsi::ui::MessageDetailsWidget;
namespace HexDump = wsi::ui::HexDump;

namespace {

MessageDetails textMessage(const QByteArray &payload)
{
    MessageDetails details;
    details.direction = wsi::net::EventDirection::Incoming;
    details.kind = wsi::log::LogEntryKind::Text;
    details.opcode = 0x1;
    details.payload = payload;
    details.wireSize = quint64(payload.size());
    return details;
}

FrameDetails frame(bool fin, quint8 opcode, bool masked, quint32 key, quint64 length, const QByteArray &headerHex, quint64 offset)
{
    FrameDetails f;
    f.fin = fin;
    f.opcode = opcode;
    f.masked = masked;
    f.maskKey = key;
    f.length = length;
    f.headerBytes = QByteArray::fromHex(headerHex);
    f.streamOffset = offset;
    return f;
}

template<typename T>
T *child(QWidget &widget, const char *name)
{
    auto *found = widget.findChild<T *>(QLatin1String(name));
    if (!found)
        qFatal("no child %s", name);
    return found;
}

} // namespace

class TestMessageDetails : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void hexDumpLines_data()
    {
        QTest::addColumn<QByteArray>("payload");
        QTest::addColumn<QString>("dump");
        // Expected lines as `hexdump -C` prints them.
        QTest::newRow("empty payload") << QByteArray() << QString();
        QTest::newRow("fourteen bytes")
            << QByteArray("Hello, World!\n")
            << QStringLiteral("00000000  48 65 6c 6c 6f 2c 20 57  6f 72 6c 64 21 0a        |Hello, World!.|\n");
        QTest::newRow("one full line and a few bytes")
            << QByteArray("Hello, World!\n01234567")
            << QStringLiteral("00000000  48 65 6c 6c 6f 2c 20 57  6f 72 6c 64 21 0a 30 31  |Hello, World!.01|\n"
                              "00000010  32 33 34 35 36 37                                 |234567|\n");
        QTest::newRow("exactly sixteen bytes")
            << QByteArray("0123456789abcdef")
            << QStringLiteral("00000000  30 31 32 33 34 35 36 37  38 39 61 62 63 64 65 66  |0123456789abcdef|\n");
        QTest::newRow("control and high bytes as dots")
            << QByteArray("\x00\x1f\x20\x7e\x7f\x80\xff", 7)
            << QStringLiteral("00000000  00 1f 20 7e 7f 80 ff                              |.. ~...|\n");
        QTest::newRow("eight bytes end at the group gap")
            << QByteArray("ABCDEFGH")
            << QStringLiteral("00000000  41 42 43 44 45 46 47 48                           |ABCDEFGH|\n");
        QTest::newRow("nine bytes cross the group gap")
            << QByteArray("ABCDEFGHI")
            << QStringLiteral("00000000  41 42 43 44 45 46 47 48  49                       |ABCDEFGHI|\n");
    }

    void hexDumpLines()
    {
        QFETCH(QByteArray, payload);
        QFETCH(QString, dump);
        QCOMPARE(HexDump::dump(payload), dump);
        // The panel's virtualised view shows the same lines.
        MessageDetailsWidget widget;
        MessageDetails details = textMessage(payload);
        details.kind = wsi::log::LogEntryKind::Binary;
        widget.showMessage(details);
        QAbstractItemModel *model = child<QListView>(widget, "hexView")->model();
        const QStringList lines = dump.split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(model->rowCount(), lines.size());
        for (int row = 0; row < lines.size(); ++row)
            QCOMPARE(model->index(row, 0).data().toString(), lines.at(row));
    }

    void hexDumpIsCappedOnlyWhenAsked()
    {
        const QByteArray payload(100, 'x');
        QCOMPARE(HexDump::dump(payload, 32).count(u'\n'), 2);
        QCOMPARE(HexDump::dump(payload).count(u'\n'), 7);
    }

    void hexOffsetsWidenPastFourGiB()
    {
        QCOMPARE(HexDump::offsetDigits(0), 8);
        QCOMPARE(HexDump::offsetDigits(qsizetype(0xffffffffll)), 8);
        QCOMPARE(HexDump::offsetDigits(qsizetype(0x100000000ll)), 9);
        QCOMPARE(HexDump::line(QByteArray("A"), 0, 9).left(11), QStringLiteral("000000000  "));
    }

    void hugePayloadIsNotDumpedAtOnce()
    {
        // 64 MiB: the hex model makes lines on demand, so showing it is instant and the
        // view only ever asks for the lines it draws.
        MessageDetailsWidget widget;
        MessageDetails details = textMessage(QByteArray(64 * 1024 * 1024, 'z'));
        QElapsedTimer timer;
        timer.start();
        widget.showMessage(details);
        child<QTabWidget>(widget, "tabs")->setCurrentIndex(MessageDetailsWidget::HexTab);
        QCOMPARE(child<QListView>(widget, "hexView")->model()->rowCount(), 4 * 1024 * 1024);
        // The text tab shows the first MiB until asked for more.
        child<QTabWidget>(widget, "tabs")->setCurrentIndex(MessageDetailsWidget::TextTab);
        QCOMPARE(child<QPlainTextEdit>(widget, "text")->toPlainText().size(), MessageDetailsWidget::TextLimit);
        QVERIFY(!child<QPushButton>(widget, "showAllText")->isHidden());
        QVERIFY(child<QLabel>(widget, "textNote")->text().contains(QLatin1String("Showing the first 1.0 MiB of 64 MiB")));
        QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
    }

    void showAllTextShowsEverything()
    {
        MessageDetailsWidget widget;
        const QByteArray payload = QByteArray(MessageDetailsWidget::TextLimit, 'a') + QByteArray("tail");
        widget.showMessage(textMessage(payload));
        QTest::mouseClick(child<QPushButton>(widget, "showAllText"), Qt::LeftButton);
        QCOMPARE(child<QPlainTextEdit>(widget, "text")->toPlainText().size(), payload.size());
        QVERIFY(child<QPushButton>(widget, "showAllText")->isHidden());
    }

    void textTabFlagsInvalidUtf8()
    {
        MessageDetailsWidget widget;
        widget.showMessage(textMessage(QByteArray("ok \xff\xfe bytes")));
        QCOMPARE(child<QPlainTextEdit>(widget, "text")->toPlainText(), QStringLiteral("ok \uFFFD\uFFFD bytes"));
        QVERIFY(child<QLabel>(widget, "textNote")->text().startsWith(QLatin1String("Not valid UTF-8")));
        widget.showMessage(textMessage(QByteArray("fine")));
        QVERIFY(child<QLabel>(widget, "textNote")->isHidden());
    }

    void controlBytesShowAsDots()
    {
        MessageDetailsWidget widget;
        widget.showMessage(textMessage(QByteArray("a\x00" "b\x1b[0m\tc\nd\x7f", 12)));
        QCOMPARE(child<QPlainTextEdit>(widget, "text")->toPlainText(), QStringLiteral("a\u00b7b\u00b7[0m\tc\nd\u00b7"));
    }

    void jsonTabFormatsInOrderWithColours()
    {
        MessageDetailsWidget widget;
        widget.resize(900, 500);
        widget.show();
        widget.showMessage(textMessage(QByteArray("{\"b\":1,\"a\":[true,null,\"x\\\"y\"],\"c\":{},\"big\":12345678901234567890}")));
        child<QTabWidget>(widget, "tabs")->setCurrentIndex(MessageDetailsWidget::JsonTab);
        auto *text = child<QPlainTextEdit>(widget, "jsonText");
        QCOMPARE(text->toPlainText(), QStringLiteral("{\n"
                                                     "  \"b\": 1,\n"
                                                     "  \"a\": [\n"
                                                     "    true,\n"
                                                     "    null,\n"
                                                     "    \"x\\\"y\"\n"
                                                     "  ],\n"
                                                     "  \"c\": {},\n"
                                                     "  \"big\": 12345678901234567890\n"
                                                     "}"));
        QVERIFY(child<QLabel>(widget, "jsonNote")->isHidden());

        // Colours: the key "b" on line 2 and the number 1 after it.
        auto *highlighter = text->document()->findChild<wsi::ui::JsonHighlighter *>();
        QVERIFY(highlighter);
        const QTextBlock line2 = text->document()->findBlockByNumber(1);
        QColor keyColour;
        QColor numberColour;
        for (const QTextLayout::FormatRange &range : line2.layout()->formats()) {
            if (range.start == 2 && range.length == 3)
                keyColour = range.format.foreground().color();
            if (range.start == 7 && range.length == 1)
                numberColour = range.format.foreground().color();
        }
        QCOMPARE(keyColour, highlighter->keyColor());
        QCOMPARE(numberColour, highlighter->numberColor());
        QVERIFY(highlighter->keyColor() != highlighter->numberColor());

        // The tree keeps the document's order and shows numbers as written.
        auto *tree = child<QTreeWidget>(widget, "jsonTree");
        QCOMPARE(tree->topLevelItemCount(), 1);
        QTreeWidgetItem *root = tree->topLevelItem(0);
        QCOMPARE(root->text(1), QStringLiteral("{4}"));
        QCOMPARE(root->childCount(), 4);
        const QStringList keys{root->child(0)->text(0), root->child(1)->text(0), root->child(2)->text(0), root->child(3)->text(0)};
        QCOMPARE(keys, (QStringList{QStringLiteral("b"), QStringLiteral("a"), QStringLiteral("c"), QStringLiteral("big")}));
        QTreeWidgetItem *array = root->child(1);
        QCOMPARE(array->text(1), QStringLiteral("[3]"));
        QCOMPARE(array->child(0)->text(1), QStringLiteral("true"));
        QCOMPARE(array->child(0)->text(2), QStringLiteral("boolean"));
        QCOMPARE(array->child(1)->text(2), QStringLiteral("null"));
        QCOMPARE(array->child(2)->text(0), QStringLiteral("[2]"));
        QCOMPARE(array->child(2)->text(1), QStringLiteral("x\"y"));
        QCOMPARE(array->child(2)->text(2), QStringLiteral("string"));
        QCOMPARE(root->child(2)->text(1), QStringLiteral("{0}"));
        QCOMPARE(root->child(3)->text(1), QStringLiteral("12345678901234567890"));
        QCOMPARE(root->child(3)->text(2), QStringLiteral("number"));
    }

    void jsonTabExplainsWhatIsNotJson()
    {
        MessageDetailsWidget widget;
        widget.showMessage(textMessage(QByteArray("{\"a\": tru}")));
        child<QTabWidget>(widget, "tabs")->setCurrentIndex(MessageDetailsWidget::JsonTab);
        auto *note = child<QLabel>(widget, "jsonNote");
        QVERIFY(!note->isHidden());
        QCOMPARE(note->text(), QStringLiteral("Not JSON: illegal value at line 1, column 8 (offset 7)."));
        QCOMPARE(child<QTreeWidget>(widget, "jsonTree")->topLevelItemCount(), 0);
    }

    void jsonScalarIsJsonToo()
    {
        MessageDetailsWidget widget;
        widget.showMessage(textMessage(QByteArray("42")));
        child<QTabWidget>(widget, "tabs")->setCurrentIndex(MessageDetailsWidget::JsonTab);
        QCOMPARE(child<QPlainTextEdit>(widget, "jsonText")->toPlainText(), QStringLiteral("42"));
        QCOMPARE(child<QTreeWidget>(widget, "jsonTree")->topLevelItem(0)->text(2), QStringLiteral("number"));
    }

    void largeJsonWaitsToBeAsked()
    {
        MessageDetailsWidget widget;
        const QByteArray big = "[\"" + QByteArray(MessageDetailsWidget::JsonLimit, 's') + "\"]";
        widget.showMessage(textMessage(big));
        child<QTabWidget>(widget, "tabs")->setCurrentIndex(MessageDetailsWidget::JsonTab);
        QVERIFY(!child<QPushButton>(widget, "formatJson")->isHidden());
        QVERIFY(child<QPlainTextEdit>(widget, "jsonText")->toPlainText().isEmpty());
        QTest::mouseClick(child<QPushButton>(widget, "formatJson"), Qt::LeftButton);
        QCOMPARE(child<QPlainTextEdit>(widget, "jsonText")->document()->blockCount(), 3);
    }

    void jsonTreeIsBounded()
    {
        QByteArray many = "[";
        for (int i = 0; i < 30000; ++i)
            many += i ? ",0" : "0";
        many += "]";
        MessageDetailsWidget widget;
        widget.showMessage(textMessage(many));
        child<QTabWidget>(widget, "tabs")->setCurrentIndex(MessageDetailsWidget::JsonTab);
        QTreeWidgetItem *root = child<QTreeWidget>(widget, "jsonTree")->topLevelItem(0);
        QCOMPARE(root->text(1), QStringLiteral("[30000]"));
        QVERIFY(root->childCount() < 30000);
        QCOMPARE(root->child(root->childCount() - 1)->text(1), QStringLiteral("%1 more not shown").arg(30000 - (root->childCount() - 1)));
    }

    void framesTableRows()
    {
        MessageDetails details = textMessage(QByteArray("Hello, World"));
        details.frames << frame(false, 0x1, true, 0x37fa213d, 5, "8185" "37fa213d", 0)
                       << frame(false, 0x0, true, 0x01020304, 5, "0085" "01020304", 11)
                       << frame(true, 0x0, false, 0, 2, "8002", 22);
        details.frames[0].rsv1 = true;
        MessageDetailsWidget widget;
        widget.showMessage(details);
        auto *tabs = child<QTabWidget>(widget, "tabs");
        QCOMPARE(tabs->tabText(MessageDetailsWidget::FramesTab), QStringLiteral("Frames (3)"));
        QAbstractItemModel *model = child<QTableView>(widget, "frameView")->model();
        QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model->rowCount(), 3);
        QCOMPARE(model->columnCount(), int(wsi::ui::FrameTableModel::ColumnCount));
        QStringList headers;
        for (int column = 0; column < model->columnCount(); ++column)
            headers << model->headerData(column, Qt::Horizontal).toString();
        QCOMPARE(headers, (QStringList{QStringLiteral("#"), QStringLiteral("FIN"), QStringLiteral("RSV1"), QStringLiteral("RSV2"),
                                       QStringLiteral("RSV3"), QStringLiteral("opcode"), QStringLiteral("mask key"),
                                       QStringLiteral("length"), QStringLiteral("header"), QStringLiteral("offset")}));
        auto row = [model](int r) {
            QStringList cells;
            for (int column = 0; column < model->columnCount(); ++column)
                cells << model->index(r, column).data().toString();
            return cells;
        };
        QCOMPARE(row(0), (QStringList{QStringLiteral("1"), QStringLiteral("0"), QStringLiteral("1"), QStringLiteral("0"),
                                      QStringLiteral("0"), QStringLiteral("0x1 text"), QStringLiteral("37 fa 21 3d"),
                                      QStringLiteral("5"), QStringLiteral("81 85 37 fa 21 3d"), QStringLiteral("0")}));
        QCOMPARE(row(1), (QStringList{QStringLiteral("2"), QStringLiteral("0"), QStringLiteral("0"), QStringLiteral("0"),
                                      QStringLiteral("0"), QStringLiteral("0x0 continuation"), QStringLiteral("01 02 03 04"),
                                      QStringLiteral("5"), QStringLiteral("00 85 01 02 03 04"), QStringLiteral("11")}));
        QCOMPARE(row(2), (QStringList{QStringLiteral("3"), QStringLiteral("1"), QStringLiteral("0"), QStringLiteral("0"),
                                      QStringLiteral("0"), QStringLiteral("0x0 continuation"), QStringLiteral("—"),
                                      QStringLiteral("2"), QStringLiteral("80 02"), QStringLiteral("22")}));
    }

    void reservedOpcodesAreNamed()
    {
        wsi::ui::FrameTableModel model;
        model.setFrames({frame(true, 0xb, false, 0, 0, "8b00", 0)});
        QCOMPARE(model.index(0, wsi::ui::FrameTableModel::Opcode).data().toString(), QStringLiteral("0xb reserved-0xb"));
        QVERIFY(!model.index(0, wsi::ui::FrameTableModel::Opcode).data(Qt::ToolTipRole).toString().isEmpty());
    }

    // The hixie drafts' frames byte for byte: the type byte, the 0xFF after the payload; no
    // flags or mask to show.
    void hixieFramesShowTheirFraming()
    {
        wsi::ui::FrameTableModel model;
        FrameDetails text = frame(true, 0x1, false, 0, 5, "00", 0);
        text.hixie = true;
        text.hixieTrailer = true;
        FrameDetails close = frame(true, 0x8, false, 0, 0, "ff00", 7);
        close.hixie = true;
        model.setFrames({text, close});
        using Model = wsi::ui::FrameTableModel;
        QCOMPARE(model.index(0, Model::Opcode).data().toString(), QStringLiteral("0x00 text (hixie)"));
        QCOMPARE(model.index(0, Model::Header).data().toString(), QStringLiteral("00 … ff"));
        QCOMPARE(model.index(0, Model::Fin).data().toString(), QStringLiteral("—"));
        QCOMPARE(model.index(0, Model::MaskKey).data().toString(), QStringLiteral("—"));
        QCOMPARE(model.index(0, Model::Length).data().toString(), QStringLiteral("5"));
        QCOMPARE(model.index(1, Model::Opcode).data().toString(), QStringLiteral("0xff close (hixie)"));
        QCOMPARE(model.index(1, Model::Header).data().toString(), QStringLiteral("ff 00"));
    }

    void summaryLine_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<bool>("incoming");
        QTest::addColumn<bool>("compressed");
        QTest::addColumn<quint16>("code");
        QTest::addColumn<QString>("summary");
        QTest::newRow("incoming deflated text in two frames")
            << int(wsi::log::LogEntryKind::Text) << true << true << quint16(0)
            << QStringLiteral("↓ incoming text · 5 B · wire 7 B, deflated · 2 frames · +2.113 s");
        QTest::newRow("outgoing binary") << int(wsi::log::LogEntryKind::Binary) << false << false << quint16(0)
                                         << QStringLiteral("↑ outgoing binary · 5 B · wire 7 B · 2 frames · +2.113 s");
        QTest::newRow("close with its code") << int(wsi::log::LogEntryKind::Close) << true << false << quint16(1001)
                                             << QStringLiteral("↓ incoming close · code 1001 (going away) · 5 B · wire 7 B · 2 frames · +2.113 s");
    }

    void summaryLine()
    {
        QFETCH(int, kind);
        QFETCH(bool, incoming);
        QFETCH(bool, compressed);
        QFETCH(quint16, code);
        QFETCH(QString, summary);
        MessageDetails details = textMessage(QByteArray("Hello"));
        details.kind = wsi::log::LogEntryKind(kind);
        details.direction = incoming ? wsi::net::EventDirection::Incoming : wsi::net::EventDirection::Outgoing;
        details.compressed = compressed;
        details.wireSize = 7;
        details.closeCode = code;
        details.timeNs = 2113000000;
        details.frames << frame(false, 1, false, 0, 3, "0103", 0) << frame(true, 0, false, 0, 4, "8004", 5);
        MessageDetailsWidget widget;
        widget.showMessage(details);
        QCOMPARE(child<QLabel>(widget, "summary")->text(), summary);
    }

    void copyButtons_data()
    {
        QTest::addColumn<QString>("button");
        QTest::addColumn<QString>("clipboard");
        QTest::newRow("as text") << QStringLiteral("copyText") << QStringLiteral("Hi\n");
        QTest::newRow("as hex") << QStringLiteral("copyHex") << QStringLiteral("48 69 0a");
        QTest::newRow("as base64") << QStringLiteral("copyBase64") << QStringLiteral("SGkK");
    }

    void copyButtons()
    {
        QFETCH(QString, button);
        QFETCH(QString, clipboard);
        QApplication::clipboard()->setText(QStringLiteral("probe"));
        if (QApplication::clipboard()->text() != QLatin1String("probe"))
            QSKIP("this platform has no clipboard");
        MessageDetailsWidget widget;
        QSignalSpy status(&widget, &MessageDetailsWidget::statusMessage);
        widget.showMessage(textMessage(QByteArray("Hi\n")));
        QTest::mouseClick(child<QPushButton>(widget, button.toLatin1().constData()), Qt::LeftButton);
        QCOMPARE(QApplication::clipboard()->text(), clipboard);
        QCOMPARE(status.count(), 1);
    }

    void savePayloadWritesTheBytes()
    {
        QTemporaryDir dir;
        MessageDetailsWidget widget;
        const QByteArray payload("\x00\x01 binary \xff", 11);
        widget.showMessage(textMessage(payload));
        const QString path = dir.filePath(QStringLiteral("out.bin"));
        QVERIFY(widget.savePayload(path));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), payload);
    }

    void clearEmptiesEverything()
    {
        MessageDetailsWidget widget;
        MessageDetails details = textMessage(QByteArray("x"));
        details.frames << frame(true, 1, false, 0, 1, "8101", 0);
        widget.showMessage(details);
        QVERIFY(child<QPushButton>(widget, "copyHex")->isEnabled());
        widget.clear();
        QVERIFY(!widget.hasMessage());
        QVERIFY(!child<QPushButton>(widget, "copyHex")->isEnabled());
        QVERIFY(!child<QPushButton>(widget, "savePayload")->isEnabled());
        QCOMPARE(child<QListView>(widget, "hexView")->model()->rowCount(), 0);
        QCOMPARE(child<QTableView>(widget, "frameView")->model()->rowCount(), 0);
        QVERIFY(child<QPlainTextEdit>(widget, "text")->toPlainText().isEmpty());
        QCOMPARE(child<QLabel>(widget, "summary")->text(), QStringLiteral("Select a message in the log to see its details."));
    }

    void tabsAreFilledWhenShown()
    {
        // Clicking through messages on the Hex tab does not format JSON behind the scenes.
        MessageDetailsWidget widget;
        child<QTabWidget>(widget, "tabs")->setCurrentIndex(MessageDetailsWidget::HexTab);
        widget.showMessage(textMessage(QByteArray("{\"a\":1}")));
        QVERIFY(child<QPlainTextEdit>(widget, "jsonText")->toPlainText().isEmpty());
        child<QTabWidget>(widget, "tabs")->setCurrentIndex(MessageDetailsWidget::JsonTab);
        QCOMPARE(child<QPlainTextEdit>(widget, "jsonText")->toPlainText(), QStringLiteral("{\n  \"a\": 1\n}"));
    }
};

QTEST_MAIN(TestMessageDetails)
#include "tst_messagedetails.moc"
