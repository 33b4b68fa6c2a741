// SPDX-License-Identifier: MIT
#include "RunCommand.h"

#include "ConnectionArguments.h"
#include "JunitReport.h"
#include "RunReport.h"

#include "script/FlowFile.h"
#include "script/ScriptRunner.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>

#include <cstdio>

using wsi::script::AssertionResult;
using wsi::script::Environment;
using wsi::script::Flow;
using wsi::script::FlowFile;
using wsi::script::ScriptRunner;

namespace {

const char Examples[] = R"(
Runs FLOW.js, a JavaScript file (Qt's QJSEngine), against the server at URL; or FLOW.json, a
flow file the window's File > Save Flow... writes (URL, options, script and messages sent
after onOpen), against its URL or the one given. The script
defines hooks, each optional: onOpen(), onMessage(msg) (msg.type 'text' or 'binary',
msg.text, msg.bytes as a Uint8Array, msg.json when the text is JSON), onClose(close)
(close.code, close.reason, close.clean). It may call ws.send(text), ws.sendBinary(bytes),
ws.close(code, reason), log(...), setTimeout(fn, ms), clearTimeout(id),
expect(condition, name), expectMessage(predicate, withinMs, name) (passes when a message
the predicate accepts arrives within withinMs) and done(), which ends the run; so does the
end of the connection. One line per assertion (PASS or FAIL, its name, why, when), then a
summary. A hook that throws or runs past --hook-limit fails the run with the file and line.
Exit status: 0 when every assertion passed, 1 when one failed (or the script failed, or
the connection), 2 for a usage error or a script that cannot be read or compiled.

Example (flow.js):
  function onOpen() {
      expectMessage((msg) => msg.json && msg.json.op === 'pong', 2000, 'pong arrives');
      ws.send(JSON.stringify({ op: 'ping' }));
  }
  function onMessage(msg) {
      expect(msg.type === 'text', 'answers in text');
      done();
  }

Examples:
  wsinspect-cli run flow.js ws://127.0.0.1:9001/
  wsinspect-cli run saved-flow.json --env staging.json --junit report.xml
  wsinspect-cli run flow.js wss://example.com/feed -H 'Authorization: Bearer TOKEN' --junit report.xml
  wsinspect-cli run flow.js 'wss://{{host}}/feed' -H 'Authorization: Bearer {{token}}' --env staging.json
)";

constexpr unsigned SharedGroups = ConnectionArguments::Handshake | ConnectionArguments::Tls | ConnectionArguments::Proxy
    | ConnectionArguments::Timeouts;
// The options, in a namespace of their own: no variable elsewhere in this file shadows
// them, and the functions that read them say `using namespace option`.
namespace option {
const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Shows this help."));
const QCommandLineOption junit(QStringLiteral("junit"), QStringLiteral("Also writes the results as JUnit XML to this file, for CI."),
                               QStringLiteral("file"));
const QCommandLineOption timeout(QStringLiteral("timeout"),
                                 QStringLiteral("Ends a run that neither done() nor the server ended after this long, as a failure (default 30)."),
                                 QStringLiteral("seconds"));
const QCommandLineOption env(QStringLiteral("env"),
                             QStringLiteral("Reads variables from this JSON file (an object of names and values, or Postman's environment export): {{name}} in the URL, -H values, --origin and the text ws.send() sends is replaced by its value, and the script sees them as env.name."),
                             QStringLiteral("file"));
const QCommandLineOption hookLimit(QStringLiteral("hook-limit"),
                                   QStringLiteral("Interrupts a hook, timer or predicate that runs longer than this, as a script error (default 1)."),
                                   QStringLiteral("seconds"));
} // namespace option

int usageError(const QString &message)
{
    return ConnectionArguments::usageError(QStringLiteral("run"), message);
}

void printLine(const QString &line)
{
    std::printf("%s\n", line.toLocal8Bit().constData());
    std::fflush(stdout);
}

// A flow file's options under the command line's: read() started from the file's and added
// headers and subprotocols, but sets these members whether their option was given or not.
void keepFlowOptions(const wsi::net::ConnectionOptions &flow, wsi::net::ConnectionOptions &options)
{
    if (options.origin.isEmpty())
        options.origin = flow.origin;
    options.deflate = options.deflate || flow.deflate;
    if (options.tls.caFile.isEmpty())
        options.tls.caFile = flow.tls.caFile;
    if (options.tls.caDirectory.isEmpty())
        options.tls.caDirectory = flow.tls.caDirectory;
    if (options.tls.clientCertificate.isEmpty()) {
        options.tls.clientCertificate = flow.tls.clientCertificate;
        options.tls.clientKey = flow.tls.clientKey;
    }
    options.tls.verify = options.tls.verify && flow.tls.verify;
}

} // namespace

QList<QCommandLineOption> runOptions()
{
    using namespace option;
    return QList<QCommandLineOption>{help, env, junit, timeout, hookLimit} + ConnectionArguments(SharedGroups).options();
}

