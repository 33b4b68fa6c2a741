// SPDX-License-Identifier: MIT
#include "ui/tab/TrafficTab.h"

#include "ui/composer/ComposerWidget.h"
#include "ui/composer/Resend.h"
#include "ui/log/LogLimiter.h"
#include "ui/log/LogView.h"
#include "ui/panels/certificate/CertificatePanel.h"
#include "ui/panels/connection/ConnectionPanel.h"
#include "ui/panels/latency/LatencyPanel.h"
#include "ui/decode/RowDecoder.h"
#include "files/session/TabStateRecorder.h"
#include "ui/tab/TabDocument.h"

#include "files/session/SessionTab.h"
#include "store/LogLimits.h"
#include "store/MessageStore.h"

#include <QDateTime>
#include <QLabel>
#include <QSplitter>
#include <QVBoxLayout>

namespace wsi::ui {

TrafficTab::TrafficTab(std::unique_ptr<log::MessageStore> store, QWidget *parent)
    : QWidget(parent),
      m_document(new TabDocument(std::move(store), this)),
      m_log(new LogView(m_document->model(), this)),
      m_composer(new ComposerWidget(this)),
      m_connectionPanel(new ConnectionPanel),
      m_certificatePanel(new CertificatePanel),
      m_latencyPanel(new LatencyPanel),
      m_layout(new QVBoxLayout(this)),
      m_splitter(new QSplitter(Qt::Vertical, this))
{
    QSplitter *splitter = m_splitter;
    splitter->addWidget(m_log);
    splitter->addWidget(m_composer);
    splitter->setStretchFactor(0, 4);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);
    m_layout->setContentsMargins(0, 0, 0, 0);
    m_layout->setSpacing(0);
    m_layout->addWidget(splitter, 1);

    m_composer->setConnected(false);
    m_latencyPanel->setPingAvailable(false);

    connect(m_document, &TabDocument::rowsShown, m_latencyPanel, &LatencyPanel::addTraffic);
    m_latencyPanel->setCorrelator(
        [decoder = m_document->decoder()](const net::LogEvent &event) { return decoder->correlationOf(event); });
    connect(m_latencyPanel, &LatencyPanel::requestPairActivated, this, &TrafficTab::selectRequestPair);
    connect(m_document, &TabDocument::rowsAppended, m_log, &LogView::rowsAppended);
    connect(m_document, &TabDocument::updateShown, this, &TrafficTab::showUpdate);
    connect(m_document, &TabDocument::oldestRowsLeaving, m_log, &LogView::oldestRowsLeaving);
    connect(m_document, &TabDocument::oldestRowsLeft, m_log, &LogView::oldestRowsLeft);
    connect(m_document, &TabDocument::logCleared, m_log, &LogView::logCleared);
    connect(m_log, &LogView::clearRequested, m_document, &TabDocument::clearLog);

    LogLimiter *limiter = m_document->limiter();
    limiter->setStateSource([this] { return sessionState(); });
    connect(limiter, &LogLimiter::bannerChanged, m_log, &LogView::setLimitBanner);
    connect(limiter, &LogLimiter::spilledRowsRead, this, &TrafficTab::spilledRowsOpened);
    connect(m_log, &LogView::limitLinkActivated, limiter, [limiter](const QString &link) {
        if (link == QLatin1String("open"))
            limiter->openSpilled();
    });

    connect(m_latencyPanel, &LatencyPanel::pingRequested, this, [this] {
        const QByteArray payload = QByteArray::number(QDateTime::currentMSecsSinceEpoch());
        m_document->post([payload](net::TrafficSource *source) { source->sendPing(payload); });
    });
    connect(m_latencyPanel, &LatencyPanel::pingIntervalChanged, this, [this](int ms) {
        m_document->post([ms](net::TrafficSource *source) { source->setPingInterval(ms); });
    });
    wireComposer();
}

TrafficTab::~TrafficTab()
{
    m_document->detach(); // joins the worker before the panels it reports to go away
    delete m_connectionPanel;
    delete m_certificatePanel;
    delete m_latencyPanel;
}

