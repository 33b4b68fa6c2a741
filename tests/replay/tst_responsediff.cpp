// SPDX-License-Identifier: MIT
// The replay's diff: JSON documents compared by value (member order, whitespace, number
// spelling), the paths that changed, the alignment of missing and new answers, ignored
// paths, and the path patterns' syntax errors.
#include "replay/ResponseDiff.h"

#include <QTest>

using namespace wsi::replay;

namespace {

ReplayMessage text(const char *payload)
{
    return ReplayMessage{0, false, QByteArray(payload), 0};
}

ReplayMessage binary(const QByteArray &payload)
{
    return ReplayMessage{0, true, payload, 0};
}

JsonPathPatterns patterns(std::initializer_list<const char *> texts)
{
    JsonPathPatterns result;
    for (const char *text : texts) {
        QString error;
        const std::optional<JsonPathPattern> pattern = JsonPathPattern::parse(QString::fromUtf8(text), &error);
        if (!pattern)
            qFatal("bad pattern %s: %s", text, qPrintable(error));
        result << *pattern;
    }
    return result;
}

QString kinds(const ResponseDiff &diff)
{
    QStringList words;
    for (const DiffEntry &entry : diff.entries)
        words << QString::fromLatin1(diffKindName(entry.kind));
    return words.join(QLatin1Char(' '));
}

} // namespace

class TestResponseDiff : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void jsonIsComparedByValue();
    void changedPathsAreListed();
    void missingAndNewAnswersAreAligned();
    void ignoredPathsAreLeftOut();
    void textAndBinaryCompareByBytes();
    void emptySides();
    void patternsParseAndMatch();
    void patternErrorsSayWhere();
    void locationsAreFormattedForCopying();
};

void TestResponseDiff::jsonIsComparedByValue()
{
    const ResponseDiff diff = diffResponses({text(R"({"op": "price", "n": 2, "list": [1, 2.0]})")},
                                            {text(R"({"list":[1.0,2],"n":2,"op":"price"})")});
    QCOMPARE(kinds(diff), QStringLiteral("same"));
    QVERIFY(diff.identical());
    // A JSON document and the same bytes as plain text are both the same.
    QVERIFY(diffResponses({text("[1,2]")}, {text("[1,2]")}).identical());
}

void TestResponseDiff::changedPathsAreListed()
{
    const ResponseDiff diff = diffResponses({text(R"({"a":{"b":1,"gone":true},"items":[{"id":1},{"id":2}],"s":"x"})")},
                                            {text(R"({"a":{"b":2,"added":null},"items":[{"id":1}],"s":"y"})")});
    QCOMPARE(kinds(diff), QStringLiteral("changed"));
    const QList<JsonChange> &changes = diff.entries.first().changes;
    QCOMPARE(changes.size(), 5);
    QCOMPARE(changes.at(0).path, QStringLiteral("$.a.added"));
    QCOMPARE(changes.at(0).kind, JsonChange::Kind::Added);
    QCOMPARE(changes.at(0).replayed, QStringLiteral("null"));
    QCOMPARE(changes.at(1).path, QStringLiteral("$.a.b"));
    QCOMPARE(changes.at(1).recorded, QStringLiteral("1"));
    QCOMPARE(changes.at(1).replayed, QStringLiteral("2"));
    QCOMPARE(changes.at(2).path, QStringLiteral("$.a.gone"));
    QCOMPARE(changes.at(2).kind, JsonChange::Kind::Missing);
    QCOMPARE(changes.at(3).path, QStringLiteral("$.items[1]"));
    QCOMPARE(changes.at(3).recorded, QStringLiteral("{\"id\":2}"));
    QCOMPARE(changes.at(4).path, QStringLiteral("$.s"));
    QCOMPARE(changes.at(4).recorded, QStringLiteral("\"x\""));
    QCOMPARE(changes.at(4).replayed, QStringLiteral("\"y\""));
}

void TestResponseDiff::missingAndNewAnswersAreAligned()
{
    // recorded: hello, tick 1, tick 2, bye; replay: hello, tick 1, tick 3, extra, (no bye).
    const QList<ReplayMessage> recorded{text("hello"), text(R"({"tick":1})"), text(R"({"tick":2})"), text("bye")};
    const QList<ReplayMessage> replayed{text("hello"), text(R"({"tick":1})"), text(R"({"tick":3})"), text("extra")};
    const ResponseDiff diff = diffResponses(recorded, replayed);
    QCOMPARE(kinds(diff), QStringLiteral("same same changed changed"));
    QCOMPARE(diff.entries.at(2).recorded, 2);
    QCOMPARE(diff.entries.at(2).replayed, 2);
    QCOMPARE(diff.entries.at(3).recorded, 3);
    QCOMPARE(diff.entries.at(3).replayed, 3);

    // An answer that did not come, then one that is new, around matches.
    const ResponseDiff gaps = diffResponses({text("a"), text("b"), text("c")}, {text("a"), text("c"), text("d")});
    QCOMPARE(kinds(gaps), QStringLiteral("same missing same new"));
    QCOMPARE(gaps.entries.at(1).recorded, 1);
    QCOMPARE(gaps.entries.at(3).replayed, 2);
    QCOMPARE(gaps.same, 2);
    QCOMPARE(gaps.missing, 1);
    QCOMPARE(gaps.added, 1);
    QVERIFY(!gaps.identical());
}

