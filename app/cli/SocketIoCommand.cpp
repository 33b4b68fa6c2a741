// SPDX-License-Identifier: MIT
#include "SocketIoCommand.h"

#include "ConnectionArguments.h"
#include "SocketIoRun.h"

#include "socketio/SocketIoAddress.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>

namespace {

const char Examples[] = R"(
Connects to a Socket.IO server by its http(s) URL, as the socket.io client does: the
Engine.IO handshake over the WebSocket transport (EIO=4 for Socket.IO v3 and v4; --eio 3
for Socket.IO v2), its pings answered (or, with --eio 3, sent), then a CONNECT to each
namespace (--namespace, repeatable; a path in the URL names one too) with the --auth
payload. Once every namespace is joined, each --emit EVENT JSON goes to the first
namespace: JSON is the argument, or, when it is an array, the arguments. With --ack each
emit asks for an acknowledgement and its round trip is printed. Every packet the server
sends is printed: "< event [args]", "ack 0 after 3 ms: [args]", "joined /chat", or with
--json one object per packet with type (open, connect, connect_error, event, ack,
disconnect, close, and emit for ours), namespace, event, args and ack.
With --emit the run ends --wait seconds after the last answer; without, it listens until
Ctrl-C or --max-events. Exit status: 0 as asked; 1 when it could not connect, a namespace
was refused (CONNECT_ERROR), an ack did not come within --ack-timeout, or the connection
broke; 2 for a usage error.

Examples:
  wsinspect-cli socketio http://127.0.0.1:3000 --emit chat '"hello"'
  wsinspect-cli socketio http://127.0.0.1:3000 --namespace /admin --auth '{"token":"abc"}' --json
  wsinspect-cli socketio https://example.com --emit order '[{"id":7},"express"]' --ack
  wsinspect-cli socketio http://127.0.0.1:3000/chat --eio 3 --max-events 10   # a Socket.IO v2 server
)";

constexpr unsigned SharedGroups = ConnectionArguments::Headers | ConnectionArguments::Tls | ConnectionArguments::Proxy
    | ConnectionArguments::ConnectTimeout | ConnectionArguments::SessionTimeouts | ConnectionArguments::Output;
// --emit takes two values; QCommandLineParser takes one: the two are joined with this.
const QChar EmitSeparator(0x1f);

namespace option {
const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Shows this help."));
const QCommandLineOption nameSpace({QStringLiteral("n"), QStringLiteral("namespace")},
                                   QStringLiteral("Joins this namespace (repeatable; default /). The first one gets the emits."),
                                   QStringLiteral("namespace"));
const QCommandLineOption auth(QStringLiteral("auth"), QStringLiteral("Sends this JSON as the CONNECT's auth payload (Socket.IO v3 and v4)."),
                              QStringLiteral("json"));
const QCommandLineOption emit(QStringLiteral("emit"),
                              QStringLiteral("Emits EVENT with JSON (an array: the arguments) once joined (repeatable): --emit EVENT JSON."),
                              QStringLiteral("event> <json"));
const QCommandLineOption ack(QStringLiteral("ack"), QStringLiteral("Asks for an acknowledgement of each emit and prints its round trip."));
const QCommandLineOption ackTimeout(QStringLiteral("ack-timeout"), QStringLiteral("Fails when an ack has not come after this long (default 5)."),
                                    QStringLiteral("seconds"));
const QCommandLineOption wait(QStringLiteral("wait"), QStringLiteral("With --emit: ends the run when nothing came for this long after the last answer (default 1)."),
                              QStringLiteral("seconds"));
const QCommandLineOption maxEvents(QStringLiteral("max-events"), QStringLiteral("Ends the run after this many received events."),
                                   QStringLiteral("n"));
const QCommandLineOption eio(QStringLiteral("eio"), QStringLiteral("Engine.IO version: 4 (Socket.IO v3, v4; default) or 3 (Socket.IO v2)."),
                             QStringLiteral("3|4"));
const QCommandLineOption path(QStringLiteral("path"), QStringLiteral("The server's Socket.IO path (default /socket.io/)."),
                              QStringLiteral("path"));
const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Prints one JSON object per packet (type, namespace, event, args, ack)."));
} // namespace option

int usageError(const QString &message)
{
    return ConnectionArguments::usageError(QStringLiteral("socketio"), message);
}

// "--emit EVENT JSON" as one value for the parser (see EmitSeparator); false when a value is missing.
bool joinEmitValues(const QStringList &arguments, QStringList &joined)
{
    for (int i = 0; i < arguments.size(); ++i) {
        if (arguments.at(i) != QLatin1String("--emit")) {
            joined << arguments.at(i);
            continue;
        }
        if (i + 2 >= arguments.size())
            return false;
        joined << QStringLiteral("--emit") << arguments.at(i + 1) + EmitSeparator + arguments.at(i + 2);
        i += 2;
    }
    return true;
}

} // namespace

QList<QCommandLineOption> socketIoOptions()
{
    using namespace option;
    return QList<QCommandLineOption>{help, nameSpace, auth, emit, ack, ackTimeout, wait, maxEvents, eio, path, json}
    + ConnectionArguments(SharedGroups).options();
}

