// SPDX-License-Identifier: MIT
#include "ServeLog.h"

#include <QTime>

#include <cstdio>

QString serveLogStamp()
{
    return QTime::currentTime().toString(QStringLiteral("HH:mm:ss.zzz"));
}

void serveLogLine(const QString &text)
{
    const QByteArray line = (serveLogStamp() + QLatin1Char(' ') + text + QLatin1Char('\n')).toUtf8();
    std::fwrite(line.constData(), 1, std::size_t(line.size()), stderr);
    std::fflush(stderr);
}

void serveLogLine(quint64 clientId, const QString &text)
{
    serveLogLine(QStringLiteral("#%1 %2").arg(clientId).arg(text));
}
