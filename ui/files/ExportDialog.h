// SPDX-License-Identifier: MIT
#pragma once
// "Export log…": the format (JSON Lines, CSV, HAR), which rows (those the filter shows,
// or all), frames for JSON Lines, whether secrets go in (off by default), and the file.
// The file's suffix follows the format. UI thread only.
#include "files/export/ExportFormatter.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLineEdit;
class QRadioButton;

namespace wsi::ui {

class ExportDialog : public QDialog
{
    Q_OBJECT
public:
    // filteredRows / allRows: what each choice would export; folder: where Browse starts.
    ExportDialog(int filteredRows, int allRows, const QString &suggestedPath, QWidget *parent = nullptr);

    // Rows the log limits moved to disk: exported first, whatever the choice, so the
    // counts say so (the filter's count covers the rows in memory only).
    void setRowsOnDisk(qint64 filteredRows, qint64 allRows, qint64 onDisk);

    QString path() const;
    void setPath(const QString &path);
    log::ExportFormat format() const;
    void setFormat(log::ExportFormat format);
    bool onlyFiltered() const;
    // The options for the current tab, whose filter is `filter`.
    log::ExportOptions options(const log::LogFilterCriteria &filter) const;

    QComboBox *formatBox() const { return m_format; }
    QRadioButton *filteredButton() const { return m_filtered; }
    QRadioButton *allButton() const { return m_all; }
    QCheckBox *framesBox() const { return m_frames; }
    QCheckBox *secretsBox() const { return m_secrets; }
    QLineEdit *pathField() const { return m_path; }
    QDialogButtonBox *buttons() const { return m_buttons; }

    static QString suffix(log::ExportFormat format);

private:
    void browse();
    void onFormatChanged();
    void updateOk();

    QComboBox *m_format;
    QRadioButton *m_filtered;
    QRadioButton *m_all;
    QCheckBox *m_frames;
    QCheckBox *m_secrets;
    QLineEdit *m_path;
    QDialogButtonBox *m_buttons;
};

} // namespace wsi::ui
