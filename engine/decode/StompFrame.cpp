// SPDX-License-Identifier: MIT
#include "decode/StompFrame.h"

namespace wsi::decode {

namespace {

const char *const kCommands[] = {"CONNECT", "STOMP", "CONNECTED", "SEND", "SUBSCRIBE", "UNSUBSCRIBE",
                                 "ACK", "NACK", "BEGIN", "COMMIT", "ABORT", "DISCONNECT",
                                 "MESSAGE", "RECEIPT", "ERROR"};

// A line ends with LF, optionally preceded by CR (section "Augmented BNF").
bool readLine(const QByteArray &bytes, qsizetype *at, QByteArray *line)
{
    const qsizetype end = bytes.indexOf('\n', *at);
    if (end < 0)
        return false;
    *line = bytes.mid(*at, end - *at);
    if (line->endsWith('\r'))
        line->chop(1);
    *at = end + 1;
    return true;
}

// Section "Value Encoding": \r \n \c \\ and nothing else.
bool unescape(const QByteArray &raw, QString *out)
{
    QByteArray plain;
    plain.reserve(raw.size());
    for (qsizetype i = 0; i < raw.size(); ++i) {
        if (raw.at(i) != '\\') {
            plain.append(raw.at(i));
            continue;
        }
        if (++i >= raw.size())
            return false;
        switch (raw.at(i)) {
        case 'r': plain.append('\r'); break;
        case 'n': plain.append('\n'); break;
        case 'c': plain.append(':'); break;
        case '\\': plain.append('\\'); break;
        default: return false;
        }
    }
    *out = QString::fromUtf8(plain);
    return true;
}

} // namespace

QString StompFrame::header(QStringView name) const
{
    for (const auto &pair : headers) {
        if (pair.first == name)
            return pair.second;
    }
    return {};
}

bool isStompCommand(const QByteArray &word)
{
    for (const char *command : kCommands) {
        if (word == command)
            return true;
    }
    return false;
}

QString readStompFrame(const QByteArray &bytes, qsizetype *at, StompFrame *frame)
{
    QByteArray line;
    const qsizetype commandAt = *at;
    if (!readLine(bytes, at, &line))
        return QStringLiteral("command at offset %1 is not ended by EOL").arg(commandAt);
    if (!isStompCommand(line))
        return QStringLiteral("unknown command \"%1\" at offset %2").arg(QString::fromUtf8(line.left(32))).arg(commandAt);
    frame->command = QString::fromLatin1(line);
    const bool escapes = line != "CONNECT" && line != "CONNECTED";

    while (true) {
        const qsizetype headerAt = *at;
        if (!readLine(bytes, at, &line))
            return QStringLiteral("header at offset %1 is not ended by EOL").arg(headerAt);
        if (line.isEmpty())
            break;
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            return QStringLiteral("header at offset %1 has no name and ':'").arg(headerAt);
        QString name;
        QString value;
        const QByteArray rawName = line.left(colon);
        const QByteArray rawValue = line.mid(colon + 1);
        if (escapes ? !(unescape(rawName, &name) && unescape(rawValue, &value)) : false)
            return QStringLiteral("header at offset %1: undefined escape sequence").arg(headerAt);
        if (!escapes) {
            name = QString::fromUtf8(rawName);
            value = QString::fromUtf8(rawValue);
        }
        frame->headers.append({name, value});
    }

    const qsizetype bodyAt = *at;
    const QString contentLength = frame->header(u"content-length");
    qsizetype end;
    if (!contentLength.isNull()) {
        bool ok = false;
        const qsizetype length = contentLength.toLongLong(&ok);
        if (!ok || length < 0)
            return QStringLiteral("content-length \"%1\" is not a byte count").arg(contentLength);
        end = bodyAt + length;
        if (end >= bytes.size() || bytes.at(end) != '\0')
            return QStringLiteral("body at offset %1: content-length %2 is not followed by NUL").arg(bodyAt).arg(length);
    } else {
        end = bytes.indexOf('\0', bodyAt);
        if (end < 0)
            return QStringLiteral("body at offset %1 is not ended by NUL").arg(bodyAt);
    }
    frame->body = bytes.mid(bodyAt, end - bodyAt);
    *at = end + 1;
    while (*at < bytes.size() && (bytes.at(*at) == '\n' || bytes.at(*at) == '\r'))
        ++*at;
    return {};
}

} // namespace wsi::decode
