// SPDX-License-Identifier: MIT
#include "ProxyPrinter.h"

#include "ServeLog.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace wsi::net;

namespace {

const char *legName(TrafficLeg leg)
{
    return leg == TrafficLeg::Client ? "app" : "server";
}

// Events arrive from a leg: what the app sent goes to the server, and the other way.
const char *directionName(const LogEvent &event)
{
    if (event.direction == EventDirection::Local)
        return "local";
    const bool fromApp = (event.leg == TrafficLeg::Client) == (event.direction == EventDirection::Incoming);
    return fromApp ? "app->server" : "server->app";
}

double seconds(qint64 ns)
{
    return double(ns) / 1e9;
}

// Text as it came (UTF-8); binary as base64, said so by the type.
QJsonValue dataOf(const LogEvent &event, bool text)
{
    return text ? QJsonValue(QString::fromUtf8(event.payload)) : QJsonValue(QString::fromLatin1(event.payload.toBase64()));
}

} // namespace

ProxyPrinter::ProxyPrinter(Settings settings, std::FILE *out, std::FILE *err)
    : m_settings(settings), m_out(out), m_err(err)
{
}

void ProxyPrinter::print(quint64 flow, const ReportBatch &batch)
{
    walkReports(
        batch, [this, flow](const EventBatch &events) {
            for (const LogEvent &event : events)
                printEvent(flow, event);
        },
        Overloaded{
            [this, flow](const HandshakeInfo &handshake) {
                if (m_settings.json) {
                    QJsonObject object{{QStringLiteral("flow"), double(flow)}, {QStringLiteral("leg"), QStringLiteral("server")},
                                       {QStringLiteral("direction"), QStringLiteral("local")},
                                       {QStringLiteral("type"), QStringLiteral("handshake")},
                                       {QStringLiteral("status"), handshake.status},
                                       {QStringLiteral("data"), handshake.statusLine},
                                       {QStringLiteral("time"), seconds(handshake.timeNs)}};
                    if (!handshake.subprotocol.isEmpty())
                        object.insert(QStringLiteral("subprotocol"), handshake.subprotocol);
                    if (!handshake.extensions.isEmpty())
                        object.insert(QStringLiteral("extensions"), handshake.extensions);
                    writeJson(flow, object);
                    return;
                }
                QString line = QStringLiteral("upstream answered %1").arg(handshake.statusLine);
                if (!handshake.subprotocol.isEmpty())
                    line += QStringLiteral(", subprotocol ") + handshake.subprotocol;
                if (!handshake.extensions.isEmpty())
                    line += QStringLiteral(", extensions ") + handshake.extensions;
                printLine(flow, line);
            },
            [this, flow](const ConnectionError &error) {
                if (m_settings.json) {
                    const QJsonObject object{{QStringLiteral("flow"), double(flow)}, {QStringLiteral("leg"), QStringLiteral("server")},
                                             {QStringLiteral("direction"), QStringLiteral("local")},
                                             {QStringLiteral("type"), QStringLiteral("error")},
                                             {QStringLiteral("id"), error.id},
                                             {QStringLiteral("data"), error.message},
                                             {QStringLiteral("time"), seconds(error.timeNs)}};
                    writeJson(flow, object);
                }
                QString line = error.id + QStringLiteral(": ") + error.message;
                if (!error.hint.isEmpty())
                    line += QStringLiteral(" (") + error.hint + QLatin1Char(')');
                printLine(flow, line, true);
            },
            [this, flow](const CloseInfo &close) {
                const FlowCounts counts = m_flows.value(flow);
                if (m_settings.json) {
                    const QJsonObject object{{QStringLiteral("flow"), double(flow)}, {QStringLiteral("leg"), QStringLiteral("server")},
                                             {QStringLiteral("direction"), QStringLiteral("local")},
                                             {QStringLiteral("type"), QStringLiteral("end")},
                                             {QStringLiteral("code"), close.code},
                                             {QStringLiteral("data"), close.reason},
                                             {QStringLiteral("clean"), close.clean},
                                             {QStringLiteral("messagesFromApp"), double(counts.fromApp)},
                                             {QStringLiteral("messagesFromServer"), double(counts.fromServer)},
                                             {QStringLiteral("time"), seconds(close.timeNs)}};
                    writeJson(flow, object);
                    std::fflush(m_out);
                    return;
                }
                printLine(flow, QStringLiteral("ended %1%2 %3: %4 message(s) app->server, %5 server->app")
                                    .arg(close.code)
                                    .arg(close.reason.isEmpty() ? QString() : QStringLiteral(" \"%1\"").arg(close.reason),
                                         close.clean ? QStringLiteral("clean") : QStringLiteral("not clean"))
                                    .arg(counts.fromApp)
                                    .arg(counts.fromServer));
            },
            [](const auto &) {}});
    if (m_settings.json)
        std::fflush(m_out);
}

