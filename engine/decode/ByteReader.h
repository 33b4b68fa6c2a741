// SPDX-License-Identifier: MIT
// A cursor over a binary payload for the binary decoders (MQTT, protobuf): big-endian
// integers, varints, length-prefixed strings, each read failing with the offset and the
// field that did not fit rather than reading past the end.
#pragma once

#include <QByteArray>
#include <QString>

namespace wsi::decode {

class ByteReader
{
public:
    // `base` is added to offsets in errors: where `bytes` starts in the message.
    ByteReader(const QByteArray &bytes, qsizetype begin, qsizetype end, qsizetype base = 0)
        : m_bytes(bytes), m_at(begin), m_end(end), m_base(base) {}

    qsizetype offset() const { return m_base + m_at; }
    qsizetype remaining() const { return m_end - m_at; }
    bool atEnd() const { return m_at >= m_end; }
    bool failed() const { return !m_error.isEmpty(); }
    const QString &error() const { return m_error; }
    // The failure was the end of the bytes, not a wrong value: more bytes may complete it.
    bool isCutShort() const { return m_cutShort; }

    quint8 u8(const char *field);
    quint16 u16(const char *field);
    quint32 u32(const char *field);
    // Little-endian, as protobuf's fixed32/fixed64.
    quint32 u32le(const char *field);
    quint64 u64le(const char *field);
    // MQTT's Variable Byte Integer (at most 4 bytes, 28 bits).
    quint32 mqttVarint(const char *field);
    // Protobuf's base-128 varint (at most 10 bytes, 64 bits).
    quint64 protobufVarint(const char *field);
    QByteArray bytes(qsizetype size, const char *field);
    // MQTT's two-byte length then that many bytes (UTF-8 strings and binary data).
    QByteArray lengthPrefixed(const char *field);
    QString utf8(const char *field) { return QString::fromUtf8(lengthPrefixed(field)); }
    // The bytes from the cursor to the end, not consumed.
    QByteArray rest() const { return m_bytes.mid(m_at, m_end - m_at); }

    // A reader over the next `size` bytes, which this one skips.
    ByteReader sub(qsizetype size, const char *field);
    void fail(const QString &why);

private:
    bool need(qsizetype size, const char *field);

    const QByteArray &m_bytes;
    qsizetype m_at;
    qsizetype m_end;
    qsizetype m_base;
    QString m_error;
    bool m_cutShort = false;
};

} // namespace wsi::decode
