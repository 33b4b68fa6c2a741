// SPDX-License-Identifier: MIT
#include "ServeEventStream.h"

#include "ConnectionArguments.h"

bool ServeEventStreamArguments::read(wsi::net::EventStreamOptions &options, int &tickMs, QString &error) const
{
    tickMs = 0;
    if (path.isEmpty()) {
        if (anySet)
            error = QStringLiteral("the --sse-* options go with --sse PATH");
        return !anySet;
    }
    if (!path.startsWith(QLatin1Char('/')) || path.contains(QLatin1Char('?')) || path.contains(QLatin1Char(' '))) {
        error = QStringLiteral("--sse wants a path such as /events, not \"%1\"").arg(path);
        return false;
    }
    options.path = path;
    bool ok = true;
    if (!retry.isEmpty()) {
        const int ms = retry.toInt(&ok);
        if (!ok || ms <= 0) {
            error = QStringLiteral("--sse-retry wants milliseconds (> 0), not \"%1\"").arg(retry);
            return false;
        }
        options.retryMs = ms;
    }
    const auto seconds = [&ok](const QString &text, bool zeroAllowed) {
        const double value = text.toDouble(&ok);
        ok = ok && (zeroAllowed ? value >= 0 : value > 0) && value <= 86400;
        return ok ? int(value * 1000) : 0;
    };
    if (!keepalive.isEmpty()) {
        options.keepaliveMs = seconds(keepalive, true);
        if (!ok) {
            error = QStringLiteral("--sse-keepalive wants seconds (0: none), not \"%1\"").arg(keepalive);
            return false;
        }
    }
    if (!tick.isEmpty()) {
        tickMs = std::max(1, seconds(tick, false));
        if (!ok) {
            error = QStringLiteral("--sse-tick wants seconds (> 0), not \"%1\"").arg(tick);
            return false;
        }
    }
    if (!history.isEmpty()) {
        const int count = history.toInt(&ok);
        if (!ok || count < 0) {
            error = QStringLiteral("--sse-history wants a number of events (0: none), not \"%1\"").arg(history);
            return false;
        }
        options.historySize = count;
    }
    for (const QString &header : headers) {
        QByteArray name;
        QByteArray value;
        if (!ConnectionArguments::parseHeader(header, name, value)) {
            error = QStringLiteral("--sse-header wants \"Name: value\", not \"%1\"").arg(header);
            return false;
        }
        options.headers.append({name, value});
    }
    options.bridge = bridge;
    return true;
}
