// SPDX-License-Identifier: MIT
// A .proto file the user picked, compiled at run time with libprotobuf's Importer (no
// protoc, no generated code), and messages read against it as DynamicMessages, printed in
// the proto3 JSON mapping with the .proto's field names. libprotobuf stays behind this
// class: nothing else in wsinspect includes its headers.
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <memory>

namespace wsi::decode {

class ProtobufSchema
{
public:
    // Loads `protoFile`, its imports looked up beside it and in importPaths. On failure
    // returns null and sets *error ("file:line:column: message" for each problem).
    static std::shared_ptr<const ProtobufSchema> load(const QString &protoFile, const QStringList &importPaths,
                                                      QString *error);
    ~ProtobufSchema();

    // Full names of the message types the file defines, nested ones too ("demo.Reading").
    QStringList messageTypes() const;
    bool hasMessageType(const QString &fullName) const;
    // Reads `bytes` as a `fullName` message; false and *error when they are not one.
    bool toJson(const QString &fullName, const QByteArray &bytes, QJsonObject *json, QString *error) const;

private:
    struct Private;
    explicit ProtobufSchema(std::unique_ptr<Private> d);
    std::unique_ptr<Private> d;
};

} // namespace wsi::decode
