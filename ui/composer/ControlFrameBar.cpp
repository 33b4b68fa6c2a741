// SPDX-License-Identifier: MIT
#include "ui/composer/ControlFrameBar.h"

#include "ui/common/FlowLayout.h"

#include "ui/composer/ComposerChecks.h"
#include "ui/window/Theme.h"
#include "protocol/CloseCode.h"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QFrame>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

#include <algorithm>

namespace wsi::ui {

ControlFrameBar::ControlFrameBar(QWidget *parent) : QWidget(parent)
{
    // Ping/pong and close are two groups that wrap as wholes in a narrow window.
    auto *layout = new FlowLayout(this, 16, 2);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *payloadLabel = new QLabel(tr("ping/pong payload"));
    m_payload = new QLineEdit;
    m_payload->setObjectName(QStringLiteral("controlPayload"));
    m_payload->setPlaceholderText(tr("empty"));
    m_payload->setToolTip(tr("At most 125 bytes (RFC 6455 section 5.5). Enter sends a ping."));
    m_payload->setFont(QFont(Theme::monospaceFamily()));
    m_payload->setMinimumWidth(m_payload->fontMetrics().horizontalAdvance(QStringLiteral("keepalive 0000")));
    m_payload->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    connect(m_payload, &QLineEdit::returnPressed, this, &ControlFrameBar::sendPing);
    m_payloadHex = new QCheckBox(tr("hex"));
    m_payloadHex->setObjectName(QStringLiteral("controlPayloadHex"));
    m_ping = new QPushButton(tr("Ping"));
    m_ping->setObjectName(QStringLiteral("ping"));
    connect(m_ping, &QPushButton::clicked, this, &ControlFrameBar::sendPing);
    m_pong = new QPushButton(tr("Pong"));
    m_pong->setObjectName(QStringLiteral("pong"));
    m_pong->setToolTip(tr("An unsolicited pong (a heartbeat, RFC 6455 section 5.5.3)"));
    connect(m_pong, &QPushButton::clicked, this, &ControlFrameBar::sendPong);
    layout->addGroup({payloadLabel, m_payload, m_payloadHex, m_ping, m_pong});

    auto *closeLabel = new QLabel(tr("close"));
    m_closeCode = new QComboBox;
    m_closeCode->setObjectName(QStringLiteral("closeCode"));
    m_closeCode->setEditable(true);
    m_closeCode->setInsertPolicy(QComboBox::NoInsert);
    for (int code : offeredCloseCodes()) {
        const QString meaning = code == 4000 ? tr("custom…") : QString::fromLatin1(protocol::closeCodeMeaning(quint16(code)));
        m_closeCode->addItem(QStringLiteral("%1 %2").arg(code).arg(meaning), code);
    }
    m_closeCode->addItem(tr("no status code"), 0);
    m_closeCode->setToolTip(tr("Pick a code or type one (1000-1003, 1007-1014, 3000-4999)"));
    m_closeCode->setMinimumContentsLength(18);
    m_reason = new QLineEdit;
    m_reason->setObjectName(QStringLiteral("closeReason"));
    m_reason->setPlaceholderText(tr("reason (optional)"));
    m_reason->setMinimumWidth(m_reason->fontMetrics().horizontalAdvance(QStringLiteral("reason (optional)  ")) + 16);
    m_reason->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    connect(m_reason, &QLineEdit::textChanged, this, &ControlFrameBar::updateReasonCount);
    connect(m_reason, &QLineEdit::returnPressed, this, &ControlFrameBar::sendClose);
    m_reasonCount = new QLabel;
    m_reasonCount->setObjectName(QStringLiteral("closeReasonCount"));
    m_close = new QPushButton(tr("Close"));
    m_close->setObjectName(QStringLiteral("close"));
    connect(m_close, &QPushButton::clicked, this, &ControlFrameBar::sendClose);
    layout->addGroup({closeLabel, m_closeCode, m_reason, m_reasonCount, m_close});
    updateReasonCount();
}

QList<int> ControlFrameBar::offeredCloseCodes()
{
    return {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 3000, 4000};
}

void ControlFrameBar::setSendEnabled(bool enabled)
{
    m_sendEnabled = enabled;
    m_ping->setEnabled(enabled && m_controlFramesAvailable);
    m_pong->setEnabled(enabled && m_controlFramesAvailable);
    m_close->setEnabled(enabled);
}

void ControlFrameBar::setControlFramesAvailable(bool available)
{
    m_controlFramesAvailable = available;
    m_closeCode->setEnabled(available);
    m_reason->setEnabled(available);
    const QString why = available ? QString() : tr("The hixie drafts have no ping, pong or close code: their close is 0xFF 0x00");
    for (QWidget *widget : std::initializer_list<QWidget *>{m_ping, m_pong, m_closeCode, m_reason})
        widget->setToolTip(why);
    setSendEnabled(m_sendEnabled);
}

void ControlFrameBar::loadPing(const QByteArray &payload, bool pong)
{
    const bool printable = PayloadCodec::isValidUtf8(payload)
        && std::none_of(payload.begin(), payload.end(), [](char c) { return uchar(c) < 0x20 || c == 0x7f; });
    m_payloadHex->setChecked(!printable);
    m_payload->setText(printable ? QString::fromUtf8(payload) : PayloadCodec::toSpacedHex(payload));
    (pong ? m_pong : m_ping)->setFocus();
}

void ControlFrameBar::loadClose(int code, const QString &reason)
{
    const int listed = m_closeCode->findData(code);
    if (listed >= 0)
        m_closeCode->setCurrentIndex(listed);
    else
        m_closeCode->setCurrentText(QString::number(code));
    m_reason->setText(reason);
    m_close->setFocus();
}

bool ControlFrameBar::controlPayload(const char *what, QByteArray &payload)
{
    const DecodeResult decoded = ComposerChecks::decodePayload(m_payloadHex->isChecked() ? PayloadEncoding::Hex : PayloadEncoding::Text,
                                                               m_payload->text());
    QString problem = decoded.ok ? ComposerChecks::checkControlPayload(decoded.data, what) : tr("%1 payload: %2").arg(QLatin1String(what), decoded.error);
    if (!problem.isEmpty()) {
        Q_EMIT message(problem, true);
        return false;
    }
    payload = decoded.data;
    return true;
}

void ControlFrameBar::sendPing()
{
    QByteArray payload;
    if (!m_ping->isEnabled() || !controlPayload("ping", payload))
        return;
    Q_EMIT pingRequested(payload);
    Q_EMIT message(tr("Ping sent (%1 bytes)").arg(payload.size()), false);
}

void ControlFrameBar::sendPong()
{
    QByteArray payload;
    if (!m_pong->isEnabled() || !controlPayload("pong", payload))
        return;
    Q_EMIT pongRequested(payload);
    Q_EMIT message(tr("Pong sent (%1 bytes)").arg(payload.size()), false);
}

void ControlFrameBar::sendClose()
{
    if (!m_close->isEnabled())
        return;
    int code = 0;
    QString problem;
    // An item picked from the list carries its code; typed text is parsed.
    const int index = m_closeCode->findText(m_closeCode->currentText());
    if (index >= 0 && m_closeCode->itemData(index).isValid())
        code = m_closeCode->itemData(index).toInt();
    else if (!ComposerChecks::parseCloseCode(m_closeCode->currentText(), code, problem)) {
        Q_EMIT message(problem, true);
        return;
    }
    problem = ComposerChecks::checkCloseReason(m_reason->text(), code);
    if (!problem.isEmpty()) {
        Q_EMIT message(problem, true);
        return;
    }
    Q_EMIT closeRequested(code, m_reason->text());
    Q_EMIT message(code ? tr("Close %1 sent").arg(code) : tr("Close without status code sent"), false);
}

void ControlFrameBar::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        updateReasonCount();
    QWidget::changeEvent(event);
}

void ControlFrameBar::updateReasonCount()
{
    const qsizetype size = m_reason->text().toUtf8().size();
    m_reasonCount->setText(tr("%1/%2 bytes").arg(size).arg(ComposerChecks::MaxCloseReason));
    const bool over = size > ComposerChecks::MaxCloseReason;
    QPalette palette = m_reasonCount->palette();
    palette.setColor(QPalette::WindowText, over ? Theme::errorColor(palette) : this->palette().color(QPalette::PlaceholderText));
    m_reasonCount->setPalette(palette);
}

} // namespace wsi::ui
