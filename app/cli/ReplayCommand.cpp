// SPDX-License-Identifier: MIT
#include "ReplayCommand.h"

#include "ConnectionArguments.h"
#include "ReplayOptions.h"
#include "ReplayReport.h"

#include "files/session/SessionFile.h"
#include "files/session/SessionRecorder.h"
#include "replay/ReplayRunner.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QFileInfo>

#include <cstdio>

using namespace wsi::replay;

namespace {

const char Examples[] = R"(
Reads SESSION (a .wsisession file the window saved, or `connect --record` or `replay
--record` wrote), takes the messages one of its tabs sent (its first connection attempt
that sent any, or --attempt N) and sends them to URL (default: the URL they went to),
with the recorded headers, subprotocols and TLS files unless a flag here says otherwise.
The messages go out with their original timing (each as long after the open as it was;
--speed 2 halves every wait) or, with --fast, all at once in order. The run ends when
nothing has arrived for --settle seconds after the last message (and not before the
recording's last answer would have come), or when the server closes.

Then the answers are compared with the recorded ones, aligned as diff aligns lines: two
messages are the same when their bytes are, or when both are JSON documents with the same
value (members in any order, whitespace and number spelling ignored, --ignore paths left
out). Printed: each changed answer with the JSON paths that differ, each missing (recorded
only) and each new (replay only) answer, then a summary; --all prints the matches too.
Exit status: 0 when the answers match, 1 when they differ or the connection failed, 2 for
a usage error or a session that cannot be read.

Examples:
  wsinspect-cli replay chat.wsisession
  wsinspect-cli replay chat.wsisession ws://127.0.0.1:9001/ --fast --ignore '$.ts' --ignore '$.items[*].id'
  wsinspect-cli replay feed.wsisession wss://staging.example.com/feed -H 'Authorization: Bearer TOKEN' --json
  wsinspect-cli connect ws://127.0.0.1:9001/ --record baseline.wsisession < requests.txt
  wsinspect-cli replay baseline.wsisession --record today.wsisession
)";

constexpr unsigned SharedGroups = ConnectionArguments::Handshake | ConnectionArguments::Tls | ConnectionArguments::Proxy
    | ConnectionArguments::ConnectTimeout | ConnectionArguments::SessionTimeouts;

namespace option {
const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Shows this help."));
const QCommandLineOption tab(QStringLiteral("tab"), QStringLiteral("Replays this tab of the session (default 1)."), QStringLiteral("n"));
const QCommandLineOption attempt(QStringLiteral("attempt"),
                                 QStringLiteral("Replays this connection attempt of the tab (default: the first that sent a message)."),
                                 QStringLiteral("n"));
const QCommandLineOption fast(QStringLiteral("fast"), QStringLiteral("Sends every message at once, in order, instead of with the original timing."));
const QCommandLineOption speed(QStringLiteral("speed"), QStringLiteral("Original timing this many times faster (2: half the waits; 0.5: twice as slow)."),
                               QStringLiteral("factor"));
const QCommandLineOption settle(QStringLiteral("settle"), QStringLiteral("Ends the run when nothing arrived for this long after the last message (default 1)."),
                                QStringLiteral("seconds"));
const QCommandLineOption ignore(QStringLiteral("ignore"),
                                QStringLiteral("Leaves this JSON path out of the comparison, as $.ts or $.items[*].id (repeatable)."),
                                QStringLiteral("path"));
const QCommandLineOption all(QStringLiteral("all"), QStringLiteral("Prints the answers that match too."));
const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Prints one JSON object per difference (and per match with --all), then a summary object."));
const QCommandLineOption record(QStringLiteral("record"), QStringLiteral("Also saves the replay as a session file (a new recording to compare against, or to open in the window)."),
                                QStringLiteral("file"));
const QCommandLineOption timeout(QStringLiteral("timeout"), QStringLiteral("Ends the run after this long, as a failure (default: no limit)."),
                                 QStringLiteral("seconds"));
} // namespace option

int usageError(const QString &message)
{
    return ConnectionArguments::usageError(QStringLiteral("replay"), message);
}

void printLine(const QString &line)
{
    std::printf("%s\n", line.toLocal8Bit().constData());
    std::fflush(stdout);
}

void printError(const QString &line)
{
    std::fprintf(stderr, "wsinspect-cli replay: %s\n", line.toLocal8Bit().constData());
}

bool readPositive(const QCommandLineParser &parser, const QCommandLineOption &which, int &value)
{
    if (!parser.isSet(which))
        return true;
    bool ok = false;
    value = parser.value(which).toInt(&ok);
    return ok && value > 0;
}

QString paceText(const ReplayRunner::Settings &settings)
{
    if (settings.pace == ReplayRunner::Pace::AsFastAsPossible)
        return QStringLiteral("as fast as possible");
    if (settings.speed == 1.0)
        return QStringLiteral("original timing");
    return QStringLiteral("original timing at %1x").arg(settings.speed);
}

} // namespace

