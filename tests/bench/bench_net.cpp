// SPDX-License-Identifier: MIT
// bench_net: the network layer's figures, side by side in one run on loopback (issues 3, 11).
// A program to run by hand (not a timed test):
//   bench_net [--quick] [--seconds S] [--rounds N] [--flood N] [--flood-large N] [--cli PATH]
//             [--connections C] [--window W] [--cases small,1m,16m,flood,flood1m] [--no-pin]
//   --quick   a tiny run of every case (the smoke test: it keeps building and its results right)
//
// The program under test runs on one core and the load on another (BenchNetPinning): each
// echo server's thread, and each flood consumer, on the second core this process may use;
// the load generator and the flood server on the first.
// 1. Echo servers under the same load from one lean POSIX client sending masked frames
//    (BenchNetClient): our EchoServer, Boost.Beast's async echo on one io_context thread
//    (BenchNetBeast; skipped, with the reason, when Boost was not found), a raw epoll TCP
//    echo (the ceiling) and QWebSocketServer. 32-byte text messages, C connections x W in
//    flight: messages/s and the server thread's CPU per echo; 1 MiB and 16 MiB binary
//    messages, 2 in flight: MB/s of payload echoed.
// 2. A raw server floods N 64-byte text messages, or N 1 MiB binary ones; the real
//    `wsinspect-cli connect --count`, Beast's synchronous client and a QWebSocket consume
//    it; messages/s by the server's clock (its 101 to the consumer's close frame).
// Every round runs every contender, in an order that rotates from round to round (the
// machine is shared); each round prints our ratio to each peer, and the summary gives the
// medians of the figures and of the per-round ratios. The targets of issue 11 are
// reported, not asserted; the exit status is non-zero only when a run went wrong.
#include "BenchNetClient.h"
#include "BenchNetFlood.h"
#include "BenchNetPinning.h"
#include "BenchNetServers.h"

#include <QCoreApplication>
#include <QStringList>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#ifndef WSI_CLI_PATH
#define WSI_CLI_PATH ""
#endif

using namespace bench;

namespace {

struct Settings {
    double seconds = 2;
    int rounds = 5;
    std::uint64_t floodMessages = 500'000;
    std::uint64_t floodLargeMessages = 500;
    int connections = 4;
    int window = 1000;
    bool pin = true;
    QString cliPath = QStringLiteral(WSI_CLI_PATH);
    QStringList cases = {QStringLiteral("small"), QStringLiteral("1m"), QStringLiteral("16m"), QStringLiteral("flood"),
                         QStringLiteral("flood1m")};
};

// One case's figures: per contender (ours first), one value per round that went right.
struct Series {
    std::vector<std::string> names;
    std::vector<std::vector<double>> values;
    std::vector<std::vector<double>> ratios; // ours / contender k, per round (k >= 1)
};

std::vector<std::string> g_errors;
std::vector<std::string> g_warnings;

void fail(const std::string &what, const std::string &error)
{
    g_errors.push_back(what + ": " + error);
    std::printf("  ERROR %s: %s\n", what.c_str(), error.c_str());
}

void warn(int round, const std::string &who, const std::string &warning)
{
    if (warning.empty())
        return;
    g_warnings.push_back("round " + std::to_string(round) + ", " + who + ": " + warning);
    std::printf("  WARNING %s: %s\n", who.c_str(), warning.c_str());
}

std::string loadAverage()
{
    std::ifstream file("/proc/loadavg");
    std::string one, five, fifteen;
    file >> one >> five >> fifteen;
    return one + " " + five + " " + fifteen;
}

std::string grouped(double value)
{
    std::string digits = std::to_string(static_cast<long long>(value + 0.5));
    for (int at = int(digits.size()) - 3; at > 0; at -= 3)
        digits.insert(std::size_t(at), ",");
    return digits;
}

std::string times(double value)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.2fx", value);
    return text;
}

double median(std::vector<double> values)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const std::size_t middle = values.size() / 2;
    return values.size() % 2 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
}

