// SPDX-License-Identifier: MIT
#include "ui/preferences/PreferencesDialog.h"

#include "ui/log/LogRowText.h"

#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace wsi::ui {

namespace {

QComboBox *makeCombo(const QString &name, const QList<QPair<QString, int>> &items)
{
    auto *box = new QComboBox;
    box->setObjectName(name);
    for (const auto &[text, value] : items)
        box->addItem(text, value);
    return box;
}

void selectData(QComboBox *box, int value)
{
    box->setCurrentIndex(qMax(0, box->findData(value)));
}

QLabel *makeHint(const QString &text)
{
    auto *label = new QLabel(text);
    label->setWordWrap(true);
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}

// A titled group holding a form; spin boxes and combo boxes keep their natural width.
QGroupBox *makeGroup(const QString &title, QFormLayout *&form)
{
    auto *group = new QGroupBox(title);
    auto *layout = new QVBoxLayout(group);
    form = new QFormLayout;
    form->setLabelAlignment(Qt::AlignRight | Qt::AlignVCenter);
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    layout->addLayout(form);
    return group;
}

// The forms of all groups share one label column, so their fields line up.
void alignLabelColumns(const QList<QFormLayout *> &forms)
{
    int widest = 0;
    QList<QWidget *> labels;
    for (QFormLayout *form : forms) {
        for (int row = 0; row < form->rowCount(); ++row) {
            if (QLayoutItem *item = form->itemAt(row, QFormLayout::LabelRole); item && item->widget()) {
                labels << item->widget();
                widest = qMax(widest, item->widget()->sizeHint().width());
            }
        }
    }
    for (QWidget *label : std::as_const(labels)) {
        label->setMinimumWidth(widest);
        if (auto *text = qobject_cast<QLabel *>(label))
            text->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    }
}

} // namespace

