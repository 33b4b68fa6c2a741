// SPDX-License-Identifier: MIT
#include "ui/tab/ConnectionTab.h"

#include "ui/panels/certificate/CertificatePanel.h"
#include "ui/composer/ComposerWidget.h"
#include "ui/tab/ConnectionBar.h"
#include "ui/tab/ConnectionOptionsDialog.h"
#include "ui/panels/connection/ConnectionPanel.h"
#include "ui/panels/latency/LatencyPanel.h"
#include "ui/log/LogLimiter.h"
#include "ui/log/LogView.h"
#include "ui/log/MessageLogModel.h"
#include "ui/tab/PanelStateRecorder.h"

#include "store/LogLimits.h"
#include "store/MessageStore.h"
#include "files/session/SessionTab.h"
#include "net/Connection.h"
#include "net/ConnectionThread.h"

#include <QDateTime>
#include <QLabel>
#include <QSplitter>
#include <QTimer>
#include <QVBoxLayout>

namespace wsi::ui {

ConnectionTab::ConnectionTab(QWidget *parent) : ConnectionTab(std::make_unique<log::MessageStore>(), parent) {}

ConnectionTab::ConnectionTab(std::unique_ptr<log::MessageStore> store, QWidget *parent)
    : QWidget(parent),
      m_store(std::move(store)),
      m_bar(new ConnectionBar(this)),
      m_log(new LogView(m_store.get(), this)),
      m_composer(new ComposerWidget(this)),
      m_connectionPanel(new ConnectionPanel),
      m_certificatePanel(new CertificatePanel),
      m_latencyPanel(new LatencyPanel),
      m_clock(new QTimer(this)),
      m_showTimer(new QTimer(this)),
      m_recorder(new PanelStateRecorder(this))
{
    // Batches arrive ~60 times a second; the log is shown at most every ShowIntervalMs, so
    // a firehose costs one layout and paint per frame, not one per batch.
    m_showTimer->setSingleShot(true);
    connect(m_showTimer, &QTimer::timeout, this, &ConnectionTab::showPendingBatches);
    net::Connection::registerMetaTypes();
    m_options.applyEnvironmentDefaults();

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_log);
    splitter->addWidget(m_composer);
    splitter->setStretchFactor(0, 4);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_bar);
    layout->addWidget(splitter, 1);

    m_composer->setConnected(false);
    m_latencyPanel->setPingAvailable(false);
    m_clock->setInterval(1000);
    connect(m_clock, &QTimer::timeout, this, &ConnectionTab::updateClock);
    connect(m_bar, &ConnectionBar::connectRequested, this, &ConnectionTab::connectTo);
    connect(m_bar, &ConnectionBar::disconnectRequested, this, &ConnectionTab::disconnectFromServer);
    connect(m_bar, &ConnectionBar::optionsRequested, this, &ConnectionTab::editOptions);
    m_limiter = new LogLimiter(m_log, [this] { return sessionState(); }, this);
    connect(m_log, &LogView::clearRequested, this, [this] {
        m_log->clear();
        m_limiter->clear();
    });
    connect(m_latencyPanel, &LatencyPanel::pingRequested, this, [this] {
        const QByteArray payload = QByteArray::number(QDateTime::currentMSecsSinceEpoch());
        post([payload](net::Connection *connection) { connection->sendPing(payload); });
    });
    connect(m_latencyPanel, &LatencyPanel::pingIntervalChanged, this, [this](int ms) {
        m_options.pingIntervalMs = ms;
        post([ms](net::Connection *connection) { connection->setPingInterval(ms); });
    });
    wireComposer();
}

ConnectionTab::~ConnectionTab()
{
    m_thread.reset(); // joins the worker before the panels it reports to go away
    m_pendingBatches.clear();
    delete m_connectionPanel;
    delete m_certificatePanel;
    delete m_latencyPanel;
}

template <typename Call> void ConnectionTab::post(Call call)
{
    if (!m_thread)
        return;
    net::Connection *connection = m_thread->connection();
    QMetaObject::invokeMethod(connection, [connection, call] { call(connection); }, Qt::QueuedConnection);
}

