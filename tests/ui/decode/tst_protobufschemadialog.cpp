// SPDX-License-Identifier: MIT
// The "Decode as Protocol Buffers" dialog: a .proto compiled when picked (its imports found
// beside it), its message types offered per direction, a bad file refused with where it is
// wrong and OK disabled.
#include "DecodeVectors.h"

#include "ui/decode/ProtobufSchemaDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QTemporaryDir>
#include <QtTest>

using namespace wsi;

class TestProtobufSchemaDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aProtoFileOffersItsTypes();
    void aBadFileSaysWhereAndCannotBeChosen();
    void theCurrentChoiceIsShownAgain();
};

void TestProtobufSchemaDialog::aProtoFileOffersItsTypes()
{
    ui::ProtobufSchemaDialog dialog({});
    auto *ok = dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    QVERIFY(!ok->isEnabled());
    QVERIFY(dialog.loadFile(test::vectorPath("reading.proto")));
    QVERIFY(ok->isEnabled());
    QStringList types;
    for (int i = 0; i < dialog.incomingTypes()->count(); ++i)
        types << dialog.incomingTypes()->itemData(i).toString();
    // The first item reads that direction without a schema; unit.proto's types come through the import.
    QCOMPARE(types.value(0), QString());
    QVERIFY2(types.contains(QStringLiteral("demo.Reading")), qPrintable(types.join(u' ')));
    QVERIFY2(types.contains(QStringLiteral("demo.Command")), qPrintable(types.join(u' ')));
    dialog.incomingTypes()->setCurrentIndex(dialog.incomingTypes()->findData(QStringLiteral("demo.Reading")));
    dialog.outgoingTypes()->setCurrentIndex(dialog.outgoingTypes()->findData(QStringLiteral("demo.Command")));
    const ui::DecodeChoice choice = dialog.choice();
    QCOMPARE(choice.decoder, QStringLiteral("protobuf"));
    QCOMPARE(choice.protoFile, test::vectorPath("reading.proto"));
    QCOMPARE(choice.incomingType, QStringLiteral("demo.Reading"));
    QCOMPARE(choice.outgoingType, QStringLiteral("demo.Command"));
}

void TestProtobufSchemaDialog::aBadFileSaysWhereAndCannotBeChosen()
{
    QTemporaryDir dir;
    QFile broken(dir.filePath(QStringLiteral("broken.proto")));
    QVERIFY(broken.open(QIODevice::WriteOnly));
    broken.write("syntax = \"proto3\";\nmessage A { string a = 1\n}\n");
    broken.close();
    ui::ProtobufSchemaDialog dialog({});
    QVERIFY(!dialog.loadFile(broken.fileName()));
    QVERIFY(!dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->isEnabled());
    auto *note = dialog.findChild<QLabel *>(QStringLiteral("note"));
    QVERIFY(note && note->isVisibleTo(&dialog));
    QVERIFY2(note->text().startsWith(QStringLiteral("This file cannot be used: ")), qPrintable(note->text()));
    QVERIFY2(note->text().contains(QStringLiteral("broken.proto:3")), qPrintable(note->text()));
    QCOMPARE(dialog.incomingTypes()->count(), 0);
}

void TestProtobufSchemaDialog::theCurrentChoiceIsShownAgain()
{
    ui::DecodeChoice current;
    current.decoder = QStringLiteral("protobuf");
    current.protoFile = test::vectorPath("reading.proto");
    current.incomingType = QStringLiteral("demo.Command");
    current.outgoingType = QString(); // sent messages without a schema
    ui::ProtobufSchemaDialog dialog(current);
    QCOMPARE(dialog.incomingTypes()->currentData().toString(), QStringLiteral("demo.Command"));
    QCOMPARE(dialog.outgoingTypes()->currentData().toString(), QString());
    QCOMPARE(dialog.choice(), current);
}

QTEST_MAIN(TestProtobufSchemaDialog)
#include "tst_protobufschemadialog.moc"
