// SPDX-License-Identifier: MIT
#include "ui/panels/server/EventPublishWidget.h"

#include "ui/window/Theme.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QVBoxLayout>

namespace wsi::ui {

EventPublishWidget::EventPublishWidget(QWidget *parent)
    : QWidget(parent),
      m_type(new QLineEdit(this)),
      m_id(new QLineEdit(this)),
      m_data(new QPlainTextEdit(this)),
      m_publish(new QPushButton(tr("Publish  ⌃⏎"), this)),
      m_result(new QLabel(this))
{
    m_type->setPlaceholderText(QStringLiteral("message"));
    m_type->setToolTip(tr("The event's type (\"event:\"); empty: message, what onmessage receives"));
    m_id->setPlaceholderText(tr("auto: 1, 2, 3, …"));
    m_id->setToolTip(tr("The event's id (\"id:\"), what a client sends back as Last-Event-ID. Empty: the server numbers "
                        "it; an id ending in digits counts up after each event"));
    m_data->setPlaceholderText(tr("data (each line is one \"data:\" line)"));
    m_data->setFont(QFont(Theme::monospaceFamily()));
    m_data->setTabChangesFocus(true);
    m_data->setMinimumHeight(m_data->fontMetrics().lineSpacing() * 3 + 12);
    m_publish->setObjectName(QStringLiteral("publishEvent"));
    m_publish->setToolTip(tr("Send the event to every open stream (Ctrl+Enter)"));
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *form = new QFormLayout;
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("type"), m_type);
    form->addRow(tr("id"), m_id);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(form);
    layout->addWidget(m_data, 1);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_publish);
    buttons->addStretch(1);
    layout->addLayout(buttons);
    layout->addWidget(m_result);

    connect(m_publish, &QPushButton::clicked, this, &EventPublishWidget::publish);
    for (const QKeySequence &keys : {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)}) {
        auto *shortcut = new QShortcut(keys, this);
        shortcut->setContext(Qt::WidgetWithChildrenShortcut); // the form's own, not the window's send
        connect(shortcut, &QShortcut::activated, m_publish, &QPushButton::click);
    }
    setAvailable(false);
}

void EventPublishWidget::setAvailable(bool available, const QString &why)
{
    for (QWidget *widget : std::initializer_list<QWidget *>{m_type, m_id, m_data, m_publish})
        widget->setEnabled(available);
    m_result->setText(available ? QString() : why);
}

void EventPublishWidget::publish()
{
    if (!m_publish->isEnabled())
        return;
    const QString id = m_id->text().trimmed();
    Q_EMIT publishRequested(m_type->text().trimmed(), m_data->toPlainText().toUtf8(), id);
    const QString next = nextId(id);
    if (!next.isEmpty())
        m_id->setText(next);
}

void EventPublishWidget::showPublished(const QString &id, const QString &type, int delivered)
{
    const QString streams = delivered == 1 ? tr("1 stream") : tr("%1 streams").arg(delivered);
    m_result->setText(tr("Event %1 (%2) went to %3.").arg(id, type, streams));
}

void EventPublishWidget::clearResult()
{
    m_result->clear();
}

QString EventPublishWidget::resultText() const
{
    return m_result->text();
}

QString EventPublishWidget::nextId(const QString &id)
{
    qsizetype digits = 0;
    while (digits < id.size() && id.at(id.size() - 1 - digits).isDigit() && id.at(id.size() - 1 - digits).unicode() < 128)
        ++digits;
    if (digits == 0)
        return {};
    QString next = id;
    // Add one with carry, keeping leading zeros: "0099" -> "0100", "99" -> "100".
    for (qsizetype i = id.size() - 1; i >= id.size() - digits; --i) {
        if (next.at(i) != QLatin1Char('9')) {
            next[i] = QChar(next.at(i).unicode() + 1);
            return next;
        }
        next[i] = QLatin1Char('0');
    }
    return next.insert(id.size() - digits, QLatin1Char('1'));
}

} // namespace wsi::ui
