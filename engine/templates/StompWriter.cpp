// SPDX-License-Identifier: MIT
#include "templates/StompWriter.h"

#include <algorithm>

namespace wsi::templates {

namespace {

bool isLineBreak(QChar c)
{
    return c == QLatin1Char('\n') || c == QLatin1Char('\r');
}

bool hasLineBreak(const QString &text)
{
    return std::any_of(text.begin(), text.end(), isLineBreak);
}

} // namespace

QString escapeStompHeader(const QString &value)
{
    QString out;
    out.reserve(value.size());
    for (QChar c : value) {
        switch (c.unicode()) {
        case '\\': out += QLatin1String("\\\\"); break;
        case '\n': out += QLatin1String("\\n"); break;
        case '\r': out += QLatin1String("\\r"); break;
        case ':': out += QLatin1String("\\c"); break;
        default: out += c;
        }
    }
    return out;
}

QByteArray writeStompFrame(const QString &command, const StompHeaders &headers, const QByteArray &body, QString *problem)
{
    const bool commandIsWord = !command.isEmpty()
        && std::all_of(command.begin(), command.end(), [](QChar c) { return c >= QLatin1Char('A') && c <= QLatin1Char('Z'); });
    if (!commandIsWord) {
        *problem = QStringLiteral("\"%1\" is not a STOMP command: use capital letters, e.g. SEND").arg(command);
        return {};
    }
    const bool escapes = command != QLatin1String("CONNECT") && command != QLatin1String("STOMP")
        && command != QLatin1String("CONNECTED");
    QByteArray out = command.toUtf8();
    out.append('\n');
    for (const auto &[name, value] : headers) {
        if (name.isEmpty() || name.contains(QLatin1Char(':')) || hasLineBreak(name)) {
            *problem = QStringLiteral("the header name \"%1\" is empty or has a colon or a line break").arg(name);
            return {};
        }
        if (!escapes && hasLineBreak(value)) {
            *problem = QStringLiteral("the %1 header \"%2\" has a line break, which %3 frames cannot escape")
                           .arg(command, name, command);
            return {};
        }
        out.append((escapes ? escapeStompHeader(name) : name).toUtf8());
        out.append(':');
        out.append((escapes ? escapeStompHeader(value) : value).toUtf8());
        out.append('\n');
    }
    out.append('\n');
    out.append(body);
    out.append('\0');
    return out;
}

} // namespace wsi::templates
