// SPDX-License-Identifier: MIT
#include "ui/proxy/ForwardProxyActions.h"

#include "net/proxy/ProxyFlow.h"
#include "net/tls/LocalCertificateAuthority.h"
#include "ui/proxy/ForwardProxyDialog.h"
#include "ui/proxy/ForwardProxyRun.h"
#include "ui/tab/ConnectionTab.h"
#include "ui/tab/TabDocument.h"

#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QMenu>
#include <QMessageBox>

namespace wsi::ui {

QString trustInstructions(const QString &path)
{
    return QObject::tr("To trust it:\n"
                       "• System store (Debian, Ubuntu): sudo cp %1 /usr/local/share/ca-certificates/wsinspect.crt && "
                       "sudo update-ca-certificates\n"
                       "• Chromium, Chrome (NSS): certutil -d sql:$HOME/.pki/nssdb -A -t C,, -n wsinspect -i %1\n"
                       "• Firefox: Settings ▸ Privacy & Security ▸ Certificates ▸ View Certificates ▸ Authorities ▸ "
                       "Import, and tick \"Trust this CA to identify websites\".\n"
                       "Remove it when done: whoever has its key can impersonate any site to this machine.")
        .arg(path);
}

ForwardProxyActions::ForwardProxyActions(QWidget *window, WindowCalls calls)
    : QObject(window), m_window(window), m_calls(std::move(calls)), m_caDirectory(net::LocalCertificateAuthority::defaultDirectory())
{
}

ForwardProxyActions::~ForwardProxyActions() = default;

void ForwardProxyActions::attachMenu(QMenu *menu)
{
    menu->addSeparator();
    menu->addAction(tr("New Forward Proxy…"), this, &ForwardProxyActions::newForwardProxy);
    menu->addAction(tr("Stop Forward Proxies"), this, &ForwardProxyActions::stopAll);
    menu->addAction(tr("Export CA Certificate…"), this, &ForwardProxyActions::exportCaFromMenu);
    menu->addAction(tr("Regenerate CA…"), this, &ForwardProxyActions::regenerateCaFromMenu);
}

void ForwardProxyActions::newForwardProxy()
{
    ForwardProxyDialog dialog(m_window);
    if (dialog.exec() != QDialog::Accepted)
        return;
    net::ForwardProxyOptions options;
    QString error;
    if (dialog.options(options, error))
        start(options);
}

ForwardProxyRun *ForwardProxyActions::start(const net::ForwardProxyOptions &options)
{
    if (!options.caDirectory.isEmpty())
        m_caDirectory = options.caDirectory;
    auto run = std::make_unique<ForwardProxyRun>(options);
    ForwardProxyRun *started = run.get();
    connect(started, &ForwardProxyRun::flowArrived, this, [this, started](net::ProxyFlow *flow) { openFlow(started, flow); });
    connect(started, &ForwardProxyRun::started, this,
            [this](const QString &url, const QString &caFile, bool created, const QString &warning) {
                Q_EMIT proxyStarted(url, caFile);
                if (!warning.isEmpty())
                    showMessage(tr("Forward proxy"), warning, true);
                else if (created)
                    showMessage(tr("Forward proxy"),
                                tr("A new CA was made for the forward proxy at %1: apps must trust it before their TLS can be "
                                   "read.\n\n%2")
                                    .arg(caFile, trustInstructions(caFile)),
                                false);
            });
    connect(started, &ForwardProxyRun::failed, this, [this](const QString &error) {
        Q_EMIT proxyFailed(error);
        showMessage(tr("Forward proxy"), error, true);
    });
    m_runs.push_back(std::move(run));
    started->start();
    return started;
}

void ForwardProxyActions::stopAll()
{
    m_runs.clear();
}

void ForwardProxyActions::openFlow(ForwardProxyRun *run, net::ProxyFlow *flow)
{
    ConnectionTab *tab = m_calls.newTab();
    net::ConnectionOptions options = tab->options();
    options.url = flow->upstreamUrl();
    tab->setOptions(options);
    tab->setReceiveOnly(true);
    tab->setReadOnly(tr("Intercepted flow #%1 to %2 through the forward proxy %3: the app's side and the server's, as they pass")
                         .arg(flow->id())
                         .arg(flow->upstreamHost(), run->proxyUrl()),
                     tr("%1 #%2").arg(flow->upstreamHost()).arg(flow->id()));
    tab->document()->attach(flow);
    tab->document()->post([](net::TrafficSource *source) { source->open(); });
    Q_EMIT flowOpened(tab);
}

bool ForwardProxyActions::exportCaCertificate(const QString &path, QString &error) const
{
    net::LocalCertificateAuthority ca(m_caDirectory);
    if (!ca.load()) {
        error = ca.errorString();
        return false;
    }
    QFile file(path);
    const QByteArray pem = ca.certificate().toPem();
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(pem) != pem.size()) {
        error = tr("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

bool ForwardProxyActions::regenerateCa(QString &error)
{
    stopAll();
    net::LocalCertificateAuthority ca(m_caDirectory);
    if (!ca.regenerate()) {
        error = ca.errorString();
        return false;
    }
    return true;
}

void ForwardProxyActions::exportCaFromMenu()
{
    const QString path = QFileDialog::getSaveFileName(m_window, tr("Export CA Certificate"),
                                                      QDir::home().filePath(QStringLiteral("wsinspect-ca.pem")),
                                                      tr("PEM certificates (*.pem *.crt)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!exportCaCertificate(path, error)) {
        showMessage(tr("Export CA Certificate"), error, true);
        return;
    }
    showMessage(tr("Export CA Certificate"), tr("The CA certificate is saved at %1 (its key stays in %2).\n\n%3")
                                                 .arg(path, m_caDirectory, trustInstructions(path)),
                false);
}

void ForwardProxyActions::regenerateCaFromMenu()
{
    const auto answer = QMessageBox::question(
        m_window, tr("Regenerate CA"),
        tr("Make a new CA in %1? Apps that trust the old one must trust the new ca.pem instead, and running forward "
           "proxies stop.")
            .arg(m_caDirectory));
    if (answer != QMessageBox::Yes)
        return;
    QString error;
    if (!regenerateCa(error)) {
        showMessage(tr("Regenerate CA"), error, true);
        return;
    }
    const QString caFile = QDir(m_caDirectory).filePath(QStringLiteral("ca.pem"));
    showMessage(tr("Regenerate CA"), tr("A new CA is at %1.\n\n%2").arg(caFile, trustInstructions(caFile)), false);
}

void ForwardProxyActions::showMessage(const QString &title, const QString &text, bool warning)
{
    auto *box = new QMessageBox(warning ? QMessageBox::Warning : QMessageBox::Information, title, text, QMessageBox::Ok, m_window);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

} // namespace wsi::ui
