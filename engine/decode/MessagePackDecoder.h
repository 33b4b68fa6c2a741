// SPDX-License-Identifier: MIT
// MessagePack, read with msgpack-cxx (Debian's libmsgpack-cxx-dev) into QCborValue, which
// holds everything MessagePack does (maps with any keys, bytes, extension types as tags),
// so the tree and summary are the CBOR decoder's. A message may hold several values.
#pragma once

#include "decode/Decoder.h"

#include <QCborValue>

namespace wsi::decode {

// The values in `bytes`, or an error naming the offset where reading stopped.
bool readMessagePack(const QByteArray &bytes, QList<QCborValue> *values, QString *error);

class MessagePackDecoder : public Decoder
{
public:
    QString id() const override { return QStringLiteral("msgpack"); }
    QString displayName() const override { return QStringLiteral("MessagePack"); }
    bool recognises(const DecodeInput &) const override { return false; }
    DecodeResult decode(const DecodeInput &input, DecodeContext &context) const override;
};

} // namespace wsi::decode
