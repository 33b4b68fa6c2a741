// SPDX-License-Identifier: MIT
#include "ui/script/TestsPanel.h"

#include <QHeaderView>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace wsi::ui {

namespace {

QString kindWord(script::ResultKind kind)
{
    switch (kind) {
    case script::ResultKind::Assertion: return QString();
    case script::ResultKind::ScriptError: return TestsPanel::tr("script error");
    case script::ResultKind::RunFailure: return TestsPanel::tr("run");
    }
    return QString();
}

// "+1.204 s": when it settled, from the run's start, as the log's relative times read.
QString whenText(qint64 ms)
{
    return QStringLiteral("+%1 s").arg(double(ms) / 1000.0, 0, 'f', 3);
}

} // namespace

TestsPanel::TestsPanel(QWidget *parent) : QWidget(parent), m_summary(new QLabel), m_list(new QTreeWidget)
{
    m_summary->setObjectName(QStringLiteral("testsSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_list->setObjectName(QStringLiteral("testsList"));
    m_list->setColumnCount(ColumnCount);
    m_list->setHeaderLabels({tr("Result"), tr("Name"), tr("When"), tr("Why")});
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setWordWrap(false);
    m_list->header()->setStretchLastSection(true);
    m_list->header()->setSectionResizeMode(QHeaderView::Interactive);
    m_list->setColumnWidth(Result, 60);
    m_list->setColumnWidth(Name, 150);
    m_list->setColumnWidth(When, 70);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_summary);
    layout->addWidget(m_list, 1);
    showSummary();
}

void TestsPanel::startRun(const QString &what)
{
    m_list->clear();
    m_what = what;
    m_passed = m_failed = 0;
    m_running = true;
    m_problem.clear();
    showSummary();
}

void TestsPanel::addResult(const script::AssertionResult &result)
{
    (result.passed ? m_passed : m_failed) += 1;
    const QString kind = kindWord(result.kind);
    auto *item = new QTreeWidgetItem({result.passed ? tr("PASS") : tr("FAIL"),
                                      kind.isEmpty() || kind == result.name ? result.name : kind + QStringLiteral(": ") + result.name,
                                      whenText(result.settledMs), result.why});
    item->setForeground(Result, result.passed ? QColor(0x2e, 0x9e, 0x4f) : QColor(0xd9, 0x3a, 0x3a));
    QFont bold = item->font(Result);
    bold.setBold(true);
    item->setFont(Result, bold);
    // The whole reason on hover: an error with its file and line can be long.
    item->setToolTip(Why, result.why);
    item->setToolTip(Name, item->text(Name));
    m_list->addTopLevelItem(item);
    m_list->scrollToItem(item);
    showSummary();
}

void TestsPanel::addLog(const QString &line)
{
    auto *item = new QTreeWidgetItem({tr("log"), QString(), QString(), line});
    item->setForeground(Result, palette().color(QPalette::PlaceholderText));
    item->setToolTip(Why, line);
    m_list->addTopLevelItem(item);
    m_list->scrollToItem(item);
}

void TestsPanel::endRun(const QString &problem)
{
    m_running = false;
    m_problem = problem;
    showSummary();
}

QString TestsPanel::summary() const
{
    if (!m_problem.isEmpty())
        return tr("The script did not run: %1").arg(m_problem);
    if (m_what.isEmpty())
        return tr("No script has run in this tab. Write one in the Script panel and press Run.");
    const QString counts = tr("%1 passed, %2 failed").arg(m_passed).arg(m_failed);
    return m_running ? tr("Running %1: %2 so far").arg(m_what, counts) : tr("%1: %2").arg(m_what, counts);
}

void TestsPanel::showSummary()
{
    m_summary->setText(summary());
    m_summary->setStyleSheet(m_failed > 0 || !m_problem.isEmpty() ? QStringLiteral("font-weight: bold; color: #d93a3a;")
                             : m_passed > 0 && !m_running     ? QStringLiteral("font-weight: bold; color: #2e9e4f;")
                                                              : QString());
}

} // namespace wsi::ui
