// SPDX-License-Identifier: MIT
#include "ui/socketio/SocketIoEmitBar.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QKeyEvent>
#include <QJsonParseError>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

namespace wsi::ui {

SocketIoEmitBar::SocketIoEmitBar(QWidget *parent)
    : QWidget(parent),
      m_namespace(new QComboBox(this)),
      m_event(new QLineEdit(this)),
      m_arguments(new QLineEdit(this)),
      m_ack(new QCheckBox(tr("ack"), this)),
      m_emit(new QPushButton(tr("Emit"), this)),
      m_status(new QLabel(this))
{
    m_namespace->setToolTip(tr("The namespace to emit to: one the session joined"));
    m_namespace->setMinimumContentsLength(8);
    m_event->setPlaceholderText(tr("event"));
    m_event->setToolTip(tr("The event's name"));
    m_arguments->setPlaceholderText(tr(R"(arguments as JSON: ["hi", 1] or "hi")"));
    m_arguments->setToolTip(tr("A JSON array is the argument list; any other JSON value is the one argument; empty: none"));
    m_ack->setToolTip(tr("Ask the server to acknowledge; its round trip is shown here and in the log"));
    m_status->setObjectName(QStringLiteral("emitStatus"));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 0, 6, 4);
    layout->addWidget(new QLabel(tr("Emit to"), this));
    layout->addWidget(m_namespace);
    layout->addWidget(m_event, 1);
    layout->addWidget(m_arguments, 3);
    layout->addWidget(m_ack);
    layout->addWidget(m_emit);
    layout->addWidget(m_status, 2);

    m_event->installEventFilter(this);
    m_arguments->installEventFilter(this);
    connect(m_event, &QLineEdit::textChanged, this, &SocketIoEmitBar::check);
    connect(m_arguments, &QLineEdit::textChanged, this, &SocketIoEmitBar::check);
    connect(m_event, &QLineEdit::returnPressed, this, &SocketIoEmitBar::emitEvent);
    connect(m_arguments, &QLineEdit::returnPressed, this, &SocketIoEmitBar::emitEvent);
    connect(m_emit, &QPushButton::clicked, this, &SocketIoEmitBar::emitEvent);
    check();
}

// Enter in the event or arguments field emits: the log's Return shortcut (expand a row)
// would take it first.
bool SocketIoEmitBar::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::ShortcutOverride && (watched == m_event || watched == m_arguments)) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        if (key == Qt::Key_Return || key == Qt::Key_Enter) {
            event->accept();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void SocketIoEmitBar::setNamespaces(const QStringList &joined)
{
    const QString current = m_namespace->currentText();
    m_namespace->clear();
    m_namespace->addItems(joined);
    m_namespace->setCurrentIndex(std::max(0, m_namespace->findText(current)));
    check();
}

void SocketIoEmitBar::setStatus(const QString &text)
{
    m_status->setText(text);
}

QString SocketIoEmitBar::statusText() const
{
    return m_status->text();
}

std::optional<QJsonArray> SocketIoEmitBar::arguments(QString *error) const
{
    const QByteArray text = m_arguments->text().trimmed().toUtf8();
    if (text.isEmpty())
        return QJsonArray();
    // Wrapped so a lone string or number parses too; the offset is the typed text's.
    QJsonParseError parse;
    const QJsonDocument document = QJsonDocument::fromJson('[' + text + ']', &parse);
    if (parse.error != QJsonParseError::NoError) {
        if (error)
            *error = tr("arguments are not JSON: %1 at character %2").arg(parse.errorString()).arg(std::max(1, parse.offset));
        return std::nullopt;
    }
    const QJsonArray wrapped = document.array();
    if (wrapped.size() != 1) {
        if (error)
            *error = tr("arguments: one JSON value (an array for several arguments)");
        return std::nullopt;
    }
    return wrapped.first().isArray() ? wrapped.first().toArray() : QJsonArray{wrapped.first()};
}

void SocketIoEmitBar::check()
{
    QString error;
    const bool parsed = arguments(&error).has_value();
    m_valid = parsed && !m_event->text().trimmed().isEmpty() && m_namespace->count() > 0;
    m_emit->setEnabled(m_valid);
    if (!parsed)
        setStatus(QStringLiteral("✗ ") + error);
    else if (m_namespace->count() == 0)
        setStatus(tr("connect and join a namespace to emit"));
    else if (m_status->text().startsWith(QStringLiteral("✗ ")) || m_status->text().startsWith(tr("connect and join")))
        setStatus(QString());
}

void SocketIoEmitBar::emitEvent()
{
    check();
    if (!m_valid)
        return;
    Q_EMIT emitRequested(m_namespace->currentText(), m_event->text().trimmed(), *arguments(nullptr), m_ack->isChecked());
}

} // namespace wsi::ui
