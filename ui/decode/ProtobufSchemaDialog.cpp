// SPDX-License-Identifier: MIT
#include "ui/decode/ProtobufSchemaDialog.h"

#include "decode/ProtobufSchema.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

namespace wsi::ui {

ProtobufSchemaDialog::ProtobufSchemaDialog(const DecodeChoice &current, QWidget *parent)
    : QDialog(parent),
      m_file(new QLineEdit(this)),
      m_incoming(new QComboBox(this)),
      m_outgoing(new QComboBox(this)),
      m_note(new QLabel(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Decode as Protocol Buffers"));
    auto *form = new QFormLayout(this);
    auto *fileRow = new QHBoxLayout;
    m_file->setObjectName(QStringLiteral("protoFile"));
    m_file->setReadOnly(true);
    m_file->setPlaceholderText(tr("a .proto file; its imports are looked up beside it"));
    auto *browse = new QPushButton(tr("Choose…"), this);
    fileRow->addWidget(m_file, 1);
    fileRow->addWidget(browse);
    form->addRow(tr(".proto file:"), fileRow);
    m_incoming->setObjectName(QStringLiteral("incomingType"));
    m_outgoing->setObjectName(QStringLiteral("outgoingType"));
    form->addRow(tr("Messages received:"), m_incoming);
    form->addRow(tr("Messages sent:"), m_outgoing);
    m_note->setObjectName(QStringLiteral("note"));
    m_note->setWordWrap(true);
    m_note->hide();
    form->addRow(m_note);
    form->addRow(m_buttons);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(false);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Choose a .proto file"), m_file->text(),
                                                          tr("Protocol Buffers (*.proto);;All files (*)"));
        if (!path.isEmpty())
            loadFile(path);
    });
    if (!current.protoFile.isEmpty() && loadFile(current.protoFile)) {
        m_incoming->setCurrentIndex(std::max(0, m_incoming->findData(current.incomingType)));
        m_outgoing->setCurrentIndex(std::max(0, m_outgoing->findData(current.outgoingType)));
    }
}

bool ProtobufSchemaDialog::loadFile(const QString &path)
{
    QString error;
    const auto schema = decode::ProtobufSchema::load(path, {QFileInfo(path).absolutePath()}, &error);
    m_file->setText(path);
    m_incoming->clear();
    m_outgoing->clear();
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(schema != nullptr);
    if (!schema) {
        m_note->setText(tr("This file cannot be used: %1").arg(error));
        m_note->show();
        return false;
    }
    const QStringList types = schema->messageTypes();
    if (types.isEmpty()) {
        m_note->setText(tr("This file defines no message type; pick the file that defines the messages."));
        m_note->show();
        m_buttons->button(QDialogButtonBox::Ok)->setEnabled(false);
        return false;
    }
    // "(no schema)": that direction is read without one (wire types and field numbers).
    for (QComboBox *box : {m_incoming, m_outgoing}) {
        box->addItem(tr("(no schema: field numbers)"), QString());
        for (const QString &type : types)
            box->addItem(type, type);
        box->setCurrentIndex(1);
    }
    m_note->hide();
    return true;
}

DecodeChoice ProtobufSchemaDialog::choice() const
{
    DecodeChoice choice;
    choice.decoder = QStringLiteral("protobuf");
    choice.protoFile = m_file->text();
    choice.incomingType = m_incoming->currentData().toString();
    choice.outgoingType = m_outgoing->currentData().toString();
    return choice;
}

} // namespace wsi::ui
