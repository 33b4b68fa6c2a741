// SPDX-License-Identifier: MIT
// RegexSearch: PCRE2 syntax over UTF-8 text or raw bytes, whichever engine is built.
#include "store/query/RegexSearch.h"

#include <QTest>

using wsi::log::RegexSearch;

Q_DECLARE_METATYPE(wsi::log::RegexSearch::Subject)

class tst_RegexSearch : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void matches_data();
    void matches();
    void invalidPatternSaysWhere();
    void emptySubject();
};

void tst_RegexSearch::matches_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<bool>("caseSensitive");
    QTest::addColumn<QByteArray>("subject");
    QTest::addColumn<RegexSearch::Subject>("kind");
    QTest::addColumn<bool>("expected");

    const auto text = RegexSearch::Subject::Utf8Text;
    const auto bytes = RegexSearch::Subject::Bytes;
    QTest::newRow("alternation") << QStringLiteral("error|fail") << false << QByteArray("it FAILED") << text << true;
    QTest::newRow("case-sensitive") << QStringLiteral("error|fail") << true << QByteArray("it FAILED") << text << false;
    QTest::newRow("anchors per subject") << QStringLiteral("^\\{\"op\"") << false << QByteArray("{\"op\":1}") << text << true;
    QTest::newRow("anchor refuses a later match") << QStringLiteral("^op") << false << QByteArray("{\"op\":1}") << text << false;
    QTest::newRow("dot is one character, not one byte") << QStringLiteral("^gr.ße$") << false << QByteArray("grüße") << text << true;
    QTest::newRow("Unicode case folding") << QStringLiteral("ÉTÉ") << false << QByteArray("été") << text << true;
    QTest::newRow("Unicode word class") << QStringLiteral("^\\w+$") << false << QByteArray("größe") << text << true;
    QTest::newRow("invalid UTF-8 is searched, not refused") << QStringLiteral("ok") << false << QByteArray("\xff\xfe ok", 5) << text << true;
    QTest::newRow("byte escape in binary") << QStringLiteral("^\\x00\\xff") << false << QByteArray("\x00\xff" "ab", 4) << bytes << true;
    QTest::newRow("byte escape absent") << QStringLiteral("\\xfe") << false << QByteArray("\x00\xff" "ab", 4) << bytes << false;
    QTest::newRow("ASCII inside binary, folded") << QStringLiteral("prices") << false << QByteArray("\x01PRICES\x02", 8) << bytes << true;
}

void tst_RegexSearch::matches()
{
    QFETCH(QString, pattern);
    QFETCH(bool, caseSensitive);
    QFETCH(QByteArray, subject);
    QFETCH(RegexSearch::Subject, kind);
    QFETCH(bool, expected);
    const RegexSearch regex(pattern, caseSensitive ? Qt::CaseSensitive : Qt::CaseInsensitive);
    QVERIFY2(regex.isValid(), qPrintable(regex.errorString()));
    QCOMPARE(regex.matches(subject, kind), expected);
}

void tst_RegexSearch::invalidPatternSaysWhere()
{
    const RegexSearch regex(QStringLiteral("ab(c"), Qt::CaseInsensitive);
    QVERIFY(!regex.isValid());
    QVERIFY2(regex.errorString().contains(QStringLiteral("position 5")), qPrintable(regex.errorString()));
    QVERIFY(!regex.matches("ab(c", RegexSearch::Subject::Utf8Text));
}

void tst_RegexSearch::emptySubject()
{
    const RegexSearch any(QStringLiteral("^$"), Qt::CaseInsensitive);
    QVERIFY(any.matches(QByteArrayView(), RegexSearch::Subject::Utf8Text));
    QVERIFY(any.matches(QByteArrayView(), RegexSearch::Subject::Bytes));
}

QTEST_GUILESS_MAIN(tst_RegexSearch)
#include "tst_regexsearch.moc"
