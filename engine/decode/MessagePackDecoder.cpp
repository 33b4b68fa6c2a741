// SPDX-License-Identifier: MIT
#include "decode/MessagePackDecoder.h"

#include <QCborArray>
#include <QCborMap>

#include <msgpack.hpp>

namespace wsi::decode {

namespace {

// Extension types have no CBOR counterpart; they become a tag in the range CBOR leaves
// unassigned, so their type number and bytes survive.
constexpr quint64 kExtensionTagBase = 0x10000;

QCborValue toCbor(const msgpack::object &object)
{
    switch (object.type) {
    case msgpack::type::NIL: return QCborValue(nullptr);
    case msgpack::type::BOOLEAN: return QCborValue(object.via.boolean);
    case msgpack::type::POSITIVE_INTEGER:
        // Above qint64's range only as a double: QCborValue's integers are signed.
        return object.via.u64 > quint64(std::numeric_limits<qint64>::max()) ? QCborValue(double(object.via.u64))
                                                                            : QCborValue(qint64(object.via.u64));
    case msgpack::type::NEGATIVE_INTEGER: return QCborValue(qint64(object.via.i64));
    case msgpack::type::FLOAT32:
    case msgpack::type::FLOAT64: return QCborValue(object.via.f64);
    case msgpack::type::STR: return QCborValue(QString::fromUtf8(object.via.str.ptr, object.via.str.size));
    case msgpack::type::BIN: return QCborValue(QByteArray(object.via.bin.ptr, object.via.bin.size));
    case msgpack::type::ARRAY: {
        QCborArray array;
        for (quint32 i = 0; i < object.via.array.size; ++i)
            array.append(toCbor(object.via.array.ptr[i]));
        return array;
    }
    case msgpack::type::MAP: {
        QCborMap map;
        for (quint32 i = 0; i < object.via.map.size; ++i)
            map.insert(toCbor(object.via.map.ptr[i].key), toCbor(object.via.map.ptr[i].val));
        return map;
    }
    case msgpack::type::EXT:
        return QCborValue(QCborTag(kExtensionTagBase + quint8(object.via.ext.type())),
                          QByteArray(object.via.ext.data(), object.via.ext.size));
    }
    return {};
}

} // namespace

bool readMessagePack(const QByteArray &bytes, QList<QCborValue> *values, QString *error)
{
    std::size_t offset = 0;
    while (offset < std::size_t(bytes.size())) {
        const std::size_t start = offset;
        try {
            const msgpack::object_handle handle = msgpack::unpack(bytes.constData(), bytes.size(), offset);
            values->append(toCbor(handle.get()));
        } catch (const msgpack::insufficient_bytes &) {
            *error = QStringLiteral("value at offset %1 is cut short at byte %2").arg(start).arg(bytes.size());
            return false;
        } catch (const std::exception &e) {
            *error = QStringLiteral("value at offset %1: %2").arg(start).arg(QString::fromUtf8(e.what()));
            return false;
        }
    }
    return true;
}

DecodeResult MessagePackDecoder::decode(const DecodeInput &input, DecodeContext &) const
{
    QList<QCborValue> values;
    QString error;
    if (input.payload.isEmpty())
        return DecodeResult::malformed(QStringLiteral("empty message: no MessagePack value"));
    if (!readMessagePack(input.payload, &values, &error))
        return DecodeResult::malformed(QStringLiteral("MessagePack ") + error);
    Decoded decoded;
    decoded.protocol = id();
    describeValues(decoded, QStringLiteral("MessagePack"), values, input.wantsTree);
    return DecodeResult::ok(std::move(decoded));
}

} // namespace wsi::decode
