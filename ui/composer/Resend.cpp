// SPDX-License-Identifier: MIT
#include "ui/composer/Resend.h"

#include "store/MessageStore.h"
#include "protocol/Opcode.h"

#include <QCoreApplication>

namespace wsi::ui {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Resend", text);
}

// The payload of a frame: kept with the frame (control and stray frames, ...) or, for a
// fragment of an uncompressed message, its slice of the message's payload.
bool framePayload(const log::MessageStore &store, int row, int frameIndex, QByteArray &payload)
{
    const log::FrameRecord frame = store.frame(frameIndex);
    const QByteArrayView kept = store.framePayload(frameIndex);
    if (!kept.isEmpty() || frame.length == 0) {
        payload = kept.toByteArray();
        return true;
    }
    const log::LogRecord &record = store.record(row);
    if (record.isCompressed() || record.isTruncated()
        || (record.kind != log::LogEntryKind::Text && record.kind != log::LogEntryKind::Binary))
        return false;
    quint64 offset = 0;
    for (int i = store.firstFrame(row); i < frameIndex; ++i) {
        const log::FrameRecord before = store.frame(i);
        if (!protocol::isControlOpcode(before.opcode))
            offset += before.length;
    }
    const QByteArrayView message = store.payload(row);
    if (offset + frame.length > quint64(message.size()))
        return false;
    payload = message.sliced(qsizetype(offset), qsizetype(frame.length)).toByteArray();
    return true;
}

Resend rawFrameOf(const log::MessageStore &store, int row, int frameIndex)
{
    Resend resend;
    resend.kind = Resend::Kind::RawFrame;
    const log::FrameRecord frame = store.frame(frameIndex);
    if (!framePayload(store, row, frameIndex, resend.payload)) {
        resend.refusal = tr("This frame's bytes were not kept apart from its message (it was compressed): "
                            "resend the whole message instead.");
        return resend;
    }
    ComposerChecks::RawFrameFields &fields = resend.frameFields;
    fields.fin = frame.isFinal();
    fields.rsv1 = frame.flags & net::FrameFlag::Rsv1;
    fields.rsv2 = frame.flags & net::FrameFlag::Rsv2;
    fields.rsv3 = frame.flags & net::FrameFlag::Rsv3;
    fields.opcode = frame.opcode;
    // A client masks what it sends (RFC 6455 section 5.3), with a fresh key each time; a
    // frame we sent unmasked on purpose goes unmasked again.
    fields.masked = frame.direction() == net::EventDirection::Incoming || frame.isMasked();
    fields.maskKey.clear();
    const int lengthBytes = frame.headerSize - 2 - (frame.isMasked() ? 4 : 0);
    fields.lengthEncoding = lengthBytes == 8 ? protocol::LengthEncoding::Force64
        : lengthBytes == 2                   ? protocol::LengthEncoding::Force16
                                             : protocol::LengthEncoding::Minimal;
    if (frame.length != quint64(resend.payload.size())) { // a length field that lied, on purpose
        fields.overrideLength = true;
        fields.length = QString::number(frame.length);
    }
    return resend;
}

QString refusalFor(log::LogEntryKind kind)
{
    switch (kind) {
    case log::LogEntryKind::Error:
        return tr("An error row is the log's own note, not something that was sent: there is nothing to resend.");
    case log::LogEntryKind::Info:
        return tr("An info row is the log's own note, not something that was sent: there is nothing to resend.");
    case log::LogEntryKind::Attempt:
        return tr("A connection attempt cannot be resent: use Connect to open a new one.");
    case log::LogEntryKind::Handshake:
        return tr("The upgrade handshake cannot be resent: use Connect (the connection options hold its headers).");
    case log::LogEntryKind::Event:
    case log::LogEntryKind::Comment:
        return tr("An event stream only receives: there is nothing to send back to it.");
    default:
        return {};
    }
}

} // namespace

Resend resendOfRow(const log::MessageStore &store, int row, int frameIndex)
{
    const log::LogRecord &record = store.record(row);
    Resend resend;
    if (frameIndex >= 0)
        resend = rawFrameOf(store, row, frameIndex);
    else if (record.kind == log::LogEntryKind::Frame && store.frameCount(row) > 0)
        resend = rawFrameOf(store, row, store.firstFrame(row));
    resend.originNumber = store.rowNumber(row);
    if (frameIndex >= 0 || resend.kind == Resend::Kind::RawFrame)
        return resend;

    resend.refusal = refusalFor(record.kind);
    resend.payload = store.payloadCopy(row);
    switch (record.kind) {
    case log::LogEntryKind::Text:
    case log::LogEntryKind::Binary:
        resend.kind = record.kind == log::LogEntryKind::Text ? Resend::Kind::Text : Resend::Kind::Binary;
        resend.fragments = int(qBound<quint32>(1, record.wireFrames, quint32(std::max<qsizetype>(1, resend.payload.size()))));
        if (record.isTruncated())
            resend.refusal = tr("Only the first 4 GiB of this message were kept: it cannot be sent again whole.");
        break;
    case log::LogEntryKind::Ping:
        resend.kind = Resend::Kind::Ping;
        break;
    case log::LogEntryKind::Pong:
        resend.kind = Resend::Kind::Pong;
        break;
    case log::LogEntryKind::Close: {
        resend.kind = Resend::Kind::Close;
        resend.closeCode = record.code;
        int code = 0;
        QString error;
        if (record.code != 0 && !ComposerChecks::parseCloseCode(QString::number(record.code), code, error))
            resend.refusal = tr("Close code %1 was not in a close frame (%2): a close cannot be sent with it.")
                                 .arg(record.code)
                                 .arg(error);
        break;
    }
    case log::LogEntryKind::Frame:
        resend.refusal = tr("This frame row kept no frame header: there is nothing to resend.");
        break;
    default:
        break;
    }
    return resend;
}

QString Resend::describe() const
{
    switch (kind) {
    case Kind::Text:
        return tr("the text message #%1").arg(originNumber);
    case Kind::Binary:
        return tr("the binary message #%1").arg(originNumber);
    case Kind::Ping:
        return tr("the ping #%1").arg(originNumber);
    case Kind::Pong:
        return tr("the pong #%1").arg(originNumber);
    case Kind::Close:
        return tr("the close #%1").arg(originNumber);
    case Kind::RawFrame:
        break;
    }
    return tr("a frame of #%1").arg(originNumber);
}

} // namespace wsi::ui
