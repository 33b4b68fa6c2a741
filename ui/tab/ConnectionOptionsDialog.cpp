// SPDX-License-Identifier: MIT
#include "ui/tab/ConnectionOptionsDialog.h"

#include "ui/tab/HeaderTableEditor.h"
#include "ui/window/Theme.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>

#include <limits>

namespace wsi::ui {

namespace {

constexpr int MaxTimeoutMs = 24 * 60 * 60 * 1000;

QSpinBox *makeMsSpin(const QString &name, const QString &offText)
{
    auto *spin = new QSpinBox;
    spin->setObjectName(name);
    spin->setRange(0, MaxTimeoutMs);
    spin->setSingleStep(500);
    spin->setSuffix(QObject::tr(" ms"));
    spin->setSpecialValueText(offText); // shown for 0
    spin->setAccelerated(true);
    spin->setMinimumWidth(spin->fontMetrics().horizontalAdvance(QStringLiteral("86400000 ms")) + 40);
    return spin;
}

QCheckBox *makeCheck(const QString &text, const QString &name)
{
    auto *box = new QCheckBox(text);
    box->setObjectName(name);
    return box;
}

QLineEdit *makeLine(const QString &name, const QString &placeholder = QString())
{
    auto *edit = new QLineEdit;
    edit->setObjectName(name);
    edit->setPlaceholderText(placeholder);
    return edit;
}

// Line edits take the row's width; spin boxes and combo boxes keep their natural size.
QFormLayout *makeForm(QWidget *parent = nullptr)
{
    auto *form = new QFormLayout(parent);
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    return form;
}

QLabel *makeHint(const QString &text)
{
    auto *label = new QLabel(text);
    label->setWordWrap(true);
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}

} // namespace

ConnectionOptionsDialog::ConnectionOptionsDialog(QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("Connection options"));
    auto *layout = new QVBoxLayout(this);
    m_tabs = new QTabWidget;
    m_tabs->setObjectName(QStringLiteral("tabs"));
    m_tabs->addTab(makeGeneralPage(), tr("General"));
    m_tabs->addTab(makeHeadersPage(), tr("Headers"));
    m_tabs->addTab(makeTimeoutsPage(), tr("Timeouts"));
    m_tabs->addTab(makeProxyPage(), tr("Proxy"));
    m_tabs->addTab(makeTlsPage(), tr("TLS"));
    m_tabs->addTab(makeHandshakePage(), tr("Handshake lab"));
    layout->addWidget(m_tabs, 1);

    m_problem = new QLabel;
    m_problem->setObjectName(QStringLiteral("problem"));
    m_problem->setWordWrap(true);
    m_problem->hide();
    layout->addWidget(m_problem);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons->setObjectName(QStringLiteral("buttons"));
    connect(buttons, &QDialogButtonBox::accepted, this, &ConnectionOptionsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ConnectionOptionsDialog::reject);
    layout->addWidget(buttons);

    setOptions(net::ConnectionOptions());
    resize(720, 560);
}

