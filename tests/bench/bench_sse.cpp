// SPDX-License-Identifier: MIT
// bench_sse: consuming a local stream of small server-sent events (issue 14's figure: at
// least 5x npm's `eventsource` client in the same run). A flood server on its own core
// writes N events ("id: <n>" and a 24-byte data line) as fast as the client reads; the
// consumers, on another core, are ours (a net::Connection of TrafficKind::EventSource,
// every event a log row with its type, id and data, and with the raw lines it came from
// as the window's log keeps them: EventDetail::Frames, the GUI's default) and npm's
// eventsource under Node. Rounds alternate; medians and the per-round ratio are printed.
//   bench_sse [--events N] [--rounds R] [--quick] [--ours-only] [--detail frames|messages]
//   --detail messages   rows without their raw lines, as `wsinspect-cli sse` prints them
#include "BenchNetPinning.h"

#include "net/Connection.h"
#include "net/source/SourceThread.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFileInfo>
#include <QProcess>

#include <algorithm>
#include <arpa/inet.h>
#include <cstdio>
#include <cstring>
#include <netinet/in.h>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace wsi::net;

namespace {

// One connection at a time: reads the request head, writes the stream, closes.
class FloodServer
{
public:
    explicit FloodServer(int events)
    {
        m_stream = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n\r\n";
        for (int i = 1; i <= events; ++i)
            m_stream += "id: " + std::to_string(i) + "\ndata: event payload 0123456789\n\n";
        m_listener = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::bind(m_listener, reinterpret_cast<sockaddr *>(&address), sizeof address);
        ::listen(m_listener, 8);
        socklen_t length = sizeof address;
        ::getsockname(m_listener, reinterpret_cast<sockaddr *>(&address), &length);
        m_port = ntohs(address.sin_port);
    }
    ~FloodServer() { ::close(m_listener); }
    quint16 port() const { return m_port; }
    std::size_t streamBytes() const { return m_stream.size(); }