bool parseSettings(const QStringList &arguments, Settings &settings)
{
    for (int i = 1; i < arguments.size(); ++i) {
        const QString &option = arguments[i];
        if (option == QLatin1String("--quick")) {
            settings.seconds = 0.25;
            settings.rounds = 1;
            settings.floodMessages = 20'000;
            settings.floodLargeMessages = 20;
            continue;
        }
        if (option == QLatin1String("--no-pin")) {
            settings.pin = false;
            continue;
        }
        const QString value = i + 1 < arguments.size() ? arguments[i + 1] : QString();
        if (value.isEmpty() || !option.startsWith(QLatin1String("--")))
            return false;
        ++i;
        if (option == QLatin1String("--seconds"))
            settings.seconds = value.toDouble();
        else if (option == QLatin1String("--rounds"))
            settings.rounds = value.toInt();
        else if (option == QLatin1String("--flood"))
            settings.floodMessages = value.toULongLong();
        else if (option == QLatin1String("--flood-large"))
            settings.floodLargeMessages = value.toULongLong();
        else if (option == QLatin1String("--cli"))
            settings.cliPath = value;
        else if (option == QLatin1String("--connections"))
            settings.connections = value.toInt();
        else if (option == QLatin1String("--window"))
            settings.window = value.toInt();
        else if (option == QLatin1String("--cases"))
            settings.cases = value.split(QLatin1Char(','));
        else
            return false;
    }
    return settings.seconds > 0 && settings.rounds > 0 && settings.floodMessages > 0
        && settings.floodLargeMessages > 0 && settings.connections > 0 && settings.window > 0;
}

// Runs `rounds` rounds of every contender (the order rotating), `measure(k, round)` giving
// contender k's figure (0 when the run went wrong), and prints our ratios per round.
Series runRounds(const std::vector<std::string> &names, int rounds,
                 const std::function<double(std::size_t, int)> &measure)
{
    Series series;
    series.names = names;
    series.values.resize(names.size());
    series.ratios.resize(names.size());
    for (int round = 1; round <= rounds; ++round) {
        std::vector<double> figure(names.size(), 0);
        for (std::size_t i = 0; i < names.size(); ++i) {
            const std::size_t k = (i + std::size_t(round - 1)) % names.size();
            figure[k] = measure(k, round);
            if (figure[k] > 0)
                series.values[k].push_back(figure[k]);
        }
        std::string line = "  round " + std::to_string(round) + " ratios:";
        for (std::size_t k = 1; k < names.size(); ++k) {
            if (figure[0] <= 0 || figure[k] <= 0)
                continue;
            series.ratios[k].push_back(figure[0] / figure[k]);
            line += "  ours/" + names[k] + " " + times(figure[0] / figure[k]);
        }
        std::printf("%s\n", line.c_str());
        std::fflush(stdout);
    }
    return series;
}

// The summary line of a case: the medians, and the medians of the per-round ratios.
void printSummary(const char *label, const char *unit, const Series &series, int rounds)
{
    std::printf("%-26s", label);
    for (std::size_t k = 0; k < series.names.size(); ++k)
        std::printf("  %s %s %s", series.names[k].c_str(), grouped(median(series.values[k])).c_str(), unit);
    std::printf("\n%-26s", "  median ratio per round");
    for (std::size_t k = 1; k < series.names.size(); ++k)
        std::printf("  ours/%s %s", series.names[k].c_str(), times(median(series.ratios[k])).c_str());
    std::printf("  (%d rounds)\n", rounds);
}

// The ratio to the contender named `name`, median over rounds (0: not measured).
double medianRatioTo(const Series &series, const std::string &name)
{
    for (std::size_t k = 1; k < series.names.size(); ++k) {
        if (series.names[k] == name)
            return median(series.ratios[k]);
    }
    return 0;
}

void printTarget(const char *what, double ratio, double target)
{
    if (ratio <= 0) {
        std::printf("  target %-44s not measured\n", what);
        return;
    }
    std::printf("  target %-44s %s: %s\n", what, times(ratio).c_str(), ratio >= target ? "met" : "MISSED");
}

// ---- 1. echo servers ------------------------------------------------------------------

const char *shortName(ServerKind kind)
{
    switch (kind) {
    case ServerKind::Ours:
        return "ours";
    case ServerKind::Beast:
        return "Beast";
    case ServerKind::RawEpoll:
        return "epoll";
    case ServerKind::QtWebSockets:
        return "Qt";
    }
    return "?";
}