int runSocketIoCommand(const QStringList &arguments)
{
    using namespace option;
    QStringList joined;
    if (!joinEmitValues(arguments, joined))
        return usageError(QStringLiteral("--emit wants an event name and its JSON: --emit chat '\"hello\"'"));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("A Socket.IO client."));
    parser.addOptions(socketIoOptions());
    const ConnectionArguments shared(SharedGroups);
    parser.addPositionalArgument(QStringLiteral("url"), QStringLiteral("http:// or https:// URL of the Socket.IO server"));
    if (const std::optional<int> status = ConnectionArguments::parseOrHelp(parser, QStringLiteral("socketio"), joined,
                                                                           QStringLiteral("[options] url"), Examples))
        return *status;
    const QStringList operands = parser.positionalArguments();
    if (operands.size() != 1)
        return usageError(QStringLiteral("wants one URL (got %1 operands)").arg(operands.size()));

    SocketIoRun::Settings settings;
    if (parser.isSet(eio)) {
        const QString version = parser.value(eio).trimmed();
        if (version != QLatin1String("3") && version != QLatin1String("4"))
            return usageError(QStringLiteral("--eio wants 3 (Socket.IO v2) or 4 (v3, v4), not \"%1\"").arg(version));
        settings.session.engineIoVersion = version.toInt();
    }
    QString error;
    const std::optional<wsi::socketio::SocketIoAddress> address =
        wsi::socketio::socketIoAddress(operands.first(), parser.value(path), settings.session.engineIoVersion, &error);
    if (!address)
        return usageError(error);
    settings.session.namespaces.clear();
    if (address->nameSpace != QLatin1String("/"))
        settings.session.namespaces << address->nameSpace;
    for (QString name : parser.values(nameSpace)) {
        if (!name.startsWith(QLatin1Char('/')))
            name.prepend(QLatin1Char('/'));
        if (!settings.session.namespaces.contains(name))
            settings.session.namespaces << name;
    }
    if (settings.session.namespaces.isEmpty())
        settings.session.namespaces << QStringLiteral("/");
    settings.emitNamespace = settings.session.namespaces.first();
    if (parser.isSet(auth)) {
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(parser.value(auth).toUtf8(), &parseError);
        if (!document.isObject())
            return usageError(QStringLiteral("--auth wants a JSON object, as '{\"token\":\"abc\"}': %1")
                                  .arg(parseError.error == QJsonParseError::NoError ? QStringLiteral("not an object") : parseError.errorString()));
        if (settings.session.engineIoVersion < 4)
            return usageError(QStringLiteral("--auth is Socket.IO v3/v4's CONNECT payload; v2 (--eio 3) takes credentials in the URL's query"));
        settings.session.auth = QJsonValue(document.object());
    }
    for (const QString &value : parser.values(emit)) {
        const QString event = value.section(EmitSeparator, 0, 0);
        const QString argument = value.section(EmitSeparator, 1);
        if (event.isEmpty())
            return usageError(QStringLiteral("--emit wants an event name before its JSON"));
        // A JSON value of any kind: wrapped in an array so a string or number parses too.
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(QByteArray("[") + argument.toUtf8() + "]", &parseError);
        if (parseError.error != QJsonParseError::NoError || document.array().size() != 1)
            return usageError(QStringLiteral("--emit %1: \"%2\" is not one JSON value (a string is quoted: '\"hello\"')").arg(event, argument));
        const QJsonValue parsed = document.array().first();
        settings.emits << SocketIoRun::Emit{event, parsed.isArray() ? parsed.toArray() : QJsonArray{parsed}};
    }
    settings.wantAcks = parser.isSet(ack);
    if (parser.isSet(ackTimeout) && (!ConnectionArguments::parseDuration(parser.value(ackTimeout), settings.ackTimeoutMs) || settings.ackTimeoutMs <= 0))
        return usageError(QStringLiteral("--ack-timeout wants seconds above 0, not \"%1\"").arg(parser.value(ackTimeout)));
    if (parser.isSet(wait) && (!ConnectionArguments::parseDuration(parser.value(wait), settings.waitMs) || settings.waitMs < 0))
        return usageError(QStringLiteral("--wait wants seconds, not \"%1\"").arg(parser.value(wait)));
    if (parser.isSet(maxEvents)) {
        bool ok = false;
        settings.maxEvents = parser.value(maxEvents).toLongLong(&ok);
        if (!ok || settings.maxEvents < 1)
            return usageError(QStringLiteral("--max-events wants a count of 1 or more, not \"%1\"").arg(parser.value(maxEvents)));
    }
    settings.json = parser.isSet(json);

    wsi::net::ConnectionOptions options;
    if (!shared.read(parser, address->webSocketUrl, options, error))
        return usageError(error);
    options.eventDetail = wsi::net::EventDetail::Messages;
    SocketIoRun run(options, settings);
    QEventLoop loop;
    QObject::connect(&run, &SocketIoRun::done, &loop, &QEventLoop::exit);
    run.start();
    return loop.exec();
}
