// SPDX-License-Identifier: MIT
#include "SseCommand.h"

#include "ConnectionArguments.h"
#include "SseRun.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>

namespace {

const char Examples[] = R"(
Sends the request (GET, or POST with --data) and reads the answer as the WHATWG HTML
standard's EventSource does: it must be 200 with text/event-stream. Each event's data is
written to stdout as one line (line breaks written as \n, control characters escaped;
--raw-text writes them as they came); --json writes one object per event instead, with
"event" (its type), "data", "id" (the last event ID) and "retry" when the event set it.
When the stream ends or the connection fails, it reconnects after the server's retry (3 s
until the server says) with Last-Event-ID, as a browser does; a refusal (any status but
200, another Content-Type, 204) ends it for good.
Exit status: 0 when stopped (SIGINT, --max-events) or when the stream ended with
--no-reconnect, 1 when it was refused, could not connect or broke, 2 for a usage error.

Examples:
  wsinspect-cli sse http://127.0.0.1:9001/events
  wsinspect-cli sse https://api.example.com/v1/chat -X POST -H 'Content-Type: application/json' \
      -H 'Authorization: Bearer TOKEN' --data '{"stream": true}' --json --no-reconnect
  wsinspect-cli sse http://127.0.0.1:9001/events --last-event-id 41 --max-events 10
  wsinspect-cli sse https://example.com/feed -v --comments     # heads, keepalives, reconnects
)";

int usageError(const QString &message)
{
    return ConnectionArguments::usageError(QStringLiteral("sse"), message);
}

constexpr unsigned SharedGroups = ConnectionArguments::Headers | ConnectionArguments::Tls | ConnectionArguments::Proxy
                                  | ConnectionArguments::ConnectTimeout | ConnectionArguments::SessionTimeouts
                                  | ConnectionArguments::Output;
// The options, in a namespace of their own: no variable elsewhere in this file shadows
// them, and the functions that read them say `using namespace option`.
namespace option {
const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Shows this help."));
const QCommandLineOption method({QStringLiteral("X"), QStringLiteral("method")},
                                QStringLiteral("The request's method (default GET; POST with --data)."), QStringLiteral("method"));
const QCommandLineOption data({QStringLiteral("d"), QStringLiteral("data")},
                              QStringLiteral("Sends this body (and POST unless -X says otherwise), as LLM APIs want it."),
                              QStringLiteral("body"));
const QCommandLineOption dataFile(QStringLiteral("data-file"), QStringLiteral("Sends this file as the body."), QStringLiteral("file"));
const QCommandLineOption json(QStringLiteral("json"),
                              QStringLiteral("Writes one JSON object per event: event, data, id, time (and retry)."));
const QCommandLineOption comments(QStringLiteral("comments"),
                                  QStringLiteral("Writes comment lines (\": keepalive\") too: as \":text\" lines, or {\"comment\": ...} with --json."));
const QCommandLineOption rawText(QStringLiteral("raw-text"),
                                 QStringLiteral("Writes each event's data as it came; by default line breaks are written as \\n and control characters as \\xHH."));
const QCommandLineOption lastEventId(QStringLiteral("last-event-id"),
                                     QStringLiteral("Sends this Last-Event-ID with the first request: resume a stream."), QStringLiteral("id"));
const QCommandLineOption retry(QStringLiteral("retry"),
                               QStringLiteral("Waits this long before reconnecting until the server sends its retry (default 3000)."),
                               QStringLiteral("ms"));
const QCommandLineOption noReconnect(QStringLiteral("no-reconnect"),
                                     QStringLiteral("Exits when the stream ends instead of reconnecting."));
const QCommandLineOption reconnectMax(QStringLiteral("reconnect-max"),
                                      QStringLiteral("Gives up after this many reconnects in a row that did not open a stream."),
                                      QStringLiteral("n"));
const QCommandLineOption maxEvents(QStringLiteral("max-events"), QStringLiteral("Exits after this many events."), QStringLiteral("n"));
} // namespace option

