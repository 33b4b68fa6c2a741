// SPDX-License-Identifier: MIT
// A JSON object written with its members in the order given (QJsonObject would sort them),
// so a template's message reads like the protocol's examples: "type" first.
#pragma once

#include <QByteArray>
#include <QJsonValue>
#include <QList>
#include <QPair>
#include <QString>

namespace wsi::templates {

// Members whose value is undefined are left out.
QByteArray orderedJsonObject(const QList<QPair<QString, QJsonValue>> &members);

} // namespace wsi::templates
