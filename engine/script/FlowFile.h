// SPDX-License-Identifier: MIT
#pragma once
// A flow file: everything `wsinspect-cli run FLOW.json` needs to run a conversation, and
// what the window's File ▸ Save Flow… writes and File ▸ Open Flow… reads:
//   {"format": "wsinspect-flow", "version": 1,
//    "url": "ws://{{host}}/feed",
//    "options": {...optionsToJson...},
//    "script": "function onOpen() { ... }",
//    "messages": [{"type": "text", "data": "{\"op\":\"hello\"}"},
//                 {"type": "binary", "base64": "AAEC"}]}
// The messages go out in order right after the script's onOpen hook has run (so the
// expectations it sets up wait for their answers). Options are written as they are, with
// any {{name}} unreplaced: secrets belong in an environment file, not in a flow.
// Reading refuses a bad file with one sentence saying what is wrong and where.
#include "net/ConnectionOptions.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace wsi::script {

struct FlowMessage {
    bool binary = false;
    QByteArray payload;
};

struct Flow {
    net::ConnectionOptions options; // options.url is the flow's URL
    QString script;
    QList<FlowMessage> messages;
};

class FlowFile
{
public:
    static constexpr int Version = 1;
    static constexpr const char *FormatName = "wsinspect-flow";

    static QByteArray toJson(const Flow &flow);
    // False with `error` set (one sentence) for anything but a flow this version reads.
    static bool fromJson(const QByteArray &json, Flow &out, QString &error);
    // Whether `text` looks like a flow file rather than a script: a JSON object.
    static bool looksLikeFlow(const QByteArray &text);

    // False with `error` set when the file cannot be written (an old file is kept).
    static bool write(const QString &path, const Flow &flow, QString &error);
    static bool read(const QString &path, Flow &out, QString &error);
};

} // namespace wsi::script
