// SPDX-License-Identifier: MIT
// Environments (engine/script/Environment): both file shapes, values as text, and
// {{name}} replaced where it stands, unknown names left as written and listed.
#include "script/Environment.h"

#include <QJsonDocument>
#include <QTest>

using wsi::script::Environment;

namespace {

Environment environmentOf(const QByteArray &json)
{
    Environment environment;
    QString error;
    if (!Environment::fromJson(QJsonDocument::fromJson(json), environment, error))
        qWarning("%s", qPrintable(error));
    return environment;
}

} // namespace

class TestEnvironment : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void flatObjectValuesAreText()
    {
        const Environment environment = environmentOf(R"({"host": "h", "port": 9001, "ratio": 0.5, "on": true})");
        QCOMPARE(environment.values().value(QStringLiteral("port")), QStringLiteral("9001"));
        QCOMPARE(environment.values().value(QStringLiteral("ratio")), QStringLiteral("0.5"));
        QCOMPARE(environment.values().value(QStringLiteral("on")), QStringLiteral("true"));
        QCOMPARE(environment.substitute(QStringLiteral("ws://{{host}}:{{port}}/")), QStringLiteral("ws://h:9001/"));
    }

    void postmansExportKeepsEnabledValues()
    {
        const Environment environment = environmentOf(
            R"({"name": "prod", "values": [{"key": "a", "value": "1", "enabled": true}, {"key": "b", "value": "2", "enabled": false}, {"key": "c", "value": "3"}]})");
        QCOMPARE(environment.name(), QStringLiteral("prod"));
        QCOMPARE(environment.values().keys(), (QStringList{QStringLiteral("a"), QStringLiteral("c")}));
    }

    void substitutesInPlaceAndListsUnknownNames()
    {
        const Environment environment = environmentOf(R"({"user": "ada", "x": "{{user}}"})");
        QStringList unknown;
        QCOMPARE(environment.substitute(QStringLiteral("{{ user }}/{{user}}/{{nope}}/{{x}}/{single}/{{}}"), &unknown),
                 QStringLiteral("ada/ada/{{nope}}/{{user}}/{single}/{{}}")); // one pass: a value is not read again
        QCOMPARE(unknown, QStringList{QStringLiteral("nope")});
        QCOMPARE(environment.substitute(QStringLiteral("no braces")), QStringLiteral("no braces"));
    }

    void refusesWhatIsNotAnEnvironment_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("error");
        QTest::newRow("array") << QByteArray("[1]") << QStringLiteral("an environment is a JSON object of names and values");
        QTest::newRow("nested") << QByteArray(R"({"a": [1]})") << QStringLiteral("\"a\" is an array, not a string, number or boolean");
        QTest::newRow("null") << QByteArray(R"({"a": null})") << QStringLiteral("\"a\" is null, not a string, number or boolean");
        QTest::newRow("postman without key") << QByteArray(R"({"values": [{"value": "1"}]})")
                                             << QStringLiteral("values[0] has no \"key\"");
    }

    void refusesWhatIsNotAnEnvironment()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, error);
        Environment environment;
        QString problem;
        QVERIFY(!Environment::fromJson(QJsonDocument::fromJson(json), environment, problem));
        QCOMPARE(problem, error);
    }
};

QTEST_APPLESS_MAIN(TestEnvironment)
#include "tst_environment.moc"
