// SPDX-License-Identifier: MIT
// bench_log: the message log's memory and filter costs with 1,000,000 small messages.
// A program to run by hand (not a timed test): `bench_log [--quick] [--frames] [--events]`.
//   --quick   20,000 messages (the smoke test: it keeps building and running)
//   --frames  log each message's frame too, as EventDetail::Frames does
//   --events  server-sent events instead, made as the Connection makes them (their strings
//             in a ByteSlab), each with its "id: N" and its raw lines under --frames
// Prints resident memory per message beyond its payload (from /proc/self/statm), append
// throughput, and the best of 3 runs of a type filter, a text search, a regex search and
// a JSON path search over the whole store.
#include "net/source/ByteSlab.h"
#include "store/query/LogFilter.h"
#include "store/MessageStore.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QElapsedTimer>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <unistd.h>

using namespace wsi;

namespace {

long residentBytes()
{
    long pages = 0;
    long resident = 0;
    if (FILE *statm = std::fopen("/proc/self/statm", "r")) {
        if (std::fscanf(statm, "%ld %ld", &pages, &resident) != 2)
            resident = 0;
        std::fclose(statm);
    }
    return resident * sysconf(_SC_PAGESIZE);
}

// ~64 bytes of JSON, like a market-data or chat feed: {"op":"tick","id":123,...}
QByteArray payloadFor(int i)
{
    static const char *const symbols[] = {"AAPL", "MSFT", "GOOG", "ABCD", "TSLA", "NVDA", "AMZN", "META"};
    QByteArray json = R"({"op":"tick","id":)";
    json += QByteArray::number(i);
    json += R"(,"sym":")";
    json += symbols[i % 8];
    json += R"(","px":)";
    json += QByteArray::number(100 + (i % 997) / 100.0, 'f', 2);
    json += R"(,"q":)";
    json += QByteArray::number(i % 50);
    json += '}';
    return json;
}

// An EventSource row as ConnectionEventSource makes it: "id: i" and one data line.
net::LogEvent serverEventFor(int i, quint64 offset, bool withRaw, net::ByteSlab &slab)
{
    const QByteArray data = payloadFor(i);
    const QByteArray id = QByteArray::number(i);
    const QByteArray raw = "id: " + id + "\ndata: " + data + "\n\n";
    net::LogEvent event;
    event.kind = net::EventKind::ServerEvent;
    event.direction = net::EventDirection::Incoming;
    event.isText = true;
    event.timeNs = qint64(i) * 10000;
    event.payload = slab.bytes(data);
    event.text = slab.text(QByteArray("message\n" + id));
    event.length = quint64(data.size());
    event.wireSize = quint64(raw.size());
    event.streamOffset = offset;
    if (withRaw)
        event.header = slab.bytes(raw);
    return event;
}

net::LogEvent frameFor(const net::LogEvent &message)
{
    net::LogEvent frame;
    frame.kind = net::EventKind::Frame;
    frame.direction = message.direction;
    frame.opcode = 1;
    frame.flags = net::FrameFlag::Fin;
    frame.length = message.length;
    frame.streamOffset = message.streamOffset;
    frame.timeNs = message.timeNs;
    frame.header = QByteArray::fromHex("8100");
    frame.header[1] = char(message.length);
    return frame;
}

double bestOfThree(const std::function<void()> &run)
{
    double best = 1e300;
    for (int i = 0; i < 3; ++i) {
        QElapsedTimer timer;
        timer.start();
        run();
        best = std::min(best, double(timer.nsecsElapsed()) / 1e6);
    }
    return best;
}

void timeFilter(const char *label, const log::LogFilterCriteria &criteria, const log::MessageStore &store)
{
    int matched = 0;
    const double ms = bestOfThree([&] {
        log::LogFilter filter; // a fresh filter each run: the full rescan a criteria change costs
        if (!filter.setCriteria(criteria, store))
            std::printf("  %s: invalid: %s\n", label, qPrintable(filter.errorString()));
        matched = filter.count();
    });
    std::printf("  %-34s %8.1f ms  (%d rows match)\n", label, ms, matched);
}

