// SPDX-License-Identifier: MIT
#pragma once
// wsinspect-cli's ProgramSpec: its commands from their table (cli/Commands.h) with the
// options their parsers add, plus `help COMMAND` and `completions SHELL`, which main()
// answers itself.
#include "ProgramSpec.h"

ProgramSpec wsinspectCliSpec();
