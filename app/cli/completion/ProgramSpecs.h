// SPDX-License-Identifier: MIT
#pragma once
// The two programs as the shells need to know them, each made from the option tables its
// parsers use.
#include "ProgramSpec.h"

// wsinspect-cli: its commands from their table (cli/Commands.h) with the options their
// parsers add, plus `help COMMAND` and `completions SHELL`, which main() answers itself.
ProgramSpec wsinspectCliSpec();
// wsinspect, the window: Qt's help and version options, then WindowOptions, and a URL.
ProgramSpec windowSpec();
