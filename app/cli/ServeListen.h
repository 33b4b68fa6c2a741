// SPDX-License-Identifier: MIT
#pragma once
// `serve --listen`, as wscat -l: what clients send is printed on stdout, one safe line a
// message marked with the client ("#2 hello"; binary as hex), and each line typed on stdin
// goes to every open client as a text message (and, with --sse, out as an event). With --slash, "/ping [text]" and
// "/close [code [reason]]" do that to every client (SlashCommand). On a terminal the lines
// are drawn as `connect` draws them: "< #2 hello" over a "> " prompt.
//
// Thread: the main thread, with the server (Handoff mode).
#include "InputMessages.h"

#include <QObject>

#include <memory>

class QSocketNotifier;

namespace wsi::net {
class EchoServer;
}

class ServeListen : public QObject
{
    Q_OBJECT
public:
    struct Settings {
        bool slashCommands = false;
        bool interactive = false; // stdin and stdout are a terminal
    };
    ServeListen(wsi::net::EchoServer &server, Settings settings, QObject *parent = nullptr);
    ~ServeListen() override;

    void start();

private:
    void onMessage(quint64 id, bool isText, const QByteArray &payload);
    void onStdinReadable();
    void sendLine(const QByteArray &line);
    void runCommand(const QByteArray &line);
    void refuse(const QString &why);
    void printPrompt();

    wsi::net::EchoServer &m_server;
    Settings m_settings;
    InputMessages m_input{InputMessages::Settings{}};
    std::unique_ptr<QSocketNotifier> m_stdin;
    qint64 m_linesRead = 0;
};
