// SPDX-License-Identifier: MIT
#pragma once
// `connect --slash`: a line of input that starts with "/" is a command, as in wscat --slash:
//   /ping [text]        a ping with that payload      /pong [text]   an unsolicited pong
//   /close [code [reason]]                            /help          the list
//   /raw [fin=0|1] [rsv=000..111] [opcode=0..15|text|binary|close|ping|pong|cont]
//        [mask=0|1] [length=N] [hex=BYTES | text...]  one frame exactly as described
//   //text              sends "/text" as a text message
// Parsing only (no sockets): ConnectRun carries the result out.
#include "protocol/RawFrame.h"

#include <QByteArray>
#include <QString>

struct SlashCommand {
    enum class Kind { Text, Ping, Pong, Close, Raw, Help, Invalid };
    Kind kind = Kind::Text;
    QByteArray payload;          // Text, Ping, Pong: the bytes to send
    int closeCode = 1000;        // Close (0: no code)
    QString closeReason;
    wsi::protocol::RawFrame frame; // Raw
    QString error;               // Invalid: what is wrong, in one sentence

    // A line of input (without its line break); `line` starts with '/'.
    static SlashCommand parse(const QByteArray &line);
    // What /help prints: connect --slash's commands, and serve --listen's (to every
    // client: /ping and /close, which needs a code there).
    static const char *help();
    static const char *serveHelp();
};
