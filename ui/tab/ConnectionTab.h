// SPDX-License-Identifier: MIT
#pragma once
// A client connection's tab: a TrafficTab whose source is a net::Connection, started from
// the URL bar above the log with the tab's options. Each Connect starts a new Connection
// (the previous one is stopped first); what it reports reaches the widgets through the
// TabDocument, in order. UI thread only.
#include "ui/tab/TrafficTab.h"

#include "net/tls/TlsAlerts.h"
#include "net/tls/TlsReport.h"

#include "net/ConnectionOptions.h"

#include <QElapsedTimer>

class QTimer;

namespace wsi::ui {

class ConnectionBar;

class ConnectionTab : public TrafficTab
{
    Q_OBJECT
public:
    explicit ConnectionTab(QWidget *parent = nullptr);
    // A tab over a log read from a file (a session, a HAR import); see setReadOnly().
    explicit ConnectionTab(std::unique_ptr<log::MessageStore> store, QWidget *parent = nullptr);
    ~ConnectionTab() override;

    ConnectionBar *bar() const { return m_bar; }
    const net::ConnectionOptions &options() const { return m_options; }
    void setOptions(const net::ConnectionOptions &options);
    // The one-click ways past a certificate this tab does not trust (never saved): accept
    // exactly the server's certificate, or turn verification off; both reconnect.
    void trustServerCertificate();
    void connectWithoutVerifying();
    // Opened from a saved profile: the tab is titled with its name.
    void setProfileName(const QString &name);
    QString title() const override;

public Q_SLOTS:
    // Empty, or why it refused before any I/O (a bad URL or option, an undefined {{name}}).
    // Virtual: a Socket.IO tab turns its http(s) URL into the transport's first.
    virtual QString connectTo(const QString &url);
    void disconnectFromServer();
    void editOptions();

Q_SIGNALS:
    // A URL that was valid enough to try: the window keeps it in the history.
    void urlUsed(const QString &url);

protected:
    void showUpdate(const net::SourceReport &update) override;
    void fillSessionState(log::SessionTabState &state) override;
    void enterReadOnly() override;

private:
    void updateClock();
    // The active environment's values in the URL, headers and origin; the refusal when one
    // is not defined (empty: fine).
    QString substituteVariables(net::ConnectionOptions &options) const;
    // The words and widgets of the URL's kind of traffic: an EventSource receives only.
    void showTrafficKind(net::TrafficKind kind);
    void showTlsAdvice(const net::ConnectionError &error);
    static QString verificationAdvice(net::TlsFailure failure);
    static QString tlsAlertAdvice(net::TlsAlertAdvice advice);

    net::ConnectionOptions m_options;
    ConnectionBar *m_bar;
    QString m_profileName;
    net::TlsReport m_lastTlsReport; // of the latest attempt, for the TLS advice and overrides
    QTimer *m_clock;
    QElapsedTimer m_sinceStart;
};

} // namespace wsi::ui
