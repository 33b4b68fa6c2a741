// SPDX-License-Identifier: MIT
#include "ui/panels/server/EchoServerPanel.h"

#include "ui/tab/ConnectionBar.h"
#include "ui/panels/server/EchoServerController.h"
#include "ui/window/Theme.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace wsi::ui {

namespace {

enum ClientColumn { ColumnId, ColumnPeer, ColumnPath, ColumnIn, ColumnOut, ColumnState, ColumnCount };

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
      m_subprotocols(new QLineEdit(this)),
      m_maxMessageMiB(new QSpinBox(this)),
      m_delayMs(new QSpinBox(this)),
      m_pingIntervalS(new QSpinBox(this)),
      m_start(new QPushButton(tr("Start"), this)),
      m_connectTab(new QPushButton(tr("Connect a tab"), this)),
      m_status(new QLabel(this)),
      m_clients(new QTreeWidget(this)),
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
    m_maxMessageMiB->setRange(1, 4096);
    m_maxMessageMiB->setSuffix(tr(" MiB"));
    m_delayMs->setRange(0, 60000);
    m_delayMs->setSuffix(tr(" ms"));
    m_delayMs->setSpecialValueText(tr("none"));
    m_pingIntervalS->setRange(0, 3600);
    m_pingIntervalS->setSuffix(tr(" s"));
    m_pingIntervalS->setSpecialValueText(tr("off"));
    m_faultCode->setRange(1000, 4999);
    m_faultCode->setValue(1001);
    m_faultReason->setPlaceholderText(tr("reason"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_connectTab->setEnabled(false);
    m_closeAll->setEnabled(false);
    m_dropAll->setEnabled(false);

    auto *settings = new QGroupBox(tr("Server"), this);
    auto *form = new QFormLayout(settings);
    auto *address = new QHBoxLayout;
    address->addWidget(m_scheme);
    address->addWidget(m_host, 1);
    address->addWidget(m_port);
    form->addRow(tr("listen"), address);
    form->addRow(tr("certificate"), fileField(m_certificate, tr("Server certificate (PEM)"), this));
    form->addRow(tr("key"), fileField(m_key, tr("Private key (PEM)"), this));
    form->addRow(tr("mode"), m_mode);
    form->addRow(tr("subprotocols"), m_subprotocols);
    auto *limits = new QHBoxLayout;
    limits->addWidget(m_deflate);
    limits->addStretch(1);
    form->addRow(tr("extensions"), limits);
    form->addRow(tr("max message"), m_maxMessageMiB);
    form->addRow(tr("reply delay"), m_delayMs);
    form->addRow(tr("keepalive ping"), m_pingIntervalS);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_start);
    buttons->addWidget(m_connectTab);
    buttons->addStretch(1);

    m_clients->setColumnCount(ColumnCount);
    m_clients->setHeaderLabels({tr("#"), tr("peer"), tr("path"), tr("in"), tr("out"), tr("state")});
    m_clients->setRootIsDecorated(false);
    m_clients->setUniformRowHeights(true);
    m_clients->setAlternatingRowColors(true);
    m_clients->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_clients->header()->setStretchLastSection(true);

    auto *faults = new QHBoxLayout;
    faults->addWidget(new QLabel(tr("Fault:"), this));
    faults->addWidget(m_closeAll);
    faults->addWidget(m_faultCode);
    faults->addWidget(m_faultReason, 1);
    faults->addWidget(m_dropAll);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addWidget(settings);
    layout->addLayout(buttons);
    layout->addWidget(m_status);
    layout->addWidget(new QLabel(tr("Clients"), this));
    layout->addWidget(m_clients, 1);
    layout->addLayout(faults);

    connect(m_scheme, &QComboBox::currentTextChanged, this, [this](const QString &scheme) {
        const bool tls = scheme == QLatin1String("wss");
        m_certificate->setEnabled(tls && !m_controller->isRunning());
        m_key->setEnabled(tls && !m_controller->isRunning());
    });
    connect(m_start, &QPushButton::clicked, this, &EchoServerPanel::onStartClicked);
    connect(m_connectTab, &QPushButton::clicked, this, [this] {
        Q_EMIT connectTabRequested(m_controller->url(), m_controller->certificatePemFile());
    });
    connect(m_closeAll, &QPushButton::clicked, this,
            [this] { m_controller->closeAll(m_faultCode->value(), m_faultReason->text()); });
    connect(m_dropAll, &QPushButton::clicked, m_controller, &EchoServerController::dropAll);
    connect(m_controller, &EchoServerController::started, this, &EchoServerPanel::onStarted);
    connect(m_controller, &EchoServerController::startFailed, this, &EchoServerPanel::onStartFailed);
    connect(m_controller, &EchoServerController::stopped, this, &EchoServerPanel::onStopped);
    connect(m_controller, &EchoServerController::clientConnected, this, &EchoServerPanel::onClientConnected);
    connect(m_controller, &EchoServerController::clientHandshake, this, &EchoServerPanel::onClientHandshake);
    connect(m_controller, &EchoServerController::trafficReported, this, &EchoServerPanel::onTraffic);
    connect(m_controller, &EchoServerController::clientClosed, this, &EchoServerPanel::onClientClosed);

    setOptions(net::EchoServerOptions());
    m_status->setText(tr("Stopped. The server listens on 127.0.0.1 unless you choose another address."));
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
    for (const QString &protocol : m_subprotocols->text().split(QLatin1Char(','), Qt::SkipEmptyParts))
        options.subprotocols << protocol.trimmed();
    options.maxMessageSize = quint64(m_maxMessageMiB->value()) * 1024 * 1024;
    options.replyDelayMs = m_delayMs->value();
    options.pingIntervalMs = m_pingIntervalS->value() * 1000;
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
    m_mode->setCurrentIndex(m_mode->findData(int(options.mode)));
    m_deflate->setChecked(options.deflate);
    m_subprotocols->setText(options.subprotocols.join(QStringLiteral(", ")));
    m_maxMessageMiB->setValue(int(options.maxMessageSize / (1024 * 1024)));
    m_delayMs->setValue(options.replyDelayMs);
    m_pingIntervalS->setValue(options.pingIntervalMs / 1000);
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
    m_start->setEnabled(false);
    m_status->setText(tr("Starting…"));
    m_controller->start(wanted);
}

void EchoServerPanel::onStarted(const QString &url, const QString &fingerprint)
{
    setEditable(false);
    m_start->setEnabled(true);
    m_start->setText(tr("Stop"));
    QString text = tr("Listening on <b>%1</b>").arg(url.toHtmlEscaped());
    if (!fingerprint.isEmpty())
        text += QStringLiteral("<br>") + tr("certificate SHA-256 <span style='font-family:%1'>%2</span>")
                                             .arg(Theme::monospaceFamily(), fingerprint);
    m_status->setText(text);
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
    for (auto it = m_items.begin(); it != m_items.end(); ++it) {
        if (it.value()->text(ColumnState) == tr("open"))
            it.value()->setText(ColumnState, tr("dropped"));
    }
}

void EchoServerPanel::setEditable(bool editable)
{
    const bool tls = m_scheme->currentText() == QLatin1String("wss");
    for (QWidget *widget : std::initializer_list<QWidget *>{m_host, m_port, m_scheme, m_mode, m_deflate, m_subprotocols,
                                                             m_maxMessageMiB, m_delayMs, m_pingIntervalS})
        widget->setEnabled(editable);
    m_certificate->setEnabled(editable && tls);
    m_key->setEnabled(editable && tls);
    m_connectTab->setEnabled(!editable);
    m_closeAll->setEnabled(!editable);
    m_dropAll->setEnabled(!editable);
}

QTreeWidgetItem *EchoServerPanel::clientItem(quint64 id)
{
    QTreeWidgetItem *item = m_items.value(id);
    if (!item) {
        item = new QTreeWidgetItem(m_clients);
        item->setText(ColumnId, QString::number(id));
        item->setTextAlignment(ColumnIn, Qt::AlignRight | Qt::AlignVCenter);
        item->setTextAlignment(ColumnOut, Qt::AlignRight | Qt::AlignVCenter);
        m_items.insert(id, item);
    }
    return item;
}

void EchoServerPanel::onClientConnected(quint64 id, const QString &peer)
{
    QTreeWidgetItem *item = clientItem(id);
    item->setText(ColumnPeer, peer);
    item->setText(ColumnState, tr("handshake"));
}

void EchoServerPanel::onClientHandshake(quint64 id, const QString &path, const QString &query, const QString &subprotocol,
                                        const QString &version)
{
    QTreeWidgetItem *item = clientItem(id);
    QString target = query.isEmpty() ? path : path + QLatin1Char('?') + query;
    if (!subprotocol.isEmpty())
        target += QStringLiteral("  [%1]").arg(subprotocol);
    item->setText(ColumnPath, target);
    // Which version each client speaks: the old drafts are why one behaves differently.
    item->setText(ColumnState, version == QLatin1String("13") ? tr("open") : tr("open, %1").arg(version));
}

void EchoServerPanel::onTraffic(const net::EventBatch &batch)
{
    QSet<quint64> touched;
    // A batch holds runs of one client's events: one lookup per run, not per event.
    quint64 current = 0;
    Counts *run = nullptr;
    for (const net::LogEvent &event : batch) {
        if (event.kind != net::EventKind::Message || event.clientId == 0)
            continue;
        if (event.clientId != current) {
            current = event.clientId;
            run = &m_counts[current]; // valid until the next insertion
            touched.insert(current);
        }
        if (event.direction == net::EventDirection::Incoming) {
            ++run->messagesIn;
            run->bytesIn += event.length;
        } else {
            ++run->messagesOut;
            run->bytesOut += event.length;
        }
    }
    for (quint64 id : std::as_const(touched)) {
        const Counts &counts = m_counts[id];
        QTreeWidgetItem *item = clientItem(id);
        item->setText(ColumnIn, tr("%1 · %2").arg(counts.messagesIn).arg(formatBytes(counts.bytesIn)));
        item->setText(ColumnOut, tr("%1 · %2").arg(counts.messagesOut).arg(formatBytes(counts.bytesOut)));
    }
}

void EchoServerPanel::onClientClosed(quint64 id, quint16 code, const QString &reason, bool clean)
{
    QTreeWidgetItem *item = clientItem(id);
    QString state = clean ? tr("closed %1").arg(code) : tr("closed %1, not clean").arg(code);
    if (!reason.isEmpty())
        state += QStringLiteral(" (") + reason + QLatin1Char(')');
    item->setText(ColumnState, state);
    item->setForeground(ColumnState, clean ? palette().color(QPalette::PlaceholderText) : Theme::errorColor(palette()));
}

} // namespace wsi::ui
