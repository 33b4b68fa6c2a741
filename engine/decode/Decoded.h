// SPDX-License-Identifier: MIT
// What a decoder makes of one message: the protocol's name, a one-line summary for the log,
// a tree for the details pane, the fields filters search (event, destination, topic, method,
// id) and a correlation key that pairs a request with its response. Plain values, built on
// the thread that asked (the UI thread today); nothing here points into the store.
#pragma once

#include <QCborValue>
#include <QJsonValue>
#include <QList>
#include <QString>

namespace wsi::decode {

// One node of the details tree: a name ("topic", "args[0]"), a value in words for leaves
// ("sensors/1", "42", "<binary 3 B>") and children for containers.
struct DecodedNode
{
    QString name;
    QString value;
    QList<DecodedNode> children;

    DecodedNode &add(const QString &childName, const QString &childValue = {});
    const DecodedNode *child(QStringView childName) const;
};

// Trees from the values decoders already hold, so a JSON argument or a CBOR map looks the
// same in every protocol.
DecodedNode nodeFromJson(const QString &name, const QJsonValue &value);
DecodedNode nodeFromCbor(const QString &name, const QCborValue &value);
// A short one-line rendering for summaries: compact JSON, cut at maxChars with an ellipsis.
QString compactJson(const QJsonValue &value, int maxChars = 80);
// The same for CBOR values (MessagePack and Socket.IO attachments too): bytes as
// <binary N B>, map keys of any type.
QString compactCbor(const QCborValue &value, int maxChars = 80);

// A field filters can search: "event" = "chat", "topic" = "sensors/1".
struct DecodedField
{
    QString name;
    QString value;
};

enum class CorrelationRole : quint8 { None, Request, Response };

// Pairs a request with its response: JSON-RPC ids, Socket.IO ack ids (per namespace),
// graphql operation ids. Keys are compared within one protocol and one tab.
struct Correlation
{
    QString key;
    CorrelationRole role = CorrelationRole::None;

    bool isValid() const { return role != CorrelationRole::None && !key.isEmpty(); }
};

struct Decoded
{
    QString protocol; // the decoder's id, e.g. "socketio"
    QString summary;  // e.g. `42 emit "chat" ["hi"]`, `SEND /topic/x`, `PUBLISH sensors/1 qos1`
    DecodedNode tree; // empty unless the caller asked for it (DecodeInput::wantsTree)
    QList<DecodedField> fields;
    Correlation correlation;

    void addField(const QString &name, const QString &value) { fields.append({name, value}); }
    // The first field of that name, or a null string.
    QString field(QStringView name) const;
};

// Summary and tree of a self-describing binary message (CBOR, MessagePack): one value, or a
// sequence of them under rootName.
void describeValues(Decoded &decoded, const QString &rootName, const QList<QCborValue> &values, bool wantsTree);

} // namespace wsi::decode
