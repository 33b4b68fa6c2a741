// SPDX-License-Identifier: MIT
#include "BenchGuiProbe.h"

#include <QDir>
#include <QEvent>
#include <QFile>
#include <QMetaEnum>
#include <QThread>
#include <QWidget>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <unistd.h>

namespace wsi::bench {

// ---- BenchGuiApplication ---------------------------------------------------------------

QString BenchGuiApplication::categoryName(QObject *receiver, QEvent *event)
{
    static const QMetaEnum types = QMetaEnum::fromType<QEvent::Type>();
    const char *type = types.valueToKey(event->type());
    QString name = type ? QString::fromLatin1(type) : QString::number(int(event->type()));
    name += QLatin1String(": ");
    name += receiverName(receiver);
    return name;
}

QString BenchGuiApplication::receiverName(QObject *receiver)
{
    QString name = QLatin1String(receiver->metaObject()->className());
    // A timer or a plain widget says little by itself: name its owner too.
    if (receiver->parent()
        && (qstrcmp(receiver->metaObject()->className(), "QTimer") == 0
            || qstrcmp(receiver->metaObject()->className(), "QWidget") == 0
            || qstrcmp(receiver->metaObject()->className(), "QObject") == 0)) {
        name += QLatin1Char('<');
        name += QLatin1String(receiver->parent()->metaObject()->className());
        name += QLatin1Char('>');
    }
    if (!receiver->objectName().isEmpty())
        name += QLatin1String(" \"") + receiver->objectName() + QLatin1Char('"');
    return name;
}

bool BenchGuiApplication::notify(QObject *receiver, QEvent *event)
{
    if (QThread::currentThread() != thread())
        return QApplication::notify(receiver, event);
    const bool paint = event->type() == QEvent::Paint;
    const bool timed = (m_profiling && m_depth == 0) || paint;
    if (!timed)
        return QApplication::notify(receiver, event);
    // Named before the dispatch: the receiver may be gone after it (DeferredDelete).
    const bool outermost = m_profiling && m_depth == 0;
    const QString category = outermost ? categoryName(receiver, event) : QString();
    const QString paintedWidget = paint && m_profiling ? receiverName(receiver) : QString();
    const bool watched = paint && m_watched && receiver->isWidgetType()
        && (receiver == m_watched || m_watched->isAncestorOf(static_cast<QWidget *>(receiver)));
    const bool measureCpu = outermost || !paintedWidget.isEmpty();
    const qint64 cpu0 = measureCpu ? threadCpuNs() : 0;
    QElapsedTimer timer;
    timer.start();
    ++m_depth;
    const bool result = QApplication::notify(receiver, event);
    --m_depth;
    const qint64 ns = timer.nsecsElapsed();
    const qint64 cpuNs = measureCpu ? threadCpuNs() - cpu0 : 0;
    if (paint) {
        ++m_paints;
        m_paintNs += ns;
        if (!paintedWidget.isEmpty()) {
            Category &entry = m_paintsByWidget[paintedWidget];
            entry.totalNs += ns;
            entry.cpuNs += cpuNs;
            entry.maxNs = std::max(entry.maxNs, ns);
            entry.maxCpuNs = std::max(entry.maxCpuNs, cpuNs);
            ++entry.count;
        }
        if (watched) {
            m_firstPaintDone = true;
            m_watched = nullptr;
        }
    }
    if (outermost) {
        Category &entry = m_categories[category];
        entry.totalNs += ns;
        entry.cpuNs += cpuNs;
        entry.maxNs = std::max(entry.maxNs, ns);
        entry.maxCpuNs = std::max(entry.maxCpuNs, cpuNs);
        ++entry.count;
    }
    return result;
}

void BenchGuiApplication::resetProfile()
{
    m_categories.clear();
    m_paintsByWidget.clear();
    m_paints = 0;
    m_paintNs = 0;
}

std::vector<BenchGuiApplication::Category> BenchGuiApplication::profile() const
{
    return sorted(m_categories);
}

std::vector<BenchGuiApplication::Category> BenchGuiApplication::paintsByWidget() const
{
    return sorted(m_paintsByWidget);
}

std::vector<BenchGuiApplication::Category> BenchGuiApplication::sorted(const QHash<QString, Category> &categories)
{
    std::vector<Category> list;
    for (auto it = categories.cbegin(); it != categories.cend(); ++it) {
        list.push_back(it.value());
        list.back().name = it.key();
    }
    std::sort(list.begin(), list.end(), [](const Category &a, const Category &b) { return a.totalNs > b.totalNs; });
    return list;
}

// ---- LatenessProbe ---------------------------------------------------------------------


LatenessProbe::LatenessProbe(int intervalMs) : m_intervalNs(qint64(intervalMs) * 1000000)
{
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(intervalMs);
    m_timer.setObjectName(QStringLiteral("lateness probe"));
    QObject::connect(&m_timer, &QTimer::timeout, [this] {
        const qint64 now = m_clock.nsecsElapsed();
        const qint64 cpu = threadCpuNs();
        const qint64 late = std::max<qint64>(0, now - m_lastNs - m_intervalNs);
        m_lateNs.push_back(late);
        m_cpuLateNs.push_back(std::min(late, cpu - m_lastCpuNs));
        m_lastNs = now;
        m_lastCpuNs = cpu;
    });
}

void LatenessProbe::start()
{
    m_lateNs.clear();
    m_lateNs.reserve(1 << 16);
    m_cpuLateNs.clear();
    m_cpuLateNs.reserve(1 << 16);
    m_lastCpuNs = threadCpuNs();
    m_phaseEnd = 0;
    m_clock.start();
    m_lastNs = 0;
    m_timer.start();
}

void LatenessProbe::stop()
{
    m_timer.stop();
}

namespace {

std::vector<qint64> phase(const std::vector<qint64> &all, std::size_t end, bool first)
{
    return first ? std::vector<qint64>(all.begin(), all.begin() + long(end))
                 : std::vector<qint64>(all.begin() + long(end), all.end());
}

double quantileMs(const std::vector<qint64> &sorted, double q)
{
    return double(sorted[std::min(sorted.size() - 1, std::size_t(q * double(sorted.size())))]) / 1e6;
}

} // namespace

LatenessProbe::Stats LatenessProbe::stats(bool firstPhase) const
{
    const std::size_t end = m_phaseEnd ? m_phaseEnd : m_lateNs.size();
    std::vector<qint64> late = phase(m_lateNs, end, firstPhase);
    std::vector<qint64> cpuLate = phase(m_cpuLateNs, end, firstPhase);
    Stats stats;
    stats.ticks = late.size();
    if (late.empty())
        return stats;
    std::sort(late.begin(), late.end());
    std::sort(cpuLate.begin(), cpuLate.end());
    stats.p50Ms = quantileMs(late, 0.50);
    stats.p99Ms = quantileMs(late, 0.99);
    stats.maxMs = double(late.back()) / 1e6;
    stats.over50Ms = int(std::count_if(late.begin(), late.end(), [](qint64 ns) { return ns > 50000000; }));
    stats.cpuP99Ms = quantileMs(cpuLate, 0.99);
    stats.cpuMaxMs = double(cpuLate.back()) / 1e6;
    return stats;
}

qint64 threadCpuNs()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return qint64(now.tv_sec) * 1000000000 + now.tv_nsec;
}

// ---- /proc -----------------------------------------------------------------------------

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

QMap<QString, double> threadCpuSeconds()
{
    QMap<QString, double> cpu;
    const double ticksPerSecond = double(sysconf(_SC_CLK_TCK));
    const QStringList tids = QDir(QStringLiteral("/proc/self/task")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &tid : tids) {
        QFile file(QStringLiteral("/proc/self/task/%1/stat").arg(tid));
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const QByteArray stat = file.readAll();
        // pid (comm) state ... : comm may hold spaces, so split after the last ')'.
        const int open = stat.indexOf('(');
        const int close = stat.lastIndexOf(')');
        if (open < 0 || close < open)
            continue;
        const QString name = QString::fromUtf8(stat.mid(open + 1, close - open - 1));
        const QList<QByteArray> fields = stat.mid(close + 2).split(' ');
        if (fields.size() < 13)
            continue;
        // After the state (fields[0]): utime is field 14 and stime 15 of stat, here 11 and 12.
        const double seconds = (fields[11].toDouble() + fields[12].toDouble()) / ticksPerSecond;
        cpu.insert(name + QLatin1Char('/') + tid, seconds);
    }
    return cpu;
}

} // namespace wsi::bench
