// SPDX-License-Identifier: MIT
#include "ui/composer/RawFrameEditor.h"

#include "ui/common/FlowLayout.h"

#include "ui/window/Theme.h"
#include "protocol/Opcode.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>

namespace wsi::ui {

namespace {

QCheckBox *makeCheck(const QString &text, const QString &name, const QString &tip)
{
    auto *box = new QCheckBox(text);
    box->setObjectName(name);
    box->setToolTip(tip);
    return box;
}

} // namespace

RawFrameEditor::RawFrameEditor(QWidget *parent) : QWidget(parent)
{
    // Groups that wrap as wholes in a narrow window, each field wide enough for its value.
    auto *layout = new FlowLayout(this, 14, 2);
    layout->setContentsMargins(0, 0, 0, 0);
    m_fin = makeCheck(tr("FIN"), QStringLiteral("rawFin"), tr("Final fragment of a message"));
    for (int i = 0; i < 3; ++i) {
        m_rsv[i] = makeCheck(tr("RSV%1").arg(i + 1), QStringLiteral("rawRsv%1").arg(i + 1),
                             i == 0 ? tr("RSV1: \"compressed\" under permessage-deflate; otherwise a protocol error")
                                    : tr("Reserved bit: a protocol error unless an extension defines it"));
    }
    layout->addGroup({m_fin, m_rsv[0], m_rsv[1], m_rsv[2]}, 8);
    auto *opcodeLabel = new QLabel(tr("opcode"));
    m_opcode = new QComboBox;
    m_opcode->setObjectName(QStringLiteral("rawOpcode"));
    for (int opcode = 0; opcode < 16; ++opcode)
        m_opcode->addItem(QStringLiteral("0x%1 %2").arg(opcode, 0, 16).arg(QLatin1String(protocol::opcodeName(std::uint8_t(opcode)))), opcode);
    layout->addGroup({opcodeLabel, m_opcode});
    m_masked = makeCheck(tr("mask"), QStringLiteral("rawMasked"), tr("Clients must mask every frame (RFC 6455 section 5.3)"));
    m_maskKey = new QLineEdit;
    m_maskKey->setObjectName(QStringLiteral("rawMaskKey"));
    m_maskKey->setPlaceholderText(tr("random key"));
    m_maskKey->setToolTip(tr("4 bytes in hex, e.g. 37 fa 21 3d; empty: a fresh random key"));
    m_maskKey->setFont(QFont(Theme::monospaceFamily()));
    m_maskKey->setFixedWidth(m_maskKey->fontMetrics().horizontalAdvance(QStringLiteral("00 00 00 00__")) + 12);
    layout->addGroup({m_masked, m_maskKey});
    m_overrideLength = makeCheck(tr("length"), QStringLiteral("rawOverrideLength"),
                                 tr("Send this length in the header, whatever the payload's real size"));
    m_length = new QLineEdit;
    m_length->setObjectName(QStringLiteral("rawLength"));
    m_length->setPlaceholderText(tr("payload size"));
    m_length->setFixedWidth(m_length->fontMetrics().horizontalAdvance(QStringLiteral("18446744073709551615")) + 12);
    m_lengthEncoding = new QComboBox;
    m_lengthEncoding->setObjectName(QStringLiteral("rawLengthEncoding"));
    m_lengthEncoding->addItem(tr("minimal length field"), int(protocol::LengthEncoding::Minimal));
    m_lengthEncoding->addItem(tr("16-bit length field"), int(protocol::LengthEncoding::Force16));
    m_lengthEncoding->addItem(tr("64-bit length field"), int(protocol::LengthEncoding::Force64));
    m_lengthEncoding->setToolTip(tr("Force a longer length form than needed (RFC 6455 section 5.2 asks for the minimal one)"));
    layout->addGroup({m_overrideLength, m_length, m_lengthEncoding});

    setFields(ComposerChecks::RawFrameFields());
    for (QCheckBox *box : {m_fin, m_rsv[0], m_rsv[1], m_rsv[2], m_masked, m_overrideLength})
        connect(box, &QCheckBox::toggled, this, [this] {
            updateEnabled();
            Q_EMIT changed();
        });
    for (QComboBox *combo : {m_opcode, m_lengthEncoding})
        connect(combo, &QComboBox::currentIndexChanged, this, &RawFrameEditor::changed);
    for (QLineEdit *edit : {m_maskKey, m_length})
        connect(edit, &QLineEdit::textChanged, this, &RawFrameEditor::changed);
}

ComposerChecks::RawFrameFields RawFrameEditor::fields() const
{
    ComposerChecks::RawFrameFields fields;
    fields.fin = m_fin->isChecked();
    fields.rsv1 = m_rsv[0]->isChecked();
    fields.rsv2 = m_rsv[1]->isChecked();
    fields.rsv3 = m_rsv[2]->isChecked();
    fields.opcode = m_opcode->currentData().toInt();
    fields.masked = m_masked->isChecked();
    fields.maskKey = m_maskKey->text();
    fields.overrideLength = m_overrideLength->isChecked();
    fields.length = m_length->text();
    fields.lengthEncoding = protocol::LengthEncoding(m_lengthEncoding->currentData().toInt());
    return fields;
}

void RawFrameEditor::setFields(const ComposerChecks::RawFrameFields &fields)
{
    m_fin->setChecked(fields.fin);
    m_rsv[0]->setChecked(fields.rsv1);
    m_rsv[1]->setChecked(fields.rsv2);
    m_rsv[2]->setChecked(fields.rsv3);
    m_opcode->setCurrentIndex(m_opcode->findData(fields.opcode));
    m_masked->setChecked(fields.masked);
    m_maskKey->setText(fields.maskKey);
    m_overrideLength->setChecked(fields.overrideLength);
    m_length->setText(fields.length);
    m_lengthEncoding->setCurrentIndex(m_lengthEncoding->findData(int(fields.lengthEncoding)));
    updateEnabled();
}

void RawFrameEditor::updateEnabled()
{
    m_maskKey->setEnabled(m_masked->isChecked());
    m_length->setEnabled(m_overrideLength->isChecked());
}

} // namespace wsi::ui
