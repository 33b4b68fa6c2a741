// SPDX-License-Identifier: MIT
#include "ui/decode/DecodeChoiceBox.h"

#include "ui/decode/ProtobufSchemaDialog.h"
#include "ui/decode/RowDecoder.h"
#include "decode/DecoderRegistry.h"

#include <QFileInfo>
#include <QMessageBox>

namespace wsi::ui {

DecodeChoiceBox::DecodeChoiceBox(RowDecoder *decoder, QWidget *parent) : QComboBox(parent), m_decoder(decoder)
{
    setObjectName(QStringLiteral("decodeAs"));
    setToolTip(tr("Decode as: the application protocol the Decoded column, the details' Decoded view and "
                  "“Decoded fields” searches read messages as. Automatic follows the subprotocol the "
                  "server accepted, else the content."));
    // As wide as "Decode: automatic", not as its longest item (the popup shows them whole).
    setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    setMinimumContentsLength(20);
    setSizePolicy(QSizePolicy::Maximum, QSizePolicy::Fixed);
    addItem(tr("Decode: automatic"), decode::DecodeSession::automatic());
    addItem(tr("Decode: none"), decode::DecodeSession::off());
    insertSeparator(count());
    for (const auto &each : decode::DecoderRegistry::standard().decoders()) {
        addItem(each->displayName(), each->id());
        if (each->id() == QLatin1String("protobuf")) {
            setItemText(count() - 1, tr("Protocol Buffers (no schema)"));
            addItem(tr("Protocol Buffers with a .proto…"), protobufWithSchema());
        }
    }
    connect(this, &QComboBox::activated, this, &DecodeChoiceBox::onActivated);
    connect(m_decoder, &RowDecoder::decodingChanged, this, &DecodeChoiceBox::showChoice);
    showChoice();
}

bool DecodeChoiceBox::choose(const DecodeChoice &choice, bool explain)
{
    QString error;
    const bool ok = m_decoder->setChoice(choice, &error);
    if (!ok && explain)
        QMessageBox::warning(this, tr("Decode as"),
                             tr("The .proto file could not be used:\n%1\n\nPick another file, or fix this one and pick it again.")
                                 .arg(error));
    showChoice();
    return ok;
}

void DecodeChoiceBox::onActivated(int index)
{
    const QString id = itemData(index).toString();
    DecodeChoice choice;
    if (id == protobufWithSchema()) {
        ProtobufSchemaDialog dialog(m_decoder->choice(), this);
        if (dialog.exec() != QDialog::Accepted) {
            showChoice();
            return;
        }
        choice = dialog.choice();
    } else {
        choice.decoder = id;
    }
    choose(choice);
}

void DecodeChoiceBox::showChoice()
{
    const DecodeChoice &choice = m_decoder->choice();
    const bool schema = choice.decoder == QLatin1String("protobuf") && !choice.protoFile.isEmpty();
    const int index = findData(schema ? protobufWithSchema() : choice.decoder);
    QSignalBlocker block(this);
    setCurrentIndex(index);
    if (schema)
        setItemText(index, tr("Protocol Buffers: %1").arg(QFileInfo(choice.protoFile).fileName()));
    else
        setItemText(findData(protobufWithSchema()), tr("Protocol Buffers with a .proto…"));
}

} // namespace wsi::ui