log::LogFilterCriteria searchFor(log::SearchMode mode, const char *pattern)
{
    log::LogFilterCriteria criteria;
    criteria.mode = mode;
    criteria.pattern = QString::fromLatin1(pattern);
    return criteria;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const bool quick = app.arguments().contains(QStringLiteral("--quick"));
    const bool withFrames = app.arguments().contains(QStringLiteral("--frames"));
    const bool events = app.arguments().contains(QStringLiteral("--events"));
    net::ByteSlab slab;
    const int total = quick ? 20000 : 1000000;
    const int batchSize = 2000;

    log::MessageStore store;
    const long before = residentBytes();
    qint64 appendNs = 0;
    // The rows' own payloads (an event's data): raw lines and frame headers the store keeps
    // in its arena too count as overhead.
    qint64 payload = 0;
    quint64 offset = 0;
    for (int first = 0; first < total; first += batchSize) {
        net::EventBatch batch;
        batch.reserve(withFrames ? 2 * batchSize : batchSize);
        for (int i = first; i < std::min(total, first + batchSize); ++i) {
            if (events) {
                batch.append(serverEventFor(i, offset, withFrames, slab));
                offset += batch.last().wireSize;
                continue;
            }
            net::LogEvent event;
            event.kind = net::EventKind::Message;
            event.direction = i % 2 ? net::EventDirection::Incoming : net::EventDirection::Outgoing;
            event.isText = true;
            event.frameCount = 1;
            event.timeNs = qint64(i) * 10000;
            event.payload = payloadFor(i);
            event.length = event.wireSize = quint64(event.payload.size());
            event.streamOffset = offset;
            offset += 2 + event.length;
            if (withFrames)
                batch.append(frameFor(event));
            batch.append(std::move(event));
        }
        for (const net::LogEvent &event : batch)
            payload += event.kind == net::EventKind::Frame ? 0 : event.payload.size();
        QElapsedTimer timer;
        timer.start();
        store.append(batch);
        appendNs += timer.nsecsElapsed();
    }
    const long after = residentBytes();
    const double overhead = double(after - before - payload) / total;

    std::printf("bench_log: %d %s of ~%lld bytes%s\n", total, events ? "server-sent events" : "messages",
                static_cast<long long>(payload / total),
                !withFrames ? "" : events ? ", raw lines kept" : ", one frame each");
    std::printf("  payload                            %8.1f MB\n", payload / 1e6);
    std::printf("  resident growth                    %8.1f MB\n", (after - before) / 1e6);
    std::printf("  overhead per message beyond payload %7.1f bytes (target < 100)\n", overhead);
    std::printf("  append                             %8.2f M messages/s (%.1f ms in all)\n",
                total / (appendNs / 1e9) / 1e6, appendNs / 1e6);

    log::LogFilterCriteria type;
    type.kinds = log::kindBit(log::LogEntryKind::Text);
    type.directions = log::directionBit(net::EventDirection::Outgoing);
    timeFilter("type filter (outgoing text)", type, store);
    timeFilter("text search \"abcd\"", searchFor(log::SearchMode::Text, "abcd"), store);
    timeFilter("text search \"\\\"id\\\":4242,\"", searchFor(log::SearchMode::Text, "\"id\":4242,"), store);
    timeFilter("regex \"sym\":\"AB.D\"", searchFor(log::SearchMode::Regex, "\"sym\":\"AB.D\""), store);
    timeFilter("JSON path $.sym == \"ABCD\"", searchFor(log::SearchMode::JsonPath, "$.sym == \"ABCD\""), store);
    timeFilter("JSON path $.q == 7", searchFor(log::SearchMode::JsonPath, "$.q == 7"), store);
    return 0;
}
