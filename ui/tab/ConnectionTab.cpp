// SPDX-License-Identifier: MIT
#include "ui/tab/ConnectionTab.h"

#include "ui/composer/ComposerWidget.h"
#include "ui/panels/certificate/CertificatePanel.h"
#include "ui/panels/connection/ConnectionPanel.h"
#include "ui/panels/latency/LatencyPanel.h"
#include "ui/tab/ConnectionBar.h"
#include "ui/tab/ConnectionOptionsDialog.h"
#include "ui/tab/TabDocument.h"

#include "files/session/SessionTab.h"
#include "net/Connection.h"
#include "store/MessageStore.h"

#include <QTimer>

namespace wsi::ui {

ConnectionTab::ConnectionTab(QWidget *parent) : ConnectionTab(std::make_unique<log::MessageStore>(), parent) {}

ConnectionTab::ConnectionTab(std::unique_ptr<log::MessageStore> store, QWidget *parent)
    : TrafficTab(std::move(store), parent), m_bar(new ConnectionBar(this)), m_clock(new QTimer(this))
{
    m_options.applyEnvironmentDefaults();
    setHeader(m_bar);
    m_clock->setInterval(1000);
    connect(m_clock, &QTimer::timeout, this, &ConnectionTab::updateClock);
    connect(m_bar, &ConnectionBar::connectRequested, this, &ConnectionTab::connectTo);
    connect(m_bar, &ConnectionBar::disconnectRequested, this, &ConnectionTab::disconnectFromServer);
    connect(m_bar, &ConnectionBar::optionsRequested, this, &ConnectionTab::editOptions);
    connect(connectionPanel(), &ConnectionPanel::trustCertificateRequested, this, &ConnectionTab::trustServerCertificate);
    connect(connectionPanel(), &ConnectionPanel::connectWithoutVerifyingRequested, this, &ConnectionTab::connectWithoutVerifying);
    // The panel's interval box and the composer's auto-pong are options of this tab too:
    // the next Connect keeps them.
    connect(latencyPanel(), &LatencyPanel::pingIntervalChanged, this, [this](int ms) { m_options.pingIntervalMs = ms; });
    connect(composer(), &ComposerWidget::autoPongChanged, this, [this](bool enabled) { m_options.autoPong = enabled; });
}

ConnectionTab::~ConnectionTab() = default;

void ConnectionTab::setOptions(const net::ConnectionOptions &options)
{
    m_options = options;
    m_bar->setUrl(options.url);
    showTrafficKind(net::trafficKindOfUrl(options.url));
    latencyPanel()->setPingInterval(options.pingIntervalMs);
    composer()->setAutoPong(options.autoPong);
}

void ConnectionTab::setProfileName(const QString &name)
{
    m_profileName = name;
    Q_EMIT titleChanged(title());
}

QString ConnectionTab::title() const
{
    // A read-only tab never reads as the live one it came from.
    if (!readOnlyTitle().isEmpty())
        return tr("%1 · read-only").arg(readOnlyTitle());
    if (!m_profileName.isEmpty())
        return m_profileName;
    const net::ValidationResult checked = net::validateUrl(m_bar->url(), net::trafficKindOfUrl(m_bar->url()));
    if (!checked.ok)
        return tr("New connection");
    return checked.target.hostHeader.isEmpty() ? m_bar->url() : QString::fromUtf8(checked.target.hostHeader);
}

void ConnectionTab::fillSessionState(log::SessionTabState &state)
{
    state.options = m_options;
    state.options.url = m_bar->url();
    const net::ValidationResult checked = net::validateUrl(state.options.url, state.options.kind);
    state.panelUrl = checked.ok ? checked.target.displayUrl : QString();
}

void ConnectionTab::enterReadOnly()
{
    m_bar->setEnabled(false);
}

void ConnectionTab::editOptions()
{
    ConnectionOptionsDialog dialog(this);
    net::ConnectionOptions current = m_options;
    current.url = m_bar->url();
    dialog.setOptions(current);
    if (dialog.exec() == QDialog::Accepted)
        setOptions(dialog.options());
}

QString ConnectionTab::connectTo(const QString &url)
{
    if (isReadOnly())
        return tr("the tab is read-only");
    net::ConnectionOptions options = m_options;
    // "localhost:9000/chat" is taken as ws://: the connection says so in the log (it is
    // given the URL as typed), the bar, the history and the title show the URL used.
    // An http:// or https:// URL is an EventSource stream: the same tab, receiving only.
    options.url = url.trimmed();
    options.kind = net::trafficKindOfUrl(url);
    m_bar->setUrl(net::withDefaultScheme(url, options.kind));
    showTrafficKind(options.kind);
    // What connects has the active environment's {{name}} replaced; the tab keeps what was
    // typed. Refuse a bad URL or option before any I/O, with the reason in plain words, and
    // nothing of the previous attempt left on screen to be taken for this one's.
    net::ConnectionOptions sent = options;
    const QString undefined = substituteVariables(sent);
    net::ValidationResult checked = net::validateOptions(sent);
    if (!undefined.isEmpty())
        checked = net::ValidationResult{false, undefined, {}, {}};
    if (!checked.ok) {
        net::ConnectionError error;
        error.phase = net::ErrorPhase::Options;
        error.message = checked.message;
        m_clock->stop();
        m_bar->setState(net::ConnectionState::Closed);
        m_bar->setElapsed(0);
        m_bar->setError(checked.message);
        connectionPanel()->clear();
        connectionPanel()->setUrl(net::withDefaultScheme(url, options.kind));
        connectionPanel()->setError(error);
        certificatePanel()->clear();
        return checked.message;
    }
    m_options = options;
    m_options.url = net::withDefaultScheme(url, options.kind);
    Q_EMIT urlUsed(m_options.url);
    Q_EMIT titleChanged(title());

    document()->detach();
    connectionPanel()->clear();
    connectionPanel()->setUrl(checked.target.displayUrl);
    certificatePanel()->clear();
    latencyPanel()->clear();
    document()->attach(new net::Connection(sent));
    m_sinceStart.start();
    m_clock->start();
    document()->post([](net::TrafficSource *source) { source->open(); });
    return {};
}

QString ConnectionTab::substituteVariables(net::ConnectionOptions &options) const
{
    if (!environment())
        return {};
    const script::Environment &variables = *environment();
    QStringList unknown;
    const auto refusal = [&](const QString &where) {
        return tr("{{%1}} in %2 is not defined in the environment %3")
            .arg(unknown.join(QStringLiteral("}}, {{")), where, variables.name().isEmpty() ? tr("in use") : variables.name());
    };
    options.url = variables.substitute(options.url, &unknown);
    if (!unknown.isEmpty())
        return refusal(tr("the URL"));
    for (auto &header : options.headers)
        header.second = variables.substitute(QString::fromUtf8(header.second), &unknown).toUtf8();
    options.origin = variables.substitute(options.origin, &unknown);
    return unknown.isEmpty() ? QString() : refusal(tr("a header"));
}

void ConnectionTab::disconnectFromServer()
{
    if (state() == net::ConnectionState::Open)
        document()->post([](net::TrafficSource *source) { source->close(1000, QString()); });
    else
        document()->post([](net::TrafficSource *source) { source->abort(); });
}

void ConnectionTab::showUpdate(const net::SourceReport &update)
{
    TrafficTab::showUpdate(update);
    std::visit(net::Overloaded{
                   [this](const net::StateReport &report) {
                       m_bar->setState(report.state);
                       if (report.state == net::ConnectionState::Closed)
                           m_clock->stop();
                   },
                   [this](const net::ConnectionSnapshot &snapshot) { m_bar->setElapsed(snapshot.elapsedNs); },
                   [this](const net::TlsReport &report) { m_lastTlsReport = report; },
                   [this](const net::ConnectionError &error) {
                       m_bar->setError(error.message);
                       if (error.phase == net::ErrorPhase::Tls)
                           showTlsAdvice(error);
                   },
                   [](const auto &) {},
               },
               update);
}

// The engine's hint names the CLI's flags; in the window the way out is Options → TLS, or
// one click for this tab only.
void ConnectionTab::showTlsAdvice(const net::ConnectionError &error)
{
    net::ConnectionError shown = error;
    const bool verificationFailed = m_lastTlsReport.handshakeCompleted && m_lastTlsReport.verdict == net::TlsVerdict::Failed;
    if (error.tlsAlert >= 0)
        shown.hint = tlsAlertAdvice(net::tlsAlertAdvice(error.tlsAlert, !m_options.tls.clientCertificate.isEmpty()));
    else if (error.id == QLatin1String("not-tls"))
        shown.hint = tr("this port does not speak TLS: change wss:// to ws:// in the address and connect again");
    else if (error.id == QLatin1String("connect-timeout"))
        shown.hint = tr("a server that does not speak TLS may say nothing at all: try ws:// in the address, or raise the "
                        "connect timeout in Options → Timeouts");
    else
        shown.hint = verificationAdvice(m_lastTlsReport.failure);
    connectionPanel()->setError(shown);
    if (verificationFailed)
        connectionPanel()->offerTlsOverrides(!m_lastTlsReport.chain.isEmpty());
}

QString ConnectionTab::verificationAdvice(net::TlsFailure failure)
{
    switch (failure) {
    case net::TlsFailure::SelfSigned:
    case net::TlsFailure::UnknownCa:
        return tr("trust its CA in Options → TLS (CA file), or use a button below for this tab only");
    case net::TlsFailure::IncompleteChain:
        return tr("the server must send its intermediate certificates with its own; meanwhile a CA file with the "
                  "intermediate and its root in Options → TLS, or a button below for this tab only");
    case net::TlsFailure::Expired:
    case net::TlsFailure::NotYetValid:
        return tr("check the certificate's dates and this computer's clock; a button below connects anyway, in this tab only");
    case net::TlsFailure::HostnameMismatch:
        return tr("connect with a name the certificate lists; a button below connects anyway, in this tab only");
    case net::TlsFailure::WeakCrypto:
        return tr("the server needs a certificate with a stronger key or signature; a button below connects anyway, in "
                  "this tab only");
    default:
        return tr("the Certificate panel shows the whole chain");
    }
}

QString ConnectionTab::tlsAlertAdvice(net::TlsAlertAdvice advice)
{
    switch (advice) {
    case net::TlsAlertAdvice::None:
        return {}; // the alert's meaning says all there is
    case net::TlsAlertAdvice::ClientCertificate:
        return tr("give a client certificate and its key in Options → TLS → Client certificate");
    case net::TlsAlertAdvice::OtherClientCertificate:
        return tr("the server refused the client certificate of Options → TLS: choose one it accepts (issued by a CA it "
                  "trusts, valid today)");
    case net::TlsAlertAdvice::ClientNotAllowed:
        return tr("ask the server's administrator to let this client certificate in");
    case net::TlsAlertAdvice::VersionOrCipher:
        return tr("wsinspect offers TLS 1.2 and 1.3 with OpenSSL's default cipher suites; the server wants something else");
    case net::TlsAlertAdvice::ServerName:
        return tr("check the host name in the address: it is sent as the TLS server name (SNI)");
    case net::TlsAlertAdvice::ApplicationProtocol:
        return tr("the server requires an ALPN protocol; wsinspect offers none");
    }
    return {};
}

void ConnectionTab::trustServerCertificate()
{
    if (m_lastTlsReport.chain.isEmpty())
        return;
    net::ConnectionOptions options = m_options;
    options.tls.trustedLeafSha256 = m_lastTlsReport.chain.first().sha256;
    certificatePanel()->setUserTrustedCertificate(options.tls.trustedLeafSha256);
    m_options = options;
    connectTo(m_options.url);
}

void ConnectionTab::connectWithoutVerifying()
{
    m_options.tls.verify = false;
    connectTo(m_options.url);
}

void ConnectionTab::showTrafficKind(net::TrafficKind kind)
{
    m_bar->setTrafficKind(kind);
    connectionPanel()->setTrafficKind(kind);
    setReceiveOnly(kind == net::TrafficKind::EventSource);
}

void ConnectionTab::updateClock()
{
    if (state() == net::ConnectionState::Open)
        m_bar->setElapsed(m_sinceStart.nsecsElapsed());
}

} // namespace wsi::ui
