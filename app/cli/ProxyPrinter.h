// SPDX-License-Identifier: MIT
#pragma once
// What `proxy` prints of its flows' report streams: by default one line on stderr per
// flow's milestone (connected, relayed with its handshake's answer, refused, closed with
// its code and counts, errors in the engine's words); with --json one JSON object per
// event on stdout: the flow's id, the leg ("app" or "server"), the direction
// ("app->server", "server->app", or "local"), the type and the data.
#include "net/source/SourceReport.h"

#include <QHash>
#include <QJsonObject>
#include <QString>

#include <cstdio>

class ProxyPrinter
{
public:
    struct Settings {
        bool json = false;
        bool quiet = false; // -q: no milestone lines (errors still go to stderr)
    };
    explicit ProxyPrinter(Settings settings, std::FILE *out = stdout, std::FILE *err = stderr);

    void print(quint64 flow, const wsi::net::ReportBatch &batch);
    // The forward proxy's flows: the host the app asked for goes into each of the flow's
    // JSON objects ("host") and its lines.
    void setHost(quint64 flow, const QString &host) { m_hosts.insert(flow, host); }
    // A line about what is not a flow (a pass-through tunnel, a refused request): with
    // --json {"flow":N,"host":...,"type":"notice"|"error","data":...}.
    void printNotice(quint64 flow, const QString &host, const QString &text, bool error);
    // The flow is gone: what was kept about it goes too.
    void forget(quint64 flow)
    {
        m_flows.remove(flow);
        m_hosts.remove(flow);
    }

private:
    struct FlowCounts {
        quint64 fromApp = 0;
        quint64 fromServer = 0;
    };
    void printEvent(quint64 flow, const wsi::net::LogEvent &event);
    void printJsonEvent(quint64 flow, const wsi::net::LogEvent &event);
    void printLine(quint64 flow, const QString &text, bool error = false);
    void writeJson(quint64 flow, QJsonObject object);

    Settings m_settings;
    std::FILE *m_out;
    std::FILE *m_err;
    QHash<quint64, FlowCounts> m_flows;
    QHash<quint64, QString> m_hosts;
};
