// SPDX-License-Identifier: MIT
// ByteSlab: small strings share a block, yet behave as ordinary QByteArrays and QStrings
// (null-terminated, equal to their bytes, copied on a change, alive after the slab and
// after the other strings of their block are gone, usable on another thread).
#include "net/source/ByteSlab.h"

#include <QTest>
#include <QThread>

#include <memory>

using wsi::net::ByteSlab;

namespace {
// Copies share what the originals share (data_ptr() is not const).
bool sharesBlock(QByteArray a, QByteArray b)
{
    return a.data_ptr().isSharedWith(b.data_ptr());
}
} // namespace

class TestByteSlab : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void bytesAreTerminatedCopiesThatShareABlock()
    {
        ByteSlab slab;
        const QByteArray first = slab.bytes("event payload 0123456789");
        const QByteArray second = slab.bytes("id: 2\ndata: x\n\n");
        QCOMPARE(first, QByteArray("event payload 0123456789"));
        QCOMPARE(second, QByteArray("id: 2\ndata: x\n\n"));
        QCOMPARE(first.constData()[first.size()], '\0');
        QCOMPARE(second.constData()[second.size()], '\0');
        QVERIFY(sharesBlock(first, second)); // one allocation for both
        QCOMPARE(qstrlen(first.constData()), std::size_t(first.size()));
    }

    void emptyBytesAreEmptyNotNull()
    {
        ByteSlab slab;
        const QByteArray empty = slab.bytes(QByteArrayView("", 0));
        QVERIFY(empty.isEmpty());
        QVERIFY(!empty.isNull());
        QCOMPARE(empty.constData()[0], '\0');
    }

    void aChangeDetachesAndLeavesTheNeighboursAlone()
    {
        ByteSlab slab;
        QByteArray first = slab.bytes("abc");
        const QByteArray second = slab.bytes("def");
        first.append("XYZ");
        first[0] = 'A';
        QCOMPARE(first, QByteArray("AbcXYZ"));
        QCOMPARE(second, QByteArray("def"));
        QVERIFY(!sharesBlock(first, second));
    }

    void aStringOutlivesTheSlabAndItsBlock()
    {
        QByteArray kept;
        QString keptText;
        {
            ByteSlab slab;
            for (int i = 0; i < 10000; ++i) { // several blocks
                const QByteArray bytes = slab.bytes(QByteArray::number(i));
                if (i == 1234)
                    kept = bytes;
                const QString text = slab.text(QByteArray(QByteArray("message\n") + QByteArray::number(i)));
                if (i == 4321)
                    keptText = text;
            }
        }
        QCOMPARE(kept, QByteArray("1234"));
        QCOMPARE(keptText, QStringLiteral("message\n4321"));
        kept.append('5'); // alone in its block now: still correct
        QCOMPARE(kept, QByteArray("12345"));
    }

    void largeStringsHaveTheirOwnAllocation()
    {
        ByteSlab slab;
        const QByteArray small = slab.bytes("small");
        const QByteArray large = slab.bytes(QByteArray(ByteSlab::MaxSliceBytes + 1, 'x'));
        QCOMPARE(large, QByteArray(ByteSlab::MaxSliceBytes + 1, 'x'));
        QVERIFY(!sharesBlock(large, small));
        const QByteArray after = slab.bytes("after");
        QVERIFY(sharesBlock(after, small));
    }

    void textIsUtf8Decoded_data()
    {
        QTest::addColumn<QByteArray>("utf8");
        QTest::newRow("ascii type and id") << QByteArray("message\n42");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("non-ascii") << QByteArray("pr\xC3\xA9x\n\xE2\x82\xAC");
        QTest::newRow("invalid utf-8") << QByteArray("a\xFF" "b");
        QTest::newRow("leading bom kept") << QByteArray("\xEF\xBB\xBFid");
    }
    void textIsUtf8Decoded()
    {
        QFETCH(QByteArray, utf8);
        ByteSlab slab;
        const QString text = slab.text(utf8);
        QCOMPARE(text, QString::fromUtf8(utf8));
        QCOMPARE(text.constData()[text.size()], QChar(u'\0'));
    }

    void textOfTwoPartsIsTheirJoin_data()
    {
        QTest::addColumn<QByteArray>("first");
        QTest::addColumn<QByteArray>("second");
        QTest::newRow("type and id") << QByteArray("message") << QByteArray("42");
        QTest::newRow("no id") << QByteArray("message") << QByteArray("");
        QTest::newRow("non-ascii id") << QByteArray("price") << QByteArray("\xE2\x82\xAC" "7");
        QTest::newRow("non-ascii type") << QByteArray("pr\xC3\xA9x") << QByteArray("1");
    }
    void textOfTwoPartsIsTheirJoin()
    {
        QFETCH(QByteArray, first);
        QFETCH(QByteArray, second);
        ByteSlab slab;
        const QString text = slab.text(first, '\n', second);
        QCOMPARE(text, QString::fromUtf8(first + '\n' + second));
        QCOMPARE(text.constData()[text.size()], QChar(u'\0'));
    }

    void stringsCrossThreads()
    {
        ByteSlab slab;
        QList<QByteArray> made;
        for (int i = 0; i < 20000; ++i)
            made.append(slab.bytes(QByteArray::number(i)));
        bool ok = true;
        std::unique_ptr<QThread> reader(QThread::create([&ok, list = std::move(made)]() mutable {
            for (int i = 0; i < list.size(); ++i)
                ok = ok && list[i] == QByteArray::number(i);
            list.clear(); // the last references go on this thread
        }));
        reader->start();
        for (int i = 0; i < 20000; ++i)
            slab.bytes("more"); // the producer goes on filling new blocks meanwhile
        QVERIFY(reader->wait(10000));
        QVERIFY(ok);
    }
};

QTEST_GUILESS_MAIN(TestByteSlab)
#include "tst_byteslab.moc"