    // Serves `count` connections on a thread of its own, pinned to `cpu`.
    std::thread serve(int count, int cpu)
    {
        return std::thread([this, count, cpu] {
            bench::pinCurrentThread(cpu);
            for (int i = 0; i < count; ++i) {
                const int client = ::accept(m_listener, nullptr, nullptr);
                if (client < 0)
                    return;
                std::string head;
                char buffer[4096];
                while (head.find("\r\n\r\n") == std::string::npos) {
                    const ssize_t got = ::recv(client, buffer, sizeof buffer, 0);
                    if (got <= 0)
                        break;
                    head.append(buffer, std::size_t(got));
                }
                std::size_t sent = 0;
                while (sent < m_stream.size()) {
                    const ssize_t wrote = ::send(client, m_stream.data() + sent, m_stream.size() - sent, MSG_NOSIGNAL);
                    if (wrote <= 0)
                        break;
                    sent += std::size_t(wrote);
                }
                ::shutdown(client, SHUT_WR);
                while (::recv(client, buffer, sizeof buffer, 0) > 0) {
                }
                ::close(client);
            }
        });
    }

private:
    std::string m_stream;
    int m_listener = -1;
    quint16 m_port = 0;
};

// The last row carries what the consumers use: type, id, data and (Frames) the raw lines.
bool isWholeLastEvent(const LogEvent &row, int events, EventDetail detail)
{
    const QByteArray raw = "id: " + QByteArray::number(events) + "\ndata: event payload 0123456789\n\n";
    return serverEventType(row) == QLatin1String("message") && serverEventId(row) == QString::number(events)
        && row.payload == "event payload 0123456789" && row.header == (detail == EventDetail::Frames ? raw : QByteArray());
}

// Ours: milliseconds from open() to the last event's row, or -1.
double runOurs(quint16 port, int events, EventDetail detail)
{
    ConnectionOptions options;
    options.kind = TrafficKind::EventSource;
    options.url = QStringLiteral("http://127.0.0.1:%1/events").arg(port);
    options.proxy.mode = ProxyMode::None;
    options.eventSource.reconnect = false;
    options.eventDetail = detail;
    options.maxEventsInFlight = 200000;
    auto *connection = new Connection(options);
    int received = 0;
    double elapsedMs = -1;
    bool lastIsWhole = false;
    QElapsedTimer clock;
    QEventLoop loop;
    QObject::connect(connection, &TrafficSource::reported, &loop, [&](const ReportBatch &batch) {
        connection->reportsConsumed(batch);
        walkReports(batch,
                    [&](const EventBatch &rows) {
                        for (const LogEvent &row : rows) {
                            if (row.kind == EventKind::ServerEvent && ++received == events) {
                                elapsedMs = double(clock.nsecsElapsed()) / 1e6;
                                lastIsWhole = isWholeLastEvent(row, events, detail);
                            }
                        }
                    },
                    Overloaded{[&](const FinishedReport &) { loop.quit(); }, [](const auto &) {}});
    });
    SourceThread thread(connection);
    clock.start();
    thread.open();
    loop.exec();
    if (received == events && !lastIsWhole)
        std::fprintf(stderr, "ours: the last event's row is not what the server sent\n");
    return received == events && lastIsWhole ? elapsedMs : -1;
}

// npm's eventsource under Node, or -1 (and why on stderr).
double runNode(quint16 port, int events, int cpu)
{
    const QString interop = QStringLiteral(WSI_INTEROP_DIR);
    QProcess node;
    QStringList arguments{QStringLiteral(WSI_BENCH_DIR "/peers_eventsource_count.js"),
                          QStringLiteral("http://127.0.0.1:%1/events").arg(port), QString::number(events), interop};
    if (cpu >= 0)
        node.start(QStringLiteral("taskset"), QStringList{QStringLiteral("-c"), QString::number(cpu), QStringLiteral("node")} + arguments);
    else
        node.start(QStringLiteral("node"), arguments);
    if (!node.waitForFinished(180000) || node.exitCode() != 0) {
        std::fprintf(stderr, "node: %s\n", node.readAllStandardError().constData());
        return -1;
    }
    return node.readAllStandardOutput().trimmed().toDouble();
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values.empty() ? 0 : values[values.size() / 2];
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    int events = 1000000;
    int rounds = 5;
    bool oursOnly = false; // for a profiler
    EventDetail detail = EventDetail::Frames;
    const QStringList arguments = app.arguments();
    for (int i = 1; i < arguments.size(); ++i) {
        if (arguments[i] == QLatin1String("--events") && i + 1 < arguments.size())
            events = arguments[++i].toInt();
        else if (arguments[i] == QLatin1String("--rounds") && i + 1 < arguments.size())
            rounds = arguments[++i].toInt();
        else if (arguments[i] == QLatin1String("--detail") && i + 1 < arguments.size())
            detail = arguments[++i] == QLatin1String("messages") ? EventDetail::Messages : EventDetail::Frames;
        else if (arguments[i] == QLatin1String("--ours-only"))
            oursOnly = true;
        else if (arguments[i] == QLatin1String("--quick")) {
            events = 20000;
            rounds = 1;
        }
    }
    const bench::CorePlan cores = bench::corePlan();
    const bool haveNode = !oursOnly && QFileInfo::exists(QStringLiteral(WSI_INTEROP_DIR "/node_modules/eventsource/package.json"));
    FloodServer server(events);
    std::printf("bench_sse: %d events (%.1f MB of stream) per run, %d rounds; server on core %d, consumers on core %d; "
                "our rows %s\n",
                events, double(server.streamBytes()) / 1e6, rounds, cores.load, cores.subject,
                detail == EventDetail::Frames ? "with their raw lines (EventDetail::Frames, the window's default)"
                                              : "without their raw lines (EventDetail::Messages, the CLI's)");
    if (!haveNode)
        std::printf("  npm eventsource missing (npm ci in tests/interop): ours only\n");
    std::thread serving = server.serve(rounds * (haveNode ? 2 : 1), cores.load);
    bench::pinCurrentThread(cores.subject);
    std::vector<double> ours, node, ratios;
    for (int round = 0; round < rounds; ++round) {
        const double oursMs = runOurs(server.port(), events, detail);
        ours.push_back(oursMs > 0 ? events / oursMs * 1000 : 0);
        if (haveNode) {
            const double nodeMs = runNode(server.port(), events, cores.subject);
            node.push_back(nodeMs > 0 ? events / nodeMs * 1000 : 0);
            ratios.push_back(nodeMs > 0 && oursMs > 0 ? nodeMs / oursMs : 0);
        }
        std::printf("  round %d: ours %.0f events/s%s\n", round + 1, ours.back(),
                    haveNode ? QStringLiteral(", npm eventsource %1 events/s, ratio %2x").arg(node.back(), 0, 'f', 0).arg(ratios.back(), 0, 'f', 2).toLatin1().constData() : "");
        std::fflush(stdout);
    }
    serving.join();
    std::printf("median: ours %.0f events/s", median(ours));
    if (haveNode)
        std::printf(", npm eventsource %.0f events/s, ratio per round %.2fx (target >= 5x)", median(node), median(ratios));
    std::printf("\n");
    return median(ours) > 0 ? 0 : 1;
}