QWidget *ConnectionOptionsDialog::makeGeneralPage()
{
    auto *page = new QWidget;
    auto *layout = new QVBoxLayout(page);
    auto *form = makeForm();
    m_subprotocols = makeLine(QStringLiteral("subprotocols"), tr("e.g. graphql-transport-ws, json"));
    m_subprotocols->setToolTip(tr("Offered in Sec-WebSocket-Protocol, in this order"));
    form->addRow(tr("Subprotocols:"), m_subprotocols);
    m_origin = makeLine(QStringLiteral("origin"), tr("none (no Origin header)"));
    form->addRow(tr("Origin:"), m_origin);
    m_webSocketVersion = new QComboBox;
    m_webSocketVersion->setObjectName(QStringLiteral("webSocketVersion"));
    m_webSocketVersion->addItem(tr("13 (RFC 6455)"), int(protocol::ProtocolVersion::Rfc6455_13));
    m_webSocketVersion->addItem(tr("8 (draft hybi-08, 2011)"), int(protocol::ProtocolVersion::Hybi08));
    m_webSocketVersion->addItem(tr("7 (draft hybi-07, 2011)"), int(protocol::ProtocolVersion::Hybi07));
    m_webSocketVersion->addItem(tr("hixie-76 (draft 76, 2010)"), int(protocol::ProtocolVersion::Hixie76));
    m_webSocketVersion->addItem(tr("hixie-75 (draft 75, 2010)"), int(protocol::ProtocolVersion::Hixie75));
    m_webSocketVersion->setToolTip(tr("Old servers speak the drafts browsers shipped before RFC 6455. "
                                      "The hixie drafts have no ping, close codes or extensions."));
    connect(m_webSocketVersion, &QComboBox::currentIndexChanged, this, &ConnectionOptionsDialog::updateEnabled);
    form->addRow(tr("WebSocket version:"), m_webSocketVersion);
    auto *sizeRow = new QHBoxLayout;
    m_maxMessageSize = new QSpinBox;
    m_maxMessageSize->setObjectName(QStringLiteral("maxMessageSize"));
    m_maxMessageSize->setRange(1, std::numeric_limits<int>::max());
    m_maxMessageUnit = new QComboBox;
    m_maxMessageUnit->setObjectName(QStringLiteral("maxMessageUnit"));
    m_maxMessageUnit->addItem(tr("bytes"), 0);
    m_maxMessageUnit->addItem(tr("KiB"), 10);
    m_maxMessageUnit->addItem(tr("MiB"), 20);
    m_maxMessageUnit->addItem(tr("GiB"), 30);
    sizeRow->addWidget(m_maxMessageSize);
    sizeRow->addWidget(m_maxMessageUnit);
    sizeRow->addStretch(1);
    form->addRow(tr("Maximum message size:"), sizeRow);
    m_eventDetail = new QComboBox;
    m_eventDetail->setObjectName(QStringLiteral("eventDetail"));
    m_eventDetail->addItem(tr("Frames and messages"), int(net::EventDetail::Frames));
    m_eventDetail->addItem(tr("Messages only"), int(net::EventDetail::Messages));
    m_eventDetail->addItem(tr("Counters only (fastest)"), int(net::EventDetail::CountersOnly));
    form->addRow(tr("Log:"), m_eventDetail);
    m_autoPong = makeCheck(tr("Answer pings automatically"), QStringLiteral("autoPong"));
    form->addRow(QString(), m_autoPong);
    layout->addLayout(form);
    layout->addWidget(makeDeflateGroup());
    layout->addWidget(makeReconnectGroup());
    layout->addStretch(1);
    return page;
}

QWidget *ConnectionOptionsDialog::makeDeflateGroup()
{
    auto *group = new QGroupBox(tr("Compression (permessage-deflate, RFC 7692)"));
    m_deflateGroup = group;
    auto *form = makeForm(group);
    m_deflate = makeCheck(tr("Offer permessage-deflate"), QStringLiteral("deflate"));
    form->addRow(m_deflate);
    m_serverNoContextTakeover = makeCheck(tr("server_no_context_takeover"), QStringLiteral("serverNoContextTakeover"));
    m_clientNoContextTakeover = makeCheck(tr("client_no_context_takeover"), QStringLiteral("clientNoContextTakeover"));
    form->addRow(m_serverNoContextTakeover);
    form->addRow(m_clientNoContextTakeover);
    m_serverMaxWindowBits = new QComboBox;
    m_serverMaxWindowBits->setObjectName(QStringLiteral("serverMaxWindowBits"));
    m_serverMaxWindowBits->addItem(tr("not sent"), 0);
    m_clientMaxWindowBits = new QComboBox;
    m_clientMaxWindowBits->setObjectName(QStringLiteral("clientMaxWindowBits"));
    m_clientMaxWindowBits->addItem(tr("not sent"), 0);
    m_clientMaxWindowBits->addItem(tr("sent without a value (server picks)"), -1);
    for (int bits = 8; bits <= 15; ++bits) {
        m_serverMaxWindowBits->addItem(QString::number(bits), bits);
        m_clientMaxWindowBits->addItem(QString::number(bits), bits);
    }
    form->addRow(tr("server_max_window_bits:"), m_serverMaxWindowBits);
    form->addRow(tr("client_max_window_bits:"), m_clientMaxWindowBits);
    connect(m_deflate, &QCheckBox::toggled, this, &ConnectionOptionsDialog::updateEnabled);
    return group;
}

