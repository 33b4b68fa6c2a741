// SPDX-License-Identifier: MIT
#include "ui/socketio/SocketIoTab.h"

#include "ui/composer/ComposerWidget.h"
#include "ui/panels/connection/ConnectionPanel.h"
#include "ui/socketio/SocketIoEmitBar.h"
#include "ui/socketio/SocketIoJoinBar.h"
#include "ui/tab/ConnectionBar.h"
#include "ui/tab/TabDocument.h"

#include "decode/JsonPayload.h"
#include "net/source/TrafficSource.h"
#include "socketio/SocketIoAddress.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QSignalBlocker>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace wsi::ui {

using socketio::SocketIoEvent;
using socketio::SocketIoSession;

namespace {

const QString DefaultPath = QStringLiteral("/socket.io/");

QString compact(const QJsonValue &value)
{
    return QString::fromUtf8(decode::jsonText(value));
}

} // namespace

SocketIoTab::SocketIoTab(QWidget *parent)
    : ConnectionTab(parent), m_join(new SocketIoJoinBar(this)), m_emit(new SocketIoEmitBar(this)), m_tick(new QTimer(this))
{
    // Under the URL bar (setHeader puts each at the top): the join settings, then Emit.
    auto *strip = new QWidget(this);
    auto *layout = new QVBoxLayout(strip);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(bar());
    layout->addWidget(m_join);
    setHeader(strip);
    // The composer's place holds two modes: Emit (Socket.IO events, the default) and the
    // raw composer (any Engine.IO or WebSocket message by hand).
    m_composerModes = new QTabWidget(this);
    m_composerModes->setObjectName(QStringLiteral("socketIoComposerModes"));
    m_composerModes->setDocumentMode(true);
    setComposerArea(m_composerModes);
    auto *emitPage = new QWidget;
    auto *emitLayout = new QVBoxLayout(emitPage);
    emitLayout->setContentsMargins(0, 6, 0, 0);
    emitLayout->addWidget(m_emit);
    auto *hint = new QLabel(tr("Every event the server sends is in the log as the Engine.IO frame that carried it "
                               "(42[\"event\", …]; a binary one is followed by its attachments). Acks come back as 43 "
                               "frames; their round trip is shown here and as an info row. Pings are answered by "
                               "themselves."),
                            emitPage);
    hint->setWordWrap(true);
    hint->setForegroundRole(QPalette::PlaceholderText);
    hint->setContentsMargins(6, 4, 6, 0);
    emitLayout->addWidget(hint);
    emitLayout->addStretch(1);
    m_composerModes->addTab(emitPage, tr("Emit"));
    // In a page of its own: TrafficTab shows and hides the composer itself, which would
    // override the tab widget's hiding of a page that is not current.
    auto *rawPage = new QWidget;
    auto *rawLayout = new QVBoxLayout(rawPage);
    rawLayout->setContentsMargins(0, 0, 0, 0);
    rawLayout->addWidget(composer());
    m_composerModes->addTab(rawPage, tr("Raw message"));
    bar()->urlField()->lineEdit()->setPlaceholderText(tr("http://host:port or https://… (the Socket.IO server)"));
    bar()->urlField()->setToolTip(tr("The Socket.IO server's http(s) URL, as socket.io's client takes it; a path beyond "
                                     "it is a namespace. Press Enter to connect."));
    connect(document(), &TabDocument::rowsShown, this, &SocketIoTab::onRowsShown);
    connect(m_emit, &SocketIoEmitBar::emitRequested, this, &SocketIoTab::emitEvent);
    connect(m_tick, &QTimer::timeout, this, [this] {
        if (m_session)
            m_session->tick(m_clock.elapsed());
    });
}

SocketIoTab::~SocketIoTab()
{
    // ~TrafficTab shows the source's last rows while this part of the tab is gone already:
    // they no longer reach the session.
    disconnect(document(), nullptr, this, nullptr);
    m_tick->stop();
    m_session.reset();
}