void ConnectionTab::wireComposer()
{
    connect(m_composer, &ComposerWidget::sendTextRequested, this, [this](const QByteArray &text, int fragments) {
        post([text, fragments](net::Connection *connection) { connection->sendText(text, fragments); });
    });
    connect(m_composer, &ComposerWidget::sendBinaryRequested, this, [this](const QByteArray &data, int fragments) {
        post([data, fragments](net::Connection *connection) { connection->sendBinary(data, fragments); });
    });
    connect(m_composer, &ComposerWidget::pingRequested, this, [this](const QByteArray &payload) {
        post([payload](net::Connection *connection) { connection->sendPing(payload); });
    });
    connect(m_composer, &ComposerWidget::pongRequested, this, [this](const QByteArray &payload) {
        post([payload](net::Connection *connection) { connection->sendPong(payload); });
    });
    connect(m_composer, &ComposerWidget::closeRequested, this, [this](int code, const QString &reason) {
        post([code, reason](net::Connection *connection) { connection->close(code, reason); });
    });
    connect(m_composer, &ComposerWidget::rawFrameRequested, this, [this](const protocol::RawFrame &frame) {
        post([frame](net::Connection *connection) { connection->sendRawFrame(frame); });
    });
    connect(m_composer, &ComposerWidget::autoPongChanged, this, [this](bool enabled) {
        m_options.autoPong = enabled;
        post([enabled](net::Connection *connection) { connection->setAutoPong(enabled); });
    });
}

void ConnectionTab::setOptions(const net::ConnectionOptions &options)
{
    m_options = options;
    m_bar->setUrl(options.url);
    m_latencyPanel->setPingInterval(options.pingIntervalMs);
    m_composer->setAutoPong(options.autoPong);
}

QString ConnectionTab::title() const
{
    if (!m_readOnlyTitle.isEmpty())
        return m_readOnlyTitle;
    const net::ValidationResult checked = net::validateUrl(m_bar->url());
    if (!checked.ok)
        return tr("New connection");
    return checked.target.hostHeader.isEmpty() ? m_bar->url() : QString::fromUtf8(checked.target.hostHeader);
}

log::SessionTabState ConnectionTab::sessionState()
{
    showPendingBatches();
    log::SessionTabState state = m_recorder->state();
    state.title = title();
    if (!m_readOnly) {
        state.options = m_options;
        state.options.url = m_bar->url();
        const net::ValidationResult checked = net::validateUrl(state.options.url);
        state.panelUrl = checked.ok ? checked.target.displayUrl : QString();
    }
    return state;
}

void ConnectionTab::setReadOnly(const QString &banner, const QString &title)
{
    m_readOnly = true;
    m_readOnlyTitle = title;
    auto *label = new QLabel(banner, this);
    label->setObjectName(QStringLiteral("readOnlyBanner"));
    label->setContentsMargins(8, 4, 8, 4);
    label->setAutoFillBackground(true);
    label->setBackgroundRole(QPalette::AlternateBase);
    static_cast<QVBoxLayout *>(layout())->insertWidget(0, label);
    m_bar->setEnabled(false);
    m_composer->setConnected(false);
    m_composer->setEnabled(false);
    m_latencyPanel->setPingAvailable(false);
    Q_EMIT titleChanged(this->title());
}

void ConnectionTab::editOptions()
{
    ConnectionOptionsDialog dialog(this);
    net::ConnectionOptions current = m_options;
    current.url = m_bar->url();
    dialog.setOptions(current);
    if (dialog.exec() == QDialog::Accepted)
        setOptions(dialog.options());
}

void ConnectionTab::connectTo(const QString &url)
{
    if (m_readOnly)
        return;
    net::ConnectionOptions options = m_options;
    options.url = url.trimmed();
    m_bar->setUrl(options.url);
    // Refuse a bad URL or option before any I/O, with the reason in plain words.
    const net::ValidationResult checked = net::validateOptions(options);
    if (!checked.ok) {
        net::ConnectionError error;
        error.phase = net::ErrorPhase::Options;
        error.message = checked.message;
        m_bar->setError(checked.message);
        m_connectionPanel->setError(error);
        return;
    }
    m_options = options;
    Q_EMIT urlUsed(options.url);
    Q_EMIT titleChanged(title());

    m_thread.reset();
    showPendingBatches();
    m_connectionPanel->clear();
    m_connectionPanel->setUrl(checked.target.displayUrl);
    m_certificatePanel->clear();
    m_latencyPanel->clear();
    m_recorder->reset();
    m_store->setStartedAt(QDateTime::currentDateTime());
    auto *connection = new net::Connection(options);
    wireConnection(connection);
    m_thread = std::make_unique<net::ConnectionThread>(connection);
    m_sinceStart.start();
    m_clock->start();
    m_thread->open();
}

