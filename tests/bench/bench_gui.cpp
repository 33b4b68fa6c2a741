// SPDX-License-Identifier: MIT
// bench_gui: the inspector window under a flood (issue 4, "Responsiveness and memory").
// A program to run by hand (not a timed test); it prints figures and asserts nothing.
//
//   bench_gui [--quick] [--seconds S] [--rate N] [--rows N] [--detail frames|messages]
//             [--no-repaint] [--no-follow] [--quiet-server-panel] [--limit N [--drop]] [--sse]
//             [--decode on|off]
//
// It opens the real wsi::ui::MainWindow (offscreen unless QT_QPA_PLATFORM says otherwise),
// starts the built-in echo server in Broadcast mode and connects the window's tab to it,
// exactly as "Start echo server and connect" does. A lean POSIX-socket client
// (BenchGuiFlooder) on its own thread then sends `rate` small JSON messages a second (one
// in ten binary) for `seconds`; the server broadcasts each one to the tab's real
// Connection, which reports them to the UI thread in batches. Measured on the UI thread:
//   1. window open: QApplication constructed -> window shown and its first paint done;
//   2. the flood: rows appended to the tab's log per second, the lag behind the sender,
//      the lateness of a 5 ms PreciseTimer (longest stall, p99), where the UI thread's time
//      went (every event it dispatched, timed), CPU per thread, and resident memory per
//      logged message beyond its payload; the window is repainted every 100 ms (its whole
//      tree, synchronously, with window.repaint()) so painting is paid as on a screen;
//   3. with `rows` messages logged (topped up through the tab's document with batches like
//      the Connection's when the flood logged fewer): a type filter, a direction filter and
//      searches applied through the real LogView controls (each a MessageLogModel::
//      setFilter over the whole store), and the repaint that follows.
// Targets (issue 4): UI never stalls > 50 ms and p99 < 20 ms while keeping up; < 100 bytes
// per message beyond its payload; a filter over 1,000,000 messages < 300 ms; the window
// opens in < 0.5 s.
//   --quick                1 s of flood at 50,000 messages/s, 50,000 rows (the smoke test)
//   --detail messages      the tab's EventDetail::Messages instead of the default Frames
//   --no-repaint           no forced repaints (Qt's own updates only)
//   --no-follow            the log does not follow the tail (the user paused it to read)
//   --quiet-server-panel   the echo server panel does not receive the server's traffic
//                          reports (shows what that costs the UI thread)
//   --limit N [--drop]     the Preferences' log limits: N rows in memory, older ones
//                          spilled to disk (or dropped); rows are counted by number, and
//                          part 3 (filters over a million rows) is skipped
//   --sse                  the tab is an EventSource on the server's /events endpoint, whose
//                          bridge publishes each of the flooder's (text) messages as an
//                          event: the same flood as server-sent events (issue 14); part 3
//                          is skipped
//   --decode on|off        the flood's messages are Socket.IO events (42["tick",{...}]) and the
//                          tab decodes them (on: "Decode as" automatic, the Decoded column
//                          shown, the latency panel asks each message for an ack id) or not
//                          (off: "Decode as" none); part 3 adds a "Decoded fields" search
#include "BenchGuiFlooder.h"
#include "BenchGuiProbe.h"

#include "ui/decode/RowDecoder.h"
#include "ui/tab/ConnectionTab.h"
#include "ui/tab/TabDocument.h"
#include "ui/panels/server/EchoServerController.h"
#include "ui/panels/server/EchoServerPanel.h"
#include "ui/log/LogLimiter.h"
#include "ui/log/LogView.h"
#include "ui/window/MainWindow.h"
#include "ui/log/MessageLogModel.h"
#include "ui/window/Theme.h"

#include "store/MmapThreshold.h"
#include "store/LogLimits.h"
#include "store/MessageStore.h"

#include <QComboBox>
#include <QDeadlineTimer>
#include <QEventLoop>
#include <QFile>
#include <QLineEdit>
#include <QStandardPaths>
#include <QTableView>
#include <QToolButton>
#include <QUrl>

