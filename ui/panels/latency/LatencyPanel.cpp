// SPDX-License-Identifier: MIT
#include "ui/panels/latency/LatencyPanel.h"

#include "ui/panels/latency/LatencyChart.h"
#include "ui/panels/latency/LatencyFormatting.h"
#include "ui/panels/latency/RateChart.h"
#include "ui/log/LogRowText.h"
#include "ui/window/Theme.h"

#include <QBoxLayout>

#include <algorithm>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QTreeWidget>

namespace wsi::ui {

namespace LF = LatencyFormatting;

namespace {

constexpr int RefreshMs = 100;   // at most ten repaints a second
constexpr int SideBySideWidth = 760;

QLabel *namedLabel(QWidget *parent, const QString &name, const QString &text = QString())
{
    auto *label = new QLabel(text, parent);
    label->setObjectName(name);
    label->setTextFormat(Qt::PlainText);
    return label;
}

void setForeground(QWidget *widget, const QColor &color)
{
    QPalette palette = widget->palette();
    palette.setColor(QPalette::WindowText, color);
    widget->setPalette(palette);
}

} // namespace

LatencyPanel::LatencyPanel(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("LatencyPanel"));
    // Scrolls rather than forcing its height on the docks it shares a column with.
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *content = new QWidget(scroll);
    m_columns = new QBoxLayout(QBoxLayout::TopToBottom, content);
    m_columns->setContentsMargins(6, 6, 6, 6);
    m_columns->addWidget(createPingGroup(), 3);
    auto *side = new QVBoxLayout;
    side->setContentsMargins(0, 0, 0, 0);
    side->addWidget(createTrafficGroup(), 3);
    side->addWidget(createRequestGroup(), 2);
    m_columns->addLayout(side, 2);
    scroll->setWidget(content);
    outer->addWidget(scroll);

    m_refresh.setSingleShot(true);
    m_refresh.setInterval(RefreshMs);
    connect(&m_refresh, &QTimer::timeout, this, [this] {
        refreshTraffic();
        refreshRequests();
    });
    m_clock.setInterval(1000);
    connect(&m_clock, &QTimer::timeout, this, &LatencyPanel::advanceClock);
    setMinimumSize(240, 160);
    applyColours();
    clear();
}

QWidget *LatencyPanel::createPingGroup()
{
    auto *group = new QGroupBox(tr("Ping round trip"), this);
    auto *layout = new QVBoxLayout(group);
    m_chart = new LatencyChart(group);
    layout->addWidget(m_chart, 1);

    auto *grid = new QGridLayout;
    grid->setHorizontalSpacing(8);
    m_min = addFigure(grid, 0, 0, tr("min"), QStringLiteral("rttMin"));
    m_avg = addFigure(grid, 0, 1, tr("avg"), QStringLiteral("rttAvg"));
    m_max = addFigure(grid, 0, 2, tr("max"), QStringLiteral("rttMax"));
    m_p99 = addFigure(grid, 1, 0, tr("p99"), QStringLiteral("rttP99"));
    m_jitter = addFigure(grid, 1, 1, tr("jitter"), QStringLiteral("rttJitter"));
    m_loss = addFigure(grid, 1, 2, tr("loss"), QStringLiteral("rttLoss"));
    m_loss->setToolTip(tr("Lost pings of those sent and settled (answered or timed out)"));
    grid->setColumnStretch(6, 1);
    layout->addLayout(grid);

    auto *controls = new QHBoxLayout;
    m_interval = new QDoubleSpinBox(group);
    m_interval->setObjectName(QStringLiteral("pingInterval"));
    m_interval->setRange(0, 3600);
    m_interval->setDecimals(1);
    m_interval->setSingleStep(0.5);
    m_interval->setSuffix(tr(" s"));
    m_interval->setSpecialValueText(tr("off"));
    m_interval->setKeyboardTracking(false); // one signal when typing ends, not per digit
    m_interval->setToolTip(tr("Keepalive ping interval in seconds (0: off)"));
    connect(m_interval, &QDoubleSpinBox::valueChanged, this,
            [this](double seconds) { Q_EMIT pingIntervalChanged(int(std::lround(seconds * 1000))); });
    m_pingNow = new QPushButton(tr("Ping now"), group);
    m_pingNow->setObjectName(QStringLiteral("pingNow"));
    connect(m_pingNow, &QPushButton::clicked, this, &LatencyPanel::pingRequested);
    auto *intervalLabel = new QLabel(tr("Interval:"), group);
    intervalLabel->setBuddy(m_interval);
    controls->addWidget(intervalLabel);
    controls->addWidget(m_interval);
    controls->addWidget(m_pingNow);
    controls->addStretch(1);
    layout->addLayout(controls);
    return group;
}

