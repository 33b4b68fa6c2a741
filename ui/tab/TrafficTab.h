// SPDX-License-Identifier: MIT
#pragma once
// A tab that shows any traffic source through its TabDocument: the log, the composer (on
// while the source is open and can send; hidden in a receive-only tab), and the panels the main window shows in its
// docks while this tab is current (connection, certificate, latency). It reads the
// document's ordered stream of rows and updates and posts the user's commands to the
// source; it never touches the store or a socket. What starts a source (the URL bar of a
// client connection, a proxy's listener, ...) belongs to a subclass. UI thread only.
#include "net/ConnectionTypes.h"
#include "net/source/SourceReport.h"
#include "script/Environment.h"

#include <QWidget>

#include <memory>
#include <optional>

class QSplitter;
class QVBoxLayout;

namespace wsi::log {
class MessageStore;
struct LogLimits;
struct SessionTab;
struct SessionTabState;
}

namespace wsi::ui {

class CertificatePanel;
class ComposerWidget;
class ConnectionPanel;
class LatencyPanel;
class LogLimiter;
class LogView;
class TabDocument;

class TrafficTab : public QWidget
{
    Q_OBJECT
public:
    explicit TrafficTab(std::unique_ptr<log::MessageStore> store, QWidget *parent = nullptr);
    ~TrafficTab() override;

    TabDocument *document() const { return m_document; }
    LogView *logView() const { return m_log; }
    ComposerWidget *composer() const { return m_composer; }
    // Shown in the main window's docks while this tab is current; owned by the tab.
    ConnectionPanel *connectionPanel() const { return m_connectionPanel; }
    CertificatePanel *certificatePanel() const { return m_certificatePanel; }
    LatencyPanel *latencyPanel() const { return m_latencyPanel; }
    const log::MessageStore &store() const;
    LogLimiter *logLimiter() const;

    net::ConnectionState state() const { return m_state; }
    // Rows logged since the tab was last saved in a session (a read-only tab has none).
    bool hasUnsavedRows() const;
    // The rows logged so far are in a saved session.
    void markSaved(qint64 rowsLogged) { m_savedThrough = rowsLogged; }
    qint64 rowsLogged() const;
    virtual QString title() const = 0;

    // Session files: what the tab shows (reports still pending are shown first).
    log::SessionTabState sessionState();
    // A tab opened from a file: the banner says so; starting and sending are off.
    void setReadOnly(const QString &banner, const QString &title);
    bool isReadOnly() const { return m_readOnly; }
    // A source that can only receive (an EventSource): no composer at all, rather than one
    // that is never enabled, and nothing to resend from the log.
    void setReceiveOnly(bool receiveOnly);
    bool isReceiveOnly() const { return m_receiveOnly; }
    QString readOnlyTitle() const { return m_readOnlyTitle; }

    // The Preferences' log limits (rows kept in memory; older ones spilled or dropped).
    // Read-only tabs show their file whole and ignore them. Default: no limit.
    void setLogLimits(const log::LogLimits &limits);

    // The active environment (the Script panel picks it): {{name}} in the URL, the headers
    // and the composer's text messages stands for its value. Without one, braces are text.
    void setEnvironment(std::optional<script::Environment> environment) { m_environment = std::move(environment); }
    const std::optional<script::Environment> &environment() const { return m_environment; }

Q_SIGNALS:
    void titleChanged(const QString &title);
    // The log limiter read rows it had moved to disk: the window shows them in a tab.
    void spilledRowsOpened(std::shared_ptr<wsi::log::SessionTab> tab, const QString &banner);

protected:
    // Above the log: the subclass's controls (a URL bar, ...).
    void setHeader(QWidget *header);
    // Below the log, in the composer's place: an area of the subclass's that holds the
    // composer among its own pages (a Socket.IO tab's Emit page and the raw composer).
    void setComposerArea(QWidget *area);
    // Each update, after the rows before it; subclasses extend what they show.
    virtual void showUpdate(const net::SourceReport &update);
    // What the subclass adds to a saved tab (options, URL).
    virtual void fillSessionState(log::SessionTabState &) {}
    qint64 m_savedThrough = 0;
    void selectRequestPair(qint64 requestNs, qint64 responseNs);
    // Read-only from now on: the subclass turns off its controls.
    virtual void enterReadOnly() {}

private:
    void wireComposer();
    void onStateChanged(net::ConnectionState state);

    TabDocument *m_document;
    LogView *m_log;
    ComposerWidget *m_composer;
    ConnectionPanel *m_connectionPanel;
    CertificatePanel *m_certificatePanel;
    LatencyPanel *m_latencyPanel;
    QVBoxLayout *m_layout;
    QSplitter *m_splitter;
    net::ConnectionState m_state = net::ConnectionState::Idle;
    bool m_readOnly = false;
    bool m_receiveOnly = false;
    QString m_readOnlyTitle;
    std::optional<script::Environment> m_environment;
};

} // namespace wsi::ui
