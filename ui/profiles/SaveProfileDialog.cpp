// SPDX-License-Identifier: MIT
#include "ui/profiles/SaveProfileDialog.h"

#include "ui/profiles/ProfileStore.h"

#include "net/SecretRedaction.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

namespace wsi::ui {

namespace {

QLabel *makeNote(const QString &name)
{
    auto *label = new QLabel;
    label->setObjectName(name);
    label->setWordWrap(true);
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}

// "echo.local:9001" for "wss://echo.local:9001/feed": a first guess at a name.
QString suggestedName(const QString &url)
{
    const net::ValidationResult checked = net::validateUrl(url);
    return checked.ok ? QString::fromUtf8(checked.target.hostHeader) : QString();
}

} // namespace

SaveProfileDialog::SaveProfileDialog(const net::ConnectionOptions &options, const QStringList &taken, QWidget *parent)
    : QDialog(parent),
      m_options(options),
      m_taken(taken),
      m_name(new QLineEdit),
      m_url(new QLabel),
      m_nameNote(makeNote(QStringLiteral("nameNote"))),
      m_keepSecrets(new QCheckBox(tr("Keep secrets in this profile"))),
      m_secretsNote(makeNote(QStringLiteral("secretsNote"))),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel))
{
    setWindowTitle(tr("Save as profile"));
    m_name->setObjectName(QStringLiteral("name"));
    m_name->setText(suggestedName(options.url));
    m_name->selectAll();
    m_url->setText(net::redactUrl(options.url));
    m_url->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_keepSecrets->setObjectName(QStringLiteral("keepSecrets"));

    auto *form = new QFormLayout;
    form->addRow(tr("Name:"), m_name);
    form->addRow(QString(), m_nameNote);
    form->addRow(tr("URL:"), m_url);
    form->addRow(QString(), m_keepSecrets);
    form->addRow(QString(), m_secretsNote);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addStretch(1);
    layout->addWidget(m_buttons);

    const bool secrets = ProfileStore::hasSecrets(options);
    m_keepSecrets->setEnabled(secrets);
    m_secretsNote->setText(secrets
        ? tr("These options hold secrets (Authorization, Cookie or Proxy-Authorization headers, a password or "
             "the key's passphrase). Unticked, they are left out of the profile. Ticked, they are stored "
             "unencrypted in %1 (readable by you only).").arg(QSettings().fileName())
        : tr("These options hold no secrets."));
    connect(m_name, &QLineEdit::textChanged, this, &SaveProfileDialog::updateState);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    updateState();
    resize(520, sizeHint().height());
}

log::ConnectionProfile SaveProfileDialog::profile() const
{
    log::ConnectionProfile profile;
    profile.name = m_name->text().trimmed();
    profile.options = m_keepSecrets->isChecked() ? m_options : ProfileStore::withoutSecrets(m_options);
    return profile;
}

void SaveProfileDialog::updateState()
{
    const QString name = m_name->text().trimmed();
    m_buttons->button(QDialogButtonBox::Save)->setEnabled(!name.isEmpty());
    if (name.isEmpty())
        m_nameNote->setText(tr("A profile needs a name."));
    else if (m_taken.contains(name))
        m_nameNote->setText(tr("Replaces the profile \"%1\".").arg(name));
    else
        m_nameNote->setText(QString());
    m_nameNote->setVisible(!m_nameNote->text().isEmpty());
}

} // namespace wsi::ui
