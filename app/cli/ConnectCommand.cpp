// SPDX-License-Identifier: MIT
#include "ConnectCommand.h"

#include "ConnectRun.h"
#include "ConnectionArguments.h"

#include "files/session/SessionRecorder.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QTextStream>
#include <QUrl>

#include <cstdio>
#include <optional>

#include <unistd.h>

namespace {

const char Examples[] = R"(
Lines read from stdin go out as text messages; every message received is written to
stdout (binary as hex unless --binary-as says otherwise). At the end of stdin replies are
awaited until none has come for --wait seconds (1 by default), then a close frame (1000)
is sent and its answer awaited; --no-close waits for the server to close instead.
Exit status: 0 after a clean close with 1000 or 1001, 1 when the connection failed or
ended without a close handshake, 2 for a usage error, 3 for a clean close with another
code, 4 when lines of stdin were not sent (not UTF-8); one line on stderr says why.
SIGINT closes politely; a second SIGINT aborts.

Examples:
  echo hello | wsinspect-cli connect ws://127.0.0.1:9001/
  echo '{"op":"subscribe"}' | wsinspect-cli connect wss://example.com/feed --no-close -1
                                                       # the first reply, then close
  wsinspect-cli connect ws://127.0.0.1:9001/ --receive-only --max-messages 10
  wsinspect-cli connect wss://example.com/feed -H 'Authorization: Bearer TOKEN' -p graphql-ws
  wsinspect-cli connect ws://127.0.0.1:9001/ --echo            # send every message back
  wsinspect-cli connect ws://127.0.0.1:9001/flood --count      # count a flood, print rates
  wsinspect-cli connect wss://localhost:8443/ --ca-file ca.pem --json < messages.txt
  wsinspect-cli connect ws://example.com/ --proxy http://user:pass@proxy:3128 -v
)";

bool binaryFormat(const QString &text, EventPrinter::BinaryFormat &format)
{
    if (text == QLatin1String("hex"))
        format = EventPrinter::BinaryFormat::Hex;
    else if (text == QLatin1String("base64"))
        format = EventPrinter::BinaryFormat::Base64;
    else if (text == QLatin1String("raw"))
        format = EventPrinter::BinaryFormat::Raw;
    else
        return false;
    return true;
}

int usageError(const QString &message)
{
    return ConnectionArguments::usageError(QStringLiteral("connect"), message);
}