QLabel *LatencyPanel::addFigure(QGridLayout *grid, int row, int column, const QString &title, const QString &name)
{
    auto *caption = new QLabel(title, grid->parentWidget());
    caption->setProperty("caption", true);
    caption->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    auto *value = namedLabel(grid->parentWidget(), name);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // Room for "00.00 ms" so the grid does not jump as figures change (and fits a narrow dock).
    value->setMinimumWidth(value->fontMetrics().horizontalAdvance(QStringLiteral("00.00 ms")));
    grid->addWidget(caption, row, column * 2);
    grid->addWidget(value, row, column * 2 + 1);
    return value;
}

QWidget *LatencyPanel::createTrafficGroup()
{
    auto *group = new QGroupBox(tr("Traffic (last 2 min)"), this);
    auto *layout = new QGridLayout(group);
    const auto addRate = [&](int row, const QString &title, RateChart *chart, QLabel *in, QLabel *out) {
        layout->addWidget(new QLabel(title, group), row, 0);
        layout->addWidget(in, row, 1, Qt::AlignRight);
        layout->addWidget(out, row, 2, Qt::AlignRight);
        layout->addWidget(chart, row + 1, 0, 1, 3);
        layout->setRowStretch(row + 1, 1);
    };
    m_messageChart = new RateChart(RateChart::Unit::Messages, group);
    m_messageChart->setObjectName(QStringLiteral("messageRateChart"));
    m_byteChart = new RateChart(RateChart::Unit::Bytes, group);
    m_byteChart->setObjectName(QStringLiteral("byteRateChart"));
    m_messagesIn = namedLabel(group, QStringLiteral("messagesIn"));
    m_messagesOut = namedLabel(group, QStringLiteral("messagesOut"));
    m_bytesIn = namedLabel(group, QStringLiteral("bytesIn"));
    m_bytesOut = namedLabel(group, QStringLiteral("bytesOut"));
    addRate(0, tr("Messages/s"), m_messageChart, m_messagesIn, m_messagesOut);
    addRate(2, tr("Bytes/s"), m_byteChart, m_bytesIn, m_bytesOut);
    layout->setColumnStretch(0, 1);
    layout->setColumnMinimumWidth(1, fontMetrics().horizontalAdvance(QStringLiteral("↓ 000.0 kB/s")));
    layout->setColumnMinimumWidth(2, fontMetrics().horizontalAdvance(QStringLiteral("↑ 000.0 kB/s")));
    return group;
}

QWidget *LatencyPanel::createRequestGroup()
{
    auto *group = new QGroupBox(tr("Request → response"), this);
    group->setToolTip(tr("Pairs requests with responses by the ids the tab's decoder reads (JSON-RPC, "
                         "Socket.IO acks, graphql operations, MQTT packet ids), else by the JSON field below"));
    auto *layout = new QVBoxLayout(group);
    auto *form = new QFormLayout;
    m_idField = new QLineEdit(QStringLiteral("id"), group);
    m_idField->setObjectName(QStringLiteral("idField"));
    m_idField->setPlaceholderText(QStringLiteral("id"));
    m_idField->setToolTip(tr("The JSON field whose value pairs a request with its response, for messages the tab's decoder does not pair"));
    connect(m_idField, &QLineEdit::editingFinished, this, &LatencyPanel::applyIdField);
    form->addRow(tr("Id field:"), m_idField);
    layout->addLayout(form);

    auto *grid = new QGridLayout;
    grid->setHorizontalSpacing(8);
    m_requestCount = addFigure(grid, 0, 0, tr("matched"), QStringLiteral("requestCount"));
    m_requestAvg = addFigure(grid, 0, 1, tr("avg"), QStringLiteral("requestAvg"));
    m_requestPending = addFigure(grid, 1, 0, tr("waiting"), QStringLiteral("requestPending"));
    m_requestP99 = addFigure(grid, 1, 1, tr("p99"), QStringLiteral("requestP99"));
    grid->setColumnStretch(4, 1);
    layout->addLayout(grid);

    m_recent = new QTreeWidget(group);
    m_recent->setObjectName(QStringLiteral("recentRequests"));
    connect(m_recent, &QTreeWidget::itemDoubleClicked, this, [this](QTreeWidgetItem *item) {
        Q_EMIT requestPairActivated(item->data(0, Qt::UserRole).toLongLong(), item->data(0, Qt::UserRole + 1).toLongLong());
    });
    m_recent->setHeaderLabels({tr("Id"), tr("Latency"), tr("Sent at")});
    m_recent->setRootIsDecorated(false);
    m_recent->setUniformRowHeights(true);
    m_recent->setSelectionMode(QAbstractItemView::NoSelection);
    m_recent->setFocusPolicy(Qt::NoFocus);
    m_recent->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_recent->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_recent->header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    m_recent->header()->setStretchLastSection(false);
    const int rowHeight = m_recent->fontMetrics().height() + 6;
    m_recent->setMinimumHeight(m_recent->header()->sizeHint().height() + 3 * rowHeight + 2 * m_recent->frameWidth());
    m_recent->setMaximumHeight(m_recent->header()->sizeHint().height() + RequestMatcher::RecentCount * rowHeight + 6);
    layout->addWidget(m_recent, 1);
    return group;
}

