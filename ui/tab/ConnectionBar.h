// SPDX-License-Identifier: MIT
#pragma once
// The strip above a connection's log: the URL (with completion from history), Options…,
// Connect/Disconnect and the state with its running time. UI thread only.
#include "net/ConnectionOptions.h"
#include "net/ConnectionTypes.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;

namespace wsi::ui {

class ConnectionBar : public QWidget
{
    Q_OBJECT
public:
    explicit ConnectionBar(QWidget *parent = nullptr);

    QString url() const;
    void setUrl(const QString &url);
    // Recent URLs, newest first (the combo's drop-down and its completer).
    void setHistory(const QStringList &urls);
    void setState(net::ConnectionState state);
    // The state's words: an EventSource's request is "requesting", a WebSocket's "upgrading".
    void setTrafficKind(net::TrafficKind kind);
    void setElapsed(qint64 ns);
    // A one-line reason shown in place of the state until the next connect.
    void setError(const QString &message);

    QComboBox *urlField() const { return m_url; }
    QPushButton *connectButton() const { return m_connect; }
    QLabel *stateLabel() const { return m_state; }

Q_SIGNALS:
    void connectRequested(const QString &url);
    void disconnectRequested();
    void optionsRequested();

private:
    void onConnectClicked();
    void updateStateLabel();

    QComboBox *m_url;
    QPushButton *m_options;
    QPushButton *m_connect;
    QLabel *m_state;
    net::ConnectionState m_current = net::ConnectionState::Idle;
    net::TrafficKind m_kind = net::TrafficKind::WebSocket;
    qint64 m_elapsedNs = 0;
    QString m_error;
};

// "00:02:13" for a duration.
QString formatClock(qint64 ns);
// "4.1 ms", "1.20 s", "350 µs".
QString formatDuration(qint64 ns);
// "18 B", "1.2 kB", "3.4 MB".
QString formatBytes(quint64 bytes);

} // namespace wsi::ui
