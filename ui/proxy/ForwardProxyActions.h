// SPDX-License-Identifier: MIT
#pragma once
// The window's intercepting forward proxies and their CA: Proxy ▸ New Forward Proxy… asks
// where to listen, the CA's folder and the pass-through hosts (ForwardProxyDialog), starts
// a ForwardProxyRun and opens each WebSocket flow as a tab showing both legs (receive-only,
// as a reverse proxy's); Stop Forward Proxies closes the listeners; Export CA
// Certificate… saves the CA's certificate (never its key) where the user says, with how to
// trust it; Regenerate CA… makes a new CA in place of the old one. UI thread only.
#include "net/proxy/ForwardProxyOptions.h"

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
class ForwardProxyRun;

class ForwardProxyActions : public QObject
{
    Q_OBJECT
public:
    struct WindowCalls {
        std::function<ConnectionTab *()> newTab; // a new tab, added and current
    };
    ForwardProxyActions(QWidget *window, WindowCalls calls);
    ~ForwardProxyActions() override;

    void attachMenu(QMenu *menu);
    // The dialog, then start().
    void newForwardProxy();
    ForwardProxyRun *start(const net::ForwardProxyOptions &options);
    void stopAll();
    int runningCount() const { return int(m_runs.size()); }

    // The CA the menu's Export and Regenerate act on: the last started proxy's folder, else
    // the default one (LocalCertificateAuthority::defaultDirectory()).
    QString caDirectory() const { return m_caDirectory; }
    void setCaDirectory(const QString &directory) { m_caDirectory = directory; }
    // Writes the CA's certificate (made first if there is none yet) to `path`; false with a
    // sentence in `error`.
    bool exportCaCertificate(const QString &path, QString &error) const;
    // A new CA in place of the old one; running forward proxies are stopped (they would go
    // on minting with the old one).
    bool regenerateCa(QString &error);

Q_SIGNALS:
    void proxyStarted(const QString &proxyUrl, const QString &caFile);
    void proxyFailed(const QString &error);
    void flowOpened(wsi::ui::ConnectionTab *tab);

private:
    void openFlow(ForwardProxyRun *run, net::ProxyFlow *flow);
    void exportCaFromMenu();
    void regenerateCaFromMenu();
    void showMessage(const QString &title, const QString &text, bool warning);

    QWidget *m_window;
    WindowCalls m_calls;
    QString m_caDirectory;
    std::vector<std::unique_ptr<ForwardProxyRun>> m_runs;
};

// How to trust a CA certificate saved at `path`: the system store, Chromium's NSS database
// and Firefox, in a few lines for a message box.
QString trustInstructions(const QString &path);

} // namespace wsi::ui
