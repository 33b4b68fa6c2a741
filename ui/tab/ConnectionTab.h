// SPDX-License-Identifier: MIT
#pragma once
// One connection: its bar, log and composer, and the panels the main window shows in its
// docks while this tab is current. It owns the Connection's worker thread and the log
// store; everything it tells the connection goes through queued calls, and everything it
// hears comes in batches. UI thread only.
#include "net/ConnectionOptions.h"
#include "net/ConnectionTypes.h"
#include "net/LogEvent.h"

#include <QElapsedTimer>
#include <QWidget>

#include <memory>

class QTimer;

namespace wsi::log {
class MessageStore;
struct LogLimits;
struct SessionTabState;
}
namespace wsi::net {
class Connection;
class ConnectionThread;
}

namespace wsi::ui {

class CertificatePanel;
class ComposerWidget;
class ConnectionBar;
class ConnectionPanel;
class LatencyPanel;
class LogLimiter;
class LogView;
class PanelStateRecorder;

class ConnectionTab : public QWidget
{
    Q_OBJECT
public:
    explicit ConnectionTab(QWidget *parent = nullptr);
    // A tab over a log read from a file (a session, a HAR import); see setReadOnly().
    explicit ConnectionTab(std::unique_ptr<log::MessageStore> store, QWidget *parent = nullptr);
    ~ConnectionTab() override;

    ConnectionBar *bar() const { return m_bar; }
    LogView *logView() const { return m_log; }
    ComposerWidget *composer() const { return m_composer; }
    // Shown in the main window's docks while this tab is current; owned by the tab.
    ConnectionPanel *connectionPanel() const { return m_connectionPanel; }
    CertificatePanel *certificatePanel() const { return m_certificatePanel; }
    LatencyPanel *latencyPanel() const { return m_latencyPanel; }

    const net::ConnectionOptions &options() const { return m_options; }
    void setOptions(const net::ConnectionOptions &options);
    net::ConnectionState state() const { return m_state; }
    QString title() const;
    const log::MessageStore &store() const { return *m_store; }

    // Session files: what the tab shows (log batches still pending are shown first).
    log::SessionTabState sessionState();
    PanelStateRecorder *recorder() const { return m_recorder; }
    // A tab opened from a file: the banner says so; connecting and sending are off.
    void setReadOnly(const QString &banner, const QString &title);
    bool isReadOnly() const { return m_readOnly; }

    // The Preferences' log limits (rows kept in memory; older ones spilled or dropped).
    // Read-only tabs show their file whole and ignore them. Default: no limit.
    void setLogLimits(const log::LogLimits &limits);
    LogLimiter *logLimiter() const { return m_limiter; }

public Q_SLOTS:
    void connectTo(const QString &url);
    void disconnectFromServer();
    void editOptions();

Q_SIGNALS:
    void titleChanged(const QString &title);
    // A URL that was valid enough to try: the window keeps it in the history.
    void urlUsed(const QString &url);

private:
    void wireComposer();
    void wireConnection(net::Connection *connection);
    void onEvents(const net::EventBatch &batch);
    void showPendingBatches();
    void onStateChanged(net::ConnectionState state);
    void onError(const net::ConnectionError &error);
    void updateClock();
    template <typename Call> void post(Call call);

    net::ConnectionOptions m_options;
    std::unique_ptr<log::MessageStore> m_store;
    std::unique_ptr<net::ConnectionThread> m_thread;
    net::ConnectionState m_state = net::ConnectionState::Idle;
    ConnectionBar *m_bar;
    LogView *m_log;
    ComposerWidget *m_composer;
    ConnectionPanel *m_connectionPanel;
    CertificatePanel *m_certificatePanel;
    LatencyPanel *m_latencyPanel;
    QTimer *m_clock;
    QElapsedTimer m_sinceStart;
    static constexpr int ShowIntervalMs = 33; // at most ~30 log updates a second
    QVector<net::EventBatch> m_pendingBatches;
    QTimer *m_showTimer;
    QElapsedTimer m_lastShown;
    PanelStateRecorder *m_recorder;
    LogLimiter *m_limiter = nullptr;
    bool m_readOnly = false;
    QString m_readOnlyTitle;
};

} // namespace wsi::ui
