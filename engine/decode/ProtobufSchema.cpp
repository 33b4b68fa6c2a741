// SPDX-License-Identifier: MIT
#include "decode/ProtobufSchema.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>

#include <google/protobuf/compiler/importer.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/util/json_util.h>

namespace wsi::decode {

namespace pb = google::protobuf;

namespace {

class CollectErrors : public pb::compiler::MultiFileErrorCollector
{
public:
    QStringList errors;

    // Lines and columns from libprotobuf count from 0; editors count from 1.
    void AddError(const std::string &filename, int line, int column, const std::string &message) override
    {
        errors.append(QStringLiteral("%1:%2:%3: %4")
                          .arg(QString::fromStdString(filename))
                          .arg(line + 1)
                          .arg(column + 1)
                          .arg(QString::fromStdString(message)));
    }
};

void collectTypes(const pb::Descriptor *type, QStringList *names)
{
    names->append(QString::fromStdString(type->full_name()));
    for (int i = 0; i < type->nested_type_count(); ++i)
        collectTypes(type->nested_type(i), names);
}

} // namespace

struct ProtobufSchema::Private
{
    pb::compiler::DiskSourceTree sourceTree;
    CollectErrors errors;
    std::unique_ptr<pb::compiler::Importer> importer;
    pb::DynamicMessageFactory factory;
    const pb::FileDescriptor *file = nullptr;
};

ProtobufSchema::ProtobufSchema(std::unique_ptr<Private> data) : d(std::move(data)) {}
ProtobufSchema::~ProtobufSchema() = default;

std::shared_ptr<const ProtobufSchema> ProtobufSchema::load(const QString &protoFile, const QStringList &importPaths,
                                                           QString *error)
{
    const QFileInfo info(protoFile);
    if (!info.isFile()) {
        *error = QStringLiteral("%1: no such file").arg(protoFile);
        return nullptr;
    }
    auto d = std::make_unique<Private>();
    d->sourceTree.MapPath("", QDir::toNativeSeparators(info.absolutePath()).toStdString());
    for (const QString &path : importPaths)
        d->sourceTree.MapPath("", QDir::toNativeSeparators(path).toStdString());
    d->importer = std::make_unique<pb::compiler::Importer>(&d->sourceTree, &d->errors);
    d->file = d->importer->Import(info.fileName().toStdString());
    if (!d->file) {
        *error = d->errors.errors.isEmpty() ? QStringLiteral("%1: cannot be read").arg(protoFile)
                                            : d->errors.errors.join(QLatin1Char('\n'));
        return nullptr;
    }
    return std::shared_ptr<const ProtobufSchema>(new ProtobufSchema(std::move(d)));
}

QStringList ProtobufSchema::messageTypes() const
{
    QStringList names;
    for (int i = 0; i < d->file->message_type_count(); ++i)
        collectTypes(d->file->message_type(i), &names);
    return names;
}

bool ProtobufSchema::hasMessageType(const QString &fullName) const
{
    return d->importer->pool()->FindMessageTypeByName(fullName.toStdString()) != nullptr;
}

bool ProtobufSchema::toJson(const QString &fullName, const QByteArray &bytes, QJsonObject *json, QString *error) const
{
    const pb::Descriptor *type = d->importer->pool()->FindMessageTypeByName(fullName.toStdString());
    if (!type) {
        *error = QStringLiteral("message type %1 is not in the schema").arg(fullName);
        return false;
    }
    std::unique_ptr<pb::Message> message(d->factory.GetPrototype(type)->New());
    if (!message->ParseFromArray(bytes.constData(), int(bytes.size()))) {
        *error = QStringLiteral("not a valid %1 message").arg(fullName);
        return false;
    }
    pb::util::JsonPrintOptions options;
    options.preserve_proto_field_names = true;
    std::string text;
    const auto status = pb::util::MessageToJsonString(*message, &text, options);
    if (!status.ok()) {
        *error = QString::fromStdString(std::string(status.message()));
        return false;
    }
    *json = QJsonDocument::fromJson(QByteArray::fromStdString(text)).object();
    return true;
}

} // namespace wsi::decode