QString SocketIoTab::title() const
{
    return tr("Socket.IO · %1").arg(ConnectionTab::title());
}

QString SocketIoTab::connectTo(const QString &url)
{
    if (isReadOnly())
        return tr("the tab is read-only");
    const QString typed = url.trimmed();
    QString error;
    const std::optional<QJsonValue> auth = m_join->auth(&error);
    if (!error.isEmpty()) {
        refuse(error);
        return error;
    }
    const int version = m_join->engineIoVersion();
    const std::optional<socketio::SocketIoAddress> address = socketio::socketIoAddress(typed, DefaultPath, version, &error);
    if (!address) {
        refuse(error);
        return error;
    }
    SocketIoSession::Settings settings;
    settings.engineIoVersion = version;
    settings.namespaces = m_join->namespaces();
    if (address->nameSpace != QLatin1String("/") && !settings.namespaces.contains(address->nameSpace))
        settings.namespaces.append(address->nameSpace);
    settings.auth = auth;

    // The previous session stops reading before its source's last rows are shown.
    m_session.reset();
    m_tick->stop();
    m_sid.clear();
    m_joined.clear();
    m_emit->setNamespaces({});
    m_join->setSummary(QString());
    QString refused;
    {
        // The window's history keeps the http(s) URL the user typed, not the transport's.
        const QSignalBlocker quiet(this);
        refused = ConnectionTab::connectTo(address->webSocketUrl);
    }
    // The bar keeps what the user typed; the log's attempt row names the transport's URL.
    bar()->setUrl(typed);
    Q_EMIT titleChanged(title());
    if (!refused.isEmpty())
        return refused;
    Q_EMIT urlUsed(typed);
    m_settings = settings;
    startSession();
    return {};
}

void SocketIoTab::startSession()
{
    m_clock.start();
    m_awaitedAcks.clear();
    m_sid.clear();
    m_session = std::make_unique<SocketIoSession>(
        m_settings, SocketIoSession::Output{
                        [this](const QByteArray &text) { document()->post([text](net::TrafficSource *source) { source->sendText(text); }); },
                        [this](const QByteArray &bytes) { document()->post([bytes](net::TrafficSource *source) { source->sendBinary(bytes); }); },
                        [this](const SocketIoEvent &event) { onSessionEvent(event); },
                        [this](const QString &why) { onSessionFailed(why); }});
    m_join->setSummary(tr("opening the Engine.IO session…"));
}

void SocketIoTab::refuse(const QString &why)
{
    bar()->setError(why);
    m_join->setSummary(QStringLiteral("✗ ") + why);
}

void SocketIoTab::onRowsShown(const net::EventBatch &rows)
{
    for (const net::LogEvent &row : rows) {
        m_lastShownNs = row.timeNs;
        if (!m_session || row.kind != net::EventKind::Message || row.direction != net::EventDirection::Incoming)
            continue;
        if (row.isText)
            m_session->receiveText(row.payload, m_clock.elapsed());
        else
            m_session->receiveBinary(row.payload, m_clock.elapsed());
    }
}

void SocketIoTab::showUpdate(const net::SourceReport &update)
{
    ConnectionTab::showUpdate(update);
    const auto *state = std::get_if<net::StateReport>(&update);
    if (!state)
        return;
    if (state->state == net::ConnectionState::Open && m_session) {
        m_tick->start(int(std::max<qint64>(100, m_session->nextTickMs())));
    } else if (state->state == net::ConnectionState::Closed) {
        m_tick->stop();
        m_joined.clear();
        m_emit->setNamespaces({});
        if (m_session) {
            const bool failed = m_join->summary().startsWith(QStringLiteral("✗"));
            const QString summary = m_join->summary();
            startSession(); // a reconnect of the source opens a new Engine.IO session
            m_join->setSummary(failed ? summary : tr("closed"));
        }
    }
}

