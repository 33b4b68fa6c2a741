// SPDX-License-Identifier: MIT
#pragma once
// Edits every field of net::ConnectionOptions except the URL (the connection bar owns it;
// it is kept as given and used by the handshake lab). Tabs: General, Headers, Timeouts,
// Proxy, TLS, Handshake lab. OK checks everything first and, when something is wrong,
// stays open with one sentence saying what, on the tab where it is. UI thread only.
#include "net/ConnectionOptions.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;
class QTabWidget;

namespace wsi::ui {

class HeaderTableEditor;

class ConnectionOptionsDialog : public QDialog
{
    Q_OBJECT
public:
    enum Page { GeneralPage, HeadersPage, TimeoutsPage, ProxyPage, TlsPage, HandshakePage };

    explicit ConnectionOptionsDialog(QWidget *parent = nullptr);

    void setOptions(const net::ConnectionOptions &options);
    net::ConnectionOptions options() const;

    // Empty when the options can be used; otherwise one sentence, and `page` (if given) is
    // the tab that holds the field.
    QString validate(Page *page = nullptr) const;
    // The message shown under the tabs after a refused OK.
    QString problemText() const;

public Q_SLOTS:
    void accept() override;
    // The handshake lab: writes the request the options would send, to edit by hand.
    void fillRequestFromOptions();

private:
    QWidget *makeGeneralPage();
    QWidget *makeDeflateGroup();
    QWidget *makeReconnectGroup();
    QWidget *makeHeadersPage();
    QWidget *makeTimeoutsPage();
    QWidget *makeProxyPage();
    QWidget *makeTlsPage();
    QWidget *makeHandshakePage();
    QWidget *fileField(QLineEdit *&edit, const QString &name, const QString &caption, bool directory);
    void updateEnabled();
    void showProblem(const QString &text);
    void setMaxMessageSize(quint64 bytes);
    quint64 maxMessageSize() const;
    void setProxyUrl(const QString &url);
    QString proxyUrl() const;
    void setRawRequest(const QByteArray &request);
    QByteArray rawRequest() const;

    QString m_url;
    net::ConnectionOptions m_base; // fields the dialog does not show, carried through

    QTabWidget *m_tabs = nullptr;
    QLabel *m_problem = nullptr;
    // General
    QLineEdit *m_subprotocols = nullptr;
    QLineEdit *m_origin = nullptr;
    QComboBox *m_webSocketVersion = nullptr;
    QWidget *m_deflateGroup = nullptr;
    QCheckBox *m_autoPong = nullptr;
    QSpinBox *m_maxMessageSize = nullptr;
    QComboBox *m_maxMessageUnit = nullptr;
    QComboBox *m_eventDetail = nullptr;
    QCheckBox *m_deflate = nullptr;
    QCheckBox *m_serverNoContextTakeover = nullptr;
    QCheckBox *m_clientNoContextTakeover = nullptr;
    QComboBox *m_serverMaxWindowBits = nullptr;
    QComboBox *m_clientMaxWindowBits = nullptr;
    QCheckBox *m_reconnect = nullptr;
    QSpinBox *m_reconnectInitial = nullptr;
    QSpinBox *m_reconnectMax = nullptr;
    QDoubleSpinBox *m_reconnectMultiplier = nullptr;
    QSpinBox *m_reconnectAttempts = nullptr;
    // Headers
    HeaderTableEditor *m_headers = nullptr;
    // Timeouts
    QSpinBox *m_connectTimeout = nullptr;
    QSpinBox *m_openTimeout = nullptr;
    QSpinBox *m_writeTimeout = nullptr;
    QSpinBox *m_pingTimeout = nullptr;
    QSpinBox *m_closeTimeout = nullptr;
    QSpinBox *m_pingInterval = nullptr;
    QCheckBox *m_pingTimeoutCloses = nullptr;
    // Proxy
    QComboBox *m_proxyMode = nullptr;
    QLineEdit *m_proxyUrl = nullptr;
    QLineEdit *m_proxyUser = nullptr;
    QLineEdit *m_proxyPassword = nullptr;
    HeaderTableEditor *m_proxyHeaders = nullptr;
    // TLS
    QCheckBox *m_verify = nullptr;
    QLabel *m_verifyWarning = nullptr;
    QLineEdit *m_caFile = nullptr;
    QLineEdit *m_caDirectory = nullptr;
    QLineEdit *m_clientCertificate = nullptr;
    QLineEdit *m_clientKey = nullptr;
    QLineEdit *m_clientKeyPassphrase = nullptr;
    QCheckBox *m_tlsReportOnly = nullptr;
    // Handshake lab
    QPlainTextEdit *m_rawRequest = nullptr;
    QCheckBox *m_crlf = nullptr;
    QLabel *m_rawRequestNote = nullptr;
};

} // namespace wsi::ui