QWidget *ConnectionOptionsDialog::makeReconnectGroup()
{
    auto *group = new QGroupBox(tr("Reconnect"));
    auto *form = makeForm(group);
    m_reconnect = makeCheck(tr("Reconnect automatically when the connection drops"), QStringLiteral("reconnect"));
    form->addRow(m_reconnect);
    m_reconnectInitial = makeMsSpin(QStringLiteral("reconnectInitialDelay"), tr("at once"));
    m_reconnectMax = makeMsSpin(QStringLiteral("reconnectMaxDelay"), tr("at once"));
    m_reconnectMultiplier = new QDoubleSpinBox;
    m_reconnectMultiplier->setObjectName(QStringLiteral("reconnectMultiplier"));
    m_reconnectMultiplier->setRange(1.0, 10.0);
    m_reconnectMultiplier->setDecimals(2);
    m_reconnectMultiplier->setSingleStep(0.25);
    m_reconnectMultiplier->setPrefix(QStringLiteral("× "));
    m_reconnectAttempts = new QSpinBox;
    m_reconnectAttempts->setObjectName(QStringLiteral("reconnectAttempts"));
    m_reconnectAttempts->setRange(0, 1000000);
    m_reconnectAttempts->setSpecialValueText(tr("no limit"));
    form->addRow(tr("First delay:"), m_reconnectInitial);
    form->addRow(tr("Longest delay:"), m_reconnectMax);
    form->addRow(tr("Delay grows:"), m_reconnectMultiplier);
    form->addRow(tr("Attempts:"), m_reconnectAttempts);
    connect(m_reconnect, &QCheckBox::toggled, this, &ConnectionOptionsDialog::updateEnabled);
    return group;
}

QWidget *ConnectionOptionsDialog::makeHeadersPage()
{
    auto *page = new QWidget;
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(makeHint(tr("Extra headers for the upgrade request, sent as written after the standard ones. "
                                  "An Authorization header here wins over user:password in the URL.")));
    m_headers = new HeaderTableEditor;
    m_headers->setObjectName(QStringLiteral("headers"));
    layout->addWidget(m_headers, 1);
    return page;
}

QWidget *ConnectionOptionsDialog::makeTimeoutsPage()
{
    auto *page = new QWidget;
    auto *layout = new QVBoxLayout(page);
    auto *form = makeForm();
    m_connectTimeout = makeMsSpin(QStringLiteral("connectTimeout"), tr("off"));
    m_connectTimeout->setToolTip(tr("TCP connect, proxy tunnel and TLS handshake"));
    m_openTimeout = makeMsSpin(QStringLiteral("openTimeout"), tr("off"));
    m_openTimeout->setToolTip(tr("The server's answer to the upgrade request"));
    m_writeTimeout = makeMsSpin(QStringLiteral("writeTimeout"), tr("off"));
    m_writeTimeout->setToolTip(tr("A socket write that makes no progress"));
    m_pingTimeout = makeMsSpin(QStringLiteral("pingTimeout"), tr("off"));
    m_pingTimeout->setToolTip(tr("The pong for each ping we send"));
    m_closeTimeout = makeMsSpin(QStringLiteral("closeTimeout"), tr("off"));
    m_closeTimeout->setToolTip(tr("The server's close frame after ours, then the TCP close"));
    m_pingInterval = makeMsSpin(QStringLiteral("pingInterval"), tr("no keepalive pings"));
    form->addRow(tr("Connect:"), m_connectTimeout);
    form->addRow(tr("Open (upgrade answer):"), m_openTimeout);
    form->addRow(tr("Write:"), m_writeTimeout);
    form->addRow(tr("Ping (pong wait):"), m_pingTimeout);
    form->addRow(tr("Close handshake:"), m_closeTimeout);
    form->addRow(tr("Keepalive ping every:"), m_pingInterval);
    m_pingTimeoutCloses = makeCheck(tr("A ping without a pong in time fails the connection"), QStringLiteral("pingTimeoutCloses"));
    m_pingTimeoutCloses->setToolTip(tr("Off: a late pong only counts as lost in the latency panel"));
    form->addRow(QString(), m_pingTimeoutCloses);
    layout->addLayout(form);
    layout->addWidget(makeHint(tr("0 turns a timeout off.")));
    layout->addStretch(1);
    return page;
}