bool SocketIoTab::emitEvent(const QString &nameSpace, const QString &event, const QJsonArray &args, bool wantAck)
{
    if (!m_session || !m_joined.contains(nameSpace)) {
        m_emit->setStatus(tr("✗ %1 is not joined: connect first").arg(nameSpace));
        return false;
    }
    const qint64 ackId = m_session->emitEvent(nameSpace, event, args, wantAck, m_clock.elapsed());
    m_emit->setStatus(ackId >= 0 ? tr("emitted %1, waiting for ack %2…").arg(event).arg(ackId) : tr("emitted %1").arg(event));
    if (ackId >= 0) {
        m_awaitedAcks.insert(ackId, event);
        const SocketIoSession *session = m_session.get();
        QTimer::singleShot(m_ackWaitMs, this, [this, session, ackId] {
            if (session != m_session.get() || !m_awaitedAcks.contains(ackId))
                return;
            const QString line = tr("no ack %1 for %2 within %3 ms").arg(ackId).arg(m_awaitedAcks.value(ackId)).arg(m_ackWaitMs);
            m_emit->setStatus(line);
            logInfo(tr("Socket.IO: %1").arg(line));
        });
    }
    return true;
}

void SocketIoTab::onSessionEvent(const SocketIoEvent &event)
{
    switch (event.kind) {
    case SocketIoEvent::Kind::Open:
        m_sid = event.sid;
        break;
    case SocketIoEvent::Kind::Connect:
        if (!m_joined.contains(event.nameSpace))
            m_joined << event.nameSpace;
        m_emit->setNamespaces(m_joined);
        break;
    case SocketIoEvent::Kind::ConnectError:
        logInfo(tr("Socket.IO: the server refused the namespace %1: %2").arg(event.nameSpace, compact(event.data)));
        m_emit->setStatus(tr("%1 refused: %2").arg(event.nameSpace, compact(event.data)));
        break;
    case SocketIoEvent::Kind::Ack:
        m_awaitedAcks.remove(event.ackId);
        if (event.rttMs >= 0) {
            const QString line = tr("ack %1 after %2 ms: %3").arg(event.ackId).arg(event.rttMs).arg(compact(event.args));
            m_emit->setStatus(line);
            logInfo(tr("Socket.IO %1").arg(line));
        }
        break;
    case SocketIoEvent::Kind::Disconnect:
        m_joined.removeAll(event.nameSpace);
        m_emit->setNamespaces(m_joined);
        logInfo(tr("Socket.IO: the server disconnected the namespace %1").arg(event.nameSpace));
        break;
    case SocketIoEvent::Kind::Event:
    case SocketIoEvent::Kind::Close:
        break;
    }
    showSession();
}

void SocketIoTab::showSession()
{
    const int pingMs = m_session ? m_session->pingIntervalMs() : 0;
    connectionPanel()->setSocketIo(m_sid, pingMs, m_joined);
    m_join->setSummary(tr("sid %1 · ping %2 ms · joined %3")
                           .arg(m_sid.isEmpty() ? QStringLiteral("—") : m_sid)
                           .arg(pingMs)
                           .arg(m_joined.isEmpty() ? tr("none") : m_joined.join(QStringLiteral(", "))));
}

void SocketIoTab::onSessionFailed(const QString &why)
{
    m_tick->stop();
    m_join->setSummary(QStringLiteral("✗ ") + why);
    logInfo(tr("Socket.IO: %1").arg(why));
    document()->post([](net::TrafficSource *source) { source->close(1000, QString()); });
}

void SocketIoTab::logInfo(const QString &text)
{
    net::LogEvent row;
    row.kind = net::EventKind::Info;
    row.direction = net::EventDirection::Local;
    row.text = text;
    row.timeNs = m_lastShownNs - document()->attemptOffsetNs();
    document()->appendRows({row});
}

} // namespace wsi::ui
