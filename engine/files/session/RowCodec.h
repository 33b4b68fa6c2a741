// SPDX-License-Identifier: MIT
#pragma once
// A MessageStore's rows and frames as the body of a session file's rows section, and back.
// Every field is written explicitly in little-endian order (never a struct's memory), so
// the format does not depend on the compiler's padding or the machine's byte order.
//
//   section body: u32 rowCount, then rowCount rows
//   row:   i64 timeNs, u32 payloadSize, u32 wireSize, u32 wireFrames, u32 clientId,
//          u32 frameCount, u16 code, u8 kind, u8 bits, u8 extras (0x1 ping details,
//          0x2 resend link), payload bytes, [u64 pingId, i64 rttNs, u32 noteSize, note
//          UTF-8], [i64 number of the row it resends], frameCount frames
//   frame: i64 timeNs, u64 streamOffset, u64 length, u32 maskKey, u8 opcode, u8 flags,
//          u8 headerSize, u8 bits, u8 payloadForm (0 none, 1 inline, 2 the row's payload),
//          [u32 payloadSize, payload bytes], [headerSize raw header bytes when bits has RawHeader]
#include "store/MessageStore.h"

#include <QByteArray>
#include <QString>

namespace wsi::log {

class RowCodec
{
public:
    // Encodes rows from `first` (before `end`) into `out`, stopping once `out` holds at
    // least targetBytes (a row is never split); returns the row after the last encoded.
    static int encode(const MessageStore &store, int first, int end, qsizetype targetBytes, QByteArray &out);
    // Appends a section's rows to store. Returns an empty string, or what is wrong (the
    // rows before the bad one are kept).
    static QString decode(QByteArrayView body, MessageStore &store);

private:
    static void encodeRow(const MessageStore &store, int row, QByteArray &out);
    static void encodeFrame(const MessageStore &store, int row, int frame, QByteArray &out);
};

} // namespace wsi::log