PreferencesDialog::PreferencesDialog(const Preferences &current, QWidget *parent) : QDialog(parent), m_applied(current)
{
    setWindowTitle(tr("Preferences"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(makeAppearanceGroup());
    layout->addWidget(makeLogGroup());
    layout->addWidget(makeConnectionGroup());
    layout->addStretch(1);
    alignLabelColumns(findChildren<QFormLayout *>());

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::Apply
                                     | QDialogButtonBox::RestoreDefaults);
    m_buttons->setObjectName(QStringLiteral("buttons"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &PreferencesDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &PreferencesDialog::reject);
    connect(m_buttons->button(QDialogButtonBox::Apply), &QPushButton::clicked, this, &PreferencesDialog::apply);
    connect(m_buttons->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, this,
            &PreferencesDialog::restoreDefaults);
    layout->addWidget(m_buttons);

    setPreferences(current);
    for (QComboBox *box : findChildren<QComboBox *>())
        connect(box, &QComboBox::currentIndexChanged, this, &PreferencesDialog::fieldsChanged);
    for (QSpinBox *spin : findChildren<QSpinBox *>())
        connect(spin, &QSpinBox::valueChanged, this, &PreferencesDialog::fieldsChanged);
}

QWidget *PreferencesDialog::makeAppearanceGroup()
{
    QFormLayout *form = nullptr;
    QGroupBox *group = makeGroup(tr("Appearance"), form);
    m_theme = makeCombo(QStringLiteral("theme"), {{tr("System"), int(ThemeChoice::System)},
                                                  {tr("Light"), int(ThemeChoice::Light)},
                                                  {tr("Dark"), int(ThemeChoice::Dark)}});
    form->addRow(tr("Theme:"), m_theme);
    return group;
}

QWidget *PreferencesDialog::makeLogGroup()
{
    QFormLayout *form = nullptr;
    QGroupBox *group = makeGroup(tr("Message log"), form);
    m_timeMode = makeCombo(QStringLiteral("timeMode"),
                           {{tr("Time since connecting"), int(TimeMode::Relative)},
                            {tr("Wall-clock time"), int(TimeMode::WallClock)},
                            {tr("Date and wall-clock time (ISO 8601)"), int(TimeMode::WallClockWithDate)}});
    form->addRow(tr("Time column:"), m_timeMode);
    m_precision = makeCombo(QStringLiteral("timePrecision"), {{tr("Milliseconds"), int(TimePrecision::Milliseconds)},
                                                              {tr("Microseconds"), int(TimePrecision::Microseconds)}});
    form->addRow(tr("Precision:"), m_precision);
    m_timeExample = new QLabel;
    m_timeExample->setObjectName(QStringLiteral("timeExample"));
    m_timeExample->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(tr("Example:"), m_timeExample);

    m_maxRows = new QSpinBox;
    m_maxRows->setObjectName(QStringLiteral("maxRowsInMemory"));
    m_maxRows->setRange(0, Preferences::MaxRowsInMemory);
    m_maxRows->setSingleStep(10000);
    m_maxRows->setGroupSeparatorShown(true);
    m_maxRows->setSuffix(tr(" messages"));
    m_maxRows->setSpecialValueText(tr("no limit"));
    m_maxRows->setAccelerated(true);
    m_maxRows->setMinimumWidth(m_maxRows->fontMetrics().horizontalAdvance(QStringLiteral("100,000,000 messages")) + 40);
    m_maxRows->setToolTip(tr("Rows of each tab's log kept in memory; 0 keeps them all"));
    form->addRow(tr("Keep in memory:"), m_maxRows);
    m_overflow = makeCombo(QStringLiteral("overflow"),
                           {{tr("Move to a file on disk (opened from the log, kept in saves and exports)"), int(log::LogLimits::Overflow::SpillToDisk)},
                            {tr("Drop them"), int(log::LogLimits::Overflow::Drop)}});
    form->addRow(tr("Older messages:"), m_overflow);
    return group;
}

QSpinBox *PreferencesDialog::addMsRow(QFormLayout *form, const QString &label, const QString &name, const QString &offText)
{
    auto *spin = new QSpinBox;
    spin->setObjectName(name);
    spin->setRange(0, Preferences::MaxTimeoutMs);
    spin->setSingleStep(500);
    spin->setSuffix(tr(" ms"));
    spin->setSpecialValueText(offText); // shown for 0
    spin->setGroupSeparatorShown(true);
    spin->setAccelerated(true);
    spin->setMinimumWidth(spin->fontMetrics().horizontalAdvance(QStringLiteral("86,400,000 ms")) + 40);
    form->addRow(label, spin);
    return spin;
}

QWidget *PreferencesDialog::makeConnectionGroup()
{
    QFormLayout *form = nullptr;
    QGroupBox *group = makeGroup(tr("New connections"), form);
    m_connectTimeout = addMsRow(form, tr("Connect timeout:"), QStringLiteral("connectTimeout"), tr("off"));
    m_connectTimeout->setToolTip(tr("TCP connect, proxy tunnel and TLS handshake"));
    m_openTimeout = addMsRow(form, tr("Open timeout:"), QStringLiteral("openTimeout"), tr("off"));
    m_openTimeout->setToolTip(tr("The server's answer to the upgrade request"));
    m_writeTimeout = addMsRow(form, tr("Write timeout:"), QStringLiteral("writeTimeout"), tr("off"));
    m_writeTimeout->setToolTip(tr("A socket write that makes no progress"));
    m_pingTimeout = addMsRow(form, tr("Ping timeout:"), QStringLiteral("pingTimeout"), tr("off"));
    m_pingTimeout->setToolTip(tr("The pong for each ping we send"));
    m_closeTimeout = addMsRow(form, tr("Close timeout:"), QStringLiteral("closeTimeout"), tr("off"));
    m_closeTimeout->setToolTip(tr("The server's close frame after ours, then the TCP close"));
    m_pingInterval = addMsRow(form, tr("Keepalive ping every:"), QStringLiteral("pingInterval"), tr("no keepalive pings"));
    const QList<QSpinBox *> spins{m_connectTimeout, m_openTimeout, m_writeTimeout, m_pingTimeout, m_closeTimeout, m_pingInterval};
    int widest = 0;
    for (QSpinBox *spin : spins)
        widest = qMax(widest, spin->sizeHint().width());
    for (QSpinBox *spin : spins)
        spin->setMinimumWidth(widest);
    group->layout()->addWidget(makeHint(tr("0 turns a timeout off. New tabs start with these; open tabs and saved "
                                           "profiles keep their own (Connection ▸ Options…).")));
    return group;
}

Preferences PreferencesDialog::preferences() const
{
    Preferences p;
    p.theme = ThemeChoice(m_theme->currentData().toInt());
    p.timestampFormat.mode = TimeMode(m_timeMode->currentData().toInt());
    p.timestampFormat.precision = TimePrecision(m_precision->currentData().toInt());
    p.logLimits.maxRowsInMemory = m_maxRows->value();
    p.logLimits.overflow = log::LogLimits::Overflow(m_overflow->currentData().toInt());
    p.connection.connectTimeoutMs = m_connectTimeout->value();
    p.connection.openTimeoutMs = m_openTimeout->value();
    p.connection.writeTimeoutMs = m_writeTimeout->value();
    p.connection.pingTimeoutMs = m_pingTimeout->value();
    p.connection.closeTimeoutMs = m_closeTimeout->value();
    p.connection.pingIntervalMs = m_pingInterval->value();
    return p;
}

void PreferencesDialog::setPreferences(const Preferences &p)
{
    m_filling = true;
    selectData(m_theme, int(p.theme));
    selectData(m_timeMode, int(p.timestampFormat.mode));
    selectData(m_precision, int(p.timestampFormat.precision));
    m_maxRows->setValue(p.logLimits.maxRowsInMemory);
    selectData(m_overflow, int(p.logLimits.overflow));
    m_connectTimeout->setValue(p.connection.connectTimeoutMs);
    m_openTimeout->setValue(p.connection.openTimeoutMs);
    m_writeTimeout->setValue(p.connection.writeTimeoutMs);
    m_pingTimeout->setValue(p.connection.pingTimeoutMs);
    m_closeTimeout->setValue(p.connection.closeTimeoutMs);
    m_pingInterval->setValue(p.connection.pingIntervalMs);
    m_filling = false;
    fieldsChanged();
}

void PreferencesDialog::fieldsChanged()
{
    const Preferences shown = preferences();
    // A row 2.113456789 s after connecting, two seconds ago.
    const QDateTime start = QDateTime::currentDateTime().addSecs(-2);
    m_timeExample->setText(LogRowText::timestamp(shown.timestampFormat, start, 2'113'456'789));
    m_overflow->setEnabled(shown.logLimits.isLimited());
    m_buttons->button(QDialogButtonBox::Apply)->setEnabled(shown != m_applied);
    if (!m_filling)
        Q_EMIT previewed(shown);
}

void PreferencesDialog::apply()
{
    m_applied = preferences();
    m_buttons->button(QDialogButtonBox::Apply)->setEnabled(false);
    Q_EMIT applied(m_applied);
}

void PreferencesDialog::restoreDefaults()
{
    setPreferences(Preferences());
}

void PreferencesDialog::accept()
{
    apply();
    QDialog::accept();
}

void PreferencesDialog::reject()
{
    if (preferences() != m_applied)
        Q_EMIT previewed(m_applied); // undo the preview
    QDialog::reject();
}

} // namespace wsi::ui
