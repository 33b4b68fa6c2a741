// SPDX-License-Identifier: MIT
#pragma once
// `wsinspect-cli completions bash|zsh|fish`: prints that shell's completion script for
// wsinspect-cli, made from the options its commands parse. For packagers: the build writes
// the three and the .deb installs them where each shell looks (packaging/CMakeLists.txt).
#include <QCommandLineOption>
#include <QList>
#include <QStringList>

// Returns 0, or 2 for a usage error.
int runCompletionsCommand(const QStringList &arguments);
QList<QCommandLineOption> completionsOptions();
