// SPDX-License-Identifier: MIT
#include "CompletionScripts.h"

#ifndef WSI_VERSION
#define WSI_VERSION "0.0.0"
#endif

QString shellQuoted(const QString &text)
{
    QString quoted = text;
    quoted.replace(QLatin1Char('\''), QLatin1String("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

QString scriptHeader(const QString &shell, const ProgramSpec &spec)
{
    const QString command = spec.commands.isEmpty() ? shell + QLatin1Char(' ') + spec.program.name : shell;
    return QStringLiteral("# %1 completion for %2 (wsinspect %3): options and their values.\n"
                          "# Made by `wsinspect-cli completions %4` from the options %2 parses;\n"
                          "# edits here are lost at the next build.\n")
        .arg(shell, spec.program.name, QStringLiteral(WSI_VERSION), command);
}

QString functionName(const ProgramSpec &spec, QChar dash)
{
    QString name = QLatin1Char('_') + spec.program.name;
    name.replace(QLatin1Char('-'), dash);
    return name;
}
