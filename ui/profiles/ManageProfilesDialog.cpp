// SPDX-License-Identifier: MIT
#include "ui/profiles/ManageProfilesDialog.h"

#include "ui/profiles/ProfileStore.h"
#include "ui/window/Theme.h"

#include "files/profiles/ProfileFile.h"
#include "net/SecretRedaction.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

namespace wsi::ui {

namespace {

constexpr int NameRole = Qt::UserRole; // the name an item had before an in-place edit

QString profileCount(qsizetype count)
{
    return count == 1 ? QObject::tr("1 profile") : QObject::tr("%1 profiles").arg(count);
}

QPushButton *makeButton(const QString &text, const QString &name)
{
    auto *button = new QPushButton(text);
    button->setObjectName(name);
    return button;
}

} // namespace

ManageProfilesDialog::ManageProfilesDialog(ProfileStore *store, QWidget *parent)
    : QDialog(parent),
      m_store(store),
      m_list(new QListWidget),
      m_includeSecrets(new QCheckBox(tr("Include secrets in exported files"))),
      m_details(new QLabel),
      m_status(new QLabel)
{
    setWindowTitle(tr("Manage profiles"));
    m_list->setObjectName(QStringLiteral("profiles"));
    m_list->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_list->setEditTriggers(QAbstractItemView::EditKeyPressed | QAbstractItemView::SelectedClicked);
    m_list->setAlternatingRowColors(true);
    m_includeSecrets->setObjectName(QStringLiteral("includeSecrets"));
    m_details->setObjectName(QStringLiteral("details"));
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->setWordWrap(true);
    m_status->setObjectName(QStringLiteral("status"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    QPushButton *open = makeButton(tr("Open"), QStringLiteral("open"));
    QPushButton *rename = makeButton(tr("Rename"), QStringLiteral("rename"));
    QPushButton *duplicate = makeButton(tr("Duplicate"), QStringLiteral("duplicate"));
    QPushButton *remove = makeButton(tr("Delete…"), QStringLiteral("delete"));
    QPushButton *exportButton = makeButton(tr("Export…"), QStringLiteral("export"));
    QPushButton *importButton = makeButton(tr("Import…"), QStringLiteral("import"));
    auto *side = new QVBoxLayout;
    for (QPushButton *button : {open, rename, duplicate, remove})
        side->addWidget(button);
    side->addSpacing(12);
    side->addWidget(exportButton);
    side->addWidget(importButton);
    side->addStretch(1);
    auto *listColumn = new QVBoxLayout;
    listColumn->addWidget(m_list, 1);
    listColumn->addWidget(m_details);
    auto *top = new QHBoxLayout;
    top->addLayout(listColumn, 1);
    top->addLayout(side);

    auto *secretsNote = new QLabel(tr("Unticked, Authorization, Cookie and Proxy-Authorization values, URL and "
                                      "proxy passwords and the client key's passphrase are masked in the file."));
    secretsNote->setWordWrap(true);
    secretsNote->setForegroundRole(QPalette::PlaceholderText);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top, 1);
    layout->addWidget(m_includeSecrets);
    layout->addWidget(secretsNote);
    layout->addWidget(m_status);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(open, &QPushButton::clicked, this, [this] {
        for (const QString &name : selectedNames())
            Q_EMIT openRequested(name);
    });
    connect(m_list, &QListWidget::itemDoubleClicked, this,
            [this](QListWidgetItem *item) { Q_EMIT openRequested(item->data(NameRole).toString()); });
    connect(rename, &QPushButton::clicked, this, &ManageProfilesDialog::renameSelected);
    connect(duplicate, &QPushButton::clicked, this, &ManageProfilesDialog::duplicateSelected);
    connect(remove, &QPushButton::clicked, this, &ManageProfilesDialog::deleteSelected);
    connect(exportButton, &QPushButton::clicked, this, &ManageProfilesDialog::chooseExportFile);
    connect(importButton, &QPushButton::clicked, this, &ManageProfilesDialog::chooseImportFile);
    connect(m_list, &QListWidget::itemSelectionChanged, this, &ManageProfilesDialog::updateButtons);
    connect(m_list, &QListWidget::itemChanged, this, &ManageProfilesDialog::onItemChanged);
    reload();
    m_status->hide();
    resize(600, 420);
}

QPushButton *ManageProfilesDialog::button(const QString &objectName) const
{
    return findChild<QPushButton *>(objectName);
}

QString ManageProfilesDialog::statusText() const
{
    return m_status->text();
}

QString ManageProfilesDialog::detailsText() const
{
    return m_details->text();
}

void ManageProfilesDialog::reload(const QString &current)
{
    m_reloading = true;
    m_list->clear();
    for (const log::ConnectionProfile &profile : m_store->profiles()) {
        auto *item = new QListWidgetItem(profile.name, m_list);
        item->setData(NameRole, profile.name);
        item->setToolTip(net::redactUrl(profile.options.url));
        item->setFlags(item->flags() | Qt::ItemIsEditable);
    }
    m_reloading = false;
    if (!current.isEmpty())
        selectProfile(current);
    else if (m_list->count() > 0)
        m_list->setCurrentRow(0);
    updateButtons();
}

void ManageProfilesDialog::selectProfile(const QString &name)
{
    for (int row = 0; row < m_list->count(); ++row) {
        if (m_list->item(row)->data(NameRole).toString() == name)
            m_list->setCurrentRow(row);
    }
}

QStringList ManageProfilesDialog::selectedNames() const
{
    QStringList names;
    for (int row = 0; row < m_list->count(); ++row) {
        if (m_list->item(row)->isSelected())
            names << m_list->item(row)->data(NameRole).toString();
    }
    return names;
}

void ManageProfilesDialog::updateButtons()
{
    const QListWidgetItem *current = m_list->currentItem();
    const log::ConnectionProfile *profile = current ? m_store->find(current->data(NameRole).toString()) : nullptr;
    m_details->setText(!profile ? tr("No profile selected.")
                                : tr("%1 · %2").arg(net::redactUrl(profile->options.url),
                                                    ProfileStore::hasSecrets(profile->options) ? tr("keeps its secrets")
                                                                                                : tr("no secrets kept")));
    const int selected = int(selectedNames().size());
    button(QStringLiteral("open"))->setEnabled(selected > 0);
    button(QStringLiteral("rename"))->setEnabled(selected == 1);
    button(QStringLiteral("duplicate"))->setEnabled(selected == 1);
    button(QStringLiteral("delete"))->setEnabled(selected > 0);
    button(QStringLiteral("export"))->setEnabled(selected > 0);
}

void ManageProfilesDialog::showStatus(const QString &text, bool problem)
{
    QPalette palette = m_status->palette();
    palette.setColor(QPalette::WindowText, problem ? Theme::errorColor(palette) : this->palette().color(QPalette::WindowText));
    m_status->setPalette(palette);
    m_status->setText(text);
    m_status->setVisible(!text.isEmpty());
}

void ManageProfilesDialog::renameSelected()
{
    if (QListWidgetItem *item = m_list->currentItem())
        m_list->editItem(item);
}

void ManageProfilesDialog::onItemChanged(QListWidgetItem *item)
{
    if (m_reloading)
        return;
    const QString from = item->data(NameRole).toString();
    const QString to = item->text().trimmed();
    if (to == from)
        return;
    if (!m_store->rename(from, to)) {
        showStatus(to.isEmpty() ? tr("A profile needs a name.") : tr("A profile named \"%1\" exists already.").arg(to), true);
        reload(from);
        return;
    }
    showStatus(tr("Renamed \"%1\" to \"%2\".").arg(from, to));
    reload(to);
}

void ManageProfilesDialog::duplicateSelected()
{
    const QStringList names = selectedNames();
    if (names.size() != 1)
        return;
    const QString copy = m_store->duplicate(names.first());
    showStatus(tr("Saved a copy as \"%1\".").arg(copy));
    reload(copy);
}

void ManageProfilesDialog::deleteSelected()
{
    const QStringList names = selectedNames();
    if (names.isEmpty())
        return;
    const QString question = names.size() == 1 ? tr("Delete the profile \"%1\"?").arg(names.first())
                                               : tr("Delete %1 profiles?").arg(names.size());
    if (QMessageBox::question(this, tr("Delete profiles"), question, QMessageBox::Yes | QMessageBox::Cancel,
                              QMessageBox::Cancel) != QMessageBox::Yes)
        return;
    for (const QString &name : names)
        m_store->remove(name);
    showStatus(names.size() == 1 ? tr("Deleted \"%1\".").arg(names.first()) : tr("Deleted %1 profiles.").arg(names.size()));
    reload();
}

void ManageProfilesDialog::chooseExportFile()
{
    const QStringList names = selectedNames();
    if (names.isEmpty())
        return;
    const QString suggested = (names.size() == 1 ? names.first() : QStringLiteral("profiles")) + QStringLiteral(".json");
    const QString path = QFileDialog::getSaveFileName(this, tr("Export profiles"), suggested, tr("Profiles (*.json)"));
    if (!path.isEmpty())
        exportTo(path);
}

void ManageProfilesDialog::chooseImportFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Import profiles"), QString(),
                                                      tr("Profiles (*.json);;All files (*)"));
    if (!path.isEmpty())
        importFrom(path);
}

