// SPDX-License-Identifier: MIT
#include "ui/panels/server/EchoServerPanel.h"
#include "ui/panels/server/MockScriptWidget.h"

#include "ui/common/FlowLayout.h"
#include "ui/panels/server/CurrentPageTabs.h"
#include "ui/panels/server/EchoClientList.h"
#include "ui/tab/ConnectionBar.h"
#include "ui/panels/server/EchoServerController.h"
#include "ui/panels/server/EchoServerSettings.h"
#include "ui/panels/server/EventPublishWidget.h"
#include "ui/panels/server/EventStreamSettingsWidget.h"
#include "ui/window/Theme.h"

#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QFileDialog>
#include <QGuiApplication>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QTabWidget>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace wsi::ui {

namespace {

QWidget *fileField(QLineEdit *edit, const QString &title, QWidget *parent)
{
    auto *row = new QWidget(parent);
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(edit, 1);
    auto *browse = new QToolButton(row);
    browse->setText(QStringLiteral("…"));
    browse->setToolTip(title);
    layout->addWidget(browse);
    QObject::connect(browse, &QToolButton::clicked, edit, [edit, title] {
        const QString file = QFileDialog::getOpenFileName(edit, title, edit->text(),
                                                          EchoServerPanel::tr("PEM files (*.pem *.crt *.key);;All files (*)"));
        if (!file.isEmpty())
            edit->setText(file);
    });
    return row;
}

} // namespace

