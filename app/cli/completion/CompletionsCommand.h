// SPDX-License-Identifier: MIT
#pragma once
// `wsinspect-cli completions bash|zsh|fish [wsinspect]`: prints that shell's completion
// script for wsinspect-cli (or the window, wsinspect), made from the options the program
// parses. For packagers: the build writes them and the .deb installs them where each shell
// looks (packaging/CMakeLists.txt).
#include <QCommandLineOption>
#include <QList>
#include <QStringList>

// Returns 0, or 2 for a usage error.
int runCompletionsCommand(const QStringList &arguments);
QList<QCommandLineOption> completionsOptions();
