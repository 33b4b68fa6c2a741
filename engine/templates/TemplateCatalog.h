// SPDX-License-Identifier: MIT
// Every message template, grouped by protocol in the order the composer's menu lists them:
// STOMP, MQTT, graphql-ws, JSON-RPC, Socket.IO.
#pragma once

#include "templates/MessageTemplate.h"

#include <QJsonValue>

namespace wsi::templates {

const QList<MessageTemplate> &messageTemplates();
// nullptr when no template has that id.
const MessageTemplate *findTemplate(QStringView id);

// The groups, one file each (StompTemplates.cpp, ...).
QList<MessageTemplate> stompTemplates();
QList<MessageTemplate> mqttTemplates();
QList<MessageTemplate> graphQlWsTemplates();
QList<MessageTemplate> jsonRpcTemplates();
QList<MessageTemplate> socketIoTemplates();

// Field constructors, so a template's form reads as a list.
TemplateField lineField(const QString &key, const QString &label, const QString &value, const QString &toolTip = {});
TemplateField textField(const QString &key, const QString &label, const QString &value, const QString &toolTip = {});
TemplateField numberField(const QString &key, const QString &label, qint64 value, qint64 minimum, qint64 maximum, const QString &toolTip = {});
TemplateField choiceField(const QString &key, const QString &label, const QStringList &choices, const QString &toolTip = {});
TemplateField checkField(const QString &key, const QString &label, bool value, const QString &toolTip = {});
TemplateField jsonField(const QString &key, const QString &label, const QString &value, const QString &toolTip = {});

// A field's value as JSON (already checked by MessageTemplate::make); undefined when empty.
QJsonValue jsonValueOf(const QString &text);

} // namespace wsi::templates