#include <cstdio>
#include <functional>
#include <malloc.h>

using namespace wsi;
using bench::BenchGuiApplication;

namespace {

struct Options {
    bool quick = false;
    double seconds = 10;
    int rate = 100000;
    int rows = 1000000;
    net::EventDetail detail = net::EventDetail::Frames;
    bool repaint = true;
    bool quietServerPanel = false;
    bool follow = true;
    int limit = 0;
    bool drop = false;
    bool sse = false;
    int decode = -1; // --decode: -1 not asked (plain JSON ticks), 0 off, 1 on
};

Options parseOptions(const QStringList &arguments)
{
    Options options;
    for (int i = 1; i < arguments.size(); ++i) {
        const QString &argument = arguments[i];
        const QString next = arguments.value(i + 1);
        if (argument == QLatin1String("--quick")) {
            options.quick = true;
            options.seconds = 1;
            options.rate = 50000;
            options.rows = 50000;
        } else if (argument == QLatin1String("--seconds")) {
            options.seconds = next.toDouble();
            ++i;
        } else if (argument == QLatin1String("--rate")) {
            options.rate = next.toInt();
            ++i;
        } else if (argument == QLatin1String("--rows")) {
            options.rows = next.toInt();
            ++i;
        } else if (argument == QLatin1String("--detail")) {
            options.detail = next == QLatin1String("messages") ? net::EventDetail::Messages : net::EventDetail::Frames;
            ++i;
        } else if (argument == QLatin1String("--no-repaint")) {
            options.repaint = false;
        } else if (argument == QLatin1String("--no-follow")) {
            options.follow = false;
        } else if (argument == QLatin1String("--limit")) {
            options.limit = next.toInt();
            ++i;
        } else if (argument == QLatin1String("--drop")) {
            options.drop = true;
        } else if (argument == QLatin1String("--decode")) {
            options.decode = next == QLatin1String("on") ? 1 : 0;
            ++i;
        } else if (argument == QLatin1String("--sse")) {
            options.sse = true;
        } else if (argument == QLatin1String("--quiet-server-panel")) {
            options.quietServerPanel = true;
        } else {
            std::fprintf(stderr, "bench_gui: unknown argument %s\n", qPrintable(argument));
            std::exit(2);
        }
    }
    return options;
}

// Runs the event loop (a real exec(), as the application does) until `done` or the timeout.
bool runUntil(const std::function<bool()> &done, int timeoutMs, int checkMs = 10)
{
    if (done())
        return true;
    QEventLoop loop;
    QTimer check;
    check.setObjectName(QStringLiteral("bench check"));
    check.setInterval(checkMs);
    const QDeadlineTimer deadline(timeoutMs);
    QObject::connect(&check, &QTimer::timeout, &loop, [&] {
        if (done() || deadline.hasExpired())
            loop.quit();
    });
    check.start();
    loop.exec();
    return done();
}

QString loadAverage()
{
    QFile file(QStringLiteral("/proc/loadavg"));
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("?");
    return QString::fromLatin1(file.readAll()).section(QLatin1Char(' '), 0, 2);
}

const char *verdict(bool ok)
{
    return ok ? "ok" : "MISSED";
}

// ---- 2. the flood ----------------------------------------------------------------------

struct FloodResult {
    qint64 sent = 0;
    qint64 rows = 0;
    bool ok = false;
};

void printThreadCpu(const QMap<QString, double> &before, const QMap<QString, double> &after, double seconds)
{
    std::printf("  CPU per thread during the flood (2 cores in all):\n");
    for (auto it = after.cbegin(); it != after.cend(); ++it) {
        const double used = it.value() - before.value(it.key());
        if (used >= 0.05)
            std::printf("    %-28s %6.2f s  (%3.0f%% of one core)\n", qPrintable(it.key()), used, 100 * used / seconds);
    }
}

void printProfile(const BenchGuiApplication &app, double seconds)
{
    std::printf("  UI thread time by event (outermost dispatches, top 10; wall time, and CPU time that "
                "excludes waiting for a core):\n");
    qint64 total = 0;
    qint64 totalCpu = 0;
    for (const BenchGuiApplication::Category &category : app.profile()) {
        total += category.totalNs;
        totalCpu += category.cpuNs;
    }
    std::printf("    busy %.2f s wall, %.2f s CPU, of %.2f s\n", total / 1e9, totalCpu / 1e9, seconds);
    const auto print = [](const std::vector<BenchGuiApplication::Category> &list, int top) {
        int shown = 0;
        for (const BenchGuiApplication::Category &category : list) {
            if (++shown > top)
                break;
            std::printf("    %6.0f ms wall %6.0f ms CPU %6lld x  CPU mean %5.0f us max %5.1f ms, wall max %5.1f ms  %s\n",
                        category.totalNs / 1e6, category.cpuNs / 1e6, static_cast<long long>(category.count),
                        category.cpuNs / 1e3 / double(category.count), category.maxCpuNs / 1e6, category.maxNs / 1e6,
                        qPrintable(category.name));
        }
    };
    print(app.profile(), 10);
    std::printf("  paint events (at any depth): %lld, %.0f ms wall; by widget (top 8):\n",
                static_cast<long long>(app.paintCount()), app.paintNs() / 1e6);
    print(app.paintsByWidget(), 8);
}

FloodResult runFlood(BenchGuiApplication &app, ui::MainWindow &window, ui::ConnectionTab *tab, const Options &options)
{
    FloodResult result;
    ui::MessageLogModel *model = tab->logView()->model();
    const log::MessageStore &store = tab->store();
    const quint16 port = quint16(QUrl(window.echoServer()->url()).port());
    bench::BenchGuiFlooder flooder;
    if (!flooder.connectTo(port)) {
        std::printf("  the flooder could not connect: %s\n", flooder.error().c_str());
        return result;
    }
    runUntil([] { return false; }, 300); // the server opens the flooder's session; things settle
    malloc_trim(0);
    // Rows by number: with log limits the oldest leave memory as the flood goes on.
    const auto logged = [&store] { return store.firstRowNumber() + store.rowCount(); };
    const qint64 rows0 = logged();
    const qint64 payload0 = store.payloadBytes();
    const qint64 reserved0 = store.reservedBytes();
    const long rss0 = bench::residentBytes();

    bench::LatenessProbe lateness(5);
    QTimer repaint;
    repaint.setObjectName(QStringLiteral("bench repaint"));
    repaint.setInterval(100);
    QObject::connect(&repaint, &QTimer::timeout, &window, [&window] { window.repaint(); });
    std::vector<qint64> rowsAtSecond;
    QTimer perSecond;
    perSecond.setObjectName(QStringLiteral("bench per-second"));
    perSecond.setTimerType(Qt::PreciseTimer);
    perSecond.setInterval(1000);
    QObject::connect(&perSecond, &QTimer::timeout, [&] { rowsAtSecond.push_back(logged() - rows0); });

    tab->logView()->followButton()->setChecked(options.follow);
    const QMap<QString, double> cpu0 = bench::threadCpuSeconds();
    app.resetProfile();
    app.setProfiling(true);
    lateness.start();
    perSecond.start();
    if (options.repaint)
        repaint.start();
    QElapsedTimer clock;
    clock.start();
    flooder.setTextOnly(options.sse);
    flooder.setSocketIo(options.decode >= 0);
    flooder.start(options.rate, options.seconds);
    runUntil([&] { return flooder.finishedSending(); }, int(options.seconds * 1000) + 60000, 5);
    const double floodSeconds = clock.nsecsElapsed() / 1e9;
    const qint64 rowsAtEnd = logged() - rows0;
    const QMap<QString, double> cpu1 = bench::threadCpuSeconds();
    app.setProfiling(false);
    lateness.markPhase();
    result.sent = flooder.sent();
    runUntil([&] { return logged() - rows0 >= result.sent; }, 60000, 5);
    const double drainSeconds = clock.nsecsElapsed() / 1e9 - floodSeconds;
    lateness.stop();
    perSecond.stop();
    repaint.stop();
    result.rows = logged() - rows0;
    // An event row's raw lines and type/id text are in the store's arena too: what counts
    // as its payload is the data the flooder sent.
    const qint64 payloadBytes = options.sse ? flooder.payloadBytes() : store.payloadBytes() - payload0;
    const qint64 reserved = store.reservedBytes() - reserved0;
    flooder.stop();
    runUntil([] { return false; }, 200);
    const long rss1 = bench::residentBytes();
    malloc_trim(0);
    const long rss2 = bench::residentBytes();

    std::printf("\n2. Flood: %d messages/s for %.0f s, %s by the built-in server to the tab\n", options.rate,
                options.seconds, options.sse ? "published as server-sent events" : "broadcast");
    std::printf("  sent %lld messages (%.1f MB payload) in %.2f s = %.0f/s; sender fell behind by %lld at worst\n",
                static_cast<long long>(result.sent), flooder.payloadBytes() / 1e6, flooder.sendSeconds(),
                result.sent / std::max(1e-9, flooder.sendSeconds()), static_cast<long long>(flooder.worstBacklog()));
    std::printf("  rows appended to the tab's log: %lld (%.0f/s over the flood);", static_cast<long long>(rowsAtEnd),
                rowsAtEnd / floodSeconds);
    std::printf(" behind by %lld when the sender stopped\n", static_cast<long long>(result.sent - rowsAtEnd));
    std::printf("  all %lld shown %.3f s after the last was sent  -> %s\n", static_cast<long long>(result.rows),
                drainSeconds, result.rows >= result.sent && drainSeconds < 0.5 ? "kept up" : "did NOT keep up");
    std::printf("  rows per second:");
    qint64 previous = 0;
    for (qint64 rows : rowsAtSecond) {
        std::printf(" %lld", static_cast<long long>(rows - previous));
        previous = rows;
    }
    std::printf("\n  model rows %d, view follows the tail: %s, repaint: %s\n", model->rowCount(),
                tab->logView()->followButton()->isChecked() ? "yes" : "no",
                options.repaint ? "window.repaint() every 100 ms" : "Qt's own updates only");
    const bench::LatenessProbe::Stats during = lateness.stats(true);
    const bench::LatenessProbe::Stats after = lateness.stats(false);
    std::printf("  UI lateness (5 ms PreciseTimer, %zu ticks): p50 %.2f ms  p99 %.2f ms (target < 20: %s)  "
                "max %.1f ms (target < 50: %s), %d ticks > 50 ms\n",
                during.ticks, during.p50Ms, during.p99Ms, verdict(during.p99Ms < 20), during.maxMs,
                verdict(during.maxMs < 50), during.over50Ms);
    std::printf("  ... counting only the UI thread's CPU time in each gap (not waiting for a core): p99 %.2f ms, "
                "max %.1f ms\n", during.cpuP99Ms, during.cpuMaxMs);
    if (after.ticks)
        std::printf("  ... while draining what was left (%zu ticks): p99 %.2f ms, max %.1f ms\n", after.ticks, after.p99Ms,
                    after.maxMs);
    std::printf("  memory: resident +%.1f MB for %lld messages of %.1f MB payload\n", (rss1 - rss0) / 1e6,
                static_cast<long long>(result.rows), payloadBytes / 1e6);
    const double overhead = double(rss1 - rss0 - payloadBytes) / double(std::max<qint64>(1, result.rows));
    const double trimmed = double(rss2 - rss0 - payloadBytes) / double(std::max<qint64>(1, result.rows));
    std::printf("    beyond payload: %.1f bytes/message (target < 100: %s); %.1f after malloc_trim(0); "
                "the store's own reservation %.1f bytes/message\n",
                overhead, verdict(overhead < 100), trimmed,
                double(reserved - payloadBytes) / double(std::max<qint64>(1, result.rows)));
    if (options.limit > 0) {
        const ui::LogLimiter *limiter = tab->logLimiter();
        std::printf("  log limits: %d rows in memory, %s: %d rows in memory at the end (first number %lld), %lld %s, "
                    "store reserves %.1f MB%s%s\n",
                    options.limit, options.drop ? "drop" : "spill to disk", store.rowCount(),
                    static_cast<long long>(store.firstRowNumber() + 1),
                    static_cast<long long>(options.drop ? limiter->droppedRows() : limiter->spilledRows()),
                    options.drop ? "dropped" : "on disk", store.reservedBytes() / 1e6,
                    limiter->spillError().isEmpty() ? "" : ", spill error: ", qPrintable(limiter->spillError()));
        std::printf("    rows moved out %d times on the UI thread: longest %.1f ms, average %.1f ms, %.1f ms in all\n",
                    limiter->moves(), limiter->longestMoveNs() / 1e6,
                    limiter->totalMoveNs() / 1e6 / std::max(1, limiter->moves()), limiter->totalMoveNs() / 1e6);
    }
    printThreadCpu(cpu0, cpu1, floodSeconds);
    printProfile(app, floodSeconds);
    result.ok = true;
    return result;
}

// ---- 3. filters over a million rows ----------------------------------------------------

// Appends `count` incoming messages to the tab's log, each with its frame, in batches
// shaped like the Connection's (a Frame event, then its Message event).
void topUp(ui::ConnectionTab *tab, qint64 count, bool socketIo)
{
    const int batchEvents = 2048;
    qint64 id = tab->store().rowCount();
    qint64 timeNs = tab->store().rowCount() ? tab->store().record(tab->store().rowCount() - 1).timeNs : 0;
    quint64 offset = 0;
    for (qint64 done = 0; done < count;) {
        net::EventBatch batch;
        batch.reserve(batchEvents);
        for (; done < count && batch.size() + 2 <= batchEvents; ++done, ++id) {
            timeNs += 10000; // 100,000 a second
            net::LogEvent message;
            message.kind = net::EventKind::Message;
            message.direction = net::EventDirection::Incoming;
            message.isText = !bench::isBinaryTick(id);
            message.frameCount = 1;
            message.timeNs = timeNs;
            message.payload = bench::tickPayload(id, socketIo);
            message.length = message.wireSize = quint64(message.payload.size());
            message.streamOffset = offset;
            net::LogEvent frame;
            frame.kind = net::EventKind::Frame;
            frame.direction = message.direction;
            frame.opcode = message.isText ? 1 : 2;
            frame.flags = net::FrameFlag::Fin;
            frame.length = message.length;
            frame.streamOffset = offset;
            frame.timeNs = timeNs;
            frame.header = QByteArray::fromHex(message.isText ? "8100" : "8200");
            frame.header[1] = char(message.length);
            offset += 2 + message.length;
            batch.append(frame);
            batch.append(std::move(message));
        }
        tab->document()->appendRows(batch);
    }
}

QToolButton *toolButtonWithText(QWidget *parent, const QString &text)
{
    for (QToolButton *button : parent->findChildren<QToolButton *>()) {
        if (button->text() == text)
            return button;
    }
    return nullptr;
}

// Times `change` (which must apply a filter through the LogView synchronously) and the
// window's repaint after it.
void timeChange(ui::MainWindow &window, ui::LogView *log, const char *label, const std::function<void()> &change)
{
    QElapsedTimer timer;
    timer.start();
    change();
    const double filterMs = timer.nsecsElapsed() / 1e6;
    timer.restart();
    window.repaint();
    const double paintMs = timer.nsecsElapsed() / 1e6;
    std::printf("  %-44s %8.1f ms  (target < 300: %s) + repaint %5.1f ms  -> %s\n", label, filterMs,
                verdict(filterMs < 300), paintMs, qPrintable(log->statusText()));
}

void runFilters(ui::MainWindow &window, ui::ConnectionTab *tab, const Options &options)
{
    ui::LogView *log = tab->logView();
    const qint64 have = tab->store().rowCount();
    QElapsedTimer timer;
    timer.start();
    if (have < options.rows)
        topUp(tab, options.rows - have, options.decode >= 0);
    const double topUpMs = timer.nsecsElapsed() / 1e6;
    runUntil([] { return false; }, 100);
    std::printf("\n3. Filters with %d rows in the tab's log (%lld from the flood, %lld added through the tab document in "
                "%.0f ms), through the LogView's controls\n",
                tab->store().rowCount(), static_cast<long long>(have),
                static_cast<long long>(std::max<qint64>(0, options.rows - have)), topUpMs);

    QToolButton *text = log->kindButton(int(log::LogEntryKind::Text));
    QToolButton *binary = log->kindButton(int(log::LogEntryKind::Binary));
    QToolButton *incoming = log->directionButton(true);
    QToolButton *onlyMatches = toolButtonWithText(log, QStringLiteral("only matches"));
    if (!text || !binary || !incoming || !onlyMatches) {
        std::printf("  the filter controls were not found\n");
        return;
    }
    for (int run = 1; run <= 2; ++run) {
        std::printf("  run %d:\n", run);
        timeChange(window, log, "type: hide text (the 1 in 10 binary stay)", [&] { text->setChecked(false); });
        timeChange(window, log, "type: show text again (all rows)", [&] { text->setChecked(true); });
        timeChange(window, log, "type: hide binary (9 in 10 stay)", [&] { binary->setChecked(false); });
        timeChange(window, log, "type: show binary again (all rows)", [&] { binary->setChecked(true); });
        timeChange(window, log, "direction: hide incoming", [&] { incoming->setChecked(false); });
        timeChange(window, log, "direction: show incoming again", [&] { incoming->setChecked(true); });
        const auto search = [&](const QString &label, int mode, const QString &pattern) {
            onlyMatches->setChecked(false);
            log->searchMode()->setCurrentIndex(mode);
            log->searchField()->setText(pattern);
            timeChange(window, log, qPrintable(label), [&] { onlyMatches->setChecked(true); });
        };
        const int rows = tab->store().rowCount();
        const QString oneId = QStringLiteral("\"id\":%1,").arg(rows * 7 / 9);
        search(QStringLiteral("text search \"MSFT\" (1 in 8)"), 0, QStringLiteral("MSFT"));
        search(QStringLiteral("text search '%1' (one row)").arg(oneId), 0, oneId);
        search(QStringLiteral("regex \"sym\":\"(AAPL|TSLA)\""), 1, QStringLiteral("\"sym\":\"(AAPL|TSLA)\""));
        if (options.decode < 0)
            search(QStringLiteral("JSON path $.q == 7"), 2, QStringLiteral("$.q == 7"));
        if (options.decode == 1) // every row decoded once (the cache holds RowDecoder::CacheRows)
            search(QStringLiteral("decoded fields event:tick"), 3, QStringLiteral("event:tick"));
        onlyMatches->setChecked(false);
        log->searchField()->clear();
        log->searchMode()->setCurrentIndex(0);
        // F3: the next row matching a search, from the top, without filtering.
        log->view()->setCurrentIndex(QModelIndex());
        const QString lastId = QStringLiteral("\"id\":%1,").arg(rows - 10);
        log->searchField()->setText(lastId);
        timer.restart();
        log->findNext();
        std::printf("  %-44s %8.1f ms  -> row %d\n", qPrintable(QStringLiteral("find next (F3) '%1'").arg(lastId)),
                    timer.nsecsElapsed() / 1e6, log->view()->currentIndex().row());
        log->searchField()->clear();
        log->followButton()->setChecked(true);
    }
    runUntil([] { return false; }, 300); // the search field's delayed filter settles
}

} // namespace

