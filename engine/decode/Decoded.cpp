// SPDX-License-Identifier: MIT
#include "decode/Decoded.h"

#include <QCborArray>
#include <QCborMap>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>

namespace wsi::decode {

DecodedNode &DecodedNode::add(const QString &childName, const QString &childValue)
{
    children.append(DecodedNode{childName, childValue, {}});
    return children.last();
}

const DecodedNode *DecodedNode::child(QStringView childName) const
{
    for (const DecodedNode &node : children) {
        if (node.name == childName)
            return &node;
    }
    return nullptr;
}

QString Decoded::field(QStringView name) const
{
    for (const DecodedField &f : fields) {
        if (f.name == name)
            return f.value;
    }
    return {};
}

QString compactJson(const QJsonValue &value, int maxChars)
{
    QString text;
    if (value.isArray())
        text = QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    else if (value.isObject())
        text = QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    else if (value.isString())
        text = QString::fromUtf8(QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact))
                   .mid(1).chopped(1);
    else if (value.isBool())
        text = value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    else if (value.isDouble())
        text = QString::number(value.toDouble(), 'g', 17);
    else if (value.isNull())
        text = QStringLiteral("null");
    if (maxChars > 0 && text.size() > maxChars)
        text = text.left(maxChars - 1) + QChar(0x2026);
    return text;
}

DecodedNode nodeFromJson(const QString &name, const QJsonValue &value)
{
    DecodedNode node{name, {}, {}};
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        node.value = QStringLiteral("{%1}").arg(object.size());
        for (auto it = object.begin(); it != object.end(); ++it)
            node.children.append(nodeFromJson(it.key(), it.value()));
    } else if (value.isArray()) {
        const QJsonArray array = value.toArray();
        node.value = QStringLiteral("[%1]").arg(array.size());
        for (qsizetype i = 0; i < array.size(); ++i)
            node.children.append(nodeFromJson(QStringLiteral("[%1]").arg(i), array.at(i)));
    } else {
        node.value = compactJson(value, 0);
    }
    return node;
}

namespace {

QString cborScalarText(const QCborValue &value)
{
    if (value.isByteArray())
        return QStringLiteral("<binary %1 B> %2")
            .arg(value.toByteArray().size())
            .arg(QString::fromLatin1(value.toByteArray().left(32).toHex(' ')));
    if (value.isInteger())
        return QString::number(value.toInteger());
    if (value.isString())
        return compactJson(QJsonValue(value.toString()), 0);
    if (value.isUndefined())
        return QStringLiteral("undefined");
    if (value.isSimpleType() && !value.isBool() && !value.isNull())
        return QStringLiteral("simple(%1)").arg(int(value.toSimpleType()));
    return compactJson(value.toJsonValue(), 0);
}

QString cborKeyText(const QCborValue &key)
{
    return key.isString() ? key.toString() : cborScalarText(key);
}

QString compactCborText(const QCborValue &value)
{
    if (value.isTag())
        return compactCborText(value.taggedValue());
    if (value.isByteArray())
        return QStringLiteral("<binary %1 B>").arg(value.toByteArray().size());
    if (value.isArray()) {
        QStringList items;
        for (const QCborValue &item : value.toArray())
            items.append(compactCborText(item));
        return QLatin1Char('[') + items.join(QLatin1Char(',')) + QLatin1Char(']');
    }
    if (value.isMap()) {
        QStringList items;
        const QCborMap map = value.toMap();
        for (auto it = map.begin(); it != map.end(); ++it)
            items.append(compactCborText(it.key()) + QLatin1Char(':') + compactCborText(it.value()));
        return QLatin1Char('{') + items.join(QLatin1Char(',')) + QLatin1Char('}');
    }
    if (value.isInteger())
        return QString::number(value.toInteger());
    if (value.isUndefined())
        return QStringLiteral("undefined");
    return compactJson(value.toJsonValue(), 0);
}

} // namespace

QString compactCbor(const QCborValue &value, int maxChars)
{
    QString text = compactCborText(value);
    if (maxChars > 0 && text.size() > maxChars)
        text = text.left(maxChars - 1) + QChar(0x2026);
    return text;
}

DecodedNode nodeFromCbor(const QString &name, const QCborValue &value)
{
    DecodedNode node{name, {}, {}};
    if (value.isTag()) {
        node = nodeFromCbor(name, value.taggedValue());
        node.value = QStringLiteral("tag(%1) %2").arg(quint64(value.tag())).arg(node.value);
        return node;
    }
    if (value.isMap()) {
        const QCborMap map = value.toMap();
        node.value = QStringLiteral("{%1}").arg(map.size());
        for (auto it = map.begin(); it != map.end(); ++it)
            node.children.append(nodeFromCbor(cborKeyText(it.key()), it.value()));
    } else if (value.isArray()) {
        const QCborArray array = value.toArray();
        node.value = QStringLiteral("[%1]").arg(array.size());
        for (qsizetype i = 0; i < array.size(); ++i)
            node.children.append(nodeFromCbor(QStringLiteral("[%1]").arg(i), array.at(i)));
    } else {
        node.value = cborScalarText(value);
    }
    return node;
}

void describeValues(Decoded &decoded, const QString &rootName, const QList<QCborValue> &values, bool wantsTree)
{
    QStringList summaries;
    for (const QCborValue &value : values)
        summaries.append(compactCbor(value, 100));
    decoded.summary = summaries.join(QLatin1Char(' '));
    if (!wantsTree)
        return;
    if (values.size() == 1) {
        decoded.tree = nodeFromCbor(rootName, values.first());
        return;
    }
    decoded.tree = DecodedNode{rootName, QString::number(values.size()), {}};
    for (qsizetype i = 0; i < values.size(); ++i)
        decoded.tree.children.append(nodeFromCbor(QStringLiteral("[%1]").arg(i), values.at(i)));
}

} // namespace wsi::decode