const log::MessageStore &TrafficTab::store() const
{
    return m_document->store();
}

LogLimiter *TrafficTab::logLimiter() const
{
    return m_document->limiter();
}

void TrafficTab::setHeader(QWidget *header)
{
    m_layout->insertWidget(0, header);
}

void TrafficTab::setComposerArea(QWidget *area)
{
    // The area takes the composer's place (and size); the caller puts the composer in it.
    m_splitter->replaceWidget(m_splitter->indexOf(m_composer), area);
}

// The request (a text message sent at requestNs) and its response (one received at
// responseNs): rows are in time order, and recent pairs are near the end.
void TrafficTab::selectRequestPair(qint64 requestNs, qint64 responseNs)
{
    const log::MessageStore &store = m_document->store();
    int request = -1;
    int response = -1;
    for (int row = store.rowCount() - 1; row >= 0 && (request < 0 || response < 0); --row) {
        const log::LogRecord &record = store.record(row);
        if (record.timeNs < requestNs)
            break;
        if (record.kind != log::LogEntryKind::Text)
            continue;
        if (response < 0 && record.timeNs == responseNs && record.direction() == net::EventDirection::Incoming)
            response = row;
        else if (request < 0 && record.timeNs == requestNs && record.direction() == net::EventDirection::Outgoing)
            request = row;
    }
    QVector<int> rows;
    for (int row : {request, response}) {
        if (row >= 0)
            rows << row;
    }
    m_log->selectStoreRows(rows);
}

qint64 TrafficTab::rowsLogged() const
{
    return m_document->store().firstRowNumber() + m_document->store().rowCount();
}

bool TrafficTab::hasUnsavedRows() const
{
    return !isReadOnly() && rowsLogged() > m_savedThrough;
}

void TrafficTab::wireComposer()
{
    TabDocument *document = m_document;
    // A resend (resendOf > 0) tells the document which row the source is about to log, so
    // that row links to the one it sends again.
    connect(m_composer, &ComposerWidget::sendTextRequested, this, [this, document](const QByteArray &typed, int fragments, qint64 resendOf) {
        // {{name}} of the active environment: the log shows what went out.
        const QByteArray text = m_environment ? m_environment->substitute(QString::fromUtf8(typed)).toUtf8() : typed;
        if (resendOf)
            document->expectResend(log::LogEntryKind::Text, text, resendOf);
        document->post([text, fragments](net::TrafficSource *source) { source->sendText(text, fragments); });
    });
    connect(m_composer, &ComposerWidget::sendBinaryRequested, this, [document](const QByteArray &data, int fragments, qint64 resendOf) {
        if (resendOf)
            document->expectResend(log::LogEntryKind::Binary, data, resendOf);
        document->post([data, fragments](net::TrafficSource *source) { source->sendBinary(data, fragments); });
    });
    connect(m_composer, &ComposerWidget::pingRequested, this, [document](const QByteArray &payload, qint64 resendOf) {
        if (resendOf)
            document->expectResend(log::LogEntryKind::Ping, payload, resendOf);
        document->post([payload](net::TrafficSource *source) { source->sendPing(payload); });
    });
    connect(m_composer, &ComposerWidget::pongRequested, this, [document](const QByteArray &payload, qint64 resendOf) {
        if (resendOf)
            document->expectResend(log::LogEntryKind::Pong, payload, resendOf);
        document->post([payload](net::TrafficSource *source) { source->sendPong(payload); });
    });
    connect(m_composer, &ComposerWidget::closeRequested, this, [document](int code, const QString &reason, qint64 resendOf) {
        if (resendOf)
            document->expectResend(log::LogEntryKind::Close, reason.toUtf8(), resendOf);
        document->post([code, reason](net::TrafficSource *source) { source->close(code, reason); });
    });
    connect(m_composer, &ComposerWidget::rawFrameRequested, this, [document](const protocol::RawFrame &frame, qint64 resendOf) {
        if (resendOf) {
            const QByteArray payload(frame.payload.data(), qsizetype(frame.payload.size()));
            document->expectResend(log::rowKindOfLoneFrame(frame.header.opcode), payload, resendOf);
        }
        document->post([frame](net::TrafficSource *source) { source->sendRawFrame(frame); });
    });
    connect(m_composer, &ComposerWidget::autoPongChanged, this, [document](bool enabled) {
        document->post([enabled](net::TrafficSource *source) { source->setAutoPong(enabled); });
    });
    connect(m_log, &LogView::resendRequested, this, [this](int storeRow, int frameIndex, bool edit) {
        const Resend resend = resendOfRow(m_document->store(), storeRow, frameIndex);
        if (edit)
            m_composer->editResend(resend);
        else
            m_composer->resend(resend);
    });
}

