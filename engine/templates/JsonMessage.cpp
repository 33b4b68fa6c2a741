// SPDX-License-Identifier: MIT
#include "templates/JsonMessage.h"

#include "decode/JsonPayload.h"

namespace wsi::templates {

QByteArray orderedJsonObject(const QList<QPair<QString, QJsonValue>> &members)
{
    QByteArray out("{");
    for (const auto &[name, value] : members) {
        if (value.isUndefined())
            continue;
        if (out.size() > 1)
            out.append(',');
        out.append(decode::jsonText(QJsonValue(name)));
        out.append(':');
        out.append(decode::jsonText(value));
    }
    out.append('}');
    return out;
}

} // namespace wsi::templates
