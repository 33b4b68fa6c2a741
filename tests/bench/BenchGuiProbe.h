// SPDX-License-Identifier: MIT
#pragma once
// bench_gui's instruments on the UI thread: an application that times every event it
// dispatches (where the UI thread's time goes, by event type and receiver), a 5 ms
// precise timer that records its own lateness (the stalls a user would feel), and
// readings of the process's resident memory and per-thread CPU time from /proc.
#include <QApplication>
#include <QElapsedTimer>
#include <QHash>
#include <QMap>
#include <QString>
#include <QTimer>

#include <vector>

namespace wsi::bench {

class BenchGuiApplication : public QApplication
{
public:
    BenchGuiApplication(int &argc, char **argv) : QApplication(argc, argv) {}

    bool notify(QObject *receiver, QEvent *event) override;

    // Time spent in the UI thread's outermost event dispatches, by "event type: receiver".
    struct Category {
        QString name;
        qint64 totalNs = 0; // wall time
        qint64 cpuNs = 0;   // the UI thread's CPU time (not counting waits for a core)
        qint64 maxNs = 0;
        qint64 maxCpuNs = 0;
        qint64 count = 0;
    };
    void setProfiling(bool enabled) { m_profiling = enabled; }
    void resetProfile();
    std::vector<Category> profile() const; // largest total first
    // Paint events (at any depth) and their total time since the last resetProfile().
    qint64 paintCount() const { return m_paints; }
    qint64 paintNs() const { return m_paintNs; }
    // Paint events by widget class ("QWidget<QTableView>" for a view's viewport), most first.
    std::vector<Category> paintsByWidget() const;

    // Set when a Paint event to `window` or any of its children has finished.
    void watchFirstPaint(QWidget *window) { m_watched = window; m_firstPaintDone = false; }
    bool firstPaintDone() const { return m_firstPaintDone; }

private:
    static QString categoryName(QObject *receiver, QEvent *event);
    static QString receiverName(QObject *receiver);
    static std::vector<Category> sorted(const QHash<QString, Category> &categories);

    bool m_profiling = false;
    int m_depth = 0;
    QHash<QString, Category> m_categories;
    QHash<QString, Category> m_paintsByWidget;
    qint64 m_paints = 0;
    qint64 m_paintNs = 0;
    QWidget *m_watched = nullptr;
    bool m_firstPaintDone = false;
};

// A PreciseTimer every `intervalMs` on the UI thread; each tick records how much later
// than one interval after the previous tick it came.
class LatenessProbe
{
public:
    explicit LatenessProbe(int intervalMs = 5);
    void start();
    void stop();
    // Marks the end of the first phase (the flood); stats() can then be asked per phase.
    void markPhase() { m_phaseEnd = m_lateNs.size(); }

    struct Stats {
        std::size_t ticks = 0;
        double p50Ms = 0;
        double p99Ms = 0;
        double maxMs = 0;   // the longest stall beyond one interval
        int over50Ms = 0;   // ticks more than 50 ms late
        // The same, counting only the time the UI thread ran during each late gap (its
        // CPU time, not time waiting for a core on a loaded machine): the stalls its own
        // work causes.
        double cpuP99Ms = 0;
        double cpuMaxMs = 0;
    };
    Stats stats(bool firstPhase) const;

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_lastNs = 0;
    qint64 m_intervalNs;
    qint64 m_lastCpuNs = 0;
    std::vector<qint64> m_lateNs;
    std::vector<qint64> m_cpuLateNs; // min(lateness, the thread's CPU time in the gap)
    std::size_t m_phaseEnd = 0;
};

long residentBytes();
// This thread's CPU time.
qint64 threadCpuNs();
// CPU seconds (user + system) of each thread of this process, by "name/tid".
QMap<QString, double> threadCpuSeconds();

} // namespace wsi::bench
