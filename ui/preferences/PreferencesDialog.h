// SPDX-License-Identifier: MIT
#pragma once
// Edit > Preferences…: theme, the log's time format, the log's memory limit and what
// happens to older rows, and the timeouts and keepalive interval new tabs start with.
// Every field is a combo or a spin box with its unit and range, so nothing invalid can be
// typed. Theme and time format are previewed as they are picked (previewed()); Apply and
// OK hand the whole value over (applied()); Cancel previews the last applied value again,
// undoing the preview. Restore Defaults fills in Preferences{} without applying it.
// UI thread only.
#include "ui/preferences/Preferences.h"

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QFormLayout;
class QLabel;
class QSpinBox;

namespace wsi::ui {

class PreferencesDialog : public QDialog
{
    Q_OBJECT
public:
    explicit PreferencesDialog(const Preferences &current, QWidget *parent = nullptr);

    // As the fields show it.
    Preferences preferences() const;
    void setPreferences(const Preferences &preferences);
    QDialogButtonBox *buttons() const { return m_buttons; }

public Q_SLOTS:
    void apply();
    void restoreDefaults();
    void accept() override;
    void reject() override;

Q_SIGNALS:
    void previewed(const wsi::ui::Preferences &preferences);
    void applied(const wsi::ui::Preferences &preferences);

private:
    QWidget *makeAppearanceGroup();
    QWidget *makeLogGroup();
    QWidget *makeConnectionGroup();
    QSpinBox *addMsRow(QFormLayout *form, const QString &label, const QString &name, const QString &offText);
    void fieldsChanged();

    Preferences m_applied; // what the window uses now
    bool m_filling = false;

    QComboBox *m_theme = nullptr;
    QComboBox *m_timeMode = nullptr;
    QComboBox *m_precision = nullptr;
    QLabel *m_timeExample = nullptr;
    QSpinBox *m_maxRows = nullptr;
    QComboBox *m_overflow = nullptr;
    QSpinBox *m_connectTimeout = nullptr;
    QSpinBox *m_openTimeout = nullptr;
    QSpinBox *m_writeTimeout = nullptr;
    QSpinBox *m_pingTimeout = nullptr;
    QSpinBox *m_closeTimeout = nullptr;
    QSpinBox *m_pingInterval = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace wsi::ui