int main(int argc, char **argv)
{
    log::keepLargeBlocksOutOfTheHeap(); // as the application's main() does
    QElapsedTimer sinceStart;
    sinceStart.start();
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QStandardPaths::setTestModeEnabled(true); // no user settings read or written
    BenchGuiApplication app(argc, argv);
    const double appMs = sinceStart.nsecsElapsed() / 1e6;
    QElapsedTimer sinceApp;
    sinceApp.start();
    QApplication::setApplicationName(QStringLiteral("wsinspect-bench"));
    QApplication::setOrganizationName(QStringLiteral("wsinspect"));
    const Options options = parseOptions(QApplication::arguments());

    std::printf("bench_gui: Qt %s, platform %s, load average %s, %s\n", qVersion(),
                qPrintable(QGuiApplication::platformName()), qPrintable(loadAverage()),
                options.quick ? "quick" : "full");

    // 1. The window, as main() opens it.
    ui::Theme::applyApplicationTheme(QStringLiteral("system"));
    ui::MainWindow window;
    window.resize(1600, 1000);
    app.watchFirstPaint(&window);
    window.show();
    runUntil([&app] { return app.firstPaintDone(); }, 10000, 1);
    const double openMs = sinceApp.nsecsElapsed() / 1e6;
    std::printf("\n1. Window open: %.0f ms from QApplication constructed to the window shown and painted "
                "(target < 500: %s); QApplication itself took %.0f ms\n",
                openMs, verdict(openMs < 500 && app.firstPaintDone()), appMs);

    // 2. Connect the tab to the built-in server, as "Start echo server and connect" does.
    net::EchoServerOptions serverOptions = window.echoServerPanel()->options();
    serverOptions.mode = net::EchoMode::Broadcast;
    if (options.sse) {
        serverOptions.eventStream.path = QStringLiteral("/events");
        serverOptions.eventStream.bridge = true;
        serverOptions.eventStream.keepaliveMs = 0; // rows are counted: no comments among them
    }
    window.echoServerPanel()->setOptions(serverOptions);
    net::ConnectionOptions tabOptions = window.currentTab()->options();
    tabOptions.eventDetail = options.detail;
    window.currentTab()->setOptions(tabOptions);
    if (options.quietServerPanel)
        QObject::disconnect(window.echoServer(), &ui::EchoServerController::trafficReported, nullptr, nullptr);
    if (options.sse) {
        // The server with its EventSource endpoint (the panel has no fields for it: started
        // through its controller, as the panel's Start does), then the tab on its stream.
        window.echoServer()->start(serverOptions);
        runUntil([&] { return window.echoServer()->isRunning(); }, 15000);
        window.openConnection(QStringLiteral("http://127.0.0.1:%1/events").arg(QUrl(window.echoServer()->url()).port()));
    } else {
        window.startEchoServerAndConnect(false);
    }
    ui::ConnectionTab *tab = nullptr;
    runUntil([&] {
        tab = window.currentTab();
        return window.echoServer()->isRunning() && tab && tab->state() == net::ConnectionState::Open;
    }, 15000);
    if (!tab || tab->state() != net::ConnectionState::Open) {
        std::printf("the tab did not connect to the built-in echo server (%s: state %d, %d rows)\n",
                    tab ? qPrintable(tab->options().url) : "no tab", tab ? int(tab->state()) : -1,
                    tab ? tab->store().rowCount() : 0);
        return 1;
    }
    std::printf("   tab connected to %s (Broadcast%s), EventDetail %s%s\n",
                qPrintable(options.sse ? tab->options().url : window.echoServer()->url()),
                options.sse ? ", every text message bridged as an event" : "",
                tab->options().eventDetail == net::EventDetail::Frames ? "Frames (the GUI default)" : "Messages",
                options.quietServerPanel ? ", echo server panel not fed" : "");

    if (options.decode >= 0) {
        ui::DecodeChoice choice;
        choice.decoder = options.decode ? decode::DecodeSession::automatic() : decode::DecodeSession::off();
        tab->document()->decoder()->setChoice(choice);
        std::printf("   decoding %s: the flood's messages are Socket.IO events\n", options.decode ? "on (automatic)" : "off");
    }
    if (options.limit > 0) {
        log::LogLimits limits;
        limits.maxRowsInMemory = options.limit;
        limits.overflow = options.drop ? log::LogLimits::Overflow::Drop : log::LogLimits::Overflow::SpillToDisk;
        tab->setLogLimits(limits);
    }
    const FloodResult flood = runFlood(app, window, tab, options);
    if (!flood.ok)
        return 1;
    if (options.limit == 0 && !options.sse)
        runFilters(window, tab, options);
    std::printf("\nload average at the end: %s\n", qPrintable(loadAverage()));
    std::fflush(stdout);
    return 0;
}