EchoServerPanel::EchoServerPanel(EchoServerController *controller, QWidget *parent)
    : QWidget(parent),
      m_controller(controller),
      m_host(new QLineEdit(this)),
      m_port(new QSpinBox(this)),
      m_scheme(new QComboBox(this)),
      m_certificate(new QLineEdit(this)),
      m_key(new QLineEdit(this)),
      m_mode(new QComboBox(this)),
      m_deflate(new QCheckBox(tr("permessage-deflate"), this)),
      m_oldDrafts(new QCheckBox(tr("old drafts"), this)),
      m_subprotocols(new QLineEdit(this)),
      m_maxMessageMiB(new QSpinBox(this)),
      m_delayMs(new QSpinBox(this)),
      m_pingIntervalS(new QSpinBox(this)),
      m_start(new QPushButton(tr("Start"), this)),
      m_mock(new MockScriptWidget(this)),
      m_connectTab(new QPushButton(tr("Connect a tab"), this)),
      m_eventSourceTab(new QPushButton(tr("EventSource tab"), this)),
      m_status(new QLabel(this)),
      m_settingsTabs(new CurrentPageTabs(CurrentPageTabs::Height::PageHint, this)),
      m_activityTabs(new CurrentPageTabs(CurrentPageTabs::Height::PageMinimum, this)),
      m_eventSettings(new EventStreamSettingsWidget(this)),
      m_publish(new EventPublishWidget(this)),
      m_clients(new EchoClientList(this)),
      m_faultCode(new QSpinBox(this)),
      m_faultReason(new QLineEdit(this)),
      m_closeAll(new QPushButton(tr("Close all"), this)),
      m_dropAll(new QPushButton(tr("Drop all"), this))
{
    m_host->setToolTip(tr("127.0.0.1 keeps the server on this machine; 0.0.0.0 or :: listens on every network"));
    m_port->setRange(0, 65535);
    m_port->setSpecialValueText(tr("any free port"));
    m_scheme->addItem(QStringLiteral("ws"));
    m_scheme->addItem(QStringLiteral("wss"));
    m_certificate->setPlaceholderText(tr("empty: self-signed, made now"));
    m_key->setPlaceholderText(tr("empty: self-signed, made now"));
    m_mode->addItem(tr("echo"), int(net::EchoMode::Echo));
    m_mode->addItem(tr("broadcast"), int(net::EchoMode::Broadcast));
    m_subprotocols->setPlaceholderText(tr("accepted subprotocols, comma-separated"));
    m_maxMessageMiB->setRange(1, EchoServerSettings::MaxMessageMiB);
    m_maxMessageMiB->setSuffix(tr(" MiB"));
    m_delayMs->setRange(0, EchoServerSettings::MaxDelayMs);
    m_delayMs->setSuffix(tr(" ms"));
    m_delayMs->setSpecialValueText(tr("none"));
    m_pingIntervalS->setRange(0, EchoServerSettings::MaxPingIntervalS);
    m_pingIntervalS->setSuffix(tr(" s"));
    m_pingIntervalS->setSpecialValueText(tr("off"));
    m_faultCode->setRange(1000, 4999);
    m_faultCode->setValue(1001);
    m_faultReason->setPlaceholderText(tr("reason"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::LinksAccessibleByMouse);
    m_connectTab->setEnabled(false);
    m_eventSourceTab->setToolTip(tr("Open a tab that reads the server's EventSource endpoint"));
    m_eventSourceTab->setVisible(false);
    m_closeAll->setEnabled(false);
    m_dropAll->setEnabled(false);

    auto *settings = new QWidget(this);
    auto *form = m_serverForm = new QFormLayout(settings);
    // A row each: the dock can be 220 pixels wide.
    form->addRow(tr("scheme"), m_scheme);
    form->addRow(tr("listen on"), m_host);
    form->addRow(tr("port"), m_port);
    form->addRow(tr("certificate"), fileField(m_certificate, tr("Server certificate (PEM)"), this));
    form->addRow(tr("key"), fileField(m_key, tr("Private key (PEM)"), this));
    form->addRow(tr("mode"), m_mode);
    form->addRow(tr("subprotocols"), m_subprotocols);
    auto *limits = new QHBoxLayout;
    limits->addWidget(m_deflate);
    limits->addStretch(1);
    form->addRow(tr("extensions"), limits);
    m_oldDrafts->setObjectName(QStringLiteral("oldDrafts"));
    m_oldDrafts->setToolTip(tr("Answer clients of hybi-08/07 and hixie-76/75 in their own version, as em-websocket "
                               "does; off: refuse them with 426 (version 13 only)"));
    form->addRow(tr("versions"), m_oldDrafts);
    form->addRow(tr("max message"), m_maxMessageMiB);
    form->addRow(tr("reply delay"), m_delayMs);
    form->addRow(tr("keepalive ping"), m_pingIntervalS);

    // The dock is narrow: settings and activity are pages, the buttons wrap.
    m_settingsTabs->setDocumentMode(true);
    m_settingsTabs->addTab(settings, tr("Server"));
    m_settingsTabs->addTab(m_eventSettings, tr("EventSource"));
    m_settingsTabs->addTab(m_mock, tr("Mock"));
    auto *buttons = new FlowLayout(nullptr, 6, 4);
    buttons->addWidget(m_start);
    buttons->addWidget(m_connectTab);
    buttons->addWidget(m_eventSourceTab);

    auto *clientsPage = new QWidget(this);
    auto *clientsLayout = new QVBoxLayout(clientsPage);
    clientsLayout->setContentsMargins(0, 4, 0, 0);
    clientsLayout->addWidget(m_clients, 1);
    auto *faults = new FlowLayout(nullptr, 4, 4);
    faults->addGroup({new QLabel(tr("Fault:"), this), m_closeAll, m_faultCode});
    faults->addWidget(m_faultReason);
    faults->addWidget(m_dropAll);
    clientsLayout->addLayout(faults);
    m_faultReason->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    m_activityTabs->setDocumentMode(true);
    m_activityTabs->addTab(clientsPage, tr("Clients"));
    m_activityTabs->addTab(m_publish, tr("Publish event"));

    // When the dock is shorter than the panel's least height (the EventSource page at
    // 1280x800), the panel scrolls rather than squeezing its rows into each other.
    auto *content = new QWidget;
    // Only up and down: across, the dock's width is what there is (fields narrow, text wraps).
    content->setMinimumWidth(1);
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addWidget(m_settingsTabs);
    layout->addLayout(buttons);
    layout->addWidget(m_status);
    layout->addWidget(m_activityTabs, 1);
    auto *scroll = new QScrollArea(this);
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(scroll);

    connect(m_scheme, &QComboBox::currentTextChanged, this, [this](const QString &scheme) {
        const bool tls = scheme == QLatin1String("wss");
        m_certificate->setEnabled(tls && !m_controller->isRunning());
        m_key->setEnabled(tls && !m_controller->isRunning());
        showTlsRows();
    });
    connect(m_start, &QPushButton::clicked, this, &EchoServerPanel::onStartClicked);
    connect(m_connectTab, &QPushButton::clicked, this, [this] {
        Q_EMIT connectTabRequested(m_controller->url(), m_controller->certificatePemFile());
    });
    connect(m_eventSourceTab, &QPushButton::clicked, this, [this] {
        Q_EMIT connectTabRequested(m_controller->eventStreamUrl(), m_controller->certificatePemFile());
    });
    connect(m_status, &QLabel::linkActivated, this, [this](const QString &link) {
        if (link.startsWith(QLatin1String("copy:")))
            copyUrl(link.mid(5));
    });
    connect(m_publish, &EventPublishWidget::publishRequested, m_controller, &EchoServerController::publishEvent);
    connect(m_closeAll, &QPushButton::clicked, this,
            [this] { m_controller->closeAll(m_faultCode->value(), m_faultReason->text()); });
    connect(m_dropAll, &QPushButton::clicked, m_controller, &EchoServerController::dropAll);
    connect(m_controller, &EchoServerController::started, this, &EchoServerPanel::onStarted);
    connect(m_controller, &EchoServerController::mockLogged, m_mock, &MockScriptWidget::addLog);
    connect(m_controller, &EchoServerController::mockError, m_mock, &MockScriptWidget::addError);
    connect(m_controller, &EchoServerController::startFailed, this, &EchoServerPanel::onStartFailed);
    connect(m_controller, &EchoServerController::stopped, this, &EchoServerPanel::onStopped);
    connect(m_controller, &EchoServerController::clientConnected, m_clients, &EchoClientList::clientConnected);
    connect(m_controller, &EchoServerController::clientHandshake, m_clients, &EchoClientList::clientHandshake);
    connect(m_controller, &EchoServerController::trafficReported, m_clients, &EchoClientList::addTraffic);
    connect(m_controller, &EchoServerController::clientClosed, m_clients, &EchoClientList::clientClosed);
    connect(m_controller, &EchoServerController::eventStreamOpened, m_clients, &EchoClientList::eventStreamOpened);
    connect(m_controller, &EchoServerController::httpRequestAnswered, m_clients, &EchoClientList::httpAnswered);
    connect(m_controller, &EchoServerController::eventPublished, m_publish, &EventPublishWidget::showPublished);
    connect(m_controller, &EchoServerController::eventCountsChanged, this, [this] {
        if (m_controller->isRunning())
            showRunningStatus();
    });

    setOptions(net::EchoServerOptions());
    m_status->setText(tr("Stopped. The server listens on 127.0.0.1 unless you choose another address."));
    updatePublishForm();
}

net::EchoServerOptions EchoServerPanel::options() const
{
    net::EchoServerOptions options;
    options.host = m_host->text().trimmed();
    options.port = quint16(m_port->value());
    options.tls = m_scheme->currentText() == QLatin1String("wss");
    options.certificateFile = m_certificate->text().trimmed();
    options.keyFile = m_key->text().trimmed();
    options.mode = net::EchoMode(m_mode->currentData().toInt());
    options.deflate = m_deflate->isChecked();
    options.refuseOldDrafts = !m_oldDrafts->isChecked();
    for (const QString &protocol : m_subprotocols->text().split(QLatin1Char(','), Qt::SkipEmptyParts))
        options.subprotocols << protocol.trimmed();
    options.maxMessageSize = quint64(m_maxMessageMiB->value()) * 1024 * 1024;
    options.replyDelayMs = m_delayMs->value();
    options.pingIntervalMs = m_pingIntervalS->value() * 1000;
    options.eventStream = m_eventSettings->options();
    return options;
}

void EchoServerPanel::setOptions(const net::EchoServerOptions &options)
{
    m_host->setText(options.host);
    m_port->setValue(options.port);
    m_scheme->setCurrentIndex(options.tls ? 1 : 0);
    m_certificate->setText(options.certificateFile);
    m_key->setText(options.keyFile);
    m_certificate->setEnabled(options.tls);
    m_key->setEnabled(options.tls);
    showTlsRows();
    m_mode->setCurrentIndex(m_mode->findData(int(options.mode)));
    m_deflate->setChecked(options.deflate);
    m_oldDrafts->setChecked(!options.refuseOldDrafts);
    m_subprotocols->setText(options.subprotocols.join(QStringLiteral(", ")));
    m_maxMessageMiB->setValue(int(options.maxMessageSize / (1024 * 1024)));
    m_delayMs->setValue(options.replyDelayMs);
    m_pingIntervalS->setValue(options.pingIntervalMs / 1000);
    m_eventSettings->setOptions(options.eventStream);
}

// The certificate and key rows only for wss: for ws they would be two disabled rows of a
// dock with little height to spare.
void EchoServerPanel::showTlsRows()
{
    const bool tls = m_scheme->currentText() == QLatin1String("wss");
    m_serverForm->setRowVisible(m_certificate->parentWidget(), tls);
    m_serverForm->setRowVisible(m_key->parentWidget(), tls);
}

QString EchoServerPanel::statusText() const
{
    return m_status->text();
}

void EchoServerPanel::onStartClicked()
{
    if (m_controller->isRunning()) {
        m_controller->stop();
        return;
    }
    const net::EchoServerOptions wanted = options();
    if (wanted.tls && wanted.certificateFile.isEmpty() != wanted.keyFile.isEmpty()) {
        onStartFailed(tr("Give both a certificate and a key file, or neither for a self-signed certificate."));
        return;
    }
    const QString eventsProblem = m_eventSettings->problem();
    if (!eventsProblem.isEmpty()) {
        m_settingsTabs->setCurrentWidget(m_eventSettings);
        onStartFailed(eventsProblem);
        return;
    }
    m_start->setEnabled(false);
    m_status->setText(tr("Starting…"));
    m_mock->clearLog();
    m_controller->setMockScript(QStringLiteral("mock.js"), m_mock->activeScript());
    m_controller->start(wanted);
}

void EchoServerPanel::onStarted(const QString &, const QString &)
{
    setEditable(false);
    m_start->setEnabled(true);
    m_start->setText(tr("Stop"));
    m_eventSourceTab->setVisible(!m_controller->eventStreamUrl().isEmpty());
    m_publish->clearResult();
    updatePublishForm();
    showRunningStatus();
}

// The info line: each URL with a "copy" link, the certificate, the event streams.
void EchoServerPanel::showRunningStatus()
{
    const auto urlLine = [this](const QString &label, const QString &url, const QString &which) {
        const QString link = m_copied == which ? tr("copied") : QStringLiteral("<a href='copy:%1'>%2</a>").arg(which, tr("copy"));
        return tr("%1 <b>%2</b> · %3").arg(label, url.toHtmlEscaped(), link);
    };
    QString text = urlLine(tr("Listening on"), m_controller->url(), QStringLiteral("ws"));
    const QString events = m_controller->eventStreamUrl();
    if (!events.isEmpty())
        text += QStringLiteral("<br>") + urlLine(tr("EventSource"), events, QStringLiteral("events"));
    if (!m_controller->fingerprint().isEmpty())
        text += QStringLiteral("<br>") + tr("certificate SHA-256 <span style='font-family:%1'>%2</span>")
                                             .arg(Theme::monospaceFamily(), m_controller->fingerprint());
    if (!events.isEmpty()) {
        const int streams = m_controller->eventStreamCount();
        const quint64 published = m_controller->eventsPublished();
        text += QStringLiteral("<br>")
            + (streams == 1 ? tr("1 event stream open") : tr("%1 event streams open").arg(streams)) + QStringLiteral(" · ")
            + (published == 1 ? tr("1 event published") : tr("%1 events published").arg(published));
    }
    m_status->setText(text);
}

void EchoServerPanel::copyUrl(const QString &which)
{
    const QString url = which == QLatin1String("events") ? m_controller->eventStreamUrl() : m_controller->url();
    if (!m_controller->isRunning() || url.isEmpty())
        return;
    QGuiApplication::clipboard()->setText(url);
    m_copied = which;
    showRunningStatus();
    QTimer::singleShot(1500, this, [this, which] {
        if (m_copied != which)
            return;
        m_copied.clear();
        if (m_controller->isRunning())
            showRunningStatus();
    });
}

void EchoServerPanel::updatePublishForm()
{
    if (!m_controller->isRunning())
        m_publish->setAvailable(false, tr("Start the server with an EventSource endpoint (EventSource page above) to "
                                          "publish events."));
    else if (m_controller->eventStreamUrl().isEmpty())
        m_publish->setAvailable(false, tr("This server has no EventSource endpoint: stop it, turn one on in the "
                                          "EventSource page and start it again."));
    else
        m_publish->setAvailable(true);
}

void EchoServerPanel::onStartFailed(const QString &message)
{
    setEditable(true);
    m_start->setEnabled(true);
    m_start->setText(tr("Start"));
    m_status->setText(QStringLiteral("<span style='color:%1'>%2</span>")
                          .arg(Theme::errorColor(palette()).name(), tr("Could not start: %1").arg(message).toHtmlEscaped()));
}

void EchoServerPanel::onStopped()
{
    setEditable(true);
    m_start->setText(tr("Start"));
    m_status->setText(tr("Stopped."));
    m_eventSourceTab->setVisible(false);
    updatePublishForm();
    m_clients->serverStopped();
}

void EchoServerPanel::setEditable(bool editable)
{
    const bool tls = m_scheme->currentText() == QLatin1String("wss");
    for (QWidget *widget : std::initializer_list<QWidget *>{m_host, m_port, m_scheme, m_mode, m_deflate, m_oldDrafts, m_subprotocols,
                                                             m_maxMessageMiB, m_delayMs, m_pingIntervalS})
        widget->setEnabled(editable);
    m_certificate->setEnabled(editable && tls);
    m_key->setEnabled(editable && tls);
    m_eventSettings->setEditable(editable);
    m_connectTab->setEnabled(!editable);
    m_closeAll->setEnabled(!editable);
    m_dropAll->setEnabled(!editable);
}

} // namespace wsi::ui
