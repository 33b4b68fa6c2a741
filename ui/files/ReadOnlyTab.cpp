// SPDX-License-Identifier: MIT
#include "ui/files/ReadOnlyTab.h"

#include "ui/decode/RowDecoder.h"

#include "ui/panels/certificate/CertificatePanel.h"
#include "ui/panels/connection/ConnectionPanel.h"
#include "ui/tab/ConnectionTab.h"
#include "ui/tab/TabDocument.h"
#include "ui/panels/latency/LatencyChart.h"
#include "ui/panels/latency/LatencyPanel.h"
#include "files/session/TabStateRecorder.h"

#include "store/MessageStore.h"

#include <QDir>
#include <QFileInfo>
#include <QPointer>
#include <QTimer>

namespace wsi::ui::ReadOnlyTab {

namespace {

constexpr int TrafficRowsPerSlice = 20000;

// The latency panel's rates and request matching are fed from event batches: rebuild the
// messages' events from the log, a slice per event-loop turn so a million rows do not
// freeze the window that just opened them.
void replayTraffic(ConnectionTab *tab, int from)
{
    const log::MessageStore &store = tab->store();
    const int end = std::min(store.rowCount(), from + TrafficRowsPerSlice);
    net::EventBatch batch;
    for (int row = from; row < end; ++row) {
        const log::LogRecord &record = store.record(row);
        if (record.kind != log::LogEntryKind::Text && record.kind != log::LogEntryKind::Binary)
            continue;
        net::LogEvent event;
        event.kind = net::EventKind::Message;
        event.direction = record.direction();
        event.isText = record.kind == log::LogEntryKind::Text;
        event.timeNs = record.timeNs;
        event.wireSize = record.wireSize;
        event.length = record.payloadSize;
        event.clientId = record.clientId;
        event.payload = store.payloadCopy(row);
        batch.append(event);
    }
    tab->latencyPanel()->addTraffic(batch);
    if (end < store.rowCount()) {
        QPointer<ConnectionTab> alive(tab);
        QTimer::singleShot(0, tab, [alive, end] {
            if (alive)
                replayTraffic(alive, end);
        });
    }
}

void showPanels(ConnectionTab *tab, const log::SessionTabState &state)
{
    ConnectionPanel *connection = tab->connectionPanel();
    connection->setUrl(state.panelUrl.isEmpty() ? state.options.url : state.panelUrl);
    if (state.snapshot)
        connection->setSnapshot(*state.snapshot);
    if (state.handshake)
        connection->setHandshake(*state.handshake);
    if (state.error)
        connection->setError(*state.error);
    if (state.close)
        connection->setClose(*state.close);
    if (state.tlsReport)
        tab->certificatePanel()->setReport(*state.tlsReport);
    // The chart keeps its last MaxSamples; the figures come from the statistics.
    const QVector<net::PingSample> &samples = state.pingStats.samples();
    for (qsizetype i = std::max<qsizetype>(0, samples.size() - LatencyChart::MaxSamples); i < samples.size(); ++i)
        tab->latencyPanel()->addSample(samples[i], state.pingStats);
}

// The tab decodes as it did when saved (a .proto that no longer loads: automatic).
void restoreDecoding(RowDecoder *decoder, const log::SessionTabState &state)
{
    if (state.handshake && state.handshake->accepted)
        decoder->setSubprotocol(state.handshake->subprotocol);
    if (state.decodeAs.isEmpty())
        return;
    DecodeChoice choice;
    choice.decoder = state.decodeAs;
    choice.protoFile = state.protoFile;
    choice.incomingType = state.protoIncomingType;
    choice.outgoingType = state.protoOutgoingType;
    decoder->setChoice(choice);
}

} // namespace

ConnectionTab *create(log::SessionTab tab, const QString &banner)
{
    auto *view = new ConnectionTab(std::move(tab.store));
    view->setOptions(tab.state.options);
    view->setReadOnly(banner, tab.state.title);
    view->document()->panelState().setState(tab.state);
    restoreDecoding(view->document()->decoder(), tab.state);
    showPanels(view, tab.state);
    replayTraffic(view, 0);
    return view;
}

QString sessionBanner(const QString &path)
{
    return QStringLiteral("Opened from %1, read-only").arg(QDir::toNativeSeparators(QFileInfo(path).fileName()));
}

QString harBanner(const QString &path)
{
    return QStringLiteral("Imported from %1 (HAR), read-only").arg(QDir::toNativeSeparators(QFileInfo(path).fileName()));
}

} // namespace wsi::ui::ReadOnlyTab
