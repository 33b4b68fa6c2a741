// SPDX-License-Identifier: MIT
// ConnectionOptionsDialog: moving values between ConnectionOptions and the fields, the
// checks made on OK, and the handshake lab's "Fill from options".
#include "ui/tab/ConnectionOptionsDialog.h"

#include "ui/tab/HeaderTableEditor.h"
#include "protocol/handshake/Handshake.h"
#include "protocol/legacy/HixieHandshake.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QRandomGenerator>
#include <QSpinBox>
#include <QTabWidget>
#include <QUrl>

namespace wsi::ui {

namespace {

void selectData(QComboBox *combo, int value)
{
    const int index = combo->findData(value);
    combo->setCurrentIndex(index >= 0 ? index : 0);
}

QString joinSubprotocols(const QStringList &list)
{
    return list.join(QStringLiteral(", "));
}

QStringList splitSubprotocols(const QString &text)
{
    QStringList list;
    for (const QString &part : text.split(u',', Qt::SkipEmptyParts)) {
        const QString trimmed = part.trimmed();
        if (!trimmed.isEmpty())
            list << trimmed;
    }
    return list;
}

// Which tab holds the field a net::validateOptions message is about.
ConnectionOptionsDialog::Page pageForMessage(const QString &message)
{
    const QString lower = message.toLower();
    if (lower.contains(QLatin1String("proxy")))
        return ConnectionOptionsDialog::ProxyPage;
    if (lower.contains(QLatin1String("ca file")) || lower.contains(QLatin1String("ca directory"))
        || lower.contains(QLatin1String("client certificate")) || lower.contains(QLatin1String("client key")))
        return ConnectionOptionsDialog::TlsPage;
    if (lower.contains(QLatin1String("timeout")) || lower.contains(QLatin1String("interval")))
        return ConnectionOptionsDialog::TimeoutsPage;
    if (lower.contains(QLatin1String("header")))
        return ConnectionOptionsDialog::HeadersPage;
    return ConnectionOptionsDialog::GeneralPage;
}

// The request the lab starts from, in the chosen version, with fresh random keys. Draft
// 76's 8-byte key3 is not text: the connection sends it after whatever head is written here.
std::string labRequestOf(protocol::ClientHandshakeRequest request)
{
    if (protocol::isHixie(request.version)) {
        protocol::HixieClientKeys keys;
        if (request.version == protocol::ProtocolVersion::Hixie76) {
            std::uint8_t random[2 * protocol::HixieKeyRandomSize];
            QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(random), sizeof random / 4);
            keys.key1 = protocol::makeHixieKey(random);
            keys.key2 = protocol::makeHixieKey(random + protocol::HixieKeyRandomSize);
        }
        return protocol::buildHixieClientRequest(request, keys);
    }
    std::uint8_t random[16];
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(random), 4);
    request.key = protocol::makeSecWebSocketKey(random);
    return protocol::buildClientRequest(request);
}

} // namespace

void ConnectionOptionsDialog::setOptions(const net::ConnectionOptions &options)
{
    m_base = options;
    m_url = options.url;
    m_subprotocols->setText(joinSubprotocols(options.subprotocols));
    m_origin->setText(options.origin);
    selectData(m_webSocketVersion, int(options.protocolVersion));
    m_autoPong->setChecked(options.autoPong);
    setMaxMessageSize(options.maxMessageSize);
    selectData(m_eventDetail, int(options.eventDetail));
    m_deflate->setChecked(options.deflate);
    m_serverNoContextTakeover->setChecked(options.deflateOffer.serverNoContextTakeover);
    m_clientNoContextTakeover->setChecked(options.deflateOffer.clientNoContextTakeover);
    selectData(m_serverMaxWindowBits, options.deflateOffer.serverMaxWindowBits);
    selectData(m_clientMaxWindowBits, options.deflateOffer.clientMaxWindowBits);
    m_reconnect->setChecked(options.reconnect.enabled);
    m_reconnectInitial->setValue(options.reconnect.initialDelayMs);
    m_reconnectMax->setValue(options.reconnect.maxDelayMs);
    m_reconnectMultiplier->setValue(options.reconnect.multiplier);
    m_reconnectAttempts->setValue(options.reconnect.maxAttempts);

    m_headers->setHeaders(options.headers);

    m_connectTimeout->setValue(options.connectTimeoutMs);
    m_openTimeout->setValue(options.openTimeoutMs);
    m_writeTimeout->setValue(options.writeTimeoutMs);
    m_pingTimeout->setValue(options.pingTimeoutMs);
    m_closeTimeout->setValue(options.closeTimeoutMs);
    m_pingInterval->setValue(options.pingIntervalMs);
    m_pingTimeoutCloses->setChecked(options.pingTimeoutCloses);

    selectData(m_proxyMode, int(options.proxy.mode));
    setProxyUrl(options.proxy.url);
    m_proxyHeaders->setHeaders(options.proxy.headers);

    m_verify->setChecked(options.tls.verify);
    m_caFile->setText(options.tls.caFile);
    m_caDirectory->setText(options.tls.caDirectory);
    m_clientCertificate->setText(options.tls.clientCertificate);
    m_clientKey->setText(options.tls.clientKey);
    m_clientKeyPassphrase->setText(QString::fromUtf8(options.tls.clientKeyPassphrase));
    m_tlsReportOnly->setChecked(options.tlsReportOnly);

    setRawRequest(options.rawRequestOverride);
    showProblem(QString());
    updateEnabled();
}