void LatencyPanel::addSample(const net::PingSample &sample, const net::PingStats &stats)
{
    m_chart->addSample(sample);
    showStats(stats);
}

void LatencyPanel::showStats(const net::PingStats &stats)
{
    const bool any = stats.received() > 0;
    m_min->setText(any ? LF::milliseconds(stats.minNs()) : QStringLiteral("—"));
    m_avg->setText(any ? LF::milliseconds(stats.avgNs()) : QStringLiteral("—"));
    m_max->setText(any ? LF::milliseconds(stats.maxNs()) : QStringLiteral("—"));
    m_p99->setText(any ? LF::milliseconds(stats.p99Ns()) : QStringLiteral("—"));
    m_jitter->setText(stats.received() > 1 ? LF::milliseconds(stats.jitterNs()) : QStringLiteral("—"));
    const int settled = stats.received() + stats.lost();
    m_loss->setText(settled ? LF::loss(stats.lossPercent(), stats.lost(), settled) : QStringLiteral("—"));
    setForeground(m_loss, stats.lost() ? Theme::errorColor(palette()) : palette().color(QPalette::WindowText));
}

void LatencyPanel::addTraffic(const net::EventBatch &batch)
{
    if (batch.isEmpty())
        return;
    m_rates.add(batch);
    m_requests.add(batch);
    m_lastTrafficNs = std::max(m_lastTrafficNs, batch.constLast().timeNs);
    m_sinceTraffic.start();
    if (!m_clock.isActive())
        m_clock.start();
    scheduleRefresh();
}

void LatencyPanel::scheduleRefresh()
{
    if (!m_refresh.isActive())
        m_refresh.start();
}

// The connection's clock is only known from its events: between batches, estimate it
// from the last event's time and the time passed since, so idle seconds show as zero.
void LatencyPanel::advanceClock()
{
    if (m_lastTrafficNs < 0 || !m_sinceTraffic.isValid())
        return;
    const qint64 idleNs = m_sinceTraffic.nsecsElapsed();
    if (idleNs > qint64(TrafficRates::MaxSeconds) * 1000000000) {
        m_clock.stop(); // the charts show nothing but zeros by now
        return;
    }
    m_rates.advanceTo((m_lastTrafficNs + idleNs) / 1000000000);
    scheduleRefresh();
}

void LatencyPanel::refreshTraffic()
{
    const QVector<TrafficSecond> &seconds = m_rates.seconds();
    // The newest second is still filling: leave it out of the chart unless it is all there is.
    const qsizetype complete = seconds.size() > 1 ? seconds.size() - 1 : seconds.size();
    QVector<double> messagesIn, messagesOut, bytesIn, bytesOut;
    messagesIn.reserve(complete);
    messagesOut.reserve(complete);
    bytesIn.reserve(complete);
    bytesOut.reserve(complete);
    for (qsizetype i = 0; i < complete; ++i) {
        const TrafficSecond &s = seconds.at(i);
        messagesIn << double(s.inMessages);
        messagesOut << double(s.outMessages);
        bytesIn << double(s.inBytes);
        bytesOut << double(s.outBytes);
    }
    m_messageChart->setSeries(messagesIn, messagesOut);
    m_byteChart->setSeries(bytesIn, bytesOut);
    const TrafficSecond last = m_rates.lastFullSecond();
    const QString in = Theme::directionGlyph(true) + QLatin1Char(' ');
    const QString out = Theme::directionGlyph(false) + QLatin1Char(' ');
    m_messagesIn->setText(in + LF::count(double(last.inMessages)));
    m_messagesOut->setText(out + LF::count(double(last.outMessages)));
    m_bytesIn->setText(in + LF::byteRate(double(last.inBytes)));
    m_bytesOut->setText(out + LF::byteRate(double(last.outBytes)));
}

