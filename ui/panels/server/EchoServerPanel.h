// SPDX-License-Identifier: MIT
#pragma once
// The echo server panel: start/stop the built-in server (host, port, ws or wss, mode and
// options; an EventSource endpoint beside the WebSocket one), see its URLs (copyable) and
// certificate fingerprint, its connected clients with their traffic, inject faults,
// publish events to its event streams, and open a client tab to it in one click. UI
// thread only.
#include "net/echo/EchoServerOptions.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTabWidget;

namespace wsi::ui {

class EchoClientList;
class EchoServerController;
class EventPublishWidget;
class EventStreamSettingsWidget;
class MockScriptWidget;

class EchoServerPanel : public QWidget
{
    Q_OBJECT
public:
    explicit EchoServerPanel(EchoServerController *controller, QWidget *parent = nullptr);

    net::EchoServerOptions options() const;
    void setOptions(const net::EchoServerOptions &options);

    QPushButton *startButton() const { return m_start; }
    QPushButton *connectButton() const { return m_connectTab; }
    QPushButton *eventSourceTabButton() const { return m_eventSourceTab; }
    EchoClientList *clientList() const { return m_clients; }
    EventStreamSettingsWidget *eventStreamSettings() const { return m_eventSettings; }
    EventPublishWidget *publishForm() const { return m_publish; }
    // The "Mock" page: a script that answers instead of the echo.
    MockScriptWidget *mockScript() const { return m_mock; }
    QTabWidget *settingsTabs() const { return m_settingsTabs; }
    QTabWidget *activityTabs() const { return m_activityTabs; }
    QLabel *statusLabel() const { return m_status; }
    QString statusText() const;
    // Copies the running server's URL to the clipboard: "ws" (ws:// or wss://) or "events"
    // (the EventSource endpoint's); the status line's "copy" links call it.
    void copyUrl(const QString &which);

Q_SIGNALS:
    // Open a client tab to the running server; `caFile` trusts its certificate (wss).
    void connectTabRequested(const QString &url, const QString &caFile);

private:
    void onStartClicked();
    void onStarted(const QString &url, const QString &fingerprint);
    void onStartFailed(const QString &message);
    void onStopped();
    void showRunningStatus();
    void updatePublishForm();
    void setEditable(bool editable);
    void showTlsRows();

    EchoServerController *m_controller;
    QFormLayout *m_serverForm = nullptr;
    QLineEdit *m_host;
    QSpinBox *m_port;
    QComboBox *m_scheme;
    QLineEdit *m_certificate;
    QLineEdit *m_key;
    QComboBox *m_mode;
    QCheckBox *m_deflate;
    QCheckBox *m_oldDrafts; // answer the drafts before 13 (EchoServerOptions::refuseOldDrafts off)
    QLineEdit *m_subprotocols;
    QSpinBox *m_maxMessageMiB;
    QSpinBox *m_delayMs;
    QSpinBox *m_pingIntervalS;
    QPushButton *m_start;
    MockScriptWidget *m_mock;
    QPushButton *m_connectTab;
    QPushButton *m_eventSourceTab;
    QLabel *m_status;
    QTabWidget *m_settingsTabs;
    QTabWidget *m_activityTabs;
    EventStreamSettingsWidget *m_eventSettings;
    EventPublishWidget *m_publish;
    QString m_copied; // which URL's link says "copied" for a moment
    EchoClientList *m_clients;
    QSpinBox *m_faultCode;
    QLineEdit *m_faultReason;
    QPushButton *m_closeAll;
    QPushButton *m_dropAll;
};

} // namespace wsi::ui