std::vector<std::string> namesOf(const std::vector<std::unique_ptr<EchoServerBox>> &boxes)
{
    std::vector<std::string> names;
    for (const auto &box : boxes)
        names.push_back(shortName(box->kind()));
    return names;
}

void runSmall(const Settings &settings, const std::vector<std::unique_ptr<EchoServerBox>> &boxes)
{
    std::printf("\nEcho, 32 B text messages, %d connections x %d in flight, %.2f s per run\n", settings.connections,
                settings.window, settings.seconds);
    const Series series = runRounds(namesOf(boxes), settings.rounds, [&](std::size_t k, int round) {
        EchoServerBox &box = *boxes[k];
        const bool websocket = box.kind() != ServerKind::RawEpoll;
        const double cpuBefore = box.cpuSeconds();
        const SmallResult r = runSmallMessages(box.port(), websocket, settings.connections, settings.window,
                                               settings.seconds);
        if (!r.error.empty()) {
            fail(std::string("32 B, ") + serverName(box.kind()), r.error);
            return 0.0;
        }
        const double messages = double(std::max<std::uint64_t>(1, r.messages));
        std::printf("  round %d  32 B    %-18s %12s messages/s  p99 %9s us  server CPU/msg %6.1f ns\n", round,
                    serverName(box.kind()), grouped(r.messagesPerSecond).c_str(), grouped(r.p99Micros).c_str(),
                    (box.cpuSeconds() - cpuBefore) * 1e9 / messages);
        return r.messagesPerSecond;
    });
    printSummary("32 B echo, messages/s:", "", series, settings.rounds);
    printTarget("32 B: ours >= 0.90x the raw epoll echo", medianRatioTo(series, "epoll"), 0.9);
}

void runLarge(const Settings &settings, std::size_t size, const std::vector<std::unique_ptr<EchoServerBox>> &boxes)
{
    const bool sixteen = size > (1u << 20);
    const char *label = sixteen ? "16 MiB" : "1 MiB ";
    std::printf("\nEcho, %s binary messages, 1 connection x 2 in flight, %.2f s per run\n", label, settings.seconds);
    const Series series = runRounds(namesOf(boxes), settings.rounds, [&](std::size_t k, int round) {
        EchoServerBox &box = *boxes[k];
        const bool websocket = box.kind() != ServerKind::RawEpoll;
        const double cpuBefore = box.cpuSeconds();
        const LargeResult r = runLargeMessages(box.port(), websocket, size, 2, settings.seconds);
        if (!r.error.empty()) {
            fail(std::string(label) + ", " + serverName(box.kind()), r.error);
            return 0.0;
        }
        // The server thread's CPU per MB echoed: what the work costs, whatever the wait.
        const double megabytes = std::max(1e-9, r.megabytesPerSecond * r.seconds);
        std::printf("  round %d  %s  %-18s %9.1f MB/s  server CPU/MB %6.3f ms\n", round, label,
                    serverName(box.kind()), r.megabytesPerSecond, (box.cpuSeconds() - cpuBefore) * 1e3 / megabytes);
        return r.megabytesPerSecond;
    });
    printSummary(sixteen ? "16 MiB echo, MB/s:" : "1 MiB echo, MB/s:", "", series, settings.rounds);
    printTarget(sixteen ? "16 MiB: ours >= 1.00x Beast" : "1 MiB: ours >= 1.00x Beast", medianRatioTo(series, "Beast"),
                1.0);
}

// ---- 2. flood --------------------------------------------------------------------------