constexpr unsigned SharedGroups = ConnectionArguments::All;
// The options, in a namespace of their own: no variable elsewhere in this file shadows
// them, and the functions that read them say `using namespace option`.
namespace option {
const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Shows this help."));
const QCommandLineOption echo(QStringLiteral("echo"), QStringLiteral("Sends every received message back with its own type; reads no stdin."));
const QCommandLineOption count(QStringLiteral("count"),
                               QStringLiteral("Prints only a summary at the end (messages, bytes, seconds, messages/s, MB/s); reads no stdin."));
const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Writes one JSON object per event (open, frame, message, ping, pong, close, error)."));
const QCommandLineOption binaryAs(QStringLiteral("binary-as"), QStringLiteral("How binary messages are written: hex (default), base64 or raw."),
                                  QStringLiteral("format"), QStringLiteral("hex"));
const QCommandLineOption rawText(QStringLiteral("raw-text"),
                                 QStringLiteral("Writes text messages as they came; by default line breaks are written as \\n and control characters as \\xHH, so a message is one line and cannot drive the terminal."));
const QCommandLineOption textPrefix(QStringLiteral("text-prefix"), QStringLiteral("Writes this before each received text message."),
                                    QStringLiteral("text"));
const QCommandLineOption binaryPrefix(QStringLiteral("binary-prefix"),
                                      QStringLiteral("Writes this before each received binary message, e.g. 'bin: ' to tell it from text."),
                                      QStringLiteral("text"));
const QCommandLineOption wait(QStringLiteral("wait"),
                              QStringLiteral("After the end of stdin, close once no message has come for this long (default 1; 0: at once)."),
                              QStringLiteral("seconds"));
const QCommandLineOption noClose(QStringLiteral("no-close"),
                                 QStringLiteral("After the end of stdin, keep reading until the server closes (or --max-messages)."));
const QCommandLineOption receiveOnly(QStringLiteral("receive-only"), QStringLiteral("Reads no stdin: only prints what the server sends."));
const QCommandLineOption maxMessages(QStringLiteral("max-messages"), QStringLiteral("Closes after this many received messages."),
                                     QStringLiteral("n"));
const QCommandLineOption justOne(QStringLiteral("1"), QStringLiteral("Same as --max-messages 1."));
const QCommandLineOption binary(QStringLiteral("binary"), QStringLiteral("Sends each line (or the whole input, or --file) as a binary message, its bytes as they are."));
const QCommandLineOption hexInput(QStringLiteral("hex"), QStringLiteral("Each line is hex (spaces allowed), sent as a binary message."));
const QCommandLineOption base64Input(QStringLiteral("base64"), QStringLiteral("Each line is base64, sent as a binary message."));
const QCommandLineOption whole(QStringLiteral("whole"), QStringLiteral("All of stdin is one message, sent when it ends."));
const QCommandLineOption separator(QStringLiteral("separator"),
                                   QStringLiteral("Messages are separated by this character instead of a line break (e.g. for multi-line JSON)."),
                                   QStringLiteral("char"));
const QCommandLineOption nulSeparated(QStringLiteral("0"), QStringLiteral("Messages are separated by NUL bytes (as find -print0 writes)."));
const QCommandLineOption file(QStringLiteral("file"), QStringLiteral("Sends this file as one message (text, or binary with --binary); reads no stdin."),
                              QStringLiteral("path"));
const QCommandLineOption reconnect(QStringLiteral("reconnect"),
                                   QStringLiteral("When the connection drops (not closed by us), connect again after 1 s, then 2, 4, ... up to 30 s."));
const QCommandLineOption reconnectMax(QStringLiteral("reconnect-max"), QStringLiteral("With --reconnect: give up after this many attempts in a row (default: never)."),
                                      QStringLiteral("n"));
const QCommandLineOption followRedirects(QStringLiteral("follow-redirects"),
                                         QStringLiteral("Follows a 3xx answer to the upgrade to its Location (ws/wss, or http/https taken as such), at most 5 times."));
const QCommandLineOption slash(QStringLiteral("slash"),
                               QStringLiteral("Lines starting with / are commands: /ping, /pong, /close [code [reason]], /raw FRAME, /help (//text sends /text)."));
const QCommandLineOption record(QStringLiteral("record"),
                               QStringLiteral("Also saves the conversation as a session file: the window opens it, `replay` sends its messages again."),
                               QStringLiteral("file"));
// The decoders' ids are spelled out (tst_cliconnectdecode checks them against the registry):
// a global option must not build the registry before main().
const QCommandLineOption decode(QStringLiteral("decode"),
                                QStringLiteral("Reads messages in their application protocol: received ones print as their "
                                               "summary, --json adds \"decoded\". auto picks by the subprotocol, else by the "
                                               "content; or one of socketio, sockjs, signalr, jsonrpc, graphql-transport-ws, "
                                               "subscriptions-transport-ws, stomp, wamp.json, wamp.msgpack, mqtt, msgpack, cbor, "
                                               "protobuf."),
                                QStringLiteral("protocol"));
const QCommandLineOption showPings({QStringLiteral("P"), QStringLiteral("show-pings")},
                                   QStringLiteral("Prints pings and pongs too (< ping: payload), not only messages."));
} // namespace option

} // namespace

// The options in --help order, the shared ones last: the parser and `wsinspect-cli completions`
// read this list.
QList<QCommandLineOption> connectOptions()
{
    using namespace option;
    const QList<QCommandLineOption> own{help, echo, count, json, binaryAs, rawText, textPrefix, binaryPrefix, binary,
                                        hexInput, base64Input, whole, separator, nulSeparated, file, slash, showPings,
                                        wait, noClose, receiveOnly, maxMessages, justOne, reconnect, reconnectMax,
                                        followRedirects, record, decode};
    return own + ConnectionArguments(SharedGroups).options();
}

