// SPDX-License-Identifier: MIT
#include "ui/profiles/ProfileActions.h"

#include "ui/tab/ConnectionBar.h"
#include "ui/tab/ConnectionTab.h"
#include "ui/window/MainWindow.h"
#include "ui/profiles/ManageProfilesDialog.h"
#include "ui/profiles/SaveProfileDialog.h"

#include "net/SecretRedaction.h"

#include <QMenu>

namespace wsi::ui {

ProfileActions::ProfileActions(MainWindow *window) : QObject(window), m_window(window)
{
    m_store.load();
}

void ProfileActions::attachMenu(QMenu *menu)
{
    fillMenu(menu);
    connect(menu, &QMenu::aboutToShow, this, [this, menu] { fillMenu(menu); });
}

void ProfileActions::fillMenu(QMenu *menu)
{
    menu->clear();
    QAction *save = menu->addAction(tr("Save as profile…"), this, &ProfileActions::saveCurrentAsProfile);
    save->setEnabled(m_window->currentTab() && !m_window->currentTab()->isReadOnly());
    menu->addSeparator();
    if (m_store.profiles().isEmpty())
        menu->addAction(tr("No saved profiles"))->setEnabled(false);
    for (const log::ConnectionProfile &profile : m_store.profiles()) {
        QAction *open = menu->addAction(profile.name, this, [this, name = profile.name] { openProfile(name); });
        open->setToolTip(net::redactUrl(profile.options.url));
        open->setStatusTip(open->toolTip());
    }
    menu->addSeparator();
    menu->addAction(tr("Manage profiles…"), this, &ProfileActions::manageProfiles);
}

SaveProfileDialog *ProfileActions::saveCurrentAsProfile()
{
    ConnectionTab *tab = m_window->currentTab();
    if (!tab || tab->isReadOnly())
        return nullptr;
    net::ConnectionOptions options = tab->options();
    options.url = tab->bar()->url().trimmed();
    auto *dialog = new SaveProfileDialog(options, m_store.names(), m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { m_store.save(dialog->profile()); });
    dialog->open();
    return dialog;
}

ConnectionTab *ProfileActions::openProfile(const QString &name)
{
    const log::ConnectionProfile *profile = m_store.find(name);
    if (!profile)
        return nullptr;
    ConnectionTab *tab = m_window->newTab();
    tab->setOptions(profile->options);
    tab->setProfileName(profile->name);
    return tab;
}

ManageProfilesDialog *ProfileActions::manageProfiles()
{
    auto *dialog = new ManageProfilesDialog(&m_store, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ManageProfilesDialog::openRequested, this, &ProfileActions::openProfile);
    dialog->open();
    return dialog;
}

} // namespace wsi::ui
