// SPDX-License-Identifier: MIT
#pragma once
// One line per store row, for tests that compare a whole log at once:
//   "text in @10 'hello' [in:1F@0]"  (kind, direction, time, payload, frames)
// A frame reads direction:opcode(hex) + "F" when final + "@" stream offset.
#include "store/MessageStore.h"

#include <QStringList>

namespace wsi::test {

inline QString directionWord(net::EventDirection direction)
{
    switch (direction) {
    case net::EventDirection::Incoming:
        return QStringLiteral("in");
    case net::EventDirection::Outgoing:
        return QStringLiteral("out");
    case net::EventDirection::Local:
        break;
    }
    return QStringLiteral("local");
}

inline QString describeRow(const log::MessageStore &store, int row)
{
    const log::LogRecord &record = store.record(row);
    QString line = QLatin1String(log::kindName(record.kind)) + QLatin1Char(' ') + directionWord(record.direction())
        + QStringLiteral(" @") + QString::number(record.timeNs);
    if (record.code != 0)
        line += QLatin1Char(' ') + QString::number(record.code);
    if (record.isClean())
        line += QStringLiteral(" clean");
    if (record.clientId != 0)
        line += QStringLiteral(" #") + QString::number(record.clientId);
    if (record.payloadSize != 0)
        line += QStringLiteral(" '") + QString::fromUtf8(store.payload(row)) + QLatin1Char('\'');
    const int count = store.frameCount(row);
    if (count == 0)
        return line;
    QStringList frames;
    for (int i = store.firstFrame(row); i < store.firstFrame(row) + count; ++i) {
        const log::FrameRecord frame = store.frame(i);
        frames << directionWord(frame.direction()) + QLatin1Char(':') + QString::number(frame.opcode, 16)
                + (frame.isFinal() ? QStringLiteral("F") : QString()) + QLatin1Char('@')
                + QString::number(frame.streamOffset);
    }
    return line + QStringLiteral(" [") + frames.join(QLatin1Char(' ')) + QLatin1Char(']');
}

inline QStringList describeStore(const log::MessageStore &store)
{
    QStringList lines;
    for (int row = 0; row < store.rowCount(); ++row)
        lines << describeRow(store, row);
    return lines;
}

} // namespace wsi::test
