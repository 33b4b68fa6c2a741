// SPDX-License-Identifier: MIT
#pragma once
// What `proxy` prints of its flows' report streams: by default one line on stderr per
// flow's milestone (connected, relayed with its handshake's answer, refused, closed with
// its code and counts, errors in the engine's words); with --json one JSON object per
// event on stdout: the flow's id, the leg ("app" or "server"), the direction
// ("app->server", "server->app", or "local"), the type and the data.
#include "net/source/SourceReport.h"

#include <QHash>
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
    // The flow is gone: what was kept about it goes too.
    void forget(quint64 flow) { m_flows.remove(flow); }

private:
    struct FlowCounts {
        quint64 fromApp = 0;
        quint64 fromServer = 0;
    };
    void printEvent(quint64 flow, const wsi::net::LogEvent &event);
    void printJsonEvent(quint64 flow, const wsi::net::LogEvent &event);
    void printLine(quint64 flow, const QString &text, bool error = false);

    Settings m_settings;
    std::FILE *m_out;
    std::FILE *m_err;
    QHash<quint64, FlowCounts> m_flows;
};