net::ConnectionOptions ConnectionOptionsDialog::options() const
{
    net::ConnectionOptions options = m_base;
    options.url = m_url;
    options.subprotocols = splitSubprotocols(m_subprotocols->text());
    options.origin = m_origin->text().trimmed();
    options.protocolVersion = protocol::ProtocolVersion(m_webSocketVersion->currentData().toInt());
    options.autoPong = m_autoPong->isChecked();
    options.maxMessageSize = maxMessageSize();
    options.eventDetail = net::EventDetail(m_eventDetail->currentData().toInt());
    options.deflate = m_deflate->isChecked();
    options.deflateOffer.serverNoContextTakeover = m_serverNoContextTakeover->isChecked();
    options.deflateOffer.clientNoContextTakeover = m_clientNoContextTakeover->isChecked();
    options.deflateOffer.serverMaxWindowBits = m_serverMaxWindowBits->currentData().toInt();
    options.deflateOffer.clientMaxWindowBits = m_clientMaxWindowBits->currentData().toInt();
    options.reconnect.enabled = m_reconnect->isChecked();
    options.reconnect.initialDelayMs = m_reconnectInitial->value();
    options.reconnect.maxDelayMs = m_reconnectMax->value();
    options.reconnect.multiplier = m_reconnectMultiplier->value();
    options.reconnect.maxAttempts = m_reconnectAttempts->value();

    options.headers = m_headers->headers();

    options.connectTimeoutMs = m_connectTimeout->value();
    options.openTimeoutMs = m_openTimeout->value();
    options.writeTimeoutMs = m_writeTimeout->value();
    options.pingTimeoutMs = m_pingTimeout->value();
    options.closeTimeoutMs = m_closeTimeout->value();
    options.pingIntervalMs = m_pingInterval->value();
    options.pingTimeoutCloses = m_pingTimeoutCloses->isChecked();

    options.proxy.mode = net::ProxyMode(m_proxyMode->currentData().toInt());
    options.proxy.url = proxyUrl();
    options.proxy.headers = m_proxyHeaders->headers();

    options.tls.verify = m_verify->isChecked();
    options.tls.caFile = m_caFile->text().trimmed();
    options.tls.caDirectory = m_caDirectory->text().trimmed();
    options.tls.clientCertificate = m_clientCertificate->text().trimmed();
    options.tls.clientKey = m_clientKey->text().trimmed();
    options.tls.clientKeyPassphrase = m_clientKeyPassphrase->text().toUtf8();
    options.tlsReportOnly = m_tlsReportOnly->isChecked();

    options.rawRequestOverride = rawRequest();
    return options;
}

void ConnectionOptionsDialog::setMaxMessageSize(quint64 bytes)
{
    // The largest unit that shows the size exactly.
    for (int shift : {30, 20, 10, 0}) {
        const quint64 unit = quint64(1) << shift;
        if (bytes % unit == 0 && bytes / unit <= quint64(m_maxMessageSize->maximum())) {
            selectData(m_maxMessageUnit, shift);
            m_maxMessageSize->setValue(int(bytes / unit));
            return;
        }
    }
    selectData(m_maxMessageUnit, 30);
    m_maxMessageSize->setValue(int(qMin<quint64>(bytes >> 30, quint64(m_maxMessageSize->maximum()))));
}

quint64 ConnectionOptionsDialog::maxMessageSize() const
{
    return quint64(m_maxMessageSize->value()) << m_maxMessageUnit->currentData().toInt();
}

void ConnectionOptionsDialog::setProxyUrl(const QString &text)
{
    // user:password@ is edited in its own fields, shown decoded.
    QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || (url.userName().isEmpty() && url.password().isEmpty())) {
        m_proxyUrl->setText(text);
        m_proxyUser->clear();
        m_proxyPassword->clear();
        return;
    }
    m_proxyUser->setText(url.userName());
    m_proxyPassword->setText(url.password());
    url.setUserInfo(QString());
    m_proxyUrl->setText(url.toString());
}

