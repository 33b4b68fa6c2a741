// SPDX-License-Identifier: MIT
#include "SocketIoRun.h"

#include "decode/JsonPayload.h"
#include "net/Connection.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

using namespace wsi::net;
using wsi::socketio::SocketIoEvent;
using wsi::socketio::SocketIoSession;

namespace {

QString compact(const QJsonValue &value)
{
    return QString::fromUtf8(wsi::decode::jsonText(value));
}

} // namespace

SocketIoRun::SocketIoRun(ConnectionOptions options, Settings settings, QObject *parent)
    : QObject(parent), m_options(std::move(options)), m_settings(std::move(settings))
{
    connect(&m_interrupts, &InterruptWatcher::interrupted, this, [this](int, int count) {
        if (count > 1)
            QCoreApplication::exit(130);
        else
            stop(ExitOk);
    });
    connect(&m_tick, &QTimer::timeout, this, [this] {
        if (m_session)
            m_session->tick(m_clock.elapsed());
    });
    m_quiet.setSingleShot(true);
    connect(&m_quiet, &QTimer::timeout, this, [this] { stop(ExitOk); });
    m_ackDeadline.setSingleShot(true);
    connect(&m_ackDeadline, &QTimer::timeout, this, [this] {
        stop(ExitFailed, QStringLiteral("%1 ack(s) did not come within %2 ms (--ack-timeout)")
                             .arg(m_session->pendingAcks())
                             .arg(m_settings.ackTimeoutMs));
    });
}

SocketIoRun::~SocketIoRun() = default;

void SocketIoRun::start()
{
    m_clock.start();
    auto *connection = new Connection(m_options);
    connect(connection, &TrafficSource::reported, this, &SocketIoRun::onReports);
    m_thread = std::make_unique<SourceThread>(connection);
    SourceThread *thread = m_thread.get();
    m_session = std::make_unique<SocketIoSession>(
        m_settings.session,
        SocketIoSession::Output{[thread](const QByteArray &text) { thread->sendText(text); },
                                [thread](const QByteArray &bytes) { thread->sendBinary(bytes); },
                                [this](const SocketIoEvent &event) { onReport(event); },
                                [this](const QString &why) { stop(ExitFailed, why); }});
    m_thread->open();
}

void SocketIoRun::onReports(const ReportBatch &batch)
{
    m_thread->source()->reportsConsumed(batch);
    walkReports(
        batch,
        [this](const EventBatch &rows) {
            for (const LogEvent &row : rows) {
                if (row.kind != EventKind::Message || row.direction != EventDirection::Incoming)
                    continue;
                if (row.isText)
                    m_session->receiveText(row.payload, m_clock.elapsed());
                else
                    m_session->receiveBinary(row.payload, m_clock.elapsed());
            }
        },
        Overloaded{[this](const StateReport &report) {
                       if (report.state == ConnectionState::Open)
                           m_tick.start(int(m_session->nextTickMs()));
                   },
                   [this](const ConnectionError &error) {
                       if (m_connectionError.isEmpty())
                           m_connectionError = error.message + (error.hint.isEmpty() ? QString() : QStringLiteral(" (") + error.hint + QLatin1Char(')'));
                   },
                   [this](const CloseInfo &close) {
                       if (!m_stopping && m_connectionError.isEmpty())
                           m_connectionError = QStringLiteral("the server ended the connection (%1)").arg(describeCloseFrame(close.received));
                   },
                   [this](const FinishedReport &) {
                       m_tick.stop();
                       if (!m_stopping && m_failure.isEmpty()) {
                           m_status = ExitFailed;
                           m_failure = m_connectionError.isEmpty() ? QStringLiteral("the connection ended") : m_connectionError;
                       }
                       if (m_finished)
                           return;
                       m_finished = true;
                       if (!m_failure.isEmpty())
                           std::fprintf(stderr, "wsinspect-cli socketio: %s\n", m_failure.toLocal8Bit().constData());
                       Q_EMIT done(m_status);
                   },
                   [](const auto &) {}});
}

void SocketIoRun::print(const QString &line)
{
    std::printf("%s\n", line.toLocal8Bit().constData());
    std::fflush(stdout);
}

void SocketIoRun::printJson(const QJsonObject &object)
{
    print(QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact)));
}

