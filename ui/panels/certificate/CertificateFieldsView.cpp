// SPDX-License-Identifier: MIT
#include "ui/panels/certificate/CertificateFieldsView.h"

#include "ui/window/Theme.h"

#include <QEvent>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>

namespace wsi::ui {

namespace CF = CertificateFormatting;

namespace {

void setForeground(QLabel *label, const QColor &color)
{
    QPalette palette = label->palette();
    palette.setColor(QPalette::WindowText, color);
    label->setPalette(palette);
}

} // namespace

CertificateFieldsView::CertificateFieldsView(QWidget *parent)
    : QWidget(parent)
    , m_form(new QFormLayout(this))
{
    m_form->setLabelAlignment(Qt::AlignRight | Qt::AlignTop);
    m_form->setFormAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_form->setRowWrapPolicy(QFormLayout::DontWrapRows);
    m_form->setContentsMargins(4, 4, 4, 4);

    m_role = addField(tr("Role"), QStringLiteral("role"));
    m_subject = addField(tr("Subject"), QStringLiteral("subject"));
    m_issuer = addField(tr("Issuer"), QStringLiteral("issuer"));
    m_serial = addField(tr("Serial"), QStringLiteral("serial"), true);
    m_notBefore = addField(tr("Not before"), QStringLiteral("notBefore"));
    m_notAfter = addField(tr("Not after"), QStringLiteral("notAfter"));
    m_daysLeft = addField(tr("Validity"), QStringLiteral("daysLeft"));
    m_names = addField(tr("Names (SAN)"), QStringLiteral("subjectAltNames"));
    m_publicKey = addField(tr("Public key"), QStringLiteral("publicKey"));
    m_signature = addField(tr("Signature"), QStringLiteral("signature"));
    m_keyUsage = addField(tr("Key usage"), QStringLiteral("keyUsage"));
    m_extendedKeyUsage = addField(tr("Extended key usage"), QStringLiteral("extendedKeyUsage"));
    m_basicConstraints = addField(tr("Basic constraints"), QStringLiteral("basicConstraints"));
    m_sha256 = addField(tr("SHA-256"), QStringLiteral("sha256"), true);
    m_sha1 = addField(tr("SHA-1"), QStringLiteral("sha1"), true);
    m_errors = addField(tr("Errors"), QStringLiteral("errors"));
    QFont bold = m_errors->font();
    bold.setBold(true);
    m_errors->setFont(bold);
    clear();
}

QLabel *CertificateFieldsView::addField(const QString &title, const QString &name, bool monospace)
{
    auto *value = new QLabel(this);
    value->setObjectName(name);
    value->setTextFormat(Qt::PlainText);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    value->setWordWrap(!monospace);
    value->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    if (monospace) {
        QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
        font.setFamily(Theme::monospaceFamily());
        value->setFont(font);
    }
    auto *caption = new QLabel(title + QLatin1Char(':'), this);
    caption->setProperty("caption", true);
    // Top-aligned: a name sits beside the first line of a value of several lines.
    caption->setAlignment(Qt::AlignRight | Qt::AlignTop);
    m_form->addRow(caption, value);
    return value;
}

void CertificateFieldsView::setFieldVisible(QLabel *value, bool visible)
{
    m_form->setRowVisible(value, visible);
}

void CertificateFieldsView::showCertificate(const net::CertificateInfo &info, const QString &role, const QDateTime &now)
{
    m_info = info;
    m_roleText = role;
    m_now = now;
    m_shown = true;
    fillFields();
}

void CertificateFieldsView::setCompact(bool compact)
{
    if (compact == m_compact)
        return;
    m_compact = compact;
    m_form->setRowWrapPolicy(compact ? QFormLayout::WrapAllRows : QFormLayout::DontWrapRows);
    const Qt::Alignment alignment = (compact ? Qt::AlignLeft : Qt::AlignRight) | Qt::AlignTop;
    m_form->setLabelAlignment(alignment);
    const QList<QLabel *> labels = findChildren<QLabel *>(QString(), Qt::FindDirectChildrenOnly);
    for (QLabel *label : labels) {
        if (label->property("caption").toBool())
            label->setAlignment(alignment);
    }
    if (m_shown)
        fillFields();
}

void CertificateFieldsView::fillFields()
{
    const net::CertificateInfo &info = m_info;
    const QDateTime &now = m_now;
    // 32 bytes: two lines of 16, or three of 11 when compact.
    const int pairsPerLine = m_compact ? 11 : 16;
    m_role->setText(m_roleText);
    m_subject->setText(info.subject);
    m_issuer->setText(info.issuer);
    m_serial->setText(CF::wrapHex(info.serialNumber, pairsPerLine));
    m_notBefore->setText(CF::timeText(info.notBefore));
    m_notAfter->setText(CF::timeText(info.notAfter));
    m_daysLeft->setText(CF::daysLeftText(info, now));
    m_validityTone = CF::validityTone(CF::validity(info, now));
    m_names->setText(CF::listText(info.subjectAltNames));
    m_publicKey->setText(CF::publicKeyText(info));
    m_signature->setText(info.signatureAlgorithm);
    m_keyUsage->setText(CF::listText(info.keyUsage));
    m_extendedKeyUsage->setText(CF::listText(info.extendedKeyUsage));
    m_basicConstraints->setText(info.basicConstraints.isEmpty() ? QStringLiteral("—") : info.basicConstraints);
    m_sha256->setText(CF::wrapHex(net::formatFingerprint(info.sha256), pairsPerLine));
    m_sha1->setText(CF::wrapHex(net::formatFingerprint(info.sha1), pairsPerLine));
    // Several errors read as a list; one as a sentence.
    m_errors->setText(info.errors.size() > 1 ? QStringLiteral("• ") + info.errors.join(QStringLiteral("\n• "))
                                             : info.errors.join(QLatin1Char('\n')));
    setFieldVisible(m_errors, !info.errors.isEmpty());
    applyColours();
}

void CertificateFieldsView::clear()
{
    const QList<QLabel *> values = findChildren<QLabel *>(QString(), Qt::FindDirectChildrenOnly);
    for (QLabel *label : values) {
        if (!label->objectName().isEmpty())
            label->clear();
    }
    m_validityTone = Tone::Neutral;
    m_shown = false;
    setFieldVisible(m_errors, false);
    applyColours();
}

QString CertificateFieldsView::fieldText(const QString &name) const
{
    const auto *label = findChild<QLabel *>(name, Qt::FindDirectChildrenOnly);
    return label ? label->text() : QString();
}

void CertificateFieldsView::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        applyColours();
}

void CertificateFieldsView::applyColours()
{
    // Field names muted, values in the text colour: they stay apart also when stacked.
    const QList<QLabel *> labels = findChildren<QLabel *>(QString(), Qt::FindDirectChildrenOnly);
    for (QLabel *label : labels) {
        if (label->property("caption").toBool())
            setForeground(label, palette().color(QPalette::PlaceholderText));
    }
    setForeground(m_daysLeft, CF::toneColor(m_validityTone, palette()));
    setForeground(m_errors, Theme::errorColor(palette()));
}

} // namespace wsi::ui
