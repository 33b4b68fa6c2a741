// SPDX-License-Identifier: MIT
// ComposerWidget: turning the editor's content into what is sent, and the actions around
// sending (periodic sends, history, snippets, files, JSON formatting).
#include "ui/composer/ComposerWidget.h"

#include "ui/log/details/JsonText.h"
#include "ui/composer/PeriodicSender.h"
#include "ui/composer/RawFrameEditor.h"

#include <QComboBox>
#include <QDateTime>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>

namespace wsi::ui {

namespace {

// A payload file is held in memory and copied to the worker thread: keep it reasonable.
constexpr qint64 MaxFileSize = 256 * 1024 * 1024;

} // namespace

bool ComposerWidget::payloadBytes(const QString &text, QByteArray &data, Problem &problem) const
{
    if (encoding() == PayloadEncoding::File) {
        if (m_fileName.isEmpty()) {
            problem.text = tr("No file loaded: use “Load file…” or pick another payload encoding");
            return false;
        }
        data = m_fileData;
        return true;
    }
    const DecodeResult decoded = ComposerChecks::decodePayload(encoding(), text);
    if (!decoded.ok) {
        problem.text = decoded.error;
        problem.position = decoded.errorPosition;
        return false;
    }
    data = decoded.data;
    return true;
}

bool ComposerWidget::compose(qint64 counter, Outgoing &out, Problem &problem) const
{
    const QString written = text();
    const bool templated = PeriodicSender::hasPlaceholders(written);
    const QString filled = PeriodicSender::substitute(written, counter, QDateTime::currentDateTime());
    bool ok = true;
    switch (m_mode) {
    case ComposerMode::Text:
        out.kind = Outgoing::Kind::Text;
        out.data = filled.toUtf8();
        break;
    case ComposerMode::Json: {
        const JsonCheck check = JsonText::check(filled);
        ok = check.ok;
        if (!ok) {
            // Positions are in the filled-in text; they only match the editor without placeholders.
            problem.text = templated ? tr("Not valid JSON once {{…}} is filled in: %1").arg(check.error)
                                     : tr("Not valid JSON: %1").arg(check.error);
            problem.position = templated ? -1 : check.position;
        }
        out.kind = Outgoing::Kind::Text;
        out.data = filled.toUtf8();
        break;
    }
    case ComposerMode::Binary:
        out.kind = Outgoing::Kind::Binary;
        ok = payloadBytes(filled, out.data, problem);
        break;
    case ComposerMode::RawFrame:
        out.kind = Outgoing::Kind::Raw;
        ok = payloadBytes(filled, out.data, problem)
             && ComposerChecks::buildRawFrame(m_rawFrame->fields(), out.data, out.frame, problem.text);
        break;
    }
    return ok;
}

QString ComposerWidget::describeOutgoing(const Outgoing &out) const
{
    const QString size = PayloadCodec::formatSize(quint64(out.data.size()));
    const int frames = int(qBound(qsizetype(1), qsizetype(fragments()), qMax(qsizetype(1), out.data.size())));
    const QString inFrames = frames > 1 ? tr(" in %1 frames").arg(frames) : QString();
    switch (out.kind) {
    case Outgoing::Kind::Text:
        return (m_mode == ComposerMode::Json ? tr("valid JSON, %1 text message%2") : tr("%1 text message%2")).arg(size, inFrames);
    case Outgoing::Kind::Binary:
        return tr("%1 binary message%2").arg(size, inFrames);
    case Outgoing::Kind::Raw:
        break;
    }
    const protocol::FrameHeader &header = out.frame.header;
    QStringList flags;
    if (header.fin)
        flags << QStringLiteral("FIN");
    if (header.rsv1)
        flags << QStringLiteral("RSV1");
    if (header.rsv2)
        flags << QStringLiteral("RSV2");
    if (header.rsv3)
        flags << QStringLiteral("RSV3");
    const QString mask = !header.masked ? tr("unmasked") : out.frame.randomMaskKey ? tr("masked, random key") : tr("masked, fixed key");
    const QString length = out.frame.overrideLength ? tr("length field %1 (payload %2)").arg(header.payloadLength).arg(size) : tr("payload %1").arg(size);
    return tr("raw frame: %1 opcode 0x%2, %3, %4")
        .arg(flags.isEmpty() ? tr("no flags,") : flags.join(u' '))
        .arg(header.opcode, 0, 16)
        .arg(mask, length);
}

void ComposerWidget::emitOutgoing(const Outgoing &out, qint64 resendOf)
{
    switch (out.kind) {
    case Outgoing::Kind::Text:
        Q_EMIT sendTextRequested(out.data, fragments(), resendOf);
        break;
    case Outgoing::Kind::Binary:
        Q_EMIT sendBinaryRequested(out.data, fragments(), resendOf);
        break;
    case Outgoing::Kind::Raw:
        Q_EMIT rawFrameRequested(out.frame, resendOf);
        break;
    }
}

void ComposerWidget::send()
{
    if (!m_connected) {
        showStatus(tr("Not connected: nothing was sent. Connect first."), true);
        return;
    }
    Outgoing out;
    Problem problem;
    if (!compose(m_manualSends + 1, out, problem)) {
        showStatus(problem.text + tr(". Nothing was sent."), true, problem.position);
        return;
    }
    ++m_manualSends;
    const qint64 resendOf = takeResendOf(false);
    emitOutgoing(out, resendOf);
    m_history.add(draft());
    refreshHistoryCombo();
    showStatus(resendOf ? tr("Sent %1, a resend of #%2").arg(describeOutgoing(out)).arg(resendOf)
                        : tr("Sent %1").arg(describeOutgoing(out)),
               false);
}

void ComposerWidget::togglePeriodic()
{
    if (m_periodic->isRunning())
        stopPeriodic();
    else
        startPeriodic(m_interval->value());
}

void ComposerWidget::startPeriodic(int intervalMs)
{
    if (!m_connected) {
        showStatus(tr("Not connected: periodic sending not started."), true);
        return;
    }
    Outgoing out;
    Problem problem;
    if (!compose(1, out, problem)) {
        showStatus(problem.text + tr(". Periodic sending not started."), true, problem.position);
        return;
    }
    m_interval->setValue(intervalMs);
    m_history.add(draft());
    refreshHistoryCombo();
    m_periodic->start(intervalMs);
}

void ComposerWidget::stopPeriodic()
{
    m_periodic->stop();
}

bool ComposerWidget::isPeriodicRunning() const
{
    return m_periodic->isRunning();
}

qint64 ComposerWidget::periodicCount() const
{
    return m_periodic->count();
}

void ComposerWidget::onPeriodicFire(qint64 counter)
{
    Outgoing out;
    Problem problem;
    if (!compose(counter, out, problem)) {
        stopPeriodic();
        showStatus(tr("Periodic sending stopped after %1: %2").arg(counter - 1).arg(problem.text), true, problem.position);
        return;
    }
    emitOutgoing(out);
    m_periodicCount->setText(tr("sent %1").arg(counter));
}

void ComposerWidget::onPeriodicRunningChanged(bool running)
{
    m_periodicButton->setText(running ? tr("Stop") : tr("Start"));
    m_periodicButton->setEnabled(running || m_connected);
    m_interval->setEnabled(!running);
    if (running)
        m_periodicCount->setText(tr("sent 0"));
}

void ComposerWidget::browseHistory(bool older)
{
    ComposerDraft entry;
    if (older ? m_history.previous(draft(), entry) : m_history.next(entry)) {
        m_resendOf = 0; // another message now: what is sent no longer resends the row
        setDraft(entry);
    }
}

void ComposerWidget::chooseFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Load payload from a file"));
    if (!path.isEmpty())
        loadFile(path);
}

