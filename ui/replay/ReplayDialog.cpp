// SPDX-License-Identifier: MIT
#include "ui/replay/ReplayDialog.h"

#include "ui/window/Theme.h"

#include "net/ConnectionOptions.h"

#include <QButtonGroup>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

namespace wsi::ui {

ReplayDialog::ReplayDialog(const QString &what, const QString &url, QWidget *parent)
    : QDialog(parent),
      m_url(new QLineEdit(url, this)),
      m_original(new QRadioButton(tr("Original timing"), this)),
      m_fast(new QRadioButton(tr("As fast as possible"), this)),
      m_speed(new QDoubleSpinBox(this)),
      m_settle(new QDoubleSpinBox(this)),
      m_ignore(new QPlainTextEdit(this)),
      m_problem(new QLabel(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Replay"));
    auto *intro = new QLabel(tr("Sends %1 again in a new tab, then compares the answers with the recorded ones.").arg(what), this);
    intro->setWordWrap(true);

    m_url->setObjectName(QStringLiteral("replayUrl"));
    m_url->setPlaceholderText(QStringLiteral("ws://host:port/path"));
    m_original->setChecked(true);
    m_fast->setObjectName(QStringLiteral("replayFast"));
    m_speed->setObjectName(QStringLiteral("replaySpeed"));
    m_speed->setRange(0.1, 100);
    m_speed->setDecimals(1);
    m_speed->setValue(1);
    m_speed->setSuffix(QStringLiteral(" ×"));
    m_speed->setToolTip(tr("2 halves every wait between messages; 0.5 doubles it"));
    auto *pace = new QButtonGroup(this);
    pace->addButton(m_original);
    pace->addButton(m_fast);
    auto *paceRow = new QHBoxLayout;
    paceRow->addWidget(m_original);
    paceRow->addWidget(m_speed);
    paceRow->addSpacing(12);
    paceRow->addWidget(m_fast);
    paceRow->addStretch();
    connect(m_fast, &QRadioButton::toggled, m_speed, [this](bool fast) { m_speed->setEnabled(!fast); });

    m_settle->setObjectName(QStringLiteral("replaySettle"));
    m_settle->setRange(0.1, 600);
    m_settle->setDecimals(1);
    m_settle->setValue(1);
    m_settle->setSuffix(tr(" s"));
    m_settle->setToolTip(tr("The run ends when nothing has arrived for this long after the last message"));

    m_ignore->setObjectName(QStringLiteral("replayIgnore"));
    m_ignore->setPlaceholderText(QStringLiteral("$.timestamp\n$.items[*].id"));
    m_ignore->setTabChangesFocus(true);
    m_ignore->setFixedHeight(m_ignore->fontMetrics().lineSpacing() * 4 + 12);
    m_ignore->setToolTip(tr("JSON paths the comparison leaves out, one a line; * stands for any member or index"));
    m_problem->setObjectName(QStringLiteral("replayProblem"));
    m_problem->setWordWrap(true);
    QPalette problemPalette = m_problem->palette();
    problemPalette.setColor(QPalette::WindowText, Theme::errorColor(palette()));
    m_problem->setPalette(problemPalette);

    auto *form = new QFormLayout;
    form->addRow(tr("Server URL:"), m_url);
    form->addRow(tr("Pace:"), paceRow);
    form->addRow(tr("End when quiet for:"), m_settle);
    form->addRow(tr("Ignore JSON paths:"), m_ignore);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Replay"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_url, &QLineEdit::textChanged, this, &ReplayDialog::check);
    connect(m_ignore, &QPlainTextEdit::textChanged, this, &ReplayDialog::check);
    resize(560, sizeHint().height());
    check();
}

void ReplayDialog::check()
{
    QString problem;
    const net::ValidationResult url = net::validateUrl(m_url->text().trimmed());
    if (!url.ok)
        problem = tr("Server URL: %1").arg(url.message);
    m_patterns.clear();
    const QStringList lines = m_ignore->toPlainText().split(QLatin1Char('\n'));
    for (int i = 0; i < lines.size(); ++i) {
        if (lines.at(i).trimmed().isEmpty())
            continue;
        QString error;
        const std::optional<replay::JsonPathPattern> pattern = replay::JsonPathPattern::parse(lines.at(i), &error);
        if (pattern)
            m_patterns << *pattern;
        else if (problem.isEmpty())
            problem = tr("Ignore, line %1: %2").arg(i + 1).arg(error);
    }
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
}

ReplayRequest ReplayDialog::request() const
{
    ReplayRequest request;
    request.url = m_url->text().trimmed();
    request.settings.pace = m_fast->isChecked() ? replay::ReplayRunner::Pace::AsFastAsPossible : replay::ReplayRunner::Pace::Original;
    request.settings.speed = m_speed->value();
    request.settings.settleMs = int(m_settle->value() * 1000);
    request.ignored = m_patterns;
    return request;
}

void ReplayDialog::setIgnoredPaths(const QString &lines)
{
    m_ignore->setPlainText(lines);
}

QString ReplayDialog::ignoredPathsText() const
{
    return m_ignore->toPlainText();
}

} // namespace wsi::ui
