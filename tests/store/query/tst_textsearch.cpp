// SPDX-License-Identifier: MIT
// TextSearch: the log's plain search, byte-wise for ASCII needles, folded for others.
#include "store/query/TextSearch.h"

#include <QRandomGenerator>
#include <QTest>

using wsi::log::TextSearch;

class tst_TextSearch : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void matches_data();
    void matches();
    void agreesWithQStringOnRandomText();
};

void tst_TextSearch::matches_data()
{
    QTest::addColumn<QByteArray>("haystack");
    QTest::addColumn<QString>("needle");
    QTest::addColumn<bool>("caseSensitive");
    QTest::addColumn<bool>("expected");

    QTest::newRow("lower-case needle finds upper-case text") << QByteArray("Hello WORLD") << QStringLiteral("world") << false << true;
    QTest::newRow("needle at the very end") << QByteArray("abcxyz") << QStringLiteral("XYZ") << false << true;
    QTest::newRow("needle at the very start") << QByteArray("Abc") << QStringLiteral("aBC") << false << true;
    QTest::newRow("needle longer than the text") << QByteArray("ab") << QStringLiteral("abc") << false << false;
    QTest::newRow("near miss at the end") << QByteArray("abcxy") << QStringLiteral("xyz") << false << false;
    QTest::newRow("punctuation first, found by memchr") << QByteArray(R"({"ID":7})") << QStringLiteral("\"id\"") << false << true;
    QTest::newRow("rare byte in the middle, match at the start") << QByteArray(R"("ID":4242,"x")") << QStringLiteral("\"id\":4242,") << false << true;
    QTest::newRow("rare byte present, rest differs") << QByteArray(R"("ix":4242,)") << QStringLiteral("\"id\":4242,") << false << false;
    QTest::newRow("rare byte near the end of the text") << QByteArray("aaaaq") << QStringLiteral("AQ") << false << true;
    QTest::newRow("first byte repeats before the match") << QByteArray("aaaaab") << QStringLiteral("AB") << false << true;
    QTest::newRow("brackets are not letters to fold") << QByteArray("{x") << QStringLiteral("[X") << false << false;
    QTest::newRow("at-sign is not a grave accent") << QByteArray("`a") << QStringLiteral("@a") << false << false;
    QTest::newRow("ASCII needle in UTF-8 text") << QByteArray("grüße WELT") << QStringLiteral("welt") << false << true;
    QTest::newRow("non-ASCII needle folds Unicode") << QByteArray("GRÜSSE") << QStringLiteral("grüsse") << false << true;
    QTest::newRow("non-ASCII needle absent") << QByteArray("GRUSSE") << QStringLiteral("grüsse") << false << false;
    QTest::newRow("case-sensitive refuses other case") << QByteArray("Hello") << QStringLiteral("hello") << true << false;
    QTest::newRow("case-sensitive finds same case") << QByteArray("say Hello") << QStringLiteral("Hello") << true << true;
    QTest::newRow("empty needle matches everything") << QByteArray("x") << QString() << false << true;
    QTest::newRow("ASCII inside binary bytes") << QByteArray("\x00\x01" "ABC\xff", 6) << QStringLiteral("abc") << false << true;
}

void tst_TextSearch::matches()
{
    QFETCH(QByteArray, haystack);
    QFETCH(QString, needle);
    QFETCH(bool, caseSensitive);
    QFETCH(bool, expected);
    const TextSearch search(needle, caseSensitive ? Qt::CaseSensitive : Qt::CaseInsensitive);
    QCOMPARE(search.matches(haystack), expected);
}

// Random strings over letters and the punctuation that differs from them by 0x20.
void tst_TextSearch::agreesWithQStringOnRandomText()
{
    const QByteArray alphabet("aAbB[{@`z");
    QRandomGenerator random(11);
    const auto randomText = [&](int size) {
        QByteArray text;
        for (int i = 0; i < size; ++i)
            text += alphabet[random.bounded(int(alphabet.size()))];
        return text;
    };
    for (int round = 0; round < 20000; ++round) {
        const QByteArray haystack = randomText(random.bounded(12));
        const QByteArray needle = randomText(1 + random.bounded(3));
        const bool expected = QString::fromLatin1(haystack).contains(QString::fromLatin1(needle), Qt::CaseInsensitive);
        if (TextSearch(QString::fromLatin1(needle)).matches(haystack) != expected)
            QFAIL(qPrintable(QStringLiteral("'%1' in '%2'").arg(QString::fromLatin1(needle), QString::fromLatin1(haystack))));
    }
}

QTEST_GUILESS_MAIN(tst_TextSearch)
#include "tst_textsearch.moc"