QList<QCommandLineOption> replayCommandOptions()
{
    using namespace option;
    return QList<QCommandLineOption>{help, tab, attempt, fast, speed, settle, ignore, all, json, record, timeout}
    + ConnectionArguments(SharedGroups).options();
}

int runReplayCommand(const QStringList &arguments)
{
    using namespace option;
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Replays a saved session's messages and compares the answers."));
    parser.addOptions(replayCommandOptions());
    const ConnectionArguments shared(SharedGroups);
    parser.addPositionalArgument(QStringLiteral("session"), QStringLiteral("the session file (.wsisession)"));
    parser.addPositionalArgument(QStringLiteral("url"), QStringLiteral("ws:// or wss:// URL (default: the recorded one)"));
    if (const std::optional<int> status = ConnectionArguments::parseOrHelp(parser, QStringLiteral("replay"), arguments,
                                                                           QStringLiteral("[options] SESSION [url]"), Examples))
        return *status;
    const QStringList operands = parser.positionalArguments();
    if (operands.isEmpty() || operands.size() > 2)
        return usageError(QStringLiteral("wants a session file and at most one URL (got %1 operands)").arg(operands.size()));

    int tabNumber = 1;
    int attemptNumber = 0;
    if (!readPositive(parser, tab, tabNumber))
        return usageError(QStringLiteral("--tab wants a tab number from 1, not \"%1\"").arg(parser.value(tab)));
    if (!readPositive(parser, attempt, attemptNumber))
        return usageError(QStringLiteral("--attempt wants an attempt number from 1, not \"%1\"").arg(parser.value(attempt)));
    ReplayRunner::Settings settings;
    if (parser.isSet(fast))
        settings.pace = ReplayRunner::Pace::AsFastAsPossible;
    if (parser.isSet(speed)) {
        bool ok = false;
        settings.speed = parser.value(speed).toDouble(&ok);
        if (!ok || !(settings.speed > 0) || settings.speed > 1000)
            return usageError(QStringLiteral("--speed wants a factor above 0 (2 is twice as fast), not \"%1\"").arg(parser.value(speed)));
        if (parser.isSet(fast))
            return usageError(QStringLiteral("--speed paces the original timing; --fast has none: give one of them"));
    }
    if (parser.isSet(settle) && (!ConnectionArguments::parseDuration(parser.value(settle), settings.settleMs) || settings.settleMs <= 0))
        return usageError(QStringLiteral("--settle wants seconds above 0, not \"%1\"").arg(parser.value(settle)));
    if (parser.isSet(timeout) && (!ConnectionArguments::parseDuration(parser.value(timeout), settings.runLimitMs) || settings.runLimitMs <= 0))
        return usageError(QStringLiteral("--timeout wants seconds above 0, not \"%1\"").arg(parser.value(timeout)));
    JsonPathPatterns ignored;
    for (const QString &text : parser.values(ignore)) {
        QString error;
        const std::optional<JsonPathPattern> pattern = JsonPathPattern::parse(text, &error);
        if (!pattern)
            return usageError(QStringLiteral("--ignore ") + error);
        ignored << *pattern;
    }

    const QString sessionPath = operands.at(0);
    std::vector<wsi::log::SessionTab> tabs;
    QString error;
    if (!wsi::log::SessionFile::load(sessionPath, &tabs, &error))
        return usageError(error);
    if (tabNumber > int(tabs.size()))
        return usageError(QStringLiteral("%1 has %2 tab(s), not %3 (--tab)").arg(sessionPath).arg(tabs.size()).arg(tabNumber));
    const wsi::log::SessionTab &source = tabs.at(size_t(tabNumber - 1));
    ReplayPlan plan = planFromLog(*source.store, attemptNumber, &error);
    if (plan.sends.isEmpty())
        return usageError(QStringLiteral("%1, tab %2: %3").arg(sessionPath).arg(tabNumber).arg(error));
    const QString url = operands.size() == 2 ? operands.at(1) : (plan.url.isEmpty() ? source.state.options.url : plan.url);
    wsi::net::ConnectionOptions options;
    if (!replayOptions(source.state.options, shared, parser, url, options, error))
        return usageError(error);

    const bool asJson = parser.isSet(json);
    if (!asJson) {
        printLine(QStringLiteral("replay: %1 message(s) of %2, tab %3 \"%4\" (attempt %5 of %6), %7, to %8")
                      .arg(plan.sends.size())
                      .arg(QFileInfo(sessionPath).fileName())
                      .arg(tabNumber)
                      .arg(source.state.title)
                      .arg(plan.attempt)
                      .arg(plan.attemptCount)
                      .arg(paceText(settings), options.url));
    }
    ReplayRunner runner(std::move(plan), settings);
    std::optional<wsi::log::SessionRecorder> recorder;
    if (parser.isSet(record)) {
        recorder.emplace(QStringLiteral("replay of ") + QFileInfo(sessionPath).fileName(), options);
        QObject::connect(&runner, &ReplayRunner::reported, [&recorder](const wsi::net::ReportBatch &batch) { recorder->record(batch); });
    }
    QEventLoop loop;
    QObject::connect(&runner, &ReplayRunner::finished, &loop, &QEventLoop::quit);
    runner.start(options);
    loop.exec();

    int status = 0;
    if (recorder && !recorder->save(parser.value(record), false, &error)) {
        printError(error);
        status = 1;
    }
    if (!runner.opened()) {
        const auto &failure = runner.error();
        printError(failure ? failure->message + (failure->hint.isEmpty() ? QString() : QStringLiteral(" (") + failure->hint + QLatin1Char(')'))
                           : QStringLiteral("the connection did not open"));
        return 1;
    }
    if (runner.error())
        printError(QStringLiteral("the connection failed during the replay: ") + runner.error()->message);
    if (runner.limitReached())
        printError(QStringLiteral("the run reached its --timeout; the answers so far are compared"));
    const ResponseDiff diff = diffResponses(runner.plan().recorded, runner.answers(), ignored);
    const bool printSame = parser.isSet(all);
    for (const DiffEntry &entry : diff.entries) {
        if (entry.kind == DiffKind::Same && !printSame)
            continue;
        if (asJson) {
            printLine(QString::fromUtf8(diffEntryJson(entry, runner.plan(), runner.answers())));
            continue;
        }
        for (const QString &line : diffEntryLines(entry, runner.plan(), runner.answers()))
            printLine(line);
    }
    if (asJson) {
        printLine(QString::fromUtf8(diffSummaryJson(diff, runner)));
    } else {
        printLine(QStringLiteral("sent %1 of %2, %3 answer(s) (recorded: %4); ended: %5")
                      .arg(runner.sent().size())
                      .arg(runner.plan().sends.size())
                      .arg(runner.answers().size())
                      .arg(runner.plan().recorded.size())
                      .arg(runner.endReason()));
        printLine(diffSummaryLine(diff));
    }
    if (!diff.identical() || runner.error() || runner.limitReached() || runner.sent().size() < runner.plan().sends.size())
        status = 1;
    return status;
}