int positiveNumber(const QCommandLineParser &parser, const QCommandLineOption &option, qint64 &value)
{
    bool ok = false;
    value = parser.value(option).toLongLong(&ok);
    return ok && value > 0 ? 0 : usageError(QStringLiteral("--%1 wants a number of 1 or more, not \"%2\"").arg(option.names().constLast(), parser.value(option)));
}

} // namespace

// The options in --help order, the shared ones last: the parser and `wsinspect-cli completions`
// read this list.
QList<QCommandLineOption> sseOptions()
{
    using namespace option;
    const QList<QCommandLineOption> own{help, method, data, dataFile, json, comments, rawText, lastEventId, retry,
                                        noReconnect, reconnectMax, maxEvents};
    return own + ConnectionArguments(SharedGroups).options();
}

int runSseCommand(const QStringList &arguments)
{
    using namespace option;
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Reads a server-sent event stream (EventSource)."));
    parser.addOptions(sseOptions());
    const ConnectionArguments shared(SharedGroups);
    parser.addPositionalArgument(QStringLiteral("url"), QStringLiteral("http:// or https:// URL (host:port/path means http://)"));
    if (const std::optional<int> status = ConnectionArguments::parseOrHelp(parser, QStringLiteral("sse"), arguments,
                                                                           QStringLiteral("[options] url"), Examples))
        return *status;

    wsi::net::ConnectionOptions options;
    options.kind = wsi::net::TrafficKind::EventSource;
    wsi::net::EventSourceOptions &stream = options.eventSource;
    if (parser.isSet(data) && parser.isSet(dataFile))
        return usageError(QStringLiteral("--data and --data-file do not go together"));
    if (parser.isSet(data))
        stream.body = parser.value(data).toUtf8();
    if (parser.isSet(dataFile)) {
        QFile file(parser.value(dataFile));
        if (!file.open(QIODevice::ReadOnly))
            return usageError(QStringLiteral("cannot read --data-file \"%1\": %2").arg(file.fileName(), file.errorString()));
        stream.body = file.readAll();
    }
    const bool hasBody = parser.isSet(data) || parser.isSet(dataFile);
    stream.method = parser.isSet(method) ? parser.value(method).toUpper() : hasBody ? QStringLiteral("POST") : QStringLiteral("GET");
    stream.lastEventId = parser.value(lastEventId);
    stream.reconnect = !parser.isSet(noReconnect);
    if (parser.isSet(retry)) {
        qint64 ms = 0;
        if (const int status = positiveNumber(parser, retry, ms))
            return status;
        stream.retryMs = int(std::min<qint64>(ms, 86400000));
    }
    if (parser.isSet(reconnectMax)) {
        if (!stream.reconnect)
            return usageError(QStringLiteral("--reconnect-max and --no-reconnect do not go together"));
        qint64 attempts = 0;
        if (const int status = positiveNumber(parser, reconnectMax, attempts))
            return status;
        stream.maxAttempts = int(std::min<qint64>(attempts, 1000000));
    }
    qint64 eventLimit = 0;
    if (parser.isSet(maxEvents)) {
        if (const int status = positiveNumber(parser, maxEvents, eventLimit))
            return status;
    }
    QString error;
    if (!shared.read(parser, options, error))
        return usageError(error);

    EventPrinter::Settings printing;
    printing.json = parser.isSet(json);
    printing.jsonRowsOnly = true;
    printing.verbose = shared.verbose(parser);
    printing.showSecrets = shared.showSecrets(parser);
    printing.rawText = parser.isSet(rawText);
    printing.showComments = parser.isSet(comments);
    options.eventDetail = printing.verbose ? wsi::net::EventDetail::Frames : wsi::net::EventDetail::Messages;
    // A terminal prints slower than a server can send: past this many unprinted events,
    // reading pauses and TCP holds the server back.
    options.maxEventsInFlight = 20000;

    SseRun run(options, printing, eventLimit);
    int status = SseRun::ExitOk;
    QObject::connect(&run, &SseRun::done, &run, [&status](int exitStatus) {
        status = exitStatus;
        QCoreApplication::exit(exitStatus);
    });
    run.start();
    const int loopStatus = QCoreApplication::exec();
    return loopStatus == 130 ? 130 : status;
}