bool ManageProfilesDialog::exportTo(const QString &path)
{
    log::ProfileList chosen;
    for (const QString &name : selectedNames())
        chosen.append(*m_store->find(name));
    QString error;
    const bool secrets = m_includeSecrets->isChecked();
    if (!log::ProfileFile::write(path, chosen, secrets, &error)) {
        showStatus(tr("Cannot write %1: %2").arg(QFileInfo(path).fileName(), error), true);
        return false;
    }
    showStatus(tr("Exported %1 to %2, secrets %3.")
                   .arg(profileCount(chosen.size()), QFileInfo(path).fileName(), secrets ? tr("included") : tr("masked")));
    return true;
}

ManageProfilesDialog::ClashChoice ManageProfilesDialog::askClash(const QString &name)
{
    QMessageBox box(QMessageBox::Question, tr("Import profiles"),
                    tr("A profile named \"%1\" exists already.").arg(name), QMessageBox::NoButton, this);
    box.setObjectName(QStringLiteral("clashQuestion"));
    QPushButton *replace = box.addButton(tr("Replace"), QMessageBox::DestructiveRole);
    QPushButton *keepBoth = box.addButton(tr("Keep both"), QMessageBox::AcceptRole);
    QPushButton *skip = box.addButton(tr("Skip"), QMessageBox::RejectRole);
    replace->setObjectName(QStringLiteral("replace"));
    keepBoth->setObjectName(QStringLiteral("keepBoth"));
    skip->setObjectName(QStringLiteral("skip"));
    box.setDefaultButton(keepBoth);
    box.exec();
    if (box.clickedButton() == replace)
        return ClashChoice::Replace;
    return box.clickedButton() == keepBoth ? ClashChoice::KeepBoth : ClashChoice::Skip;
}

