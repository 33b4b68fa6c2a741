// SPDX-License-Identifier: MIT
#pragma once
// The echo server panel's EventSource page: whether the server also serves server-sent
// events, at which path, with which retry, keepalive comments, Last-Event-ID history,
// extra response headers (a CORS preset), the WebSocket bridge and POSTs
// (net::EventStreamOptions). Edited while the server is stopped. UI thread only.
#include "net/echo/EchoServerOptions.h"

#include <QWidget>

class QCheckBox;
class QGroupBox;
class QLineEdit;
class QSpinBox;

namespace wsi::ui {

class HeaderTableEditor;

class EventStreamSettingsWidget : public QWidget
{
    Q_OBJECT
public:
    explicit EventStreamSettingsWidget(QWidget *parent = nullptr);

    // The path is empty when the endpoint is off (net::EventStreamOptions::isEnabled()).
    net::EventStreamOptions options() const;
    // An empty path turns the endpoint off and keeps the path shown for the next time.
    void setOptions(const net::EventStreamOptions &options);
    // Empty when options() can be served; else one sentence naming what to fix.
    QString problem() const;
    void setEditable(bool editable);

    // For tests and the panel.
    QGroupBox *endpointBox() const { return m_endpoint; }
    QLineEdit *pathField() const { return m_path; }
    QSpinBox *retryField() const { return m_retryMs; }
    QSpinBox *keepaliveField() const { return m_keepaliveS; }
    QSpinBox *historyField() const { return m_history; }
    HeaderTableEditor *headerEditor() const { return m_headers; }
    QCheckBox *bridgeBox() const { return m_bridge; }
    QCheckBox *postsBox() const { return m_posts; }

    // What the CORS preset adds: any origin may read the stream and POST events.
    static void addCorsHeaders(HeaderTableEditor *editor);

Q_SIGNALS:
    void enabledChanged(bool enabled);

private:
    QGroupBox *m_endpoint;
    QLineEdit *m_path;
    QSpinBox *m_retryMs;
    QSpinBox *m_keepaliveS;
    QSpinBox *m_history;
    HeaderTableEditor *m_headers;
    QCheckBox *m_bridge;
    QCheckBox *m_posts;
};

} // namespace wsi::ui
