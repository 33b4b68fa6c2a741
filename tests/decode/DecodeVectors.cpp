// SPDX-License-Identifier: MIT
#include "DecodeVectors.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>

namespace wsi::test {

QString vectorPath(const char *file)
{
    return QStringLiteral(WSI_DECODE_VECTORS_DIR "/") + QLatin1String(file);
}

Vector recordedVector(const char *file, const char *name)
{
    QFile json(vectorPath(file));
    if (!json.open(QIODevice::ReadOnly))
        qFatal("cannot open %s", file);
    const QJsonObject vectors = QJsonDocument::fromJson(json.readAll()).object();
    const QJsonObject vector = vectors.value(QLatin1String(name)).toObject();
    if (vector.contains(QLatin1String("text")))
        return {vector.value(QLatin1String("text")).toString().toUtf8(), true};
    if (vector.contains(QLatin1String("hex")))
        return {QByteArray::fromHex(vector.value(QLatin1String("hex")).toString().toLatin1()), false};
    qFatal("no vector %s in %s", name, file);
}

decode::DecodeInput input(const Vector &vector, decode::PayloadDirection direction, qint64 sequence, bool wantsTree)
{
    decode::DecodeInput in;
    in.payload = vector.payload;
    in.isText = vector.isText;
    in.direction = direction;
    in.sequence = sequence;
    in.wantsTree = wantsTree;
    return in;
}

decode::DecodeInput textInput(const QByteArray &text, decode::PayloadDirection direction)
{
    return input(Vector{text, true}, direction);
}

decode::DecodeResult decodeOnce(const decode::Decoder &decoder, const Vector &vector, decode::PayloadDirection direction)
{
    decode::DecodeContext context;
    return decoder.decode(input(vector, direction), context);
}

QString fieldsText(const decode::Decoded &decoded)
{
    QStringList parts;
    for (const decode::DecodedField &field : decoded.fields)
        parts.append(field.name + QLatin1Char('=') + field.value);
    return parts.join(QLatin1Char(' '));
}

} // namespace wsi::test