QWidget *ConnectionOptionsDialog::makeProxyPage()
{
    auto *page = new QWidget;
    auto *layout = new QVBoxLayout(page);
    auto *form = makeForm();
    m_proxyMode = new QComboBox;
    m_proxyMode->setObjectName(QStringLiteral("proxyMode"));
    m_proxyMode->addItem(tr("None (connect directly)"), int(net::ProxyMode::None));
    m_proxyMode->addItem(tr("System (http_proxy, https_proxy, no_proxy)"), int(net::ProxyMode::Environment));
    m_proxyMode->addItem(tr("HTTP proxy (CONNECT tunnel)"), int(net::ProxyMode::HttpConnect));
    m_proxyMode->addItem(tr("SOCKS5 proxy"), int(net::ProxyMode::Socks5));
    connect(m_proxyMode, &QComboBox::currentIndexChanged, this, &ConnectionOptionsDialog::updateEnabled);
    form->addRow(tr("Proxy:"), m_proxyMode);
    m_proxyUrl = makeLine(QStringLiteral("proxyUrl"), tr("http://proxy.example:3128 or socks5://127.0.0.1:1080"));
    form->addRow(tr("URL:"), m_proxyUrl);
    m_proxyUser = makeLine(QStringLiteral("proxyUser"), tr("none"));
    form->addRow(tr("User:"), m_proxyUser);
    m_proxyPassword = makeLine(QStringLiteral("proxyPassword"));
    m_proxyPassword->setEchoMode(QLineEdit::Password);
    form->addRow(tr("Password:"), m_proxyPassword);
    layout->addLayout(form);
    layout->addWidget(new QLabel(tr("Headers for the CONNECT request:")));
    m_proxyHeaders = new HeaderTableEditor;
    m_proxyHeaders->setObjectName(QStringLiteral("proxyHeaders"));
    layout->addWidget(m_proxyHeaders, 1);
    return page;
}

QWidget *ConnectionOptionsDialog::fileField(QLineEdit *&edit, const QString &name, const QString &caption, bool directory)
{
    auto *row = new QWidget;
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    edit = makeLine(name, directory ? tr("default (SSL_CERT_DIR, then the system's)") : tr("none"));
    auto *browse = new QPushButton(tr("Browse…"));
    browse->setObjectName(name + QStringLiteral("Browse"));
    QLineEdit *target = edit;
    connect(browse, &QPushButton::clicked, this, [this, target, caption, directory] {
        const QString path = directory ? QFileDialog::getExistingDirectory(this, caption, target->text())
                                       : QFileDialog::getOpenFileName(this, caption, target->text(),
                                                                      tr("PEM files (*.pem *.crt *.cer *.key);;All files (*)"));
        if (!path.isEmpty())
            target->setText(path);
    });
    layout->addWidget(edit, 1);
    layout->addWidget(browse);
    return row;
}

QWidget *ConnectionOptionsDialog::makeTlsPage()
{
    auto *page = new QWidget;
    auto *layout = new QVBoxLayout(page);
    auto *form = makeForm();
    m_verify = makeCheck(tr("Verify the server's certificate chain and host name"), QStringLiteral("verify"));
    connect(m_verify, &QCheckBox::toggled, this, &ConnectionOptionsDialog::updateEnabled);
    form->addRow(m_verify);
    m_verifyWarning = new QLabel(tr("⚠ Verification is off: anyone between you and the server can read and change the traffic. "
                                    "Use this only to inspect a test server."));
    m_verifyWarning->setObjectName(QStringLiteral("verifyWarning"));
    m_verifyWarning->setWordWrap(true);
    form->addRow(m_verifyWarning);
    form->addRow(tr("CA file:"), fileField(m_caFile, QStringLiteral("caFile"), tr("CA bundle (PEM)"), false));
    m_caFile->setPlaceholderText(tr("default (SSL_CERT_FILE, then the system's)"));
    form->addRow(tr("CA directory:"), fileField(m_caDirectory, QStringLiteral("caDirectory"), tr("CA directory"), true));
    form->addRow(tr("Client certificate:"), fileField(m_clientCertificate, QStringLiteral("clientCertificate"), tr("Client certificate (PEM)"), false));
    form->addRow(tr("Client key:"), fileField(m_clientKey, QStringLiteral("clientKey"), tr("Client key (PEM)"), false));
    m_clientKeyPassphrase = makeLine(QStringLiteral("clientKeyPassphrase"), tr("none"));
    m_clientKeyPassphrase->setEchoMode(QLineEdit::Password);
    form->addRow(tr("Key passphrase:"), m_clientKeyPassphrase);
    m_tlsReportOnly = makeCheck(tr("Only fetch the certificate report (stop after the TLS handshake)"), QStringLiteral("tlsReportOnly"));
    form->addRow(m_tlsReportOnly);
    layout->addLayout(form);
    layout->addWidget(makeHint(tr("These apply to wss:// URLs; a client certificate needs its key.")));
    layout->addStretch(1);
    return page;
}

