// SPDX-License-Identifier: MIT
#include "decode/ProtobufWire.h"

#include "decode/ByteReader.h"

#include <QStringDecoder>
#include <QStringList>

namespace wsi::decode {

namespace {

// Deep enough for real messages; a guess that nests deeper is more likely text or bytes.
constexpr int kMaxDepth = 16;

bool readableText(const QByteArray &bytes, QString *text)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    *text = decoder.decode(bytes);
    if (decoder.hasError())
        return false;
    for (const QChar c : *text) {
        if (c.unicode() < 0x20 && c != QLatin1Char('\n') && c != QLatin1Char('\r') && c != QLatin1Char('\t'))
            return false;
    }
    return true;
}

bool readMessage(ByteReader &reader, int depth, DecodedNode *node, QStringList *summary);

// A length-delimited field's best reading: message, text or bytes.
void describeBytes(ByteReader &field, const QByteArray &bytes, int depth, DecodedNode *node, QStringList *summary)
{
    if (!bytes.isEmpty() && depth < kMaxDepth) {
        DecodedNode nested;
        QStringList nestedSummary;
        ByteReader probe = field;
        if (readMessage(probe, depth + 1, &nested, &nestedSummary)) {
            node->value = QStringLiteral("message");
            node->children = std::move(nested.children);
            summary->append(QLatin1Char('{') + nestedSummary.join(QLatin1Char(' ')) + QLatin1Char('}'));
            return;
        }
    }
    QString text;
    if (readableText(bytes, &text)) {
        node->value = compactJson(QJsonValue(text), 0);
        summary->append(compactJson(QJsonValue(text), 40));
        return;
    }
    node->value = QStringLiteral("<binary %1 B> %2").arg(bytes.size()).arg(QString::fromLatin1(bytes.left(32).toHex(' ')));
    summary->append(QStringLiteral("<binary %1 B>").arg(bytes.size()));
}

// Reads fields to the reader's end; false (and the reader's error) when they are not
// protobuf.
bool readMessage(ByteReader &reader, int depth, DecodedNode *node, QStringList *summary)
{
    while (!reader.atEnd()) {
        const qsizetype at = reader.offset();
        const quint64 key = reader.protobufVarint("field key");
        const quint64 number = key >> 3;
        const int wireType = int(key & 7);
        if (reader.failed())
            return false;
        if (number == 0 || number > 536870911) {
            reader.fail(QStringLiteral("field key at offset %1: field number %2 is out of range").arg(at).arg(number));
            return false;
        }
        DecodedNode field{QString::number(number), {}, {}};
        QString value;
        switch (wireType) {
        case 0: value = QString::number(reader.protobufVarint("varint")); break;
        case 1: value = QStringLiteral("0x%1").arg(reader.u64le("fixed64"), 16, 16, QLatin1Char('0')); break;
        case 5: value = QStringLiteral("0x%1").arg(reader.u32le("fixed32"), 8, 16, QLatin1Char('0')); break;
        case 2: {
            const quint64 size = reader.protobufVarint("length");
            if (reader.failed())
                return false;
            if (size > quint64(reader.remaining())) {
                reader.fail(QStringLiteral("field %1 at offset %2: length %3 passes the end (%4 B left)")
                                .arg(number).arg(at).arg(size).arg(reader.remaining()));
                return false;
            }
            ByteReader inner = reader.sub(qsizetype(size), "length-delimited");
            QStringList nestedSummary;
            describeBytes(inner, inner.rest(), depth, &field, &nestedSummary);
            summary->append(QString::number(number) + QLatin1Char(':') + nestedSummary.join(QString()));
            node->children.append(std::move(field));
            continue;
        }
        default:
            reader.fail(QStringLiteral("field %1 at offset %2: wire type %3 is not supported").arg(number).arg(at).arg(wireType));
            return false;
        }
        if (reader.failed())
            return false;
        field.value = value;
        summary->append(QString::number(number) + QLatin1Char(':') + value);
        node->children.append(std::move(field));
    }
    return true;
}

} // namespace

ProtobufWireResult readProtobufWire(const QByteArray &bytes, bool wantsTree)
{
    ProtobufWireResult result;
    ByteReader reader(bytes, 0, bytes.size());
    QStringList summary;
    result.tree.name = QStringLiteral("protobuf");
    if (!readMessage(reader, 0, &result.tree, &summary)) {
        result.error = reader.error();
        return result;
    }
    result.summary = summary.join(QLatin1Char(' '));
    if (result.summary.size() > 120)
        result.summary = result.summary.left(119) + QChar(0x2026);
    if (!wantsTree)
        result.tree = {};
    return result;
}

} // namespace wsi::decode
