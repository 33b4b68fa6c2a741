// SPDX-License-Identifier: MIT
#include "ui/files/ExportDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

namespace wsi::ui {

ExportDialog::ExportDialog(int filteredRows, int allRows, const QString &suggestedPath, QWidget *parent)
    : QDialog(parent),
      m_format(new QComboBox(this)),
      m_filtered(new QRadioButton(tr("Rows the filter shows (%L1)").arg(filteredRows), this)),
      m_all(new QRadioButton(tr("All rows (%L1)").arg(allRows), this)),
      m_frames(new QCheckBox(tr("Include each message's frames"), this)),
      m_secrets(new QCheckBox(tr("Include secrets (Authorization and Cookie headers, passwords)"), this)),
      m_path(new QLineEdit(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Export log"));
    m_format->addItem(tr("JSON Lines (.jsonl)"), int(log::ExportFormat::JsonLines));
    m_format->addItem(tr("CSV (.csv)"), int(log::ExportFormat::Csv));
    m_format->addItem(tr("HAR 1.2, as browser devtools write it (.har)"), int(log::ExportFormat::Har));
    m_filtered->setChecked(true);
    m_filtered->setEnabled(filteredRows != allRows);
    if (filteredRows == allRows)
        m_all->setChecked(true);
    m_frames->setChecked(true);
    m_secrets->setChecked(false);
    m_secrets->setToolTip(tr("Off: their values are written as “(hidden, N bytes)” and URL passwords as ***."));
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Export"));

    auto *browse = new QPushButton(tr("Browse…"), this);
    auto *fileRow = new QHBoxLayout;
    fileRow->addWidget(m_path, 1);
    fileRow->addWidget(browse);
    auto *rows = new QVBoxLayout;
    rows->addWidget(m_filtered);
    rows->addWidget(m_all);
    auto *form = new QFormLayout;
    form->addRow(tr("Format:"), m_format);
    form->addRow(tr("Rows:"), rows);
    form->addRow(QString(), m_frames);
    form->addRow(QString(), m_secrets);
    form->addRow(tr("File:"), fileRow);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_buttons);
    setMinimumWidth(520);

    m_path->setText(suggestedPath);
    connect(browse, &QPushButton::clicked, this, &ExportDialog::browse);
    connect(m_format, &QComboBox::currentIndexChanged, this, &ExportDialog::onFormatChanged);
    connect(m_path, &QLineEdit::textChanged, this, &ExportDialog::updateOk);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    onFormatChanged();
}

QString ExportDialog::suffix(log::ExportFormat format)
{
    switch (format) {
    case log::ExportFormat::JsonLines:
        return QStringLiteral("jsonl");
    case log::ExportFormat::Csv:
        return QStringLiteral("csv");
    case log::ExportFormat::Har:
        break;
    }
    return QStringLiteral("har");
}

QString ExportDialog::path() const
{
    return m_path->text().trimmed();
}

void ExportDialog::setPath(const QString &path)
{
    m_path->setText(path);
}

log::ExportFormat ExportDialog::format() const
{
    return log::ExportFormat(m_format->currentData().toInt());
}

void ExportDialog::setFormat(log::ExportFormat format)
{
    m_format->setCurrentIndex(m_format->findData(int(format)));
}

bool ExportDialog::onlyFiltered() const
{
    return m_filtered->isChecked();
}

log::ExportOptions ExportDialog::options(const log::LogFilterCriteria &filter) const
{
    log::ExportOptions options;
    options.format = format();
    if (onlyFiltered())
        options.filter = filter;
    options.includeFrames = m_frames->isChecked();
    options.includeSecrets = m_secrets->isChecked();
    return options;
}

void ExportDialog::onFormatChanged()
{
    m_frames->setEnabled(format() == log::ExportFormat::JsonLines);
    // The suffix follows the format, unless the user typed a name without one.
    const QString current = path();
    if (!current.isEmpty()) {
        const QFileInfo info(current);
        const QString known = info.suffix();
        if (known == QLatin1String("jsonl") || known == QLatin1String("csv") || known == QLatin1String("har")) {
            const QString base = current.left(current.size() - known.size());
            m_path->setText(base + suffix(format()));
        }
    }
    updateOk();
}

void ExportDialog::updateOk()
{
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!path().isEmpty());
}

void ExportDialog::setRowsOnDisk(qint64 filteredRows, qint64 allRows, qint64 onDisk)
{
    if (onDisk <= 0)
        return;
    m_filtered->setText(tr("Rows the filter shows (%L1 in memory), and those on disk it accepts").arg(filteredRows));
    m_all->setText(tr("All rows (%L1: %L2 on disk, %L3 in memory)").arg(onDisk + allRows).arg(onDisk).arg(allRows));
}

void ExportDialog::browse()
{
    const QString filter = tr("%1 files (*.%2)").arg(suffix(format()).toUpper(), suffix(format()));
    const QString chosen = QFileDialog::getSaveFileName(this, tr("Export log"), path(), filter);
    if (!chosen.isEmpty())
        m_path->setText(QFileInfo(chosen).suffix().isEmpty() ? chosen + QLatin1Char('.') + suffix(format()) : chosen);
}

} // namespace wsi::ui
