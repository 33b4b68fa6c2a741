// SPDX-License-Identifier: MIT
#include "decode/CborDecoder.h"

#include <QCborStreamReader>
#include <QCborValue>

namespace wsi::decode {

DecodeResult CborDecoder::decode(const DecodeInput &input, DecodeContext &) const
{
    if (input.payload.isEmpty())
        return DecodeResult::malformed(QStringLiteral("empty message: no CBOR item"));
    QCborStreamReader reader(input.payload);
    QList<QCborValue> items;
    while (reader.lastError() == QCborError::NoError && reader.currentOffset() < input.payload.size()) {
        const qint64 start = reader.currentOffset();
        const QCborValue item = QCborValue::fromCbor(reader);
        if (reader.lastError() != QCborError::NoError)
            return DecodeResult::malformed(QStringLiteral("CBOR item at offset %1: %2 (at offset %3)")
                                               .arg(start)
                                               .arg(reader.lastError().toString())
                                               .arg(reader.currentOffset()));
        items.append(item);
    }
    Decoded decoded;
    decoded.protocol = id();
    describeValues(decoded, QStringLiteral("CBOR"), items, input.wantsTree);
    return DecodeResult::ok(std::move(decoded));
}

} // namespace wsi::decode
