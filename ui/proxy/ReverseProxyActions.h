// SPDX-License-Identifier: MIT
#pragma once
// The window's reverse proxies: Proxy ▸ New Reverse Proxy… asks where to listen and the
// upstream (ReverseProxyDialog), starts a ReverseProxyRun, and opens each flow as a tab
// that shows both legs (its source attached to the tab's TabDocument, which runs it on a
// worker of its own; no composer, the flow relays the app's traffic). Proxy ▸ Stop Reverse
// Proxies closes the listeners; open flows go on in their tabs. UI thread only.
#include "net/proxy/ReverseProxyOptions.h"

#include <QObject>

#include <functional>
#include <memory>
#include <vector>

class QMenu;
class QWidget;

namespace wsi::net {
class ProxyFlow;
}

namespace wsi::ui {

class ConnectionTab;
class ReverseProxyRun;

class ReverseProxyActions : public QObject
{
    Q_OBJECT
public:
    struct WindowCalls {
        std::function<ConnectionTab *()> newTab; // a new tab, added and current
    };
    ReverseProxyActions(QWidget *window, WindowCalls calls);
    ~ReverseProxyActions() override;

    void attachMenu(QMenu *menu);
    // The dialog, then start().
    void newReverseProxy();
    // Starts a proxy with these options (what the dialog does once accepted).
    ReverseProxyRun *start(const net::ReverseProxyOptions &options);
    void stopAll();
    int runningCount() const { return int(m_runs.size()); }

Q_SIGNALS:
    // For tests and the status line: a proxy listens, or could not start.
    void proxyStarted(const QString &listenUrl, const QString &upstreamUrl);
    void proxyFailed(const QString &error);
    void flowOpened(wsi::ui::ConnectionTab *tab);

private:
    void openFlow(ReverseProxyRun *run, net::ProxyFlow *flow);

    QWidget *m_window;
    WindowCalls m_calls;
    std::vector<std::unique_ptr<ReverseProxyRun>> m_runs;
};

} // namespace wsi::ui