void ConnectionTab::disconnectFromServer()
{
    if (m_state == net::ConnectionState::Open)
        post([](net::Connection *connection) { connection->close(1000, QString()); });
    else
        post([](net::Connection *connection) { connection->abort(); });
}

void ConnectionTab::wireConnection(net::Connection *connection)
{
    // Queued: the connection lives on its worker thread.
    connect(connection, &net::Connection::eventsReady, this, &ConnectionTab::onEvents);
    m_recorder->watch(connection);
    // Everything else is shown after the batches that came before it, so the log and the
    // panels tell the same story.
    connect(connection, &net::Connection::stateChanged, this, [this](net::ConnectionState state, qint64) {
        showPendingBatches();
        onStateChanged(state);
    });
    connect(connection, &net::Connection::snapshotChanged, this, [this](const net::ConnectionSnapshot &snapshot) {
        m_connectionPanel->setSnapshot(snapshot);
        m_bar->setElapsed(snapshot.elapsedNs);
    });
    connect(connection, &net::Connection::handshakeFinished, this, [this](const net::HandshakeInfo &info) {
        showPendingBatches();
        m_connectionPanel->setHandshake(info);
    });
    connect(connection, &net::Connection::tlsReportReady, this, [this](const net::TlsReport &report) {
        showPendingBatches();
        m_certificatePanel->setReport(report);
    });
    connect(connection, &net::Connection::latencySample, this,
            [this](const net::PingSample &sample, const net::PingStats &stats) {
                showPendingBatches();
                m_latencyPanel->addSample(sample, stats);
            });
    connect(connection, &net::Connection::errorOccurred, this, [this](const net::ConnectionError &error) {
        showPendingBatches();
        onError(error);
    });
    connect(connection, &net::Connection::closed, this, [this](const net::CloseInfo &info) {
        showPendingBatches();
        m_connectionPanel->setClose(info);
    });
}

void ConnectionTab::onEvents(const net::EventBatch &batch)
{
    m_pendingBatches.append(batch);
    if (m_showTimer->isActive())
        return;
    const qint64 sinceShown = m_lastShown.isValid() ? m_lastShown.elapsed() : ShowIntervalMs;
    if (sinceShown >= ShowIntervalMs)
        showPendingBatches();
    else
        m_showTimer->start(int(ShowIntervalMs - sinceShown));
}

void ConnectionTab::showPendingBatches()
{
    m_showTimer->stop();
    if (m_pendingBatches.isEmpty())
        return;
    m_lastShown.start();
    for (const net::EventBatch &batch : std::as_const(m_pendingBatches)) {
        m_log->model()->append(batch);
        m_latencyPanel->addTraffic(batch);
    }
    m_pendingBatches.clear();
    m_limiter->enforce();
    m_log->rowsAppended();
}

void ConnectionTab::setLogLimits(const log::LogLimits &limits)
{
    if (!m_readOnly)
        m_limiter->setLimits(limits);
}

void ConnectionTab::onStateChanged(net::ConnectionState state)
{
    m_state = state;
    m_bar->setState(state);
    const bool open = state == net::ConnectionState::Open;
    m_composer->setConnected(open);
    m_latencyPanel->setPingAvailable(open);
    if (state == net::ConnectionState::Closed)
        m_clock->stop();
}

void ConnectionTab::onError(const net::ConnectionError &error)
{
    m_bar->setError(error.message);
    m_connectionPanel->setError(error);
}

void ConnectionTab::updateClock()
{
    if (m_state == net::ConnectionState::Open)
        m_bar->setElapsed(m_sinceStart.nsecsElapsed());
}

} // namespace wsi::ui