int runConnectCommand(const QStringList &arguments)
{
    using namespace option;
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Connects to a WebSocket server and exchanges messages."));
    parser.addOptions(connectOptions());
    const ConnectionArguments shared(SharedGroups);
    parser.addPositionalArgument(QStringLiteral("url"), QStringLiteral("ws:// or wss:// URL (host:port/path means ws://)"));
    if (const std::optional<int> status = ConnectionArguments::parseOrHelp(parser, QStringLiteral("connect"), arguments,
                                                                           QStringLiteral("[options] url"), Examples))
        return *status;
    wsi::net::ConnectionOptions options;
    QString error;
    if (!shared.read(parser, options, error))
        return ConnectionArguments::usageError(QStringLiteral("connect"), error);
    if (parser.isSet(echo) && parser.isSet(count))
        return usageError(QStringLiteral("--echo and --count do not go together"));
    EventPrinter::Settings printing;
    printing.json = parser.isSet(json);
    printing.verbose = shared.verbose(parser);
    printing.showSecrets = shared.showSecrets(parser);
    printing.rawText = parser.isSet(rawText);
    // A person typing at a terminal gets wscat's conversation; pipes and scripts never do.
    printing.interactive = ::isatty(STDIN_FILENO) && ::isatty(STDOUT_FILENO) && !printing.json && !printing.verbose
        && !parser.isSet(echo) && !parser.isSet(count) && !parser.isSet(file) && !parser.isSet(receiveOnly);
    printing.showPings = parser.isSet(showPings);
    printing.textPrefix = parser.value(textPrefix).toUtf8();
    printing.binaryPrefix = parser.value(binaryPrefix).toUtf8();
    if (!binaryFormat(parser.value(binaryAs), printing.binary))
        return usageError(QStringLiteral("--binary-as wants hex, base64 or raw, not \"%1\"").arg(parser.value(binaryAs)));

    options.reconnect.enabled = parser.isSet(reconnect);
    if (parser.isSet(reconnectMax)) {
        bool ok = false;
        options.reconnect.maxAttempts = parser.value(reconnectMax).toInt(&ok);
        if (!ok || options.reconnect.maxAttempts < 1)
            return usageError(QStringLiteral("--reconnect-max wants a count of 1 or more, not \"%1\"").arg(parser.value(reconnectMax)));
        if (!options.reconnect.enabled)
            return usageError(QStringLiteral("--reconnect-max goes with --reconnect"));
    }
    SessionEnding::Settings ending;
    if (parser.isSet(wait)) {
        bool ok = false;
        const double seconds = parser.value(wait).toDouble(&ok);
        if (!ok || seconds < 0 || seconds > 86400)
            return usageError(QStringLiteral("--wait wants seconds (0 or more), not \"%1\"").arg(parser.value(wait)));
        ending.quietMs = int(seconds * 1000);
    }
    ending.noClose = parser.isSet(noClose);
    ending.receiveOnly = parser.isSet(receiveOnly);
    if (ending.noClose && parser.isSet(wait))
        return usageError(QStringLiteral("--wait and --no-close do not go together"));
    if (parser.isSet(maxMessages)) {
        bool ok = false;
        ending.maxMessages = parser.value(maxMessages).toLongLong(&ok);
        if (!ok || ending.maxMessages < 1)
            return usageError(QStringLiteral("--max-messages wants a count of 1 or more, not \"%1\"").arg(parser.value(maxMessages)));
    }
    if (parser.isSet(justOne)) {
        if (parser.isSet(maxMessages))
            return usageError(QStringLiteral("-1 is --max-messages 1: give one of them"));
        ending.maxMessages = 1;
    }
    if (parser.isSet(count) && parser.isSet(record))
        return usageError(QStringLiteral("--count keeps no messages: --record has nothing to save"));
    if (parser.isSet(count) && ending.maxMessages > 0)
        return usageError(QStringLiteral("--count and --max-messages do not go together: --count keeps no messages to count them"));

    ConnectRun::Mode mode = ConnectRun::Mode::Interactive;
    if (parser.isSet(echo))
        mode = ConnectRun::Mode::Echo;
    else if (parser.isSet(count))
        mode = ConnectRun::Mode::Count;
    // Counting copies no payload; -v and --json want frame headers; otherwise messages.
    if (mode == ConnectRun::Mode::Count)
        options.eventDetail = wsi::net::EventDetail::CountersOnly;
    else if (printing.verbose || printing.json || parser.isSet(record))
        options.eventDetail = wsi::net::EventDetail::Frames;
    else
        options.eventDetail = wsi::net::EventDetail::Messages;

    // A terminal prints slower than a server can send: past this many unprinted events,
    // reading pauses and TCP holds the server back.
    options.maxEventsInFlight = 65536;
    ConnectRun::Input input;
    input.slashCommands = parser.isSet(slash);
    input.maxRedirects = parser.isSet(followRedirects) ? 5 : 0;
    InputMessages::Settings messages;
    const int encodings = int(parser.isSet(binary)) + int(parser.isSet(hexInput)) + int(parser.isSet(base64Input));
    if (encodings > 1)
        return usageError(QStringLiteral("give one of --binary, --hex and --base64"));
    messages.encoding = parser.isSet(binary) ? InputMessages::Encoding::Binary
        : parser.isSet(hexInput)             ? InputMessages::Encoding::Hex
        : parser.isSet(base64Input)          ? InputMessages::Encoding::Base64
                                             : InputMessages::Encoding::Text;
    messages.whole = parser.isSet(whole);
    if (parser.isSet(separator) && parser.isSet(nulSeparated))
        return usageError(QStringLiteral("-0 is --separator NUL: give one of them"));
    if (parser.isSet(separator)) {
        const QByteArray value = parser.value(separator).toUtf8();
        if (value.size() != 1)
            return usageError(QStringLiteral("--separator wants one ASCII character, not \"%1\"").arg(parser.value(separator)));
        messages.separator = value.at(0);
    }
    if (parser.isSet(nulSeparated))
        messages.separator = '\0';
    input.messages = InputMessages(messages);
    input.file = parser.value(file);
    if (!input.file.isEmpty() && (parser.isSet(whole) || parser.isSet(separator) || parser.isSet(nulSeparated) || parser.isSet(slash)))
        return usageError(QStringLiteral("--file is one message: --whole, --separator, -0 and --slash are about stdin"));
    if (!input.file.isEmpty() && (ending.receiveOnly || mode != ConnectRun::Mode::Interactive))
        return usageError(QStringLiteral("--file sends a message: not with --receive-only, --echo or --count"));
    if (input.slashCommands && messages.encoding != InputMessages::Encoding::Text)
        return usageError(QStringLiteral("--slash reads text lines: not with --binary, --hex or --base64"));
    std::unique_ptr<MessageDecoding> decoding;
    if (parser.isSet(decode)) {
        if (mode == ConnectRun::Mode::Count)
            return usageError(QStringLiteral("--count keeps no messages: --decode has nothing to read"));
        decoding = makeMessageDecoding(parser.value(decode), &error);
        if (!decoding)
            return usageError(error);
    }
    ConnectRun run(options, mode, printing, ending, input);
    run.setDecoding(std::move(decoding));
    std::optional<wsi::log::SessionRecorder> recorder;
    if (parser.isSet(record)) {
        recorder.emplace(QUrl(options.url).host(), options);
        QObject::connect(&run, &ConnectRun::reported, [&recorder](const wsi::net::ReportBatch &batch) { recorder->record(batch); });
    }
    QEventLoop loop;
    QObject::connect(&run, &ConnectRun::done, &loop, &QEventLoop::exit);
    run.start();
    const int status = loop.exec();
    if (recorder && !recorder->save(parser.value(record), false, &error)) {
        std::fprintf(stderr, "wsinspect-cli connect: %s\n", error.toLocal8Bit().constData());
        return status == 0 ? 1 : status;
    }
    return status;
}
