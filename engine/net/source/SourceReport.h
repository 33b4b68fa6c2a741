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

// Nothing more will come from this source: closed, and no reconnect pending.
struct FinishedReport {};

using SourceReport = std::variant<EventBatch, StateReport, ConnectionSnapshot, HandshakeInfo, TlsReport,
                                  PingReport, ConnectionError, CloseInfo, ReconnectReport, FinishedReport>;
using ReportBatch = QVector<SourceReport>;

// The log row of an error ("<id>: <message>") and of a close (code, reason, clean).
LogEvent logRowOf(const ConnectionError &error);
LogEvent logRowOf(const CloseInfo &close);

// How many log rows a batch carries (events, errors and closes): what a consumer hands back
// to TrafficSource::reportsConsumed() once it has taken them.
int logRowCount(const ReportBatch &batch);

// Lambdas as one overload set, for onUpdate below:
//   walkReports(batch, onRows, Overloaded{[](const StateReport &) {...}, [](const auto &) {}});
template <class... Ts> struct Overloaded : Ts... {
    using Ts::operator()...;
};
template <class... Ts> Overloaded(Ts...) -> Overloaded<Ts...>;

// Calls `onRows(const EventBatch &)` for each run of log rows and `onUpdate(const
// SourceReport &)` for each update, in order; errors and closes give their row first, then
// the update.
template <typename Rows, typename Update> void forEachReport(const ReportBatch &batch, Rows onRows, Update onUpdate)
{
    for (const SourceReport &report : batch) {
        if (const auto *events = std::get_if<EventBatch>(&report)) {
            onRows(*events);
            continue;
        }
        if (const auto *error = std::get_if<ConnectionError>(&report))
            onRows(EventBatch{logRowOf(*error)});
        else if (const auto *close = std::get_if<CloseInfo>(&report))
            onRows(EventBatch{logRowOf(*close)});
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
