// SPDX-License-Identifier: MIT
#pragma once
// The log of one connection (or of the echo server): an append-only store of rows
// (messages, pings, pongs, closes, errors, infos, stray frames) with the frames of each
// row. Lives on the UI thread; the network layer's batches are appended whole.
//
// Rows can leave from the front (dropOldestRows, for the Preferences' log limits): row 0
// is then the oldest row kept, and firstRowNumber() says how many rows came before it, so
// a row's number in the whole log (what the user sees, 1-based) is firstRowNumber() +
// row + 1 and never changes while older rows leave. Their memory is freed.
//
// Memory: a row costs a 48-byte LogRecord; the one frame of a text or binary message
// costs 8 bytes (its FrameRecord is implied by the row, see FrameTable), any other frame
// 40; payloads are packed into 4 MiB arena chunks. So a million small messages cost about
// 50 bytes each beyond their payload, 58 with their frames logged (tests/bench/bench_log).
#include "store/FrameCollector.h"
#include "store/FrameTable.h"
#include "store/LogRecord.h"
#include "store/PayloadArena.h"
#include "store/SegmentedVector.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QDateTime>
#include <QString>

#include <atomic>
#include <utility>
#include <vector>

namespace wsi::log {

struct RowRange {
    int first = 0;
    int count = 0;
};

class MessageStore
{
public:
    MessageStore() = default;
    MessageStore(const MessageStore &) = delete;
    MessageStore &operator=(const MessageStore &) = delete;

    // One call per batch; returns the rows it added (possibly none: frames may wait for
    // the event they belong to, see FrameCollector).
    RowRange append(const net::EventBatch &batch);
    // Forgets every row; numbers start again from 1.
    void clear();

    // Forgets the oldest `count` rows (at most rowCount()) with their frames, payloads and
    // ping details; row indices then start at the first row kept. Arena chunks, record
    // blocks and side tables that held only those rows are freed (MessageStoreEviction.cpp).
    void dropOldestRows(int count);
    // Rows that came before row 0 (dropped, or not loaded): row r is number
    // firstRowNumber() + r + 1 of the whole log.
    qint64 firstRowNumber() const { return m_firstRowNumber; }
    qint64 rowNumber(int row) const { return m_firstRowNumber + row + 1; }
    // For readers that rebuild the tail of a log (a spill file, a journal).
    void setFirstRowNumber(qint64 number) { m_firstRowNumber = number; }

    // Rebuilding a saved log (SessionFile) row by row: each row, then its frames. The
    // records' arena positions, firstFrame and extra are the store's own; a frame whose
    // payload equals its row's shares the row's bytes (as a stray frame's row does).
    void restoreRow(const LogRecord &record, QByteArrayView payload, const PingInfo *ping = nullptr,
                    const EventInfo *event = nullptr);
    void restoreFrame(const FrameRecord &frame, QByteArrayView payload, QByteArrayView rawHeader = {});

    int rowCount() const { return int(m_rows.size()); }
    const LogRecord &record(int row) const { return m_rows[size_t(row)]; }
    // Valid until clear(); Close: the reason, Error/Info: the text (UTF-8).
    QByteArrayView payload(int row) const { return m_arena.view(record(row).payload, record(row).payloadSize); }
    QByteArray payloadCopy(int row) const { return payload(row).toByteArray(); }
    // Ping / Pong: the ping id and the round trip (-1 when the pong matched no ping).
    PingInfo pingInfo(int row) const;
    // Event: its type, id, retry and raw bytes.
    EventInfo eventInfo(int row) const;
    // Event: its type alone ("message" unless the stream named one), for a row's preview.
    QString eventType(int row) const;

    // Frames of a row, indices into frame().
    int firstFrame(int row) const { return int(quint32(record(row).firstFrame - m_frameBase)); }
    int frameCount(int row) const;
    int totalFrameCount() const { return m_frames.size(); }
    // By value: most frames are rebuilt from their row (FrameTable).
    FrameRecord frame(int index) const;
    QByteArrayView framePayload(int index) const;
    // True when the frame is kept as implied by its row (8 bytes, see FrameTable).
    bool isFrameCompact(int index) const { return m_frames.isCompact(index); }
    QByteArray frameHeader(int index) const;

    // Attempt rows: the row that tells how the attempt ended (its first error, else its
    // close), or -1 while it has none. Numbered attempts (the record's code) count from 1.
    int attemptResultRow(int row) const;

