// SPDX-License-Identifier: MIT
#include "ui/panels/server/EventStreamSettingsWidget.h"

#include "ui/panels/server/EchoServerSettings.h"
#include "ui/tab/HeaderTableEditor.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>

namespace wsi::ui {

EventStreamSettingsWidget::EventStreamSettingsWidget(QWidget *parent)
    : QWidget(parent),
      m_endpoint(new QGroupBox(tr("Serve EventSource"), this)),
      m_path(new QLineEdit(this)),
      m_retryMs(new QSpinBox(this)),
      m_keepaliveS(new QSpinBox(this)),
      m_history(new QSpinBox(this)),
      m_headers(new HeaderTableEditor(this)),
      m_bridge(new QCheckBox(tr("WebSocket text → events"), this)),
      m_posts(new QCheckBox(tr("POST publishes"), this))
{
    m_endpoint->setCheckable(true);
    m_endpoint->setToolTip(tr("Server-sent events beside the WebSocket endpoint, on the same port: GET the path for "
                              "a stream, as a browser's EventSource does"));
    m_path->setText(QStringLiteral("/events"));
    m_path->setPlaceholderText(QStringLiteral("/events"));
    m_path->setToolTip(tr("The endpoint's path; every other path stays the WebSocket server's"));
    m_retryMs->setRange(0, EchoServerSettings::MaxRetryMs);
    m_retryMs->setSingleStep(500);
    m_retryMs->setSuffix(tr(" ms"));
    m_retryMs->setSpecialValueText(tr("not sent"));
    m_retryMs->setToolTip(tr("Sent as \"retry:\" when a stream starts: how long a client waits before it reconnects"));
    m_keepaliveS->setRange(0, EchoServerSettings::MaxKeepaliveS);
    m_keepaliveS->setSuffix(tr(" s"));
    m_keepaliveS->setSpecialValueText(tr("off"));
    m_keepaliveS->setToolTip(tr("A comment line to every stream this often, so proxies keep it open"));
    m_history->setRange(0, EchoServerSettings::MaxHistorySize);
    m_history->setSuffix(tr(" events"));
    m_history->setSpecialValueText(tr("none"));
    m_history->setToolTip(tr("Events kept to replay what a reconnecting client missed after its Last-Event-ID"));
    m_bridge->setToolTip(tr("Each text message a WebSocket client sends is also published as an event"));
    m_posts->setToolTip(tr("POST PATH?event=TYPE&id=ID publishes the request's body as an event"));

    // The dock is narrow: name and value share the width, and the table is as tall as a
    // few headers (a CORS preset's three), not a scroll area's default.
    QTableWidget *table = m_headers->table();
    table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    table->setFixedHeight(table->verticalHeader()->defaultSectionSize() * 3 + table->horizontalHeader()->sizeHint().height()
                          + 2 * table->frameWidth());
    table->setTextElideMode(Qt::ElideMiddle);
    auto *cors = new QPushButton(tr("CORS"), this);
    cors->setObjectName(QStringLiteral("corsPreset"));
    cors->setToolTip(tr("Let a page from any origin read the stream and POST events (Access-Control-Allow-*)"));
    m_headers->addButton(cors);
    connect(cors, &QPushButton::clicked, this, [this] { addCorsHeaders(m_headers); });

    auto *form = new QFormLayout(m_endpoint);
    form->addRow(tr("path"), m_path);
    form->addRow(tr("retry"), m_retryMs);
    form->addRow(tr("keepalive"), m_keepaliveS);
    form->addRow(tr("history"), m_history);
    form->addRow(m_posts);
    form->addRow(m_bridge);
    form->addRow(new QLabel(tr("Response headers"), m_endpoint));
    form->addRow(m_headers);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_endpoint);
    connect(m_endpoint, &QGroupBox::toggled, this, &EventStreamSettingsWidget::enabledChanged);
    setOptions(net::EventStreamOptions());
}

void EventStreamSettingsWidget::addCorsHeaders(HeaderTableEditor *editor)
{
    // Last-Event-ID and Content-Type are not CORS-safelisted: a page's reconnect or its
    // JSON POST needs them allowed by the preflight the endpoint answers.
    editor->setHeader(QStringLiteral("Access-Control-Allow-Origin"), QStringLiteral("*"));
    editor->setHeader(QStringLiteral("Access-Control-Allow-Methods"), QStringLiteral("GET, POST, OPTIONS"));
    editor->setHeader(QStringLiteral("Access-Control-Allow-Headers"), QStringLiteral("Last-Event-ID, Content-Type"));
}

net::EventStreamOptions EventStreamSettingsWidget::options() const
{
    net::EventStreamOptions options;
    options.path = m_endpoint->isChecked() ? m_path->text().trimmed() : QString();
    options.retryMs = m_retryMs->value();
    options.keepaliveMs = m_keepaliveS->value() * 1000;
    options.historySize = m_history->value();
    options.headers = m_headers->headers();
    options.bridge = m_bridge->isChecked();
    options.acceptPosts = m_posts->isChecked();
    return options;
}

void EventStreamSettingsWidget::setOptions(const net::EventStreamOptions &options)
{
    m_endpoint->setChecked(options.isEnabled());
    if (options.isEnabled())
        m_path->setText(options.path);
    m_retryMs->setValue(options.retryMs);
    m_keepaliveS->setValue(int(std::lround(options.keepaliveMs / 1000.0)));
    m_history->setValue(options.historySize);
    m_headers->setHeaders(options.headers);
    m_bridge->setChecked(options.bridge);
    m_posts->setChecked(options.acceptPosts);
}

QString EventStreamSettingsWidget::problem() const
{
    if (!m_endpoint->isChecked())
        return {};
    const QString path = m_path->text().trimmed();
    // As `serve --sse` takes it: the endpoint matches a path, never a query.
    if (!path.startsWith(QLatin1Char('/')) || path.contains(QLatin1Char('?')) || path.contains(QLatin1Char(' ')))
        return tr("The EventSource path must start with / and have no spaces or query, as /events does.");
    const QString headers = m_headers->problem();
    return headers.isEmpty() ? QString() : tr("EventSource response headers: %1").arg(headers);
}

void EventStreamSettingsWidget::setEditable(bool editable)
{
    m_endpoint->setEnabled(editable);
}

} // namespace wsi::ui
