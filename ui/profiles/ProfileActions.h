// SPDX-License-Identifier: MIT
#pragma once
// The Profiles menu: Save as profile… (the current tab's URL and options), one entry per
// saved profile (opens it in a new tab, not yet connected), and Manage profiles….
// Owns the ProfileStore. UI thread only.
#include "ui/profiles/ProfileStore.h"

#include <QObject>

class QMenu;

namespace wsi::ui {

class ConnectionTab;
class MainWindow;
class ManageProfilesDialog;
class SaveProfileDialog;

class ProfileActions : public QObject
{
    Q_OBJECT
public:
    explicit ProfileActions(MainWindow *window);

    ProfileStore &store() { return m_store; }
    // Fills `menu` now and again each time it is about to show.
    void attachMenu(QMenu *menu);

public Q_SLOTS:
    // Opens the dialog (window-modal, deleted on close) and saves the profile on Save.
    SaveProfileDialog *saveCurrentAsProfile();
    // A new tab with the profile's URL and options; nullptr when there is no such profile.
    ConnectionTab *openProfile(const QString &name);
    ManageProfilesDialog *manageProfiles();

private:
    void fillMenu(QMenu *menu);

    MainWindow *m_window;
    ProfileStore m_store;
};

} // namespace wsi::ui
