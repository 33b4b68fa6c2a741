// SPDX-License-Identifier: MIT
// bench_proxy: `wsinspect-cli proxy` (every message parsed and reported) against a plain
// TCP relay (socat: the ceiling, it copies bytes without looking) and mitmproxy's mitmdump
// in reverse mode (the usual intercepting proxy), side by side in one run on loopback, each
// relaying to `wsinspect-cli serve` (issue 13's figures). A program to run by hand:
//   bench_proxy [--quick] [--seconds S] [--rounds N] [--cli PATH] [--connections C]
//               [--window W] [--cases small,16m] [--no-pin]
//   --quick   a tiny run (the smoke test: it keeps building and its results right)
//
// The relay under test runs alone on one core (taskset), the load generator (bench_net's
// lean POSIX client, BenchNetClient) and the echo server on the other, so each relay is
// measured on one core like its peers. Cases: 32-byte text echoes, C connections x W in
// flight (messages/s); 16 MiB binary echoes, 2 in flight (MB/s of payload). The direct
// figure (no relay) is printed for scale. Every round runs every relay in an order that
// rotates (the machine is shared); the summary gives the medians of the figures and of
// the per-round ratios. A relay that is not installed is skipped, saying so; the exit
// status is non-zero only when a run went wrong.
#include "BenchNetClient.h"
#include "BenchNetPinning.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QStandardPaths>
#include <QStringList>
#include <QThread>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <unistd.h>

#ifndef WSI_CLI_PATH
#define WSI_CLI_PATH ""
#endif

using namespace bench;

namespace {

struct Settings {
    double seconds = 2;
    int rounds = 5;
    int connections = 4;
    int window = 8;
    bool pin = true;
    QString cliPath = QStringLiteral(WSI_CLI_PATH);
    QStringList cases = {QStringLiteral("small"), QStringLiteral("16m")};
};

int g_failures = 0;

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
            settings.seconds = 0.3;
            settings.rounds = 1;
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
    return settings.seconds > 0 && settings.rounds > 0 && settings.connections > 0 && settings.window > 0;
}

// A port that was free a moment ago (for the relays that cannot listen on port 0 and say
// which port they got).
quint16 freePort()
{
    std::uint16_t port = 0;
    std::string error;
    const int fd = listenLoopback(0, 1, port, error);
    if (fd >= 0)
        ::close(fd);
    return port;
}

bool waitListening(quint16 port, int timeoutMs)
{
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < timeoutMs) {
        std::string error;
        const int fd = connectLoopback(port, error);
        if (fd >= 0) {
            ::close(fd);
            return true;
        }
        QThread::msleep(50);
    }
    return false;
}

// A child process pinned to `cpu` (taskset), killed when this goes.
class Child
{
public:
    Child(const QString &program, const QStringList &arguments, int cpu)
    {
        if (cpu >= 0)
            m_process.start(QStringLiteral("taskset"), QStringList{QStringLiteral("-c"), QString::number(cpu), program} + arguments);
        else
            m_process.start(program, arguments);
        m_process.setReadChannel(QProcess::StandardOutput);
    }
    ~Child()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.terminate();
            if (!m_process.waitForFinished(2000)) {
                m_process.kill();
                m_process.waitForFinished(2000);
            }
        }
    }
    bool started() { return m_process.waitForStarted(5000); }
    // The first stdout line (a URL), or empty.
    QString firstLine(int timeoutMs = 10000)
    {
        QElapsedTimer clock;
        clock.start();
        while (!m_process.canReadLine() && clock.elapsed() < timeoutMs && m_process.state() != QProcess::NotRunning)
            m_process.waitForReadyRead(100);
        return QString::fromUtf8(m_process.readLine()).trimmed();
    }

private:
    QProcess m_process;
};

quint16 portOfUrl(const QString &url)
{
    return quint16(url.section(QLatin1Char(':'), 2).section(QLatin1Char('/'), 0, 0).toUInt());
}

struct Relay {
    std::string name;
    std::function<std::unique_ptr<Child>(quint16 upstream, quint16 &port)> start;
    QString missing; // why it is skipped
};

std::vector<Relay> relays(const Settings &settings, int cpu)
{
    std::vector<Relay> list;
    list.push_back({"wsinspect", [&settings, cpu](quint16 upstream, quint16 &port) {
                        auto child = std::make_unique<Child>(
                            settings.cliPath,
                            QStringList{QStringLiteral("proxy"), QStringLiteral("-q"), QStringLiteral("--upstream"),
                                        QStringLiteral("ws://127.0.0.1:%1/").arg(upstream)},
                            cpu);
                        port = portOfUrl(child->firstLine());
                        return child;
                    },
                    {}});
    const QString socat = QStandardPaths::findExecutable(QStringLiteral("socat"));
    list.push_back({"socat", [socat, cpu](quint16 upstream, quint16 &port) {
                        port = freePort();
                        auto child = std::make_unique<Child>(
                            socat,
                            QStringList{QStringLiteral("TCP-LISTEN:%1,bind=127.0.0.1,reuseaddr,fork,nodelay").arg(port),
                                        QStringLiteral("TCP:127.0.0.1:%1,nodelay").arg(upstream)},
                            cpu);
                        return child;
                    },
                    socat.isEmpty() ? QStringLiteral("socat is not installed (scripts/setup-deps.sh)") : QString()});
    const QString mitmdump = QStandardPaths::findExecutable(QStringLiteral("mitmdump"));
    list.push_back({"mitmdump", [mitmdump, cpu](quint16 upstream, quint16 &port) {
                        port = freePort();
                        auto child = std::make_unique<Child>(
                            mitmdump,
                            QStringList{QStringLiteral("-q"), QStringLiteral("--mode"),
                                        QStringLiteral("reverse:http://127.0.0.1:%1/").arg(upstream),
                                        QStringLiteral("--listen-host"), QStringLiteral("127.0.0.1"),
                                        QStringLiteral("--listen-port"), QString::number(port)},
                            cpu);
                        return child;
                    },
                    mitmdump.isEmpty() ? QStringLiteral("mitmdump is not installed (mitmproxy, scripts/setup-deps.sh)") : QString()});
    return list;
}