void TrafficTab::showUpdate(const net::SourceReport &update)
{
    std::visit(net::Overloaded{
                   [this](const net::StateReport &report) { onStateChanged(report.state); },
                   [this](const net::ConnectionSnapshot &snapshot) { m_connectionPanel->setSnapshot(snapshot); },
                   [this](const net::HandshakeInfo &info) { m_connectionPanel->setHandshake(info); },
                   [this](const net::TlsReport &report) { m_certificatePanel->setReport(report); },
                   [this](const net::PingReport &report) { m_latencyPanel->addSample(report.sample, report.stats); },
                   [this](const net::ConnectionError &error) { m_connectionPanel->setError(error); },
                   [this](const net::CloseInfo &info) { m_connectionPanel->setClose(info); },
                   [](const auto &) {},
               },
               update);
}

void TrafficTab::onStateChanged(net::ConnectionState state)
{
    m_state = state;
    const bool open = state == net::ConnectionState::Open;
    const net::SourceCapabilities can = m_document->capabilities();
    m_composer->setConnected(open && can.sendsMessages);
    // While nothing is connected a frame may be prepared for any version: only a live
    // source of the hixie drafts takes the control frames and raw frames away.
    const bool live = state != net::ConnectionState::Idle && state != net::ConnectionState::Closed;
    m_composer->setFrameCapabilities(!live || can.sendsControlFrames, !live || can.sendsRawFrames);
    m_latencyPanel->setPingAvailable(open && can.pings);
}

log::SessionTabState TrafficTab::sessionState()
{
    m_document->showPendingReports();
    log::SessionTabState state = m_document->panelState().state();
    state.title = isReadOnly() ? readOnlyTitle() : title(); // saved without "· read-only"
    const DecodeChoice &decodeAs = m_document->decoder()->choice();
    state.decodeAs = decodeAs.decoder;
    state.protoFile = decodeAs.protoFile;
    state.protoIncomingType = decodeAs.incomingType;
    state.protoOutgoingType = decodeAs.outgoingType;
    if (!m_readOnly)
        fillSessionState(state);
    return state;
}

void TrafficTab::setReadOnly(const QString &banner, const QString &title)
{
    m_readOnly = true;
    m_readOnlyTitle = title;
    auto *label = new QLabel(banner, this);
    label->setObjectName(QStringLiteral("readOnlyBanner"));
    label->setContentsMargins(8, 4, 8, 4);
    label->setAutoFillBackground(true);
    label->setBackgroundRole(QPalette::AlternateBase);
    m_layout->insertWidget(0, label);
    m_composer->setConnected(false);
    m_composer->setEnabled(false);
    m_log->setResendEnabled(false);
    m_latencyPanel->setPingAvailable(false);
    enterReadOnly();
    Q_EMIT titleChanged(this->title());
}

void TrafficTab::setReceiveOnly(bool receiveOnly)
{
    m_receiveOnly = receiveOnly;
    // The splitter gives a hidden widget's room (and its handle) to the log.
    m_composer->setVisible(!receiveOnly);
    m_log->setResendEnabled(!receiveOnly && !m_readOnly);
}

void TrafficTab::setLogLimits(const log::LogLimits &limits)
{
    if (!m_readOnly)
        m_document->limiter()->setLimits(limits);
}

} // namespace wsi::ui
