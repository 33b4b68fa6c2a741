// SPDX-License-Identifier: MIT
#include "ui/tab/ConnectionBar.h"

#include "ui/log/LogRowText.h"

#include "ui/window/Theme.h"

#include <QComboBox>
#include <QCompleter>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

namespace wsi::ui {

namespace {

bool isActive(net::ConnectionState state)
{
    return state != net::ConnectionState::Idle && state != net::ConnectionState::Closed;
}

} // namespace

ConnectionBar::ConnectionBar(QWidget *parent)
    : QWidget(parent),
      m_url(new QComboBox(this)),
      m_options(new QPushButton(tr("Options…"), this)),
      m_connect(new QPushButton(tr("Connect"), this)),
      m_state(new QLabel(this))
{
    m_url->setEditable(true);
    m_url->setInsertPolicy(QComboBox::NoInsert);
    m_url->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    m_url->lineEdit()->setPlaceholderText(tr("ws://host:port/path or wss://…"));
    m_url->lineEdit()->setClearButtonEnabled(true);
    m_url->setToolTip(tr("WebSocket URL (ws:// or wss://). Press Enter to connect."));
    m_url->completer()->setCaseSensitivity(Qt::CaseInsensitive);
    m_url->completer()->setFilterMode(Qt::MatchContains);
    m_connect->setDefault(true);
    m_connect->setMinimumWidth(m_connect->fontMetrics().horizontalAdvance(tr("Disconnect")) + 32);
    m_state->setMinimumWidth(m_state->fontMetrics().horizontalAdvance(QStringLiteral("● requesting 00:00:00")) + 8);
    m_state->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_url, 1);
    layout->addWidget(m_options);
    layout->addWidget(m_connect);
    layout->addWidget(m_state);

    connect(m_connect, &QPushButton::clicked, this, &ConnectionBar::onConnectClicked);
    connect(m_options, &QPushButton::clicked, this, &ConnectionBar::optionsRequested);
    connect(m_url->lineEdit(), &QLineEdit::returnPressed, this, [this] {
        if (!isActive(m_current))
            onConnectClicked();
    });
    updateStateLabel();
}

QString ConnectionBar::url() const
{
    return m_url->currentText().trimmed();
}

void ConnectionBar::setUrl(const QString &url)
{
    m_url->setEditText(url);
}

void ConnectionBar::setHistory(const QStringList &urls)
{
    const QString current = m_url->currentText();
    m_url->clear();
    m_url->addItems(urls);
    m_url->setEditText(current);
}

void ConnectionBar::setState(net::ConnectionState state)
{
    m_current = state;
    if (isActive(state))
        m_error.clear();
    m_connect->setText(isActive(state) ? tr("Disconnect") : tr("Connect"));
    m_url->setEnabled(!isActive(state));
    updateStateLabel();
}

void ConnectionBar::setTrafficKind(net::TrafficKind kind)
{
    m_kind = kind;
    updateStateLabel();
}

void ConnectionBar::setElapsed(qint64 ns)
{
    m_elapsedNs = ns;
    updateStateLabel();
}

void ConnectionBar::setError(const QString &message)
{
    m_error = message;
    updateStateLabel();
}

void ConnectionBar::onConnectClicked()
{
    if (isActive(m_current))
        Q_EMIT disconnectRequested();
    else
        Q_EMIT connectRequested(url());
}

void ConnectionBar::updateStateLabel()
{
    const QPalette &palette = this->palette();
    QColor colour = palette.color(QPalette::PlaceholderText);
    QString text = QString::fromLatin1(net::connectionStateName(m_current, m_kind));
    if (m_current == net::ConnectionState::Open) {
        colour = Theme::okColor(palette);
        text += QLatin1Char(' ') + formatClock(m_elapsedNs);
    } else if (isActive(m_current)) {
        colour = Theme::warningColor(palette);
    } else if (!m_error.isEmpty()) {
        colour = Theme::errorColor(palette);
        text = tr("failed");
    }
    m_state->setText(QStringLiteral("<span style='color:%1'>●</span> %2").arg(colour.name(), text.toHtmlEscaped()));
    m_state->setToolTip(m_error);
}

QString formatClock(qint64 ns)
{
    const qint64 seconds = ns / 1000000000;
    return QStringLiteral("%1:%2:%3")
        .arg(seconds / 3600, 2, 10, QLatin1Char('0'))
        .arg((seconds / 60) % 60, 2, 10, QLatin1Char('0'))
        .arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

QString formatDuration(qint64 ns)
{
    if (ns < 0)
        return QStringLiteral("—");
    if (ns < 1000000)
        return QStringLiteral("%1 µs").arg(double(ns) / 1e3, 0, 'f', 0);
    if (ns < 1000000000)
        return QStringLiteral("%1 ms").arg(double(ns) / 1e6, 0, 'f', ns < 10000000 ? 2 : 1);
    return QStringLiteral("%1 s").arg(double(ns) / 1e9, 0, 'f', 2);
}

QString formatBytes(quint64 bytes)
{
    return LogRowText::size(bytes); // one set of units in the whole window
}

} // namespace wsi::ui
