// SPDX-License-Identifier: MIT
#pragma once
// The latency panel: the live chart of ping round trips with min, avg, max, p99, jitter and
// loss, the keepalive interval and a "Ping now" button; beside it the message and byte
// rates each way, and request/response latency of JSON messages matched by an id field
// the user names (JSON-RPC's "id" by default). Fed by the tab (TrafficTab) (ping samples as
// they settle, every event batch); repaints at most ten times a second. UI thread only.
#include "ui/panels/latency/RequestMatcher.h"
#include "ui/panels/latency/TrafficRates.h"
#include "net/LogEvent.h"
#include "net/PingStats.h"

#include <QElapsedTimer>
#include <QTimer>
#include <QWidget>

class QBoxLayout;
class QDoubleSpinBox;
class QGridLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QTreeWidget;

namespace wsi::ui {

class LatencyChart;
class RateChart;

class LatencyPanel : public QWidget
{
    Q_OBJECT
public:
    explicit LatencyPanel(QWidget *parent = nullptr);

    // One settled ping (answered or lost) and the connection's statistics after it.
    void addSample(const wsi::net::PingSample &sample, const wsi::net::PingStats &stats);
    // Every batch the connection reports: counted into the rates and the request matcher.
    void addTraffic(const wsi::net::EventBatch &batch);
    void clear();

    // Shows the connection's keepalive interval (0: off) without emitting pingIntervalChanged.
    void setPingInterval(int ms);
    int pingInterval() const;
    // "Ping now" is only offered while the connection is open.
    void setPingAvailable(bool available);

    const LatencyChart *chart() const { return m_chart; }
    const TrafficRates &trafficRates() const { return m_rates; }
    const RequestMatcher &requestMatcher() const { return m_requests; }
    // Pairs requests by what the tab's decoder reads (RequestMatcher::setCorrelator).
    void setCorrelator(RequestMatcher::Correlator correlator) { m_requests.setCorrelator(std::move(correlator)); }

Q_SIGNALS:
    // The user changed the keepalive interval (ms; 0: no keepalive pings).
    void pingIntervalChanged(int ms);
    // The user asked for one ping now.
    void pingRequested();
    // A request -> response pair was double-clicked: the log shows both rows (times on the
    // log's time line).
    void requestPairActivated(qint64 requestNs, qint64 responseNs);

protected:
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    QWidget *createPingGroup();
    QWidget *createTrafficGroup();
    QWidget *createRequestGroup();
    QLabel *addFigure(QGridLayout *grid, int row, int column, const QString &title, const QString &name);
    void showStats(const net::PingStats &stats);
    void scheduleRefresh();
    void refreshTraffic();
    void refreshRequests();
    void advanceClock();
    void applyIdField();
    void applyColours();

    LatencyChart *m_chart = nullptr;
    RateChart *m_messageChart = nullptr;
    RateChart *m_byteChart = nullptr;
    QBoxLayout *m_columns = nullptr;
    QLabel *m_min = nullptr;
    QLabel *m_avg = nullptr;
    QLabel *m_max = nullptr;
    QLabel *m_p99 = nullptr;
    QLabel *m_jitter = nullptr;
    QLabel *m_loss = nullptr;
    QDoubleSpinBox *m_interval = nullptr;
    QPushButton *m_pingNow = nullptr;
    QLabel *m_messagesIn = nullptr;
    QLabel *m_messagesOut = nullptr;
    QLabel *m_bytesIn = nullptr;
    QLabel *m_bytesOut = nullptr;
    QLineEdit *m_idField = nullptr;
    QLabel *m_requestCount = nullptr;
    QLabel *m_requestPending = nullptr;
    QLabel *m_requestAvg = nullptr;
    QLabel *m_requestP99 = nullptr;
    QTreeWidget *m_recent = nullptr;

    TrafficRates m_rates;
    RequestMatcher m_requests;
    QVector<RequestMatch> m_shownRecent; // what m_recent lists
    QTimer m_refresh;        // coalesces traffic updates: at most ten a second
    QTimer m_clock;          // moves the rate charts on when traffic pauses
    QElapsedTimer m_sinceTraffic;
    qint64 m_lastTrafficNs = -1;
};

} // namespace wsi::ui
