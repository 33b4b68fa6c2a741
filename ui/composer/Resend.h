// SPDX-License-Identifier: MIT
#pragma once
// What sending a log row again puts on the wire (the log's Resend and Edit and resend):
// a text or binary message with as many frames as it had, a ping, pong or close with its
// payload, or, for a stray frame and for one frame of a message, a raw frame with its
// header's fields. Pure: read from the store, handed to the composer, which sends it or
// loads it for editing.
#include "ui/composer/ComposerChecks.h"
#include "store/LogRecord.h"

#include <QByteArray>
#include <QString>

namespace wsi::log {
class MessageStore;
}

namespace wsi::ui {

struct Resend {
    enum class Kind : quint8 { Text, Binary, Ping, Pong, Close, RawFrame };

    Kind kind = Kind::Text;
    QByteArray payload;  // Close: the reason (UTF-8); RawFrame: the frame's payload, unmasked
    int fragments = 1;   // Text / Binary: frames on the wire
    int closeCode = 0;   // Close: 0 is a close frame without a code
    ComposerChecks::RawFrameFields frameFields; // RawFrame
    qint64 originNumber = 0;                    // the row it resends (MessageStore::rowNumber)
    QString refusal;     // why the row cannot be sent again; empty when it can

    bool isValid() const { return refusal.isEmpty(); }
    // "text message #12", "raw frame 2 of #12": for the composer's line.
    QString describe() const;
};

// Sending store row `row` again; `frameIndex` >= 0: only that frame of it, as a raw frame.
Resend resendOfRow(const log::MessageStore &store, int row, int frameIndex = -1);

} // namespace wsi::ui