void SocketIoRun::onReport(const SocketIoEvent &event)
{
    if (m_settings.json) {
        QJsonObject object{{QStringLiteral("type"), QLatin1String(wsi::socketio::eventKindName(event.kind))},
                           {QStringLiteral("namespace"), event.nameSpace}};
        if (event.kind == SocketIoEvent::Kind::Event) {
            object.insert(QStringLiteral("event"), event.event);
            object.insert(QStringLiteral("args"), event.args);
        } else if (event.kind == SocketIoEvent::Kind::Ack) {
            object.insert(QStringLiteral("args"), event.args);
        } else if (!event.data.isUndefined()) {
            object.insert(QStringLiteral("data"), event.data);
        }
        if (event.ackId >= 0)
            object.insert(QStringLiteral("ack"), event.ackId);
        if (event.rttMs >= 0)
            object.insert(QStringLiteral("rtt_ms"), event.rttMs);
        if (!event.sid.isEmpty())
            object.insert(QStringLiteral("sid"), event.sid);
        if (event.attachments > 0)
            object.insert(QStringLiteral("attachments"), event.attachments);
        printJson(object);
    } else {
        switch (event.kind) {
        case SocketIoEvent::Kind::Open:
            print(QStringLiteral("open: sid %1, Engine.IO %2, ping every %3 ms")
                      .arg(event.sid)
                      .arg(m_settings.session.engineIoVersion)
                      .arg(m_session->pingIntervalMs()));
            break;
        case SocketIoEvent::Kind::Connect:
            print(QStringLiteral("joined %1%2").arg(event.nameSpace, event.sid.isEmpty() ? QString() : QStringLiteral(" (sid %1)").arg(event.sid)));
            break;
        case SocketIoEvent::Kind::ConnectError:
            print(QStringLiteral("refused %1: %2").arg(event.nameSpace, compact(event.data)));
            break;
        case SocketIoEvent::Kind::Event:
            print(QStringLiteral("< %1%2 %3%4")
                      .arg(event.nameSpace == QLatin1String("/") ? QString() : event.nameSpace + QLatin1Char(' '), event.event, compact(event.args),
                           event.ackId >= 0 ? QStringLiteral(" (wants ack %1)").arg(event.ackId) : QString()));
            break;
        case SocketIoEvent::Kind::Ack:
            print(QStringLiteral("ack %1%2: %3").arg(event.ackId).arg(event.rttMs >= 0 ? QStringLiteral(" after %1 ms").arg(event.rttMs) : QString(), compact(event.args)));
            break;
        case SocketIoEvent::Kind::Disconnect:
            print(QStringLiteral("left %1 (the server disconnected it)").arg(event.nameSpace));
            break;
        case SocketIoEvent::Kind::Close:
            print(QStringLiteral("close: the server closed the Engine.IO session"));
            break;
        }
    }
    switch (event.kind) {
    case SocketIoEvent::Kind::ConnectError:
        stop(ExitFailed, QStringLiteral("the server refused the namespace %1: %2").arg(event.nameSpace, compact(event.data)));
        return;
    case SocketIoEvent::Kind::Event:
        if (m_settings.maxEvents > 0 && ++m_events >= m_settings.maxEvents) {
            stop(ExitOk);
            return;
        }
        break;
    case SocketIoEvent::Kind::Close:
        stop(ExitOk);
        return;
    default:
        break;
    }
    if (!m_emitted && m_session->joinedAll())
        sendEmits();
    checkDone();
}

void SocketIoRun::sendEmits()
{
    m_emitted = true;
    for (const Emit &emit : m_settings.emits) {
        const qint64 ackId = m_session->emitEvent(m_settings.emitNamespace, emit.event, emit.args, m_settings.wantAcks, m_clock.elapsed());
        if (m_settings.json) {
            QJsonObject object{{QStringLiteral("type"), QStringLiteral("emit")},
                               {QStringLiteral("namespace"), m_settings.emitNamespace},
                               {QStringLiteral("event"), emit.event},
                               {QStringLiteral("args"), emit.args}};
            if (ackId >= 0)
                object.insert(QStringLiteral("ack"), ackId);
            printJson(object);
        } else {
            print(QStringLiteral("> %1%2 %3%4")
                      .arg(m_settings.emitNamespace == QLatin1String("/") ? QString() : m_settings.emitNamespace + QLatin1Char(' '), emit.event,
                           compact(emit.args), ackId >= 0 ? QStringLiteral(" (ack %1)").arg(ackId) : QString()));
        }
    }
    if (m_settings.wantAcks && !m_settings.emits.isEmpty())
        m_ackDeadline.start(m_settings.ackTimeoutMs);
}

void SocketIoRun::checkDone()
{
    // Without emits the run listens until stopped (Ctrl-C, --max-events).
    if (!m_emitted || m_settings.emits.isEmpty() || m_stopping)
        return;
    if (m_session->pendingAcks() > 0)
        return;
    m_ackDeadline.stop();
    m_quiet.start(m_settings.waitMs);
}

void SocketIoRun::stop(int status, const QString &why)
{
    if (m_stopping)
        return;
    m_stopping = true;
    m_status = status;
    m_failure = why;
    m_quiet.stop();
    m_ackDeadline.stop();
    m_tick.stop();
    if (m_thread)
        m_thread->close(1000);
}