void ProxyPrinter::printEvent(quint64 flow, const LogEvent &event)
{
    if (event.kind == EventKind::Message) {
        FlowCounts &counts = m_flows[flow];
        if (event.leg == TrafficLeg::Client)
            ++counts.fromApp;
        else
            ++counts.fromServer;
    }
    if (m_settings.json) {
        printJsonEvent(flow, event);
        return;
    }
    if (event.kind == EventKind::Info && event.direction == EventDirection::Local && event.leg == TrafficLeg::Client)
        printLine(flow, event.text); // "app connected from ...", "app asks for ..."
    else if (event.kind == EventKind::Error)
        printLine(flow, QStringLiteral("%1: %2").arg(QLatin1String(legName(event.leg)), event.text), true);
}

void ProxyPrinter::printJsonEvent(quint64 flow, const LogEvent &event)
{
    // The rows the flow's updates make (its upstream handshake, errors, its end) are printed
    // from those updates, with their fields.
    const bool rowOfUpdate = event.direction == EventDirection::Local
        && (event.kind == EventKind::Close || event.kind == EventKind::Error
            || (event.kind == EventKind::Handshake && event.leg == TrafficLeg::Server));
    if (rowOfUpdate)
        return;
    QJsonObject object{{QStringLiteral("flow"), double(flow)},
                       {QStringLiteral("leg"), QLatin1String(legName(event.leg))},
                       {QStringLiteral("direction"), QLatin1String(directionName(event))},
                       {QStringLiteral("time"), seconds(event.timeNs)}};
    switch (event.kind) {
    case EventKind::Message:
        object.insert(QStringLiteral("type"), event.isText ? QStringLiteral("text") : QStringLiteral("binary"));
        object.insert(QStringLiteral("data"), dataOf(event, event.isText));
        object.insert(QStringLiteral("length"), double(event.length));
        object.insert(QStringLiteral("frames"), double(event.frameCount));
        if (event.compressed)
            object.insert(QStringLiteral("compressed"), true);
        break;
    case EventKind::Ping:
    case EventKind::Pong:
        object.insert(QStringLiteral("type"), event.kind == EventKind::Ping ? QStringLiteral("ping") : QStringLiteral("pong"));
        object.insert(QStringLiteral("data"), QString::fromUtf8(event.payload));
        break;
    case EventKind::Close:
        object.insert(QStringLiteral("type"), QStringLiteral("close"));
        object.insert(QStringLiteral("code"), event.code);
        object.insert(QStringLiteral("data"), event.text);
        break;
    case EventKind::Info:
        object.insert(QStringLiteral("type"), QStringLiteral("info"));
        object.insert(QStringLiteral("data"), event.text);
        break;
    case EventKind::Error:
        object.insert(QStringLiteral("type"), QStringLiteral("error"));
        object.insert(QStringLiteral("data"), event.text);
        break;
    case EventKind::Handshake:
        object.insert(QStringLiteral("type"), QStringLiteral("handshake"));
        object.insert(QStringLiteral("status"), event.code);
        object.insert(QStringLiteral("data"), QString::fromUtf8(event.payload));
        break;
    case EventKind::Frame:
    case EventKind::Attempt:
    case EventKind::ServerEvent:
    case EventKind::EventComment:
        return; // frames are for --record's frame table; the rest is not a proxy's
    }
    writeJson(flow, object);
}

void ProxyPrinter::writeJson(quint64 flow, QJsonObject object)
{
    if (const auto host = m_hosts.constFind(flow); host != m_hosts.constEnd())
        object.insert(QStringLiteral("host"), *host);
    std::fputs(QJsonDocument(object).toJson(QJsonDocument::Compact).append('\n').constData(), m_out);
}

void ProxyPrinter::printNotice(quint64 flow, const QString &host, const QString &text, bool error)
{
    if (m_settings.json) {
        QJsonObject object{{QStringLiteral("flow"), double(flow)},
                           {QStringLiteral("leg"), QStringLiteral("app")},
                           {QStringLiteral("direction"), QStringLiteral("local")},
                           {QStringLiteral("type"), error ? QStringLiteral("error") : QStringLiteral("notice")},
                           {QStringLiteral("data"), text}};
        if (!host.isEmpty())
            object.insert(QStringLiteral("host"), host);
        std::fputs(QJsonDocument(object).toJson(QJsonDocument::Compact).append('\n').constData(), m_out);
        std::fflush(m_out);
    }
    printLine(flow, host.isEmpty() || text.contains(host) ? text : host + QStringLiteral(": ") + text, error);
}

void ProxyPrinter::printLine(quint64 flow, const QString &text, bool error)
{
    if (m_settings.quiet && !error)
        return;
    const QString host = m_hosts.value(flow);
    const QString prefix = host.isEmpty() ? QStringLiteral(" #%1 ").arg(flow) : QStringLiteral(" #%1 %2 ").arg(flow).arg(host);
    const QByteArray line = (serveLogStamp() + prefix + text + QLatin1Char('\n')).toUtf8();
    std::fputs(line.constData(), m_err);
    std::fflush(m_err);
}
