// SPDX-License-Identifier: MIT
#pragma once
// Profiles ▸ Save as profile…: a name for the current tab's URL and options, and whether
// to keep its secrets (Authorization, Cookie and Proxy-Authorization headers, URL and
// proxy passwords, the client key's passphrase). Secrets are off by default: they would be
// stored unencrypted in the settings file, and the dialog says so and where. A name that
// is taken is allowed and said to replace that profile. UI thread only.
#include "files/profiles/ConnectionProfile.h"

#include <QDialog>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace wsi::ui {

class SaveProfileDialog : public QDialog
{
    Q_OBJECT
public:
    // `taken`: names of existing profiles.
    SaveProfileDialog(const net::ConnectionOptions &options, const QStringList &taken, QWidget *parent = nullptr);

    // The profile to save: secrets removed unless "keep secrets" is ticked.
    log::ConnectionProfile profile() const;
    QLineEdit *nameField() const { return m_name; }
    QCheckBox *keepSecretsBox() const { return m_keepSecrets; }
    QDialogButtonBox *buttons() const { return m_buttons; }

private:
    void updateState();

    net::ConnectionOptions m_options;
    QStringList m_taken;
    QLineEdit *m_name;
    QLabel *m_url;
    QLabel *m_nameNote;
    QCheckBox *m_keepSecrets;
    QLabel *m_secretsNote;
    QDialogButtonBox *m_buttons;
};

} // namespace wsi::ui