QWidget *ConnectionOptionsDialog::makeHandshakePage()
{
    auto *page = new QWidget;
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(makeHint(tr("When this is not empty it is sent instead of the upgrade request the options would build, "
                                  "exactly as written: break it on purpose to see how a server answers. "
                                  "The answer is checked against the key and offers found in this text. "
                                  "With WebSocket version hixie-76 (General), 8 random bytes follow the head, "
                                  "and the answer is checked against Key1 and Key2 as written.")));
    m_rawRequest = new QPlainTextEdit;
    m_rawRequest->setObjectName(QStringLiteral("rawRequest"));
    QFont font(Theme::monospaceFamily());
    font.setStyleHint(QFont::Monospace);
    m_rawRequest->setFont(font);
    m_rawRequest->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_rawRequest->setPlaceholderText(tr("Empty: send the request built from the options."));
    connect(m_rawRequest, &QPlainTextEdit::textChanged, this, &ConnectionOptionsDialog::updateEnabled);
    layout->addWidget(m_rawRequest, 1);
    m_rawRequestNote = new QLabel;
    m_rawRequestNote->setObjectName(QStringLiteral("rawRequestNote"));
    m_rawRequestNote->setWordWrap(true);
    layout->addWidget(m_rawRequestNote);
    auto *row = new QHBoxLayout;
    auto *fill = new QPushButton(tr("Fill from options"));
    fill->setObjectName(QStringLiteral("fillRequest"));
    connect(fill, &QPushButton::clicked, this, &ConnectionOptionsDialog::fillRequestFromOptions);
    auto *clearButton = new QPushButton(tr("Clear"));
    clearButton->setObjectName(QStringLiteral("clearRequest"));
    connect(clearButton, &QPushButton::clicked, m_rawRequest, &QPlainTextEdit::clear);
    m_crlf = makeCheck(tr("Send line ends as CR LF"), QStringLiteral("crlf"));
    m_crlf->setToolTip(tr("HTTP wants CR LF; turn this off to send bare LF line ends as typed"));
    row->addWidget(fill);
    row->addWidget(clearButton);
    row->addStretch(1);
    row->addWidget(m_crlf);
    layout->addLayout(row);
    return page;
}

void ConnectionOptionsDialog::updateEnabled()
{
    for (QWidget *widget : std::initializer_list<QWidget *>{m_serverNoContextTakeover, m_clientNoContextTakeover,
                                                            m_serverMaxWindowBits, m_clientMaxWindowBits})
        widget->setEnabled(m_deflate->isChecked());
    // The hixie drafts have no extensions and no pings to answer.
    const bool hixie = protocol::isHixie(protocol::ProtocolVersion(m_webSocketVersion->currentData().toInt()));
    m_deflateGroup->setEnabled(!hixie);
    m_autoPong->setEnabled(!hixie);
    for (QWidget *widget : std::initializer_list<QWidget *>{m_reconnectInitial, m_reconnectMax, m_reconnectMultiplier, m_reconnectAttempts})
        widget->setEnabled(m_reconnect->isChecked());
    const auto mode = net::ProxyMode(m_proxyMode->currentData().toInt());
    const bool explicitProxy = mode == net::ProxyMode::HttpConnect || mode == net::ProxyMode::Socks5;
    for (QWidget *widget : std::initializer_list<QWidget *>{m_proxyUrl, m_proxyUser, m_proxyPassword})
        widget->setEnabled(explicitProxy);
    m_proxyHeaders->setEnabled(mode == net::ProxyMode::HttpConnect);

    m_verifyWarning->setVisible(!m_verify->isChecked());
    QPalette warning = m_verifyWarning->palette();
    warning.setColor(QPalette::WindowText, Theme::warningColor(palette()));
    m_verifyWarning->setPalette(warning);

    const QString request = m_rawRequest->toPlainText();
    if (request.isEmpty())
        m_rawRequestNote->setText(tr("The request built from the options will be sent."));
    else if (!request.endsWith(QLatin1String("\n\n")) && !request.endsWith(QLatin1String("\r\n\r\n")))
        m_rawRequestNote->setText(tr("This request will be sent verbatim. It does not end with an empty line, so the server "
                                     "will wait for the rest of the head."));
    else
        m_rawRequestNote->setText(tr("This request will be sent verbatim instead of the built one."));
}

void ConnectionOptionsDialog::showProblem(const QString &text)
{
    m_problem->setText(text);
    QPalette palette = m_problem->palette();
    palette.setColor(QPalette::WindowText, Theme::errorColor(this->palette()));
    m_problem->setPalette(palette);
    m_problem->setVisible(!text.isEmpty());
}

QString ConnectionOptionsDialog::problemText() const
{
    return m_problem->isHidden() ? QString() : m_problem->text();
}

} // namespace wsi::ui