void runFlood(const Settings &settings, const CorePlan &cores, std::size_t messageSize)
{
    const bool large = messageSize > 64;
    const std::string block = FloodServer::buildBlock(messageSize);
    FloodCase flood;
    flood.messages = large ? settings.floodLargeMessages : settings.floodMessages;
    flood.messageSize = messageSize;
    flood.block = &block;
    flood.serverCpu = cores.load;
    flood.consumerCpu = cores.subject;
    std::printf("\nFlood: %s %s messages from a raw server (timed by it: its 101 to the consumer's close frame)\n",
                grouped(double(flood.messages)).c_str(), large ? "1 MiB binary" : "64 B text");
    std::vector<std::string> names = {"ours", "Beast", "Qt"};
    if (!isServerAvailable(ServerKind::Beast))
        names.erase(names.begin() + 1);
    const Series series = runRounds(names, settings.rounds, [&](std::size_t k, int round) {
        const std::string &name = names[k];
        FloodResult r;
        if (name == "ours")
            r = consumeWithCli(settings.cliPath, flood);
        else if (name == "Beast")
            r = consumeWithBeast(flood);
        else
            r = consumeWithQWebSocket(flood, cores.load);
        const char *who = name == "ours" ? "wsinspect-cli connect --count" : name == "Beast" ? "Beast sync client"
                                                                                              : "QWebSocket";
        if (!r.error.empty()) {
            fail(std::string("flood, ") + who, r.error);
            return 0.0;
        }
        std::printf("  round %d  %-30s %12s messages/s  %s\n", round, who, grouped(r.messagesPerSecond).c_str(),
                    r.note.c_str());
        warn(round, who, r.warning);
        return r.messagesPerSecond;
    });
    printSummary(large ? "flood 1 MiB, messages/s:" : "flood 64 B, messages/s:", "", series, settings.rounds);
    printTarget(large ? "flood of 1 MiB: ours >= 1.00x Beast" : "flood of 64 B: ours >= 1.00x Beast",
                medianRatioTo(series, "Beast"), 1.0);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    std::signal(SIGPIPE, SIG_IGN);
    Settings settings;
    if (!parseSettings(app.arguments(), settings)) {
        std::fprintf(stderr, "usage: bench_net [--quick] [--seconds S] [--rounds N] [--flood N] [--flood-large N]\n"
                             "                 [--cli PATH] [--connections C] [--window W] [--no-pin]\n"
                             "                 [--cases small,1m,16m,flood,flood1m]\n");
        return 2;
    }
    const int cpus = QThread::idealThreadCount(); // before pinning narrows it
    const CorePlan cores = settings.pin ? corePlan() : CorePlan();
    pinCurrentThread(cores.load); // the load generator
    std::printf("bench_net: load average at start %s (%d CPUs); ", loadAverage().c_str(), cpus);
    if (cores.pinned())
        std::printf("servers and consumers on CPU %d, the load on CPU %d\n", cores.subject, cores.load);
    else
        std::printf("nothing pinned\n");
    if (!isServerAvailable(ServerKind::Beast))
        std::printf("Boost.Beast skipped: Boost was not found when bench_net was configured (install libboost-dev)\n");
    std::fflush(stdout);

    std::vector<std::unique_ptr<EchoServerBox>> boxes;
    for (ServerKind kind : {ServerKind::Ours, ServerKind::Beast, ServerKind::RawEpoll, ServerKind::QtWebSockets}) {
        if (!isServerAvailable(kind))
            continue;
        boxes.push_back(std::make_unique<EchoServerBox>(kind));
        std::string error;
        if (!boxes.back()->start(cores.subject, error)) {
            std::fprintf(stderr, "bench_net: %s\n", error.c_str());
            return 1;
        }
    }
    if (settings.cases.contains(QStringLiteral("small")))
        runSmall(settings, boxes);
    if (settings.cases.contains(QStringLiteral("1m")))
        runLarge(settings, 1u << 20, boxes);
    if (settings.cases.contains(QStringLiteral("16m")))
        runLarge(settings, 16u << 20, boxes);
    if (settings.cases.contains(QStringLiteral("flood")))
        runFlood(settings, cores, 64);
    if (settings.cases.contains(QStringLiteral("flood1m")))
        runFlood(settings, cores, 1u << 20);

    std::printf("\nload average at end %s\n", loadAverage().c_str());
    if (!g_warnings.empty()) {
        std::printf("%zu warning(s):\n", g_warnings.size());
        for (const std::string &warning : g_warnings)
            std::printf("  %s\n", warning.c_str());
    }
    if (!g_errors.empty()) {
        std::printf("%zu run(s) went wrong:\n", g_errors.size());
        for (const std::string &error : g_errors)
            std::printf("  %s\n", error.c_str());
        return 1;
    }
    return 0;
}
