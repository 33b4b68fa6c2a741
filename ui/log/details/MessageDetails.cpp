// SPDX-License-Identifier: MIT
#include "ui/log/details/MessageDetails.h"

#include "ui/common/PayloadCodec.h"
#include "ui/window/Theme.h"
#include "protocol/CloseCode.h"

#include <QStringList>

namespace wsi::ui {

namespace {

QString directionWord(net::EventDirection direction)
{
    switch (direction) {
    case net::EventDirection::Incoming:
        return Theme::directionGlyph(true) + QStringLiteral(" incoming");
    case net::EventDirection::Outgoing:
        return Theme::directionGlyph(false) + QStringLiteral(" outgoing");
    case net::EventDirection::Local:
        break;
    }
    return Theme::directionGlyph(false, true) + QStringLiteral(" local");
}

QString relativeTime(qint64 timeNs)
{
    return QStringLiteral("+%1 s").arg(double(timeNs) / 1e9, 0, 'f', 3);
}

} // namespace

QString describeMessage(const MessageDetails &details)
{
    QStringList parts;
    parts << directionWord(details.direction) + u' ' + QLatin1String(log::kindName(details.kind));
    if (details.kind == log::LogEntryKind::Close || (details.kind == log::LogEntryKind::Error && details.closeCode)) {
        parts << QStringLiteral("code %1 (%2)")
                     .arg(details.closeCode)
                     .arg(QLatin1String(protocol::closeCodeMeaning(details.closeCode)));
    }
    if (details.kind == log::LogEntryKind::Event) {
        parts << QStringLiteral("type %1").arg(details.eventType);
        if (!details.eventId.isEmpty())
            parts << QStringLiteral("id %1").arg(details.eventId);
        if (details.eventRetryMs)
            parts << QStringLiteral("retry %1 ms").arg(details.eventRetryMs);
    }
    parts << PayloadCodec::formatSize(quint64(details.payload.size()));
    if (details.kind == log::LogEntryKind::Event)
        parts << QStringLiteral("%1 of the stream at byte %2").arg(PayloadCodec::formatSize(details.wireSize)).arg(details.eventOffset);
    else if (details.kind == log::LogEntryKind::Comment)
        parts << QStringLiteral("%1 of the stream").arg(PayloadCodec::formatSize(details.wireSize));
    else if (details.compressed)
        parts << QStringLiteral("wire %1, deflated").arg(PayloadCodec::formatSize(details.wireSize));
    else if (details.wireSize != quint64(details.payload.size()) && details.wireSize > 0)
        parts << QStringLiteral("wire %1").arg(PayloadCodec::formatSize(details.wireSize));
    if (details.truncated)
        parts << QStringLiteral("payload truncated");
    if (!details.frames.isEmpty())
        parts << (details.frames.size() == 1 ? QStringLiteral("1 frame") : QStringLiteral("%1 frames").arg(details.frames.size()));
    QString time = relativeTime(details.timeNs);
    if (details.wallTime.isValid())
        time += QStringLiteral(" (%1)").arg(details.wallTime.toString(QStringLiteral("HH:mm:ss.zzz")));
    parts << time;
    if (details.resentFrom > 0)
        parts << QStringLiteral("a resend of #%1").arg(details.resentFrom);
    return parts.join(QStringLiteral(" · "));
}

QString formatMaskKey(quint32 maskKey)
{
    const char bytes[4] = {char(maskKey >> 24), char(maskKey >> 16), char(maskKey >> 8), char(maskKey)};
    return PayloadCodec::toSpacedHex(QByteArrayView(bytes, 4));
}

} // namespace wsi::ui
