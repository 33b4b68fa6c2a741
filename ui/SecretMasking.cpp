#include "SecretMasking.h"

#include <QList>

namespace wsi::ui {

bool isSecretHeader(const QByteArray &name)
{
    const QByteArray lower = name.trimmed().toLower();
    return lower == "authorization" || lower == "proxy-authorization" || lower == "cookie"
        || lower == "set-cookie";
}

QByteArray maskSecretHeaders(const QByteArray &head)
{
    QByteArray out;
    out.reserve(head.size());
    const QList<QByteArray> lines = head.split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QByteArray &line = lines[i];
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && isSecretHeader(line.left(colon))) {
            out += line.left(colon + 1);
            out += " \xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2 (hidden)";
            if (line.endsWith('\r'))
                out += '\r';
        } else {
            out += line;
        }
        if (i + 1 < lines.size())
            out += '\n';
    }
    return out;
}

} // namespace wsi::ui
