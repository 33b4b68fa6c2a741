// SPDX-License-Identifier: MIT
#include "ui/log/details/MessageDetailsFromStore.h"

#include "store/MessageStore.h"

namespace wsi::ui {

MessageDetails messageDetailsFromStore(const log::MessageStore &store, int row)
{
    const log::LogRecord &record = store.record(row);
    MessageDetails details;
    details.direction = record.direction();
    details.kind = record.kind;
    details.timeNs = record.timeNs;
    if (store.startedAt().isValid())
        details.wallTime = store.startedAt().addMSecs(record.timeNs / 1000000);
    details.payload = store.payloadCopy(row);
    details.wireSize = record.wireSize;
    details.compressed = record.isCompressed();
    details.truncated = record.isTruncated();
    details.closeCode = record.code;
    details.resentFrom = store.resentFrom(row);
    if (record.hasEventInfo()) {
        const log::EventInfo event = store.eventInfo(row);
        details.eventType = event.type;
        details.eventId = event.lastEventId;
        details.eventRetryMs = event.retryMs;
        details.eventOffset = event.streamOffset;
        details.eventRaw = event.raw;
    }
    const int first = store.firstFrame(row);
    const int count = store.frameCount(row);
    for (int i = first; i < first + count; ++i) {
        const log::FrameRecord frame = store.frame(i);
        FrameDetails out;
        out.fin = frame.isFinal();
        out.rsv1 = frame.flags & net::FrameFlag::Rsv1;
        out.rsv2 = frame.flags & net::FrameFlag::Rsv2;
        out.rsv3 = frame.flags & net::FrameFlag::Rsv3;
        out.opcode = frame.opcode;
        out.masked = frame.isMasked();
        out.maskKey = frame.maskKey;
        out.length = frame.length;
        out.headerBytes = store.frameHeader(i);
        out.streamOffset = frame.streamOffset;
        out.hixie = frame.flags & net::FrameFlag::Hixie;
        out.hixieTrailer = frame.flags & net::FrameFlag::HixieTrailer;
        details.frames.push_back(out);
    }
    if (!details.frames.isEmpty())
        details.opcode = details.frames.front().opcode;
    return details;
}

} // namespace wsi::ui
