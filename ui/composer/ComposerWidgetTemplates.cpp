// SPDX-License-Identifier: MIT
// The composer's side of the message templates: the dialog opened beside it, its message
// put in the editor (text as it is, JSON in JSON mode, binary as hex) or sent as it is.
#include "ui/composer/ComposerWidget.h"

#include "ui/common/PayloadCodec.h"
#include "ui/composer/templates/TemplateDialog.h"

#include <QJsonDocument>
#include <QPlainTextEdit>

namespace wsi::ui {

void ComposerWidget::openTemplates()
{
    if (!m_templates) {
        m_templates = new TemplateDialog(this);
        connect(m_templates, &TemplateDialog::useRequested, this, &ComposerWidget::useTemplateOutput);
        connect(m_templates, &TemplateDialog::sendRequested, this, &ComposerWidget::sendTemplateOutput);
    }
    m_templates->setSendEnabled(m_connected);
    m_templates->show();
    m_templates->raise();
    m_templates->activateWindow();
}

void ComposerWidget::useTemplateOutput(const templates::TemplateOutput &output)
{
    if (!output.ok())
        return;
    if (output.isText) {
        // JSON messages get the JSON mode's live check; STOMP frames (with their NUL) stay text.
        QJsonParseError error;
        QJsonDocument::fromJson(output.bytes, &error);
        setMode(error.error == QJsonParseError::NoError ? ComposerMode::Json : ComposerMode::Text);
        setText(QString::fromUtf8(output.bytes));
    } else {
        setEncoding(PayloadEncoding::Hex);
        setMode(ComposerMode::Binary);
        setText(PayloadCodec::toSpacedHex(output.bytes, 16));
    }
    m_editor->setFocus();
}

void ComposerWidget::sendTemplateOutput(const templates::TemplateOutput &output)
{
    if (!output.ok() || !m_connected)
        return;
    if (output.isText)
        Q_EMIT sendTextRequested(output.bytes, 1, 0);
    else
        Q_EMIT sendBinaryRequested(output.bytes, 1, 0);
    showStatus(tr("Sent the template's %1 message (%2)")
                   .arg(output.isText ? tr("text") : tr("binary"), PayloadCodec::formatSize(quint64(output.bytes.size()))),
               false);
}

} // namespace wsi::ui
