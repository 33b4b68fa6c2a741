// SPDX-License-Identifier: MIT
#include "ui/proxy/ForwardProxyDialog.h"

#include "net/tls/LocalCertificateAuthority.h"
#include "ui/proxy/ReverseProxyDialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QVBoxLayout>

namespace wsi::ui {

ForwardProxyDialog::ForwardProxyDialog(QWidget *parent)
    : QDialog(parent),
      m_listen(new QLineEdit(QStringLiteral("127.0.0.1:8080"), this)),
      m_caDirectory(new QLineEdit(net::LocalCertificateAuthority::defaultDirectory(), this)),
      m_passThrough(new QLineEdit(this)),
      m_caFile(new QLineEdit(this)),
      m_insecure(new QCheckBox(tr("Relay even when a server's certificate cannot be verified"), this)),
      m_error(new QLabel(this))
{
    setWindowTitle(tr("New Forward Proxy"));
    m_passThrough->setPlaceholderText(tr("accounts.example.com, *.pinned.example"));
    m_caFile->setPlaceholderText(tr("the system's CAs"));
    auto *form = new QFormLayout;
    form->addRow(tr("Listen on:"), m_listen);
    form->addRow(tr("CA folder:"), m_caDirectory);
    form->addRow(tr("Pass through:"), m_passThrough);
    form->addRow(tr("Servers' CA file:"), m_caFile);
    form->addRow(QString(), m_insecure);
    auto *note = new QLabel(tr("Set the proxy as the app's HTTP proxy (https_proxy, --proxy-server). Its TLS is intercepted "
                               "with certificates of the CA in the folder (made on first use): the app must trust its ca.pem "
                               "(Proxy ▸ Export CA Certificate…). Each WebSocket opens as a tab showing both legs; other "
                               "HTTP passes untouched. Hosts that pin their certificates go in Pass through."),
                            this);
    note->setWordWrap(true);
    m_error->setWordWrap(true);
    m_error->setVisible(false);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Start"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(note);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
}

bool ForwardProxyDialog::options(net::ForwardProxyOptions &options, QString &error) const
{
    if (!parseListenAddress(m_listen->text(), options.flows.listenAddress, options.flows.listenPort, error))
        return false;
    options.caDirectory = m_caDirectory->text().trimmed();
    if (options.caDirectory.isEmpty()) {
        error = tr("The CA folder is needed: where ca.pem and ca.key are kept (made there on first use).");
        return false;
    }
    options.passThroughHosts = m_passThrough->text().split(QRegularExpression(QStringLiteral("[,\\s]+")), Qt::SkipEmptyParts);
    options.flows.upstreamTls.caFile = m_caFile->text().trimmed();
    options.flows.upstreamTls.verify = !m_insecure->isChecked();
    return true;
}

void ForwardProxyDialog::accept()
{
    net::ForwardProxyOptions checked;
    QString error;
    if (!options(checked, error)) {
        m_error->setText(error);
        m_error->setVisible(true);
        return;
    }
    QDialog::accept();
}

} // namespace wsi::ui
