// SPDX-License-Identifier: MIT
// ComposerWidget: sending a log row again (Resend), or loading it to edit (Edit and resend).
#include "ui/composer/ComposerWidget.h"

#include "ui/composer/ControlFrameBar.h"
#include "ui/composer/RawFrameEditor.h"
#include "ui/log/details/JsonText.h"

#include <QPlainTextEdit>

#include <algorithm>

namespace wsi::ui {

namespace {

// Binary payloads above this go into the composer as a loaded file rather than as hex
// text: megabytes of hex make the editor slow, and nobody edits them byte by byte.
constexpr qsizetype MaxHexEditBytes = 64 * 1024;

bool isPrintableText(const QByteArray &bytes)
{
    return PayloadCodec::isValidUtf8(bytes) && std::none_of(bytes.begin(), bytes.end(), [](char c) {
               return (uchar(c) < 0x20 && c != '\n' && c != '\t' && c != '\r') || c == 0x7f;
           });
}

bool looksLikeJson(const QByteArray &text)
{
    const QByteArray trimmed = text.trimmed();
    return (trimmed.startsWith('{') || trimmed.startsWith('[')) && JsonText::check(QString::fromUtf8(text)).ok;
}

} // namespace

qint64 ComposerWidget::takeResendOf(bool fromControlRow)
{
    if (m_resendOf == 0 || m_resendInControls != fromControlRow)
        return 0;
    return std::exchange(m_resendOf, 0);
}

void ComposerWidget::resend(const Resend &resend)
{
    if (!resend.isValid()) {
        showStatus(resend.refusal, true);
        return;
    }
    if (!m_connected) {
        showStatus(tr("Not connected: %1 was not resent. Connect first.").arg(resend.describe()), true);
        return;
    }
    const qint64 origin = resend.originNumber;
    QString sent;
    switch (resend.kind) {
    case Resend::Kind::Text:
    case Resend::Kind::Binary: {
        const bool text = resend.kind == Resend::Kind::Text;
        if (text)
            Q_EMIT sendTextRequested(resend.payload, resend.fragments, origin);
        else
            Q_EMIT sendBinaryRequested(resend.payload, resend.fragments, origin);
        sent = resend.fragments > 1 ? tr("%1 in %2 frames").arg(PayloadCodec::formatSize(quint64(resend.payload.size()))).arg(resend.fragments)
                                    : PayloadCodec::formatSize(quint64(resend.payload.size()));
        break;
    }
    case Resend::Kind::Ping:
        Q_EMIT pingRequested(resend.payload, origin);
        sent = PayloadCodec::formatSize(quint64(resend.payload.size()));
        break;
    case Resend::Kind::Pong:
        Q_EMIT pongRequested(resend.payload, origin);
        sent = PayloadCodec::formatSize(quint64(resend.payload.size()));
        break;
    case Resend::Kind::Close:
        Q_EMIT closeRequested(resend.closeCode, QString::fromUtf8(resend.payload), origin);
        sent = resend.closeCode ? tr("code %1").arg(resend.closeCode) : tr("no status code");
        break;
    case Resend::Kind::RawFrame: {
        protocol::RawFrame frame;
        QString error;
        if (!ComposerChecks::buildRawFrame(resend.frameFields, resend.payload, frame, error)) {
            showStatus(tr("%1 cannot be rebuilt: %2").arg(resend.describe(), error), true);
            return;
        }
        Q_EMIT rawFrameRequested(frame, origin);
        sent = tr("opcode 0x%1, %2").arg(frame.header.opcode, 0, 16).arg(PayloadCodec::formatSize(quint64(resend.payload.size())));
        break;
    }
    }
    showStatus(tr("Resent %1 (%2).").arg(resend.describe(), sent), false);
}

void ComposerWidget::editResend(const Resend &resend)
{
    if (!resend.isValid()) {
        showStatus(resend.refusal, true);
        return;
    }
    stopPeriodic(); // the editor is about to hold another message
    m_resendOf = resend.originNumber;
    m_resendInControls = resend.kind == Resend::Kind::Ping || resend.kind == Resend::Kind::Pong
        || resend.kind == Resend::Kind::Close;
    loadResendPayload(resend);
    const QString what = resend.describe();
    switch (resend.kind) {
    case Resend::Kind::Ping:
        showStatus(tr("%1 is in the control row: change the payload, then Ping. The new row links to #%2.").arg(what).arg(m_resendOf), false);
        break;
    case Resend::Kind::Pong:
        showStatus(tr("%1 is in the control row: change the payload, then Pong. The new row links to #%2.").arg(what).arg(m_resendOf), false);
        break;
    case Resend::Kind::Close:
        showStatus(tr("%1 is in the control row: change the code or reason, then Close. The new row links to #%2.").arg(what).arg(m_resendOf), false);
        break;
    default:
        checkInput(); // what Send will send, and that it links to the row
        m_editor->setFocus();
        break;
    }
}

void ComposerWidget::loadResendPayload(const Resend &resend)
{
    const QByteArray &payload = resend.payload;
    switch (resend.kind) {
    case Resend::Kind::Text:
        setDraft({looksLikeJson(payload) ? ComposerMode::Json : ComposerMode::Text, encoding(), QString::fromUtf8(payload)});
        setFragments(resend.fragments);
        return;
    case Resend::Kind::Ping:
    case Resend::Kind::Pong:
        m_controls->loadPing(payload, resend.kind == Resend::Kind::Pong);
        return;
    case Resend::Kind::Close:
        m_controls->loadClose(resend.closeCode, QString::fromUtf8(payload));
        return;
    case Resend::Kind::Binary:
    case Resend::Kind::RawFrame:
        break;
    }
    const ComposerMode mode = resend.kind == Resend::Kind::Binary ? ComposerMode::Binary : ComposerMode::RawFrame;
    if (resend.kind == Resend::Kind::RawFrame)
        setRawFrameFields(resend.frameFields);
    else
        setFragments(resend.fragments);
    if (payload.size() > MaxHexEditBytes) {
        // As if loaded from a file: sent whole, its type and frames still editable.
        m_fileData = payload;
        m_fileName = tr("payload of #%1").arg(resend.originNumber);
        setMode(mode);
        setEncoding(PayloadEncoding::File);
        updateModeWidgets();
        return;
    }
    const bool asText = resend.kind == Resend::Kind::RawFrame && isPrintableText(payload);
    setDraft({mode, asText ? PayloadEncoding::Text : PayloadEncoding::Hex,
              asText ? QString::fromUtf8(payload) : PayloadCodec::toSpacedHex(payload, 16)});
}

} // namespace wsi::ui
