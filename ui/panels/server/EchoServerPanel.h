// SPDX-License-Identifier: MIT
#pragma once
// The echo server panel: start/stop the built-in server (host, port, ws or wss, mode and
// options), see its URL and certificate fingerprint, its connected clients with their
// traffic, inject faults, and open a client tab to it in one click. UI thread only.
#include "net/echo/EchoServerOptions.h"
#include "net/LogEvent.h"

#include <QHash>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTreeWidget;
class QTreeWidgetItem;

namespace wsi::ui {

class EchoServerController;

class EchoServerPanel : public QWidget
{
    Q_OBJECT
public:
    explicit EchoServerPanel(EchoServerController *controller, QWidget *parent = nullptr);

    net::EchoServerOptions options() const;
    void setOptions(const net::EchoServerOptions &options);

    QPushButton *startButton() const { return m_start; }
    QPushButton *connectButton() const { return m_connectTab; }
    QTreeWidget *clientList() const { return m_clients; }
    QString statusText() const;

Q_SIGNALS:
    // Open a client tab to the running server; `caFile` trusts its certificate (wss).
    void connectTabRequested(const QString &url, const QString &caFile);

private:
    void onStartClicked();
    void onStarted(const QString &url, const QString &fingerprint);
    void onStartFailed(const QString &message);
    void onStopped();
    void onClientConnected(quint64 id, const QString &peer);
    void onClientHandshake(quint64 id, const QString &path, const QString &query, const QString &subprotocol,
                           const QString &version);
    void onTraffic(const net::EventBatch &batch);
    void onClientClosed(quint64 id, quint16 code, const QString &reason, bool clean);
    void setEditable(bool editable);
    QTreeWidgetItem *clientItem(quint64 id);

    EchoServerController *m_controller;
    QLineEdit *m_host;
    QSpinBox *m_port;
    QComboBox *m_scheme;
    QLineEdit *m_certificate;
    QLineEdit *m_key;
    QComboBox *m_mode;
    QCheckBox *m_deflate;
    QLineEdit *m_subprotocols;
    QSpinBox *m_maxMessageMiB;
    QSpinBox *m_delayMs;
    QSpinBox *m_pingIntervalS;
    QPushButton *m_start;
    QPushButton *m_connectTab;
    QLabel *m_status;
    QTreeWidget *m_clients;
    QSpinBox *m_faultCode;
    QLineEdit *m_faultReason;
    QPushButton *m_closeAll;
    QPushButton *m_dropAll;
    QHash<quint64, QTreeWidgetItem *> m_items;
    struct Counts {
        quint64 messagesIn = 0;
        quint64 messagesOut = 0;
        quint64 bytesIn = 0;
        quint64 bytesOut = 0;
    };
    QHash<quint64, Counts> m_counts;
};

} // namespace wsi::ui
