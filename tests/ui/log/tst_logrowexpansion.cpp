// SPDX-License-Identifier: MIT
// LogRowExpansion: where messages and their frames land in the flat log view, checked
// against a list built the obvious way.
#include "ui/log/LogRowExpansion.h"

#include <QRandomGenerator>
#include <QTest>

#include <map>

using wsi::ui::LogRowExpansion;

namespace {

// Every view row spelled out: (message, frame) pairs in order.
std::vector<LogRowExpansion::Position> spelledOut(int messages, const std::map<int, int> &expanded)
{
    std::vector<LogRowExpansion::Position> rows;
    for (int message = 0; message < messages; ++message) {
        rows.push_back({message, -1});
        const auto it = expanded.find(message);
        for (int frame = 0; it != expanded.end() && frame < it->second; ++frame)
            rows.push_back({message, frame});
    }
    return rows;
}

} // namespace

class tst_LogRowExpansion : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void nothingExpanded();
    void oneExpandedRow();
    void agreesWithTheSpelledOutList();
};

void tst_LogRowExpansion::nothingExpanded()
{
    LogRowExpansion expansion;
    QCOMPARE(expansion.at(5).message, 5);
    QCOMPARE(expansion.at(5).frame, -1);
    QCOMPARE(expansion.viewRow(5), 5);
    QCOMPARE(expansion.extraRows(), 0);
}

void tst_LogRowExpansion::oneExpandedRow()
{
    LogRowExpansion expansion;
    expansion.expand(2, 3);
    expansion.expand(2, 3); // twice is once
    expansion.expand(4, 0); // nothing to show
    QCOMPARE(expansion.extraRows(), 3);
    QCOMPARE(expansion.at(2).frame, -1);
    QCOMPARE(expansion.at(3).frame, 0);
    QCOMPARE(expansion.at(5).frame, 2);
    QCOMPARE(expansion.at(6).message, 3);
    QCOMPARE(expansion.viewRow(3), 6);
    QCOMPARE(expansion.framesShown(2), 3);
    QVERIFY(!expansion.isExpanded(4));
    expansion.collapse(2);
    QCOMPARE(expansion.viewRow(3), 3);
    QVERIFY(expansion.isEmpty());
}

void tst_LogRowExpansion::agreesWithTheSpelledOutList()
{
    QRandomGenerator random(5);
    const int messages = 60;
    LogRowExpansion expansion;
    std::map<int, int> expanded;
    for (int round = 0; round < 400; ++round) {
        const int message = random.bounded(messages);
        if (random.bounded(3) == 0) {
            expansion.collapse(message);
            expanded.erase(message);
        } else if (!expansion.isExpanded(message)) {
            const int frames = 1 + random.bounded(4);
            expansion.expand(message, frames);
            expanded[message] = frames;
        }
        const std::vector<LogRowExpansion::Position> rows = spelledOut(messages, expanded);
        QCOMPARE(expansion.extraRows(), int(rows.size()) - messages);
        for (int row = 0; row < int(rows.size()); ++row) {
            const LogRowExpansion::Position position = expansion.at(row);
            if (position.message != rows[size_t(row)].message || position.frame != rows[size_t(row)].frame)
                QFAIL(qPrintable(QStringLiteral("round %1: view row %2 is (%3, %4), expected (%5, %6)")
                                     .arg(round).arg(row).arg(position.message).arg(position.frame)
                                     .arg(rows[size_t(row)].message).arg(rows[size_t(row)].frame)));
            if (rows[size_t(row)].frame < 0)
                QCOMPARE(expansion.viewRow(rows[size_t(row)].message), row);
        }
    }
}

QTEST_GUILESS_MAIN(tst_LogRowExpansion)
#include "tst_logrowexpansion.moc"
