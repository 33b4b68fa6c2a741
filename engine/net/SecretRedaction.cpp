// SPDX-License-Identifier: MIT
#include "net/SecretRedaction.h"

#include <QList>
#include <QUrl>

namespace wsi::net {

bool isSecretHeader(const QByteArray &name)
{
    const QByteArray lower = name.trimmed().toLower();
    return lower == "authorization" || lower == "proxy-authorization" || lower == "cookie" || lower == "set-cookie";
}

QByteArray redactHeaders(const QByteArray &head)
{
    QByteArray out;
    out.reserve(head.size());
    qsizetype start = 0;
    while (start < head.size()) {
        qsizetype end = head.indexOf('\n', start);
        end = end < 0 ? head.size() : end + 1;
        const QByteArray line = head.mid(start, end - start);
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && isSecretHeader(line.left(colon))) {
            const QByteArray value = line.mid(colon + 1).trimmed();
            out += line.left(colon) + ": (hidden, " + QByteArray::number(value.size()) + " bytes)";
            out += line.endsWith("\r\n") ? "\r\n" : (line.endsWith('\n') ? "\n" : "");
        } else {
            out += line;
        }
        start = end;
    }
    return out;
}

QString redactUrl(const QString &text)
{
    QUrl url(text);
    if (!url.isValid() || url.password().isEmpty())
        return text;
    url.setPassword(QStringLiteral("***"));
    return url.toString();
}

} // namespace wsi::net
