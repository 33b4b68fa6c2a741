// SPDX-License-Identifier: MIT
#pragma once
// Profiles ▸ Manage profiles…: the saved profiles with their URLs; open, rename (edit the
// name in place), duplicate, delete, export the selected ones to a JSON file (secrets
// masked unless "Include secrets" is ticked) and import a file (every problem reported in
// one sentence; a name that exists asks whether to replace it or keep both). Results and
// problems show in a line under the list rather than in message boxes. UI thread only.
#include <QDialog>

class QCheckBox;
class QLabel;
class QListWidget;
class QListWidgetItem;
class QPushButton;

namespace wsi::ui {

class ProfileStore;

class ManageProfilesDialog : public QDialog
{
    Q_OBJECT
public:
    enum class ClashChoice { Replace, KeepBoth, Skip };

    explicit ManageProfilesDialog(ProfileStore *store, QWidget *parent = nullptr);

    QListWidget *list() const { return m_list; }
    QCheckBox *includeSecretsBox() const { return m_includeSecrets; }
    QString statusText() const;
    QString detailsText() const;
    QPushButton *button(const QString &objectName) const;

    // The selected profiles to `path`; false (and the status says why) when it fails.
    bool exportTo(const QString &path);
    // Every profile of the file at `path`, or none when the file has a problem.
    bool importFrom(const QString &path);
    void selectProfile(const QString &name);

public Q_SLOTS:
    void duplicateSelected();
    void deleteSelected();
    void renameSelected();

Q_SIGNALS:
    void openRequested(const QString &name);

private:
    void reload(const QString &current = QString());
    void updateButtons();
    void onItemChanged(QListWidgetItem *item);
    void chooseExportFile();
    void chooseImportFile();
    QStringList selectedNames() const;
    ClashChoice askClash(const QString &name);
    void showStatus(const QString &text, bool problem = false);

    ProfileStore *m_store;
    QListWidget *m_list;
    QCheckBox *m_includeSecrets;
    QLabel *m_details; // the current profile's URL and whether it keeps secrets
    QLabel *m_status;
    bool m_reloading = false;
};

} // namespace wsi::ui
