// SPDX-License-Identifier: MIT
#include "decode/MqttProperties.h"

#include "decode/ByteReader.h"

namespace wsi::decode {

namespace {

enum class ValueType : quint8 { Byte, TwoBytes, FourBytes, Varint, Utf8, Binary, Utf8Pair };

struct Property
{
    quint8 id;
    const char *name;
    ValueType type;
};

// MQTT 5.0 table 2-4.
constexpr Property kProperties[] = {
    {0x01, "Payload Format Indicator", ValueType::Byte},
    {0x02, "Message Expiry Interval", ValueType::FourBytes},
    {0x03, "Content Type", ValueType::Utf8},
    {0x08, "Response Topic", ValueType::Utf8},
    {0x09, "Correlation Data", ValueType::Binary},
    {0x0B, "Subscription Identifier", ValueType::Varint},
    {0x11, "Session Expiry Interval", ValueType::FourBytes},
    {0x12, "Assigned Client Identifier", ValueType::Utf8},
    {0x13, "Server Keep Alive", ValueType::TwoBytes},
    {0x15, "Authentication Method", ValueType::Utf8},
    {0x16, "Authentication Data", ValueType::Binary},
    {0x17, "Request Problem Information", ValueType::Byte},
    {0x18, "Will Delay Interval", ValueType::FourBytes},
    {0x19, "Request Response Information", ValueType::Byte},
    {0x1A, "Response Information", ValueType::Utf8},
    {0x1C, "Server Reference", ValueType::Utf8},
    {0x1F, "Reason String", ValueType::Utf8},
    {0x21, "Receive Maximum", ValueType::TwoBytes},
    {0x22, "Topic Alias Maximum", ValueType::TwoBytes},
    {0x23, "Topic Alias", ValueType::TwoBytes},
    {0x24, "Maximum QoS", ValueType::Byte},
    {0x25, "Retain Available", ValueType::Byte},
    {0x26, "User Property", ValueType::Utf8Pair},
    {0x27, "Maximum Packet Size", ValueType::FourBytes},
    {0x28, "Wildcard Subscription Available", ValueType::Byte},
    {0x29, "Subscription Identifier Available", ValueType::Byte},
    {0x2A, "Shared Subscription Available", ValueType::Byte},
};

const Property *findProperty(quint8 id)
{
    for (const Property &property : kProperties) {
        if (property.id == id)
            return &property;
    }
    return nullptr;
}

QString readValue(ByteReader &reader, const Property &property)
{
    switch (property.type) {
    case ValueType::Byte: return QString::number(reader.u8(property.name));
    case ValueType::TwoBytes: return QString::number(reader.u16(property.name));
    case ValueType::FourBytes: return QString::number(reader.u32(property.name));
    case ValueType::Varint: return QString::number(reader.mqttVarint(property.name));
    case ValueType::Utf8: return reader.utf8(property.name);
    case ValueType::Binary: return QString::fromLatin1(reader.lengthPrefixed(property.name).toHex(' '));
    case ValueType::Utf8Pair: {
        const QString key = reader.utf8(property.name);
        return key + QStringLiteral(" = ") + reader.utf8(property.name);
    }
    }
    return {};
}

} // namespace

void readMqttProperties(ByteReader &reader, DecodedNode &node)
{
    const quint32 length = reader.mqttVarint("property length");
    ByteReader properties = reader.sub(length, "properties");
    while (!properties.atEnd()) {
        const qsizetype at = properties.offset();
        const quint8 id = properties.u8("property identifier");
        const Property *property = findProperty(id);
        if (!property) {
            reader.fail(QStringLiteral("property identifier 0x%1 at offset %2 is unknown").arg(id, 2, 16, QLatin1Char('0')).arg(at));
            return;
        }
        const QString value = readValue(properties, *property);
        if (properties.failed())
            break;
        node.add(QLatin1String(property->name), value);
    }
    if (properties.failed())
        reader.fail(properties.error());
}

} // namespace wsi::decode
