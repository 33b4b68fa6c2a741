// SPDX-License-Identifier: MIT
#include "store/EventLines.h"

namespace wsi::log {

namespace {

// The fields of each layout, in order: e(vent), i(d), d(ata).
const char *fieldsOf(EventLinesLayout layout)
{
    switch (layout) {
    case EventLinesLayout::AsSent:
        return "";
    case EventLinesLayout::Data:
        return "d";
    case EventLinesLayout::IdData:
        return "id";
    case EventLinesLayout::EventData:
        return "ed";
    case EventLinesLayout::EventIdData:
        return "eid";
    case EventLinesLayout::IdEventData:
        return "ied";
    }
    return "";
}

// Walks a layout's lines, handing each piece to `piece` (false: stop).
template <typename Piece>
bool forEachPiece(EventLinesLayout layout, QByteArrayView type, QByteArrayView id, QByteArrayView data, Piece piece)
{
    for (const char *field = fieldsOf(layout); *field; ++field) {
        if (*field == 'e') {
            if (!piece(QByteArrayView("event: ")) || !piece(type) || !piece(QByteArrayView("\n")))
                return false;
        } else if (*field == 'i') {
            if (!piece(QByteArrayView("id: ")) || !piece(id) || !piece(QByteArrayView("\n")))
                return false;
        } else { // one data line per line of the data (the parser joined them with LF)
            qsizetype start = 0;
            while (true) {
                const qsizetype lineBreak = data.indexOf('\n', start);
                const qsizetype end = lineBreak < 0 ? data.size() : lineBreak;
                if (!piece(QByteArrayView("data: ")) || !piece(data.sliced(start, end - start))
                    || !piece(QByteArrayView("\n")))
                    return false;
                if (lineBreak < 0)
                    break;
                start = lineBreak + 1;
            }
        }
    }
    return piece(QByteArrayView("\n"));
}

bool rebuilds(EventLinesLayout layout, QByteArrayView raw, QByteArrayView type, QByteArrayView id, QByteArrayView data)
{
    const bool whole = forEachPiece(layout, type, id, data, [&raw](QByteArrayView piece) {
        if (!raw.startsWith(piece))
            return false;
        raw = raw.sliced(piece.size());
        return true;
    });
    return whole && raw.isEmpty();
}

} // namespace

EventLinesLayout impliedEventLines(QByteArrayView raw, QByteArrayView type, QByteArrayView id, QByteArrayView data)
{
    // Each try stops at the first byte that differs: a few bytes in, usually.
    for (const EventLinesLayout layout : {EventLinesLayout::Data, EventLinesLayout::IdData, EventLinesLayout::EventData,
                                          EventLinesLayout::EventIdData, EventLinesLayout::IdEventData}) {
        if (rebuilds(layout, raw, type, id, data))
            return layout;
    }
    return EventLinesLayout::AsSent;
}

QByteArray eventLines(EventLinesLayout layout, QByteArrayView type, QByteArrayView id, QByteArrayView data)
{
    QByteArray out;
    out.reserve(data.size() + type.size() + id.size() + 32);
    forEachPiece(layout, type, id, data, [&out](QByteArrayView piece) {
        out.append(piece);
        return true;
    });
    return out;
}

} // namespace wsi::log
