// SPDX-License-Identifier: MIT
// FlowLayout: items side by side while they fit, wrapped onto the next line when not, the
// room left on a line given to the items that expand, a gap never starting a line, and the
// wrapped height carried to the owner's minimum height.
#include "ui/common/FlowLayout.h"

#include <QApplication>
#include <QWidget>
#include <QtTest>

using namespace wsi;

namespace {
// A widget of a known size.
class Block : public QWidget
{
public:
    Block(int width, bool expanding = false) : m_width(width)
    {
        setSizePolicy(expanding ? QSizePolicy::Expanding : QSizePolicy::Fixed, QSizePolicy::Fixed);
    }
    QSize sizeHint() const override { return {m_width, 20}; }
    QSize minimumSizeHint() const override { return sizeHint(); }

private:
    int m_width;
};
} // namespace

class TestFlowLayout : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void wrapsWhatDoesNotFit()
    {
        QWidget owner;
        auto *layout = new ui::FlowLayout(&owner, 10, 5);
        layout->setContentsMargins(0, 0, 0, 0);
        auto *a = new Block(100);
        auto *b = new Block(100);
        auto *c = new Block(100);
        layout->addWidget(a);
        layout->addGap(30);
        layout->addWidget(b);
        layout->addWidget(c);
        QCOMPARE(layout->sizeHint().width(), 100 + 10 + 30 + 10 + 100 + 10 + 100);
        QCOMPARE(layout->minimumSize().width(), 100);

        layout->setGeometry(QRect(0, 0, 300, 100)); // a, gap, b on one line; c wraps
        QCOMPARE(a->geometry(), QRect(0, 0, 100, 20));
        QCOMPARE(b->geometry(), QRect(150, 0, 100, 20));
        QCOMPARE(c->geometry(), QRect(0, 25, 100, 20));
        QCOMPARE(layout->heightForWidth(300), 45);
        QCOMPARE(owner.minimumHeight(), 45);

        layout->setGeometry(QRect(0, 0, 230, 100)); // a alone; the gap does not start b's line
        QCOMPARE(b->geometry(), QRect(0, 25, 100, 20));
        QCOMPARE(c->geometry(), QRect(110, 25, 100, 20));
        QCOMPARE(owner.minimumHeight(), 45);
    }

    void givesTheRestOfALineToWhatExpands()
    {
        QWidget owner;
        auto *layout = new ui::FlowLayout(&owner, 10, 5);
        layout->setContentsMargins(0, 0, 0, 0);
        auto *fixed = new Block(100);
        auto *search = new Block(150, true);
        layout->addWidget(fixed);
        layout->addWidget(search);
        layout->setGeometry(QRect(0, 0, 600, 40));
        QCOMPARE(search->geometry(), QRect(110, 0, 490, 20));
        QCOMPARE(layout->heightForWidth(600), 20);
    }
};

QTEST_MAIN(TestFlowLayout)
#include "tst_flowlayout.moc"
