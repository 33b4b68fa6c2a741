// SPDX-License-Identifier: MIT
#include "decode/ByteReader.h"

namespace wsi::decode {

void ByteReader::fail(const QString &why)
{
    if (m_error.isEmpty())
        m_error = why;
    m_at = m_end;
}

bool ByteReader::need(qsizetype size, const char *field)
{
    if (failed())
        return false;
    if (size < 0 || size > remaining()) {
        m_cutShort = size > remaining();
        fail(QStringLiteral("%1 at offset %2: needs %3 B, %4 left")
                 .arg(QLatin1String(field))
                 .arg(offset())
                 .arg(size)
                 .arg(remaining()));
        return false;
    }
    return true;
}

quint8 ByteReader::u8(const char *field)
{
    if (!need(1, field))
        return 0;
    return quint8(m_bytes.at(m_at++));
}

quint16 ByteReader::u16(const char *field)
{
    if (!need(2, field))
        return 0;
    const quint16 value = quint16(quint8(m_bytes.at(m_at)) << 8 | quint8(m_bytes.at(m_at + 1)));
    m_at += 2;
    return value;
}

quint32 ByteReader::u32(const char *field)
{
    if (!need(4, field))
        return 0;
    quint32 value = 0;
    for (int i = 0; i < 4; ++i)
        value = value << 8 | quint8(m_bytes.at(m_at + i));
    m_at += 4;
    return value;
}

quint32 ByteReader::u32le(const char *field)
{
    if (!need(4, field))
        return 0;
    quint32 value = 0;
    for (int i = 3; i >= 0; --i)
        value = value << 8 | quint8(m_bytes.at(m_at + i));
    m_at += 4;
    return value;
}

quint64 ByteReader::u64le(const char *field)
{
    const quint64 low = u32le(field);
    const quint64 high = u32le(field);
    return low | high << 32;
}

quint32 ByteReader::mqttVarint(const char *field)
{
    const qsizetype start = offset();
    quint32 value = 0;
    for (int i = 0; i < 4; ++i) {
        const quint8 byte = u8(field);
        if (failed())
            return 0;
        value |= quint32(byte & 0x7f) << (7 * i);
        if (!(byte & 0x80))
            return value;
    }
    // MQTT 3.1.1 2.2.3 / 5.0 1.5.5: at most four bytes.
    fail(QStringLiteral("%1 at offset %2: variable byte integer longer than 4 bytes").arg(QLatin1String(field)).arg(start));
    return 0;
}

quint64 ByteReader::protobufVarint(const char *field)
{
    const qsizetype start = offset();
    quint64 value = 0;
    for (int i = 0; i < 10; ++i) {
        const quint8 byte = u8(field);
        if (failed())
            return 0;
        value |= quint64(byte & 0x7f) << (7 * i);
        if (!(byte & 0x80))
            return value;
    }
    fail(QStringLiteral("%1 at offset %2: varint longer than 10 bytes").arg(QLatin1String(field)).arg(start));
    return 0;
}

QByteArray ByteReader::bytes(qsizetype size, const char *field)
{
    if (!need(size, field))
        return {};
    const QByteArray value = m_bytes.mid(m_at, size);
    m_at += size;
    return value;
}

QByteArray ByteReader::lengthPrefixed(const char *field)
{
    const quint16 size = u16(field);
    return bytes(size, field);
}

ByteReader ByteReader::sub(qsizetype size, const char *field)
{
    if (!need(size, field))
        return ByteReader(m_bytes, m_at, m_at, m_base);
    ByteReader inner(m_bytes, m_at, m_at + size, m_base);
    m_at += size;
    return inner;
}

} // namespace wsi::decode
