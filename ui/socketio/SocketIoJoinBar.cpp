// SPDX-License-Identifier: MIT
#include "ui/socketio/SocketIoJoinBar.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QLabel>
#include <QLineEdit>

namespace wsi::ui {

SocketIoJoinBar::SocketIoJoinBar(QWidget *parent)
    : QWidget(parent), m_version(new QComboBox(this)), m_namespaces(new QLineEdit(this)), m_auth(new QLineEdit(this)), m_summary(new QLabel(this))
{
    m_version->addItem(tr("Socket.IO v3/v4 (EIO 4)"), 4);
    m_version->addItem(tr("Socket.IO v2 (EIO 3)"), 3);
    m_version->setToolTip(tr("The Engine.IO protocol the server speaks: 4 for Socket.IO 3 and 4 servers, 3 for Socket.IO 2"));
    m_namespaces->setText(QStringLiteral("/"));
    m_namespaces->setPlaceholderText(tr("/, /admin"));
    m_namespaces->setToolTip(tr("Namespaces to join once the Engine.IO session is open, separated by commas"));
    m_auth->setPlaceholderText(tr(R"(auth, e.g. {"token": "…"})"));
    m_auth->setToolTip(tr("The auth payload sent with each namespace's CONNECT (a JSON object; EIO 4 only: "
                          "Socket.IO v2 servers read a token from the URL's query instead)"));
    m_auth->setClearButtonEnabled(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setObjectName(QStringLiteral("socketIoSummary"));

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 0, 6, 0);
    layout->addWidget(new QLabel(tr("Socket.IO"), this));
    layout->addWidget(m_version);
    layout->addWidget(new QLabel(tr("namespaces"), this));
    // The fields keep room to read what is typed; the summary (also in the Connection panel
    // and its tooltip) is cut short first when the tab is narrow.
    m_namespaces->setMinimumWidth(m_namespaces->fontMetrics().horizontalAdvance(QStringLiteral("/, /admin, /chat")) + 16);
    m_auth->setMinimumWidth(m_auth->fontMetrics().horizontalAdvance(QStringLiteral(R"({"token": "s3cret-token"})")) + 32);
    m_summary->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    layout->addWidget(m_namespaces, 1);
    layout->addWidget(m_auth, 2);
    layout->addWidget(m_summary, 2);
    connect(m_auth, &QLineEdit::textChanged, this, &SocketIoJoinBar::checkAuth);
    connect(m_version, &QComboBox::currentIndexChanged, this, &SocketIoJoinBar::checkAuth);
}

int SocketIoJoinBar::engineIoVersion() const
{
    return m_version->currentData().toInt();
}

void SocketIoJoinBar::setEngineIoVersion(int version)
{
    m_version->setCurrentIndex(std::max(0, m_version->findData(version)));
}

QStringList SocketIoJoinBar::namespaces() const
{
    QStringList names;
    for (QString name : m_namespaces->text().split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        name = name.trimmed();
        if (name.isEmpty())
            continue;
        if (!name.startsWith(QLatin1Char('/')))
            name.prepend(QLatin1Char('/'));
        if (!names.contains(name))
            names << name;
    }
    if (names.isEmpty())
        names << QStringLiteral("/");
    return names;
}

std::optional<QJsonValue> SocketIoJoinBar::auth(QString *error) const
{
    const QByteArray text = m_auth->text().trimmed().toUtf8();
    if (text.isEmpty())
        return std::nullopt;
    QJsonParseError parse;
    const QJsonDocument document = QJsonDocument::fromJson(text, &parse);
    if (parse.error != QJsonParseError::NoError || !document.isObject()) {
        if (error)
            *error = parse.error != QJsonParseError::NoError
                         ? tr("the auth payload is not JSON (%1 at character %2)").arg(parse.errorString()).arg(parse.offset + 1)
                         : tr("the auth payload must be a JSON object, as socket.io's client sends it");
        return std::nullopt;
    }
    return QJsonValue(document.object());
}

void SocketIoJoinBar::checkAuth()
{
    QString error;
    const bool bad = !auth(&error) && !error.isEmpty();
    m_auth->setStyleSheet(bad ? QStringLiteral("QLineEdit { border: 1px solid #d9534f; }") : QString());
    m_auth->setToolTip(bad ? error : tr("The auth payload sent with each namespace's CONNECT (a JSON object)"));
}

void SocketIoJoinBar::setSummary(const QString &text)
{
    m_summary->setText(text);
    m_summary->setToolTip(text);
}

QString SocketIoJoinBar::summary() const
{
    return m_summary->text();
}

} // namespace wsi::ui
