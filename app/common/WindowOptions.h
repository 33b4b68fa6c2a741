// SPDX-License-Identifier: MIT
#pragma once
// The window's own command-line options (`wsinspect [options] [url]`), described once:
// wsinspect's main() parses them, and wsinspect-cli writes the window's shell completions
// from the same list (`wsinspect-cli completions SHELL wsinspect`).
#include <QCommandLineOption>
#include <QList>

struct WindowOptions {
    const QCommandLineOption echoServer{QStringLiteral("echo-server"),
                                        QStringLiteral("Start the built-in echo server on 127.0.0.1 and connect a tab to it.")};
    const QCommandLineOption tls{QStringLiteral("tls"),
                                 QStringLiteral("With --echo-server: wss, with a self-signed certificate made now.")};
    const QCommandLineOption theme{QStringLiteral("theme"), QStringLiteral("Colour theme: system, light or dark."),
                                   QStringLiteral("name")};
    const QCommandLineOption size{QStringLiteral("size"), QStringLiteral("Window size, e.g. 1600x1000."),
                                  QStringLiteral("WxH")};

    // In --help order, after Qt's own --help, --help-all and --version.
    QList<QCommandLineOption> all() const { return {echoServer, tls, theme, size}; }
};