bool ManageProfilesDialog::importFrom(const QString &path)
{
    const log::ProfileFile::ReadResult read = log::ProfileFile::read(path);
    if (!read.ok) {
        showStatus(tr("Cannot import %1: %2").arg(QFileInfo(path).fileName(), read.error), true);
        return false;
    }
    QStringList imported;
    for (log::ConnectionProfile profile : read.contents.profiles) {
        // Masked values are placeholders, not secrets: sending them would only confuse.
        if (!read.contents.secretsIncluded)
            profile.options = ProfileStore::withoutSecrets(profile.options);
        if (m_store->find(profile.name)) {
            const ClashChoice choice = askClash(profile.name);
            if (choice == ClashChoice::Skip)
                continue;
            if (choice == ClashChoice::KeepBoth)
                profile.name = m_store->uniqueName(profile.name);
        }
        m_store->save(profile);
        imported << profile.name;
    }
    QString text = tr("Imported %1").arg(profileCount(imported.size()));
    text += imported.isEmpty() ? QStringLiteral(".") : QStringLiteral(": ") + imported.join(QStringLiteral(", ")) + QLatin1Char('.');
    if (!read.contents.secretsIncluded && !imported.isEmpty())
        text += tr(" The file was exported without secrets: add them under Connection ▸ Options… if the server needs them.");
    showStatus(text);
    reload(imported.value(0));
    return true;
}

} // namespace wsi::ui
