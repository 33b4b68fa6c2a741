// SPDX-License-Identifier: MIT
#pragma once
// Little-endian fixed-width fields in a byte buffer, for the session file's binary
// sections. The reader never reads past its end: a short buffer sets a flag and yields
// zeros, and the caller checks ok() once per record.
#include <QByteArray>
#include <QByteArrayView>
#include <QtEndian>

#include <cstring>

namespace wsi::log {

class LittleEndianWriter
{
public:
    explicit LittleEndianWriter(QByteArray &out) : m_out(out) {}

    void u8(quint8 value) { m_out.append(char(value)); }
    void u16(quint16 value) { put(value); }
    void u32(quint32 value) { put(value); }
    void u64(quint64 value) { put(value); }
    void i64(qint64 value) { put(quint64(value)); }
    void bytes(QByteArrayView bytes) { m_out.append(bytes); }

private:
    template <typename T> void put(T value)
    {
        char raw[sizeof(T)];
        qToLittleEndian(value, raw);
        m_out.append(raw, qsizetype(sizeof(T)));
    }

    QByteArray &m_out;
};

class LittleEndianReader
{
public:
    explicit LittleEndianReader(QByteArrayView in) : m_in(in) {}

    quint8 u8() { return get<quint8>(); }
    quint16 u16() { return get<quint16>(); }
    quint32 u32() { return get<quint32>(); }
    quint64 u64() { return get<quint64>(); }
    qint64 i64() { return qint64(get<quint64>()); }
    QByteArrayView bytes(quint64 size)
    {
        if (!m_ok || size > quint64(remaining())) {
            m_ok = false;
            return {};
        }
        const QByteArrayView out = m_in.sliced(m_at, qsizetype(size));
        m_at += qsizetype(size);
        return out;
    }

    bool ok() const { return m_ok; }
    bool atEnd() const { return m_at == m_in.size(); }
    qsizetype position() const { return m_at; }
    qsizetype remaining() const { return m_in.size() - m_at; }

private:
    template <typename T> T get()
    {
        if (!m_ok || remaining() < qsizetype(sizeof(T))) {
            m_ok = false;
            return T(0);
        }
        const T value = qFromLittleEndian<T>(m_in.data() + m_at);
        m_at += qsizetype(sizeof(T));
        return value;
    }

    QByteArrayView m_in;
    qsizetype m_at = 0;
    bool m_ok = true;
};

} // namespace wsi::log