bool ComposerWidget::loadFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        showStatus(tr("Cannot read %1: %2").arg(path, file.errorString()), true);
        return false;
    }
    if (file.size() > MaxFileSize) {
        showStatus(tr("%1 is %2; the composer sends files up to %3.")
                       .arg(path, PayloadCodec::formatSize(quint64(file.size())), PayloadCodec::formatSize(MaxFileSize)),
                   true);
        return false;
    }
    m_fileData = file.readAll();
    m_fileName = QFileInfo(path).fileName();
    if (m_mode != ComposerMode::RawFrame)
        setMode(ComposerMode::Binary);
    setEncoding(PayloadEncoding::File);
    updateModeWidgets();
    return true;
}

void ComposerWidget::saveSnippetWithDialog()
{
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Save snippet"), tr("Snippet name:"), QLineEdit::Normal,
                                               m_snippetCombo->currentText(), &ok);
    if (ok)
        saveSnippet(name);
}

void ComposerWidget::saveSnippet(const QString &name)
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty()) {
        showStatus(tr("A snippet needs a name; nothing was saved."), true);
        return;
    }
    m_snippets.save({trimmed, draft()});
    refreshSnippetCombo();
    m_snippetCombo->setCurrentIndex(m_snippetCombo->findText(trimmed));
    showStatus(encoding() == PayloadEncoding::File && m_mode != ComposerMode::Text && m_mode != ComposerMode::Json
                   ? tr("Snippet “%1” saved (a file payload is not stored in it).").arg(trimmed)
                   : tr("Snippet “%1” saved.").arg(trimmed),
               false);
}

bool ComposerWidget::loadSnippet(const QString &name)
{
    const Snippet *snippet = m_snippets.find(name);
    if (!snippet)
        return false;
    m_resendOf = 0;
    setDraft(snippet->draft);
    m_snippetCombo->setCurrentIndex(m_snippetCombo->findText(name));
    m_editor->setFocus();
    return true;
}

void ComposerWidget::removeSnippet(const QString &name)
{
    if (!m_snippets.find(name))
        return;
    m_snippets.remove(name);
    refreshSnippetCombo();
    showStatus(tr("Snippet “%1” deleted.").arg(name), false);
}

void ComposerWidget::formatJson()
{
    const JsonCheck check = JsonText::check(text());
    if (!check.ok) {
        showStatus(tr("Not valid JSON: %1").arg(check.error), true, check.position);
        return;
    }
    // Through a cursor, so Ctrl+Z brings the original text back.
    QTextCursor cursor(m_editor->document());
    cursor.select(QTextCursor::Document);
    cursor.insertText(JsonText::pretty(text()));
}

QString ComposerWidget::statusText() const
{
    return m_status->text();
}

} // namespace wsi::ui
