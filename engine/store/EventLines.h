// SPDX-License-Identifier: MIT
#pragma once
// The raw lines of a server-sent event, rebuilt from its type, id and data when a server
// wrote them in one of the usual ways ("data: ...", "id: ...", "event: ..." lines in a
// common order, each with one space after the colon, LF line ends, then a blank line).
// The store keeps such an event's lines as one byte saying which way (as FrameTable keeps
// a frame implied by its message): a flood of events does not cost its data twice. Any
// other form (CRLF, comments, retry, no space, an ignored id, ...) is kept as it came.
#include <QByteArray>
#include <QByteArrayView>

namespace wsi::log {

enum class EventLinesLayout : quint8 {
    AsSent,      // not rebuilt: kept byte for byte
    Data,        // data lines
    IdData,      // id, data lines
    EventData,   // event, data lines
    EventIdData, // event, id, data lines
    IdEventData, // id, event, data lines
};

// The layout that rebuilds `raw` exactly from these fields (UTF-8), or AsSent.
EventLinesLayout impliedEventLines(QByteArrayView raw, QByteArrayView type, QByteArrayView id, QByteArrayView data);
// The lines `layout` rebuilds (not AsSent).
QByteArray eventLines(EventLinesLayout layout, QByteArrayView type, QByteArrayView id, QByteArrayView data);

} // namespace wsi::log
