// SPDX-License-Identifier: MIT
#include "ProgramSpec.h"

namespace {

// The enumerations: options whose value is one of a few words. The words are those the
// command's parser accepts (and its description names); a renamed option leaves its row
// here unused, which the completion tests notice (tests/cli/completion).
struct Choices {
    const char *command;
    const char *option; // long name
    QStringList words;
};

const QList<Choices> &choiceTable()
{
    static const QList<Choices> table{
        {"connect", "binary-as", {QStringLiteral("hex"), QStringLiteral("base64"), QStringLiteral("raw")}},
        {"serve", "mode", {QStringLiteral("echo"), QStringLiteral("broadcast")}},
        {"wsinspect", "theme", {QStringLiteral("system"), QStringLiteral("light"), QStringLiteral("dark")}},
    };
    return table;
}

} // namespace

ValueCompletion valueCompletion(const QString &command, const QCommandLineOption &option)
{
    using Kind = ValueCompletion::Kind;
    const QString valueName = option.valueName();
    if (valueName.isEmpty())
        return {Kind::None, {}};
    for (const Choices &row : choiceTable()) {
        if (command == QLatin1String(row.command) && option.names().contains(QLatin1String(row.option)))
            return {Kind::Choice, row.words};
    }
    if (valueName == QLatin1String("file") || valueName == QLatin1String("path"))
        return {Kind::File, {}};
    if (valueName == QLatin1String("dir"))
        return {Kind::Directory, {}};
    return {Kind::Text, {}};
}

QStringList dashedNames(const QCommandLineOption &option)
{
    QStringList names;
    for (const QString &name : option.names())
        names << (name.size() == 1 ? QStringLiteral("-") : QStringLiteral("--")) + name;
    return names;
}
