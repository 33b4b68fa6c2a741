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
    m_list->setHeaderLabels({tr("Result"), tr("When"), tr("Assertion and why")});
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(false); // a result takes two lines, a log line one
    m_list->setWordWrap(false);
    m_list->setTextElideMode(Qt::ElideMiddle); // a long reason keeps its end (the line, the ms)
    m_list->setAlternatingRowColors(true);
    m_list->header()->setStretchLastSection(true);
    m_list->header()->setSectionResizeMode(Result, QHeaderView::ResizeToContents);
    m_list->header()->setSectionResizeMode(When, QHeaderView::ResizeToContents);
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
    const QString name = kind.isEmpty() || kind == result.name ? result.name : kind + QStringLiteral(": ") + result.name;
    const QString verdict = result.passed ? tr("PASS") : tr("FAIL");
    auto *item = new QTreeWidgetItem({verdict, whenText(result.settledMs), name + QLatin1Char('\n') + result.why});
    item->setData(Result, ResultRole, verdict);
    item->setData(Name, NameRole, name);
    item->setData(Name, WhyRole, result.why);
    item->setForeground(Result, result.passed ? QColor(0x2e, 0x9e, 0x4f) : QColor(0xd9, 0x3a, 0x3a));
    QFont bold = item->font(Result);
    bold.setBold(true);
    item->setFont(Result, bold);
    item->setTextAlignment(Result, Qt::AlignLeft | Qt::AlignTop);
    item->setTextAlignment(When, Qt::AlignLeft | Qt::AlignTop);
    // The whole reason on hover: an error with its file and line can be long.
    item->setToolTip(Name, name + QLatin1Char('\n') + result.why);
    m_list->addTopLevelItem(item);
    m_list->scrollToItem(item);
    showSummary();
}

void TestsPanel::addLog(const QString &line)
{
    auto *item = new QTreeWidgetItem({tr("log") + QStringLiteral("  ") + line});
    item->setData(Result, ResultRole, tr("log"));
    item->setData(Name, WhyRole, line);
    item->setForeground(Result, palette().color(QPalette::PlaceholderText));
    item->setToolTip(Result, line);
    m_list->addTopLevelItem(item);
    item->setFirstColumnSpanned(true);
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