void LatencyPanel::refreshRequests()
{
    const int count = m_requests.count();
    m_requestCount->setText(QString::number(count));
    m_requestPending->setText(QString::number(m_requests.pending()));
    m_requestAvg->setText(count ? LF::milliseconds(m_requests.avgNs()) : QStringLiteral("—"));
    m_requestP99->setText(count ? LF::milliseconds(m_requests.p99Ns()) : QStringLiteral("—"));
    const QVector<RequestMatch> &recent = m_requests.recent();
    // Rebuilt only when it changed: a live feed refreshes the panel ten times a second,
    // and a rebuilt list loses the row being clicked or double-clicked.
    const auto same = [](const RequestMatch &a, const RequestMatch &b) {
        return a.id == b.id && a.requestNs == b.requestNs && a.latencyNs == b.latencyNs;
    };
    if (std::equal(recent.cbegin(), recent.cend(), m_shownRecent.cbegin(), m_shownRecent.cend(), same))
        return;
    m_shownRecent = recent;
    m_recent->clear();
    // Newest on top.
    for (auto it = recent.crbegin(); it != recent.crend(); ++it) {
        // The request's time written as the log writes it, so the two can be matched by eye.
        auto *item = new QTreeWidgetItem(m_recent, {it->id, LF::milliseconds(it->latencyNs),
                                                    LogRowText::relativeTime(it->requestNs)});
        item->setData(0, Qt::UserRole, it->requestNs);
        item->setData(0, Qt::UserRole + 1, it->requestNs + it->latencyNs);
        item->setToolTip(0, tr("Double-click to select the request and its response in the log"));
        item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
        item->setTextAlignment(2, Qt::AlignRight | Qt::AlignVCenter);
    }
}

void LatencyPanel::applyIdField()
{
    QString field = m_idField->text().trimmed();
    if (field.isEmpty()) {
        field = QStringLiteral("id");
        m_idField->setText(field);
    }
    if (field == m_requests.idField())
        return;
    m_requests.setIdField(field);
    refreshRequests();
}

void LatencyPanel::clear()
{
    m_chart->clear();
    showStats(net::PingStats());
    m_rates.clear();
    m_requests.clear();
    m_lastTrafficNs = -1;
    m_sinceTraffic.invalidate();
    m_clock.stop();
    m_refresh.stop();
    refreshTraffic();
    refreshRequests();
}

void LatencyPanel::setPingInterval(int ms)
{
    const QSignalBlocker blocker(m_interval);
    m_interval->setValue(double(std::max(0, ms)) / 1000.0);
}

int LatencyPanel::pingInterval() const
{
    return int(std::lround(m_interval->value() * 1000));
}

void LatencyPanel::setPingAvailable(bool available)
{
    m_pingNow->setEnabled(available);
}

void LatencyPanel::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    // A wide dock shows the ping chart and the traffic side by side; a narrow one stacks them.
    m_columns->setDirection(width() >= SideBySideWidth ? QBoxLayout::LeftToRight : QBoxLayout::TopToBottom);
}

void LatencyPanel::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        applyColours();
}

void LatencyPanel::applyColours()
{
    const QPalette &pal = palette();
    const QList<QLabel *> labels = findChildren<QLabel *>();
    for (QLabel *label : labels) {
        if (label->property("caption").toBool())
            setForeground(label, pal.color(QPalette::PlaceholderText));
    }
    setForeground(m_messagesIn, Theme::incomingColor(pal));
    setForeground(m_bytesIn, Theme::incomingColor(pal));
    setForeground(m_messagesOut, Theme::outgoingColor(pal));
    setForeground(m_bytesOut, Theme::outgoingColor(pal));
}

} // namespace wsi::ui
