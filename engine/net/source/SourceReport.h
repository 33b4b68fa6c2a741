// SPDX-License-Identifier: MIT
#pragma once
// What a traffic source tells its consumers, as one ordered stream (engine/net/source).
//
// A source (a client Connection today; a proxied flow, an EventSource stream or a replayed
// session later) emits ReportBatches: runs of log events interleaved with updates (state,
// snapshot, handshake, TLS report, ping sample, error, close, reconnect, finished) in the
// order they happened on its worker thread. A consumer walks a batch front to back and
// never has to re-order or re-flush anything; every fact travels once. An error and a
// close are updates, and the log row each one makes is logRowOf(update), so the tab, the
// panels' recorder and the CLI all read the same row the same way.
#include "net/ConnectionTypes.h"
#include "net/LogEvent.h"
#include "net/PingStats.h"
#include "net/tls/TlsReport.h"

#include <QVector>

#include <optional>
#include <variant>

namespace wsi::net {

struct StateReport {
    ConnectionState state = ConnectionState::Idle;
    qint64 timeNs = 0; // since the attempt started
};

// A ping round trip (or loss) and the statistics after it.
struct PingReport {
    PingSample sample;
    PingStats stats;
};

// Auto-reconnect: an attempt was scheduled (delayMs from now), or its countdown ticked
// (countdown set, delayMs is the time left).
struct ReconnectReport {
    int attempt = 0;
    int delayMs = 0;
    bool countdown = false;
};

// A connection attempt began (the first, a reconnect, an automatic retry): its events'
// times count from here. steadyNs is std::chrono::steady_clock's reading at that moment,
// so a consumer that shows several attempts on one time line (a tab) can place each.
struct AttemptReport {
    int number = 0; // 1 for the source's first attempt
    QString url;
    qint64 steadyNs = 0;
};

// Nothing more will come from this source: closed, and no reconnect pending.
struct FinishedReport {};

using SourceReport = std::variant<EventBatch, AttemptReport, StateReport, ConnectionSnapshot, HandshakeInfo,
                                  TlsReport, PingReport, ConnectionError, CloseInfo, ReconnectReport, FinishedReport>;
using ReportBatch = QVector<SourceReport>;

// The log row of an attempt (its boundary: URL), of a handshake (the request and response
// heads, the status), of an error ("<id>: <message>") and of a close (code, reason, clean).
LogEvent logRowOf(const AttemptReport &attempt);
LogEvent logRowOf(const HandshakeInfo &handshake);
LogEvent logRowOf(const ConnectionError &error);
LogEvent logRowOf(const CloseInfo &close);
// The report's log row, if it makes one (attempts, handshakes, errors, closes).
std::optional<LogEvent> logRowOf(const SourceReport &report);

// How many log rows a batch carries (events and the updates above that make rows): what a
// consumer hands back to TrafficSource::reportsConsumed() once it has taken them.
int logRowCount(const ReportBatch &batch);

// Lambdas as one overload set, for onUpdate below:
//   walkReports(batch, onRows, Overloaded{[](const StateReport &) {...}, [](const auto &) {}});
template <class... Ts> struct Overloaded : Ts... {
    using Ts::operator()...;
};
template <class... Ts> Overloaded(Ts...) -> Overloaded<Ts...>;

// Calls `onRows(const EventBatch &)` for each run of log rows and `onUpdate(const
// SourceReport &)` for each update, in order. An update that makes a log row (see
// logRowOf) gives its row first, then the update, except an attempt: it opens a new run of
// rows, so the update (a new clock) comes before its boundary row.
template <typename Rows, typename Update> void forEachReport(const ReportBatch &batch, Rows onRows, Update onUpdate)
{
    for (const SourceReport &report : batch) {
        if (const auto *events = std::get_if<EventBatch>(&report)) {
            onRows(*events);
            continue;
        }
        std::optional<LogEvent> row = logRowOf(report);
        const bool opensAttempt = std::holds_alternative<AttemptReport>(report);
        if (opensAttempt)
            onUpdate(report);
        if (row)
            onRows(EventBatch{std::move(*row)});
        if (!opensAttempt)
            onUpdate(report);
    }
}

// The same, with each update handed over as its own type (`onUpdate(const T &)`, usually an
// Overloaded set ending in a catch-all).
template <typename Rows, typename Update> void walkReports(const ReportBatch &batch, Rows onRows, Update onUpdate)
{
    forEachReport(batch, onRows, [&onUpdate](const SourceReport &report) {
        std::visit(
            [&onUpdate](const auto &update) {
                if constexpr (!std::is_same_v<std::decay_t<decltype(update)>, EventBatch>)
                    onUpdate(update);
            },
            report);
    });
}

} // namespace wsi::net
