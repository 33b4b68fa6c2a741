// SPDX-License-Identifier: MIT
#include "ui/proxy/ReverseProxyDialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QPushButton>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

namespace wsi::ui {

bool parseListenAddress(const QString &text, QHostAddress &address, quint16 &port, QString &error)
{
    const int colon = text.lastIndexOf(QLatin1Char(':'));
    QString host = colon > 0 ? text.left(colon).trimmed() : QString();
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        host = QStringLiteral("127.0.0.1");
    bool ok = false;
    const uint number = colon > 0 ? text.mid(colon + 1).trimmed().toUInt(&ok) : 0;
    if (colon <= 0 || QHostAddress(host).isNull() || !ok || number > 65535) {
        error = QObject::tr("Listen on an address and a port, such as 127.0.0.1:9000 (port 0: any free one).");
        return false;
    }
    address = QHostAddress(host);
    port = quint16(number);
    return true;
}

ReverseProxyDialog::ReverseProxyDialog(QWidget *parent)
    : QDialog(parent),
      m_listen(new QLineEdit(QStringLiteral("127.0.0.1:0"), this)),
      m_upstream(new QLineEdit(this)),
      m_caFile(new QLineEdit(this)),
      m_insecure(new QCheckBox(tr("Relay even when the upstream's certificate cannot be verified"), this)),
      m_error(new QLabel(this))
{
    setWindowTitle(tr("New Reverse Proxy"));
    m_upstream->setPlaceholderText(QStringLiteral("wss://api.example.com/"));
    m_caFile->setPlaceholderText(tr("the system's CAs"));
    auto *form = new QFormLayout;
    form->addRow(tr("Listen on:"), m_listen);
    form->addRow(tr("Upstream:"), m_upstream);
    form->addRow(tr("Upstream CA file:"), m_caFile);
    form->addRow(QString(), m_insecure);
    auto *note = new QLabel(tr("Point the app at the proxy's URL: each connection goes to the upstream with its path "
                               "and query, and opens as a tab showing both legs."),
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

bool ReverseProxyDialog::options(net::ReverseProxyOptions &options, QString &error) const
{
    if (!parseListenAddress(m_listen->text(), options.listenAddress, options.listenPort, error))
        return false;
    options.upstreamUrl = m_upstream->text().trimmed();
    const net::ValidationResult checked = net::validateUrl(options.upstreamUrl);
    if (!checked.ok) {
        error = tr("The upstream URL: %1").arg(checked.message);
        return false;
    }
    options.upstreamTls.caFile = m_caFile->text().trimmed();
    options.upstreamTls.verify = !m_insecure->isChecked();
    return true;
}

void ReverseProxyDialog::accept()
{
    net::ReverseProxyOptions checked;
    QString error;
    if (!options(checked, error)) {
        m_error->setText(error);
        m_error->setVisible(true);
        return;
    }
    QDialog::accept();
}

} // namespace wsi::ui
