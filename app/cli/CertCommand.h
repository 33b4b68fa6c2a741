// SPDX-License-Identifier: MIT
#pragma once
// `wsinspect-cli cert URL`: the server's TLS report (chain leaf to root, each
// certificate's fields, protocol, cipher, SNI and the verdict), readable by a person.
#include <QCommandLineOption>
#include <QList>
#include <QStringList>

// Returns 0 when the chain verifies (or --insecure and the handshake worked), 1 when it
// does not or the TLS handshake fails, 2 for a usage error.
int runCertCommand(const QStringList &arguments);
// Every option cert's parser takes, as it adds them (the shell completions read them too).
QList<QCommandLineOption> certOptions();
