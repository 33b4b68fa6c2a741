// SPDX-License-Identifier: MIT
#pragma once
// The completion scripts, one writer a shell, each made from a ProgramSpec and nothing
// else. Each script says which options a command takes (short and long names), what their
// values are (files, directories, a fixed set of words, free text) and what the command's
// operand is; zsh and fish show each option's description from its --help too.
#include "ProgramSpec.h"

#include <QList>
#include <QString>

QString bashScript(const ProgramSpec &spec);  // BashScript.cpp
QString zshScript(const ProgramSpec &spec);   // ZshScript.cpp
QString fishScript(const ProgramSpec &spec);  // FishScript.cpp

struct ScriptWriter {
    const char *shell;
    QString (*write)(const ProgramSpec &spec);
};
// bash, zsh, fish: what `wsinspect-cli completions SHELL` knows.
const QList<ScriptWriter> &scriptWriters();

// Shared by the writers (ScriptText.cpp).
// `text` in single quotes for sh, bash and zsh: 'it'\''s'.
QString shellQuoted(const QString &text);
// The script's first lines: what it is and that it is made, not written (# comments).
QString scriptHeader(const QString &shell, const ProgramSpec &spec);
// The function name a program's completion is known by: "_wsinspect_cli" (bash takes no
// dashes in its conventions, zsh's own are "_wsinspect-cli").
QString functionName(const ProgramSpec &spec, QChar dash);
