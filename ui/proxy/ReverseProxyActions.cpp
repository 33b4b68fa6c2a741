// SPDX-License-Identifier: MIT
#include "ui/proxy/ReverseProxyActions.h"

#include "net/proxy/ProxyFlow.h"
#include "ui/proxy/ReverseProxyDialog.h"
#include "ui/proxy/ReverseProxyRun.h"
#include "ui/tab/ConnectionTab.h"
#include "ui/tab/TabDocument.h"

#include <QMenu>
#include <QMessageBox>

namespace wsi::ui {

ReverseProxyActions::ReverseProxyActions(QWidget *window, WindowCalls calls)
    : QObject(window), m_window(window), m_calls(std::move(calls))
{
}

ReverseProxyActions::~ReverseProxyActions() = default;

void ReverseProxyActions::attachMenu(QMenu *menu)
{
    menu->addAction(tr("New Reverse Proxy…"), this, &ReverseProxyActions::newReverseProxy);
    menu->addAction(tr("Stop Reverse Proxies"), this, &ReverseProxyActions::stopAll);
}

void ReverseProxyActions::newReverseProxy()
{
    ReverseProxyDialog dialog(m_window);
    if (dialog.exec() != QDialog::Accepted)
        return;
    net::ReverseProxyOptions options;
    QString error;
    if (dialog.options(options, error))
        start(options);
}

ReverseProxyRun *ReverseProxyActions::start(const net::ReverseProxyOptions &options)
{
    auto run = std::make_unique<ReverseProxyRun>(options);
    ReverseProxyRun *started = run.get();
    connect(started, &ReverseProxyRun::flowArrived, this, [this, started](net::ProxyFlow *flow) { openFlow(started, flow); });
    connect(started, &ReverseProxyRun::started, this, [this, started](const QString &url, const QString &warning) {
        Q_EMIT proxyStarted(url, started->upstreamUrl());
        if (!warning.isEmpty()) {
            auto *box = new QMessageBox(QMessageBox::Warning, tr("Reverse proxy"), warning, QMessageBox::Ok, m_window);
            box->setAttribute(Qt::WA_DeleteOnClose);
            box->open();
        }
    });
    connect(started, &ReverseProxyRun::failed, this, [this, started](const QString &error) {
        Q_EMIT proxyFailed(error);
        auto *box = new QMessageBox(QMessageBox::Warning, tr("Reverse proxy"), error, QMessageBox::Ok, m_window);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
        // Not deleted here: this is its own signal. It goes with the next stop or the window.
        Q_UNUSED(started);
    });
    m_runs.push_back(std::move(run));
    started->start();
    return started;
}

void ReverseProxyActions::stopAll()
{
    m_runs.clear();
}

void ReverseProxyActions::openFlow(ReverseProxyRun *run, net::ProxyFlow *flow)
{
    ConnectionTab *tab = m_calls.newTab();
    net::ConnectionOptions options = tab->options();
    options.url = run->upstreamUrl();
    tab->setOptions(options);
    // The flow relays the app's traffic: nothing to send from here, no URL to change.
    tab->setReceiveOnly(true);
    tab->setReadOnly(tr("Proxied flow #%1 through %2 to %3: the app's side and the upstream's, as they pass")
                         .arg(flow->id())
                         .arg(run->listenUrl(), run->upstreamUrl()),
                     tr("flow #%1").arg(flow->id()));
    tab->document()->attach(flow);
    tab->document()->post([](net::TrafficSource *source) { source->open(); });
    Q_EMIT flowOpened(tab);
}

} // namespace wsi::ui