QString ConnectionOptionsDialog::proxyUrl() const
{
    const QString text = m_proxyUrl->text().trimmed();
    if (m_proxyUser->text().isEmpty() && m_proxyPassword->text().isEmpty())
        return text;
    QUrl url(text, QUrl::StrictMode);
    url.setUserName(m_proxyUser->text());
    url.setPassword(m_proxyPassword->text());
    return url.toString();
}

void ConnectionOptionsDialog::setRawRequest(const QByteArray &request)
{
    // CR LF is the norm: show it as plain line breaks, unless the request mixes in bare LF
    // (then it is shown, and sent, exactly as it is).
    const QString text = QString::fromUtf8(request);
    const bool onlyCrlf = text.count(QLatin1String("\r\n")) == text.count(u'\n') && text.count(u'\r') == text.count(u'\n');
    m_crlf->setChecked(onlyCrlf);
    m_rawRequest->setPlainText(onlyCrlf ? QString(text).replace(QLatin1String("\r\n"), QLatin1String("\n")) : text);
}

QByteArray ConnectionOptionsDialog::rawRequest() const
{
    QString text = m_rawRequest->toPlainText();
    if (m_crlf->isChecked())
        text.replace(QLatin1String("\r\n"), QLatin1String("\n")).replace(u'\n', QLatin1String("\r\n"));
    return text.toUtf8();
}

QString ConnectionOptionsDialog::validate(Page *page) const
{
    auto refuse = [page](Page where, const QString &message) {
        if (page)
            *page = where;
        return message;
    };
    if (const QString problem = m_headers->problem(); !problem.isEmpty())
        return refuse(HeadersPage, problem);
    if (const QString problem = m_proxyHeaders->problem(); !problem.isEmpty())
        return refuse(ProxyPage, tr("Proxy headers: %1").arg(problem));
    for (const QString &protocol : splitSubprotocols(m_subprotocols->text())) {
        if (!net::isHttpToken(protocol.toUtf8()))
            return refuse(GeneralPage, tr("Subprotocol “%1” is not a token: no spaces or separators (RFC 6455 section 4.1).").arg(protocol));
    }
    if (m_origin->text().contains(u'\r') || m_origin->text().contains(u'\n'))
        return refuse(GeneralPage, tr("The origin has a line break."));
    if (m_reconnect->isChecked() && m_reconnectMax->value() < m_reconnectInitial->value())
        return refuse(GeneralPage, tr("The longest reconnect delay (%1 ms) is shorter than the first one (%2 ms).")
                                       .arg(m_reconnectMax->value())
                                       .arg(m_reconnectInitial->value()));
    // The network layer's own checks, with a stand-in wss:// URL so TLS files are checked
    // too (the real URL is the connection bar's business).
    net::ConnectionOptions checked = options();
    checked.url = QStringLiteral("wss://options-check.invalid/");
    const net::ValidationResult result = net::validateOptions(checked);
    if (!result.ok) {
        QString message = result.message;
        message[0] = message[0].toUpper();
        return refuse(pageForMessage(message), message + u'.');
    }
    return {};
}

void ConnectionOptionsDialog::accept()
{
    Page page = GeneralPage;
    const QString problem = validate(&page);
    if (!problem.isEmpty()) {
        showProblem(problem);
        m_tabs->setCurrentIndex(page);
        int row = -1;
        if (page == HeadersPage && !m_headers->problem(&row).isEmpty())
            m_headers->focusRow(row);
        return;
    }
    showProblem(QString());
    QDialog::accept();
}

void ConnectionOptionsDialog::fillRequestFromOptions()
{
    const net::ConnectionOptions current = options();
    const net::ValidationResult target = net::validateUrl(m_url);
    protocol::ClientHandshakeRequest request;
    request.host = target.ok ? target.target.hostHeader.toStdString() : std::string("example.invalid");
    request.resourceName = target.ok ? target.target.resourceName.toStdString() : std::string("/");
    request.origin = current.origin.toStdString();
    for (const QString &subprotocol : current.subprotocols)
        request.subprotocols.push_back(subprotocol.toStdString());
    request.version = current.protocolVersion;
    if (current.deflate && !protocol::isHixie(request.version))
        request.extensionOffer = protocol::formatDeflateOffer(current.deflateOffer);
    for (const auto &header : current.headers)
        request.extraHeaders.push_back({header.first.toStdString(), header.second.toStdString()});
    m_crlf->setChecked(true);
    m_rawRequest->setPlainText(QString::fromStdString(labRequestOf(request)).replace(QLatin1String("\r\n"), QLatin1String("\n")));
    if (!target.ok)
        showProblem(tr("No usable URL yet (%1): the Host line is a stand-in.").arg(target.message));
}

} // namespace wsi::ui
