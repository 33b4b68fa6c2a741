// SPDX-License-Identifier: MIT
#include "ProgramSpec.h"

namespace {

using Kind = ValueCompletion::Kind;

// Options whose value their valueName does not tell: the enumerations (one of a few words,
// those the command's parser accepts and its description names) and files named otherwise
// than "file". A renamed option leaves its row here unused, which the completion tests
// notice (tests/cli/completion).
struct Declared {
    const char *command;
    const char *option; // long name
    ValueCompletion value;
};

// --ws-version's words, as protocolVersionName() spells them.
QStringList webSocketVersions()
{
    return {QStringLiteral("13"), QStringLiteral("8"), QStringLiteral("7"), QStringLiteral("hixie-76"),
            QStringLiteral("hixie-75")};
}

const QList<Declared> &declaredValues()
{
    static const QList<Declared> table{
        {"connect", "binary-as", {Kind::Choice, {QStringLiteral("hex"), QStringLiteral("base64"), QStringLiteral("raw")}}},
        {"connect", "file", {Kind::File, {}}}, // "path": the file sent
        {"connect", "ws-version", {Kind::Choice, webSocketVersions()}},
        {"ping", "ws-version", {Kind::Choice, webSocketVersions()}},
        {"serve", "mode", {Kind::Choice, {QStringLiteral("echo"), QStringLiteral("broadcast")}}},
        {"wsinspect", "theme", {Kind::Choice, {QStringLiteral("system"), QStringLiteral("light"), QStringLiteral("dark")}}},
    };
    return table;
}

} // namespace

ValueCompletion valueCompletion(const QString &command, const QCommandLineOption &option)
{
    const QString valueName = option.valueName();
    if (valueName.isEmpty())
        return {Kind::None, {}};
    for (const Declared &row : declaredValues()) {
        if (command == QLatin1String(row.command) && option.names().contains(QLatin1String(row.option)))
            return row.value;
    }
    if (valueName == QLatin1String("file"))
        return {Kind::File, {}};
    if (valueName == QLatin1String("dir"))
        return {Kind::Directory, {}};
    return {Kind::Text, {}}; // a number, a name, a path on the server (serve --sse), ...
}

QStringList dashedNames(const QCommandLineOption &option)
{
    QStringList names;
    for (const QString &name : option.names())
        names << (name.size() == 1 ? QStringLiteral("-") : QStringLiteral("--")) + name;
    return names;
}