    // A row the user sent again from the log (Resend, Edit and resend): the number
    // (rowNumber) of the row it resends, 0 for any other row. Links are kept by row
    // number, so they survive older rows leaving; a link to a row that left stays.
    qint64 resentFrom(int row) const;
    void setResentFrom(int row, qint64 originNumber);

    // When timeNs was 0, for wall-clock times (null when unknown).
    void setStartedAt(const QDateTime &startedAt) { m_startedAt = startedAt; }
    QDateTime startedAt() const { return m_startedAt; }

    // What the store holds, for memory reports.
    qint64 payloadBytes() const { return m_arena.bytesStored(); }
    qint64 reservedBytes() const;

private:
    struct FrameBlob { // a frame's payload or raw header, when it has one
        quint32 frame = 0;
        quint32 payloadSize = 0;
        quint64 payload = 0;
        quint64 header = 0;
    };

    // An event row's details (MessageStoreEvents.cpp): its strings live in the arena, one
    // after the other, so a flood of events costs no allocation per row.
    struct EventRecord {
        // rawSize when the lines are rebuilt from the row (the low byte: EventLinesLayout).
        static constexpr quint32 ImpliedLines = 0x80000000u;
        // textSize flags: the type is "message" (the text is the id alone); a retry follows
        // the text (8 bytes); the rest is the text's size.
        static constexpr quint32 MessageType = 0x80000000u;
        static constexpr quint32 HasRetry = 0x40000000u;
        static constexpr quint32 SizeMask = 0x3fffffffu;
        quint64 streamOffset = 0;
        quint64 bytes = 0;     // arena position: ["type\n"]id in UTF-8, [retry], [raw lines]
        quint32 rawSize = 0;   // the raw lines kept (at most 1 GiB), or ImpliedLines | layout
        quint32 textSize = 0;  // with the flags above
    };
    static_assert(sizeof(EventRecord) == 24, "keep an event row's details small");

    void appendEvent(const net::LogEvent &event);
    // Appends the details of the row being appended (the arena's owner is that row).
    void appendEventRecord(quint64 retryMs, quint64 streamOffset, QByteArrayView data, QByteArrayView raw,
                           QStringView type, QStringView lastEventId);
    QByteArrayView eventText(const EventRecord &event) const;
    const EventRecord *eventRecord(int row) const;
    void appendRow(const net::LogEvent &event, LogEntryKind kind, QByteArrayView payload,
                   const FrameCollector::Frames &frames);
    void appendRow(const net::LogEvent &event, LogEntryKind kind, QByteArrayView payload,
                   const net::LogEvent *frames, int frameCount);
    void appendOrphans(const FrameCollector::Frames &orphans);
    void appendFrame(const net::LogEvent &frame, bool onlyFrame, const quint64 *sharedPayload = nullptr);
    void storeFrame(const FrameRecord &frame, bool onlyFrameOfLastRow);
    // After a row was appended: numbers an attempt, links an attempt to its result.
    void trackAttempts();
    const FrameBlob *blob(int frameIndex) const;
    // Absolute frame and ping numbers (what records hold; they wrap at 2^32 and are only
    // ever compared relative to the base).
    quint32 frameEnd() const { return m_frameBase + quint32(m_frames.size()); }
    quint32 pingEnd() const { return m_pingBase + quint32(m_pingInfos.size()); }
    quint32 eventEnd() const { return m_eventBase + quint32(m_eventInfos.size()); }
    int rowOfFrame(int frameIndex) const;
    void dropResendLinksBefore(qint64 rowNumber);

    SegmentedVector<LogRecord> m_rows;
    FrameTable m_frames;
    std::vector<FrameBlob> m_blobs; // sorted by frame index
    std::vector<PingInfo> m_pingInfos;
    std::vector<EventRecord> m_eventInfos;
    PayloadArena m_arena;
    FrameCollector m_collector;
    QDateTime m_startedAt;
    qint64 m_firstRowNumber = 0;
    quint32 m_frameBase = 0; // absolute number of m_frames[0] (LogRecord::firstFrame, FrameBlob::frame)
    quint32 m_pingBase = 0;  // absolute number of m_pingInfos[0] (LogRecord::extra)
    quint32 m_eventBase = 0; // absolute number of m_eventInfos[0] (LogRecord::extra)
    qint64 m_openAttempt = -1; // absolute 0-based number of the attempt row not closed yet
    int m_attemptCount = 0;
    std::vector<std::pair<qint64, qint64>> m_resentFrom; // (row number, origin number), by row number
    mutable std::atomic<int> m_frameRowHint{0}; // the row of the last frame looked up
};

} // namespace wsi::log