void TestResponseDiff::ignoredPathsAreLeftOut()
{
    const QList<ReplayMessage> recorded{text(R"({"op":"tick","ts":1,"items":[{"id":"a","v":1},{"id":"b","v":2}]})")};
    const QList<ReplayMessage> replayed{text(R"({"op":"tick","ts":2,"items":[{"id":"x","v":1},{"id":"y","v":2}]})")};
    QCOMPARE(kinds(diffResponses(recorded, replayed)), QStringLiteral("changed"));
    QCOMPARE(diffResponses(recorded, replayed).entries.first().changes.size(), 3);
    QCOMPARE(kinds(diffResponses(recorded, replayed, patterns({"$.ts"}))), QStringLiteral("changed"));
    QVERIFY(diffResponses(recorded, replayed, patterns({"$.ts", "$.items[*].id"})).identical());
    // Ignoring one member leaves the others compared.
    const ResponseDiff partly = diffResponses(recorded, {text(R"({"op":"tock","ts":2,"items":[{"id":"x","v":1},{"id":"y","v":2}]})")},
                                              patterns({"ts", "$.items[*].id"}));
    QCOMPARE(partly.entries.first().changes.size(), 1);
    QCOMPARE(partly.entries.first().changes.first().path, QStringLiteral("$.op"));
}

void TestResponseDiff::textAndBinaryCompareByBytes()
{
    QVERIFY(diffResponses({binary(QByteArray("\x00\x01", 2))}, {binary(QByteArray("\x00\x01", 2))}).identical());
    const ResponseDiff kindsDiffer = diffResponses({text("ab")}, {binary("ab")});
    QCOMPARE(kinds(kindsDiffer), QStringLiteral("changed"));
    QVERIFY(kindsDiffer.entries.first().changes.isEmpty()); // not JSON: the report shows both
    // Whitespace matters in plain text.
    QCOMPARE(kinds(diffResponses({text("a b")}, {text("a  b")})), QStringLiteral("changed"));
}

void TestResponseDiff::emptySides()
{
    QCOMPARE(kinds(diffResponses({}, {text("x"), text("y")})), QStringLiteral("new new"));
    QCOMPARE(kinds(diffResponses({text("x")}, {})), QStringLiteral("missing"));
    QVERIFY(diffResponses({}, {}).identical());
}

void TestResponseDiff::patternsParseAndMatch()
{
    const JsonPathPatterns parsed = patterns({"$.a.b", "items[*].id", "$.*.ts", "$[\"odd key\"][2]"});
    QVERIFY(parsed.at(0).matches({JsonStep{QStringLiteral("a"), -1}, JsonStep{QStringLiteral("b"), -1}}));
    QVERIFY(!parsed.at(0).matches({JsonStep{QStringLiteral("a"), -1}}));
    QVERIFY(parsed.at(1).matches({JsonStep{QStringLiteral("items"), -1}, JsonStep{QString(), 7}, JsonStep{QStringLiteral("id"), -1}}));
    QVERIFY(!parsed.at(1).matches({JsonStep{QStringLiteral("items"), -1}, JsonStep{QStringLiteral("k"), -1}, JsonStep{QStringLiteral("id"), -1}}));
    QVERIFY(parsed.at(2).matches({JsonStep{QStringLiteral("any"), -1}, JsonStep{QStringLiteral("ts"), -1}}));
    QVERIFY(parsed.at(3).matches({JsonStep{QStringLiteral("odd key"), -1}, JsonStep{QString(), 2}}));
}

void TestResponseDiff::patternErrorsSayWhere()
{
    QString error;
    QVERIFY(!JsonPathPattern::parse(QStringLiteral("$"), &error));
    QCOMPARE(error, QStringLiteral("\"$\", at character 2: a path names at least one member, as $.timestamp"));
    QVERIFY(!JsonPathPattern::parse(QStringLiteral("$.items[x]"), &error));
    QCOMPARE(error, QStringLiteral("\"$.items[x]\", at character 8: brackets hold an index, * or a quoted key"));
    QVERIFY(!JsonPathPattern::parse(QStringLiteral("$.a..b"), &error));
    QCOMPARE(error, QStringLiteral("\"$.a..b\", at character 5: an empty member name"));
    QVERIFY(!JsonPathPattern::parse(QStringLiteral("$.a[1"), &error));
    QCOMPARE(error, QStringLiteral("\"$.a[1\", at character 4: a [ without its ]"));
}

void TestResponseDiff::locationsAreFormattedForCopying()
{
    QCOMPARE(formatLocation({JsonStep{QStringLiteral("items"), -1}, JsonStep{QString(), 3}, JsonStep{QStringLiteral("odd key"), -1}}),
             QStringLiteral("$.items[3][\"odd key\"]"));
    // What the report prints parses back as a pattern matching the same place.
    QString error;
    const JsonLocation location{JsonStep{QStringLiteral("a\"b"), -1}, JsonStep{QString(), 0}};
    const std::optional<JsonPathPattern> pattern = JsonPathPattern::parse(formatLocation(location), &error);
    QVERIFY2(pattern, qPrintable(error));
    QVERIFY(pattern->matches(location));
}

QTEST_GUILESS_MAIN(TestResponseDiff)
#include "tst_responsediff.moc"