int runRunCommand(const QStringList &arguments)
{
    using namespace option;
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Runs a flow script against a WebSocket server."));
    parser.addOptions(runOptions());
    const ConnectionArguments shared(SharedGroups);
    parser.addPositionalArgument(QStringLiteral("flow"), QStringLiteral("the flow script (JavaScript) or flow file (JSON)"));
    parser.addPositionalArgument(QStringLiteral("url"), QStringLiteral("ws:// or wss:// URL (host:port/path means ws://); a flow file's own by default"));
    if (const std::optional<int> status = ConnectionArguments::parseOrHelp(parser, QStringLiteral("run"), arguments,
                                                                           QStringLiteral("[options] FLOW.js|FLOW.json [url]"), Examples))
        return *status;
    const QStringList operands = parser.positionalArguments();
    if (operands.isEmpty() || operands.size() > 2)
        return usageError(QStringLiteral("wants a flow script and a URL, or a flow file (got %1 operands)").arg(operands.size()));
    const QString flowPath = operands.at(0);
    if (operands.size() == 1 && flowPath.contains(QLatin1String("://")) && !QFileInfo::exists(flowPath))
        return usageError(QStringLiteral("wants a flow script before the URL, or a flow file (got only \"%1\")").arg(flowPath));
    QFile flowText(flowPath);
    if (!flowText.open(QIODevice::ReadOnly))
        return usageError(QStringLiteral("cannot read %1: %2").arg(flowPath, flowText.errorString()));
    const QByteArray text = flowText.readAll();
    QString error;
    Flow flow;
    const bool isFlowFile = FlowFile::looksLikeFlow(text);
    if (isFlowFile && !FlowFile::fromJson(text, flow, error))
        return usageError(flowPath + QStringLiteral(": ") + error);
    if (!isFlowFile)
        flow.script = QString::fromUtf8(text);
    if (operands.size() < 2 && (!isFlowFile || flow.options.url.isEmpty()))
        return usageError(isFlowFile ? QStringLiteral("%1 has no URL: give one after it").arg(flowPath)
                                     : QStringLiteral("wants a URL after the flow script"));
    Environment environment;
    if (parser.isSet(env) && !Environment::load(parser.value(env), environment, error))
        return usageError(QStringLiteral("--env: ") + error);
    // An unknown variable in what connects is an error: the URL or a header would be wrong.
    // Without --env nothing is replaced: braces are then just text.
    QStringList unknown;
    const auto undefined = [&](const char *where) {
        return usageError(QStringLiteral("{{%1}} in %2 is not defined in %3")
                              .arg(unknown.join(QStringLiteral("}}, {{")), QLatin1String(where),
                                   parser.value(env)));
    };
    const bool substituting = parser.isSet(env);
    const QString givenUrl = operands.size() > 1 ? operands.at(1) : flow.options.url;
    const QString url = substituting ? environment.substitute(givenUrl, &unknown) : givenUrl;
    if (!unknown.isEmpty())
        return undefined("the URL");
    wsi::net::ConnectionOptions options = flow.options;
    if (!shared.read(parser, url, options, error))
        return usageError(error);
    if (isFlowFile)
        keepFlowOptions(flow.options, options);
    if (substituting) {
        for (auto &header : options.headers)
            header.second = environment.substitute(QString::fromUtf8(header.second), &unknown).toUtf8();
        options.origin = environment.substitute(options.origin, &unknown);
    }
    if (!unknown.isEmpty())
        return undefined("a header");
    ScriptRunner::Settings settings;
    if (parser.isSet(timeout) && (!ConnectionArguments::parseDuration(parser.value(timeout), settings.runLimitMs) || settings.runLimitMs <= 0))
        return usageError(QStringLiteral("--timeout wants seconds above 0, not \"%1\"").arg(parser.value(timeout)));
    if (parser.isSet(hookLimit) && (!ConnectionArguments::parseDuration(parser.value(hookLimit), settings.hookLimitMs) || settings.hookLimitMs <= 0))
        return usageError(QStringLiteral("--hook-limit wants seconds above 0, not \"%1\"").arg(parser.value(hookLimit)));

    ScriptRunner runner(settings);
    runner.setEnvironment(environment);
    runner.setOpeningMessages(flow.messages);
    const QString problem = runner.load(flowPath, flow.script);
    if (!problem.isEmpty())
        return usageError(problem);

    QObject::connect(&runner, &ScriptRunner::resultAdded, [](const AssertionResult &result) { printLine(resultLine(result)); });
    QObject::connect(&runner, &ScriptRunner::logged, [](const QString &line) { printLine(QStringLiteral("log   ") + line); });
    QEventLoop loop;
    QObject::connect(&runner, &ScriptRunner::finished, &loop, &QEventLoop::quit);
    runner.start(options);
    loop.exec();
    printLine(summaryLine(runner.results(), runner.elapsedMs()));
    const QString junitPath = parser.value(junit);
    if (!junitPath.isEmpty()
        && !writeJunitReport(junitPath, QFileInfo(flowPath).fileName(), runner.results(), runner.elapsedMs(), error)) {
        std::fprintf(stderr, "wsinspect-cli run: %s\n", error.toLocal8Bit().constData());
        return 1;
    }
    return runner.passed() ? 0 : 1;
}
