// SPDX-License-Identifier: MIT
#pragma once
// Message template values written as literals in tests: values({{"topic", "a/b"}, {"qos", "1"}})
// (the project builds with QT_NO_CAST_FROM_ASCII, so a QHash<QString, QString> cannot be).
#include "templates/MessageTemplate.h"

#include <initializer_list>

namespace wsi::test {

struct TemplateValue
{
    TemplateValue(const char *k, const char *v) : key(QString::fromUtf8(k)), value(QString::fromUtf8(v)) {}
    TemplateValue(const char *k, QString v) : key(QString::fromUtf8(k)), value(std::move(v)) {}
    QString key;
    QString value;
};

inline templates::TemplateValues values(std::initializer_list<TemplateValue> list)
{
    templates::TemplateValues out;
    for (const TemplateValue &each : list)
        out.insert(each.key, each.value);
    return out;
}

} // namespace wsi::test