// One case over every relay and rounds; `measure(port)` returns the figure (0: failed).
void runCase(const char *label, const char *unit, const Settings &settings, int cpu, quint16 upstream,
             const std::function<double(quint16)> &measure)
{
    std::vector<Relay> list = relays(settings, cpu);
    std::vector<std::vector<double>> values(list.size());
    std::vector<std::vector<double>> ratios(list.size());
    std::printf("%s\n", label);
    std::printf("  direct (no relay): %.0f %s\n", measure(upstream), unit);
    for (const Relay &relay : list) {
        if (!relay.missing.isEmpty())
            std::printf("  %s skipped: %s\n", relay.name.c_str(), qPrintable(relay.missing));
    }
    for (int round = 1; round <= settings.rounds; ++round) {
        std::vector<double> figure(list.size(), 0);
        for (std::size_t i = 0; i < list.size(); ++i) {
            const std::size_t k = (i + std::size_t(round - 1)) % list.size();
            if (!list[k].missing.isEmpty())
                continue;
            quint16 port = 0;
            std::unique_ptr<Child> child = list[k].start(upstream, port);
            if (port == 0 || !waitListening(port, 15000)) {
                std::printf("  ERROR %s did not start listening\n", list[k].name.c_str());
                ++g_failures;
                continue;
            }
            figure[k] = measure(port);
            if (figure[k] <= 0) {
                std::printf("  ERROR %s: the run went wrong\n", list[k].name.c_str());
                ++g_failures;
            } else {
                values[k].push_back(figure[k]);
            }
        }
        std::string line = "  round " + std::to_string(round) + ":";
        for (std::size_t k = 0; k < list.size(); ++k) {
            if (figure[k] > 0)
                line += "  " + list[k].name + " " + std::to_string(static_cast<long long>(figure[k]));
        }
        for (std::size_t k = 1; k < list.size(); ++k) {
            if (figure[0] > 0 && figure[k] > 0) {
                ratios[k].push_back(figure[0] / figure[k]);
                line += "  ours/" + list[k].name + " " + times(figure[0] / figure[k]);
            }
        }
        std::printf("%s\n", line.c_str());
        std::fflush(stdout);
    }
    std::printf("  median:");
    for (std::size_t k = 0; k < list.size(); ++k) {
        if (!values[k].empty())
            std::printf("  %s %.0f %s", list[k].name.c_str(), median(values[k]), unit);
    }
    std::printf("\n  median ratio per round:");
    for (std::size_t k = 1; k < list.size(); ++k) {
        if (!ratios[k].empty())
            std::printf("  ours/%s %s", list[k].name.c_str(), times(median(ratios[k])).c_str());
    }
    std::printf("  (%d rounds)\n", settings.rounds);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    Settings settings;
    if (!parseSettings(app.arguments(), settings)) {
        std::fprintf(stderr, "usage: bench_proxy [--quick] [--seconds S] [--rounds N] [--cli PATH] [--connections C] "
                             "[--window W] [--cases small,16m] [--no-pin]\n");
        return 2;
    }
    if (settings.cliPath.isEmpty()) {
        std::fprintf(stderr, "bench_proxy: no wsinspect-cli (give --cli PATH)\n");
        return 2;
    }
    const CorePlan cores = settings.pin ? corePlan() : CorePlan{};
    if (cores.pinned()) {
        pinProcess(cores.load); // the load generator and the echo server (started below)
        std::printf("relays on core %d; load and `wsinspect-cli serve` on core %d\n", cores.subject, cores.load);
    } else {
        std::printf("not pinned (fewer than two usable cores, or --no-pin)\n");
    }
    Child serve(settings.cliPath, {QStringLiteral("serve"), QStringLiteral("-q")}, cores.load);
    const quint16 upstream = portOfUrl(serve.firstLine());
    if (upstream == 0) {
        std::fprintf(stderr, "bench_proxy: `wsinspect-cli serve` did not start\n");
        return 1;
    }
    std::printf("upstream ws://127.0.0.1:%u/ (wsinspect-cli serve), %.1f s per run\n", upstream, settings.seconds);
    if (settings.cases.contains(QStringLiteral("small"))) {
        const std::string label = "32 B echoes, " + std::to_string(settings.connections) + " connections x "
            + std::to_string(settings.window) + " in flight";
        runCase(label.c_str(), "msg/s", settings, cores.subject, upstream, [&settings](quint16 port) {
            const SmallResult result = runSmallMessages(port, true, settings.connections, settings.window, settings.seconds);
            if (!result.error.empty())
                std::printf("    (%s)\n", result.error.c_str());
            return result.error.empty() ? result.messagesPerSecond : 0.0;
        });
    }
    if (settings.cases.contains(QStringLiteral("16m"))) {
        runCase("16 MiB echoes, 1 connection x 2 in flight", "MB/s", settings, cores.subject, upstream, [&settings](quint16 port) {
            const LargeResult result = runLargeMessages(port, true, 16u << 20, 2, std::max(settings.seconds, 1.0));
            if (!result.error.empty())
                std::printf("    (%s)\n", result.error.c_str());
            return result.error.empty() ? result.megabytesPerSecond : 0.0;
        });
    }
    return g_failures == 0 ? 0 : 1;
}
