// SPDX-License-Identifier: MIT
#include "ui/log/details/JsonText.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

namespace wsi::ui::JsonText {

namespace {

int firstNonSpace(QStringView text, int from = 0)
{
    while (from < text.size() && text[from].isSpace())
        ++from;
    return from;
}

// The first comma outside strings and brackets: where a second top-level value begins.
int topLevelComma(QStringView text)
{
    int depth = 0;
    bool inString = false;
    for (int i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (inString) {
            if (c == u'\\')
                ++i;
            else if (c == u'"')
                inString = false;
        } else if (c == u'"') {
            inString = true;
        } else if (c == u'[' || c == u'{') {
            ++depth;
        } else if (c == u']' || c == u'}') {
            --depth;
        } else if (c == u',' && depth == 0) {
            return i;
        }
    }
    return -1;
}

JsonCheck failAt(const QString &text, int position, const QString &what)
{
    JsonCheck result;
    result.position = qBound(0, position, int(text.size()));
    result.line = int(text.left(result.position).count(u'\n')) + 1;
    // lastIndexOf(c, -1) would search from the end: only look back when there is a back.
    const int lineStart = result.position > 0 ? int(text.lastIndexOf(u'\n', result.position - 1)) + 1 : 0;
    result.column = result.position - lineStart + 1;
    result.error = QStringLiteral("%1 at line %2, column %3 (offset %4)")
                       .arg(what)
                       .arg(result.line)
                       .arg(result.column)
                       .arg(result.position);
    return result;
}

void newLine(QString &out, int depth, int indent)
{
    out.append(u'\n');
    out.append(QString(depth * indent, u' '));
}

} // namespace

JsonCheck check(const QString &text)
{
    const int start = firstNonSpace(text);
    if (start == text.size()) {
        JsonCheck result;
        result.error = QStringLiteral("no JSON value: the text is empty");
        return result;
    }
    // QJsonDocument takes only objects and arrays: wrap a scalar in [ ] and shift offsets back.
    const bool wrapped = text[start] != u'{' && text[start] != u'[';
    const QByteArray utf8 = wrapped ? QByteArray('[' + text.toUtf8() + ']') : text.toUtf8();
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(utf8, &error);
    if (error.error != QJsonParseError::NoError) {
        // Qt counts bytes of UTF-8; the editor counts characters.
        int byteOffset = error.offset - (wrapped ? 1 : 0);
        byteOffset = qBound(0, byteOffset, int(utf8.size()) - (wrapped ? 2 : 0));
        const int position = int(QString::fromUtf8(utf8.mid(wrapped ? 1 : 0, byteOffset)).size());
        return failAt(text, position, error.errorString());
    }
    if (wrapped && document.array().size() != 1)
        return failAt(text, topLevelComma(text), QStringLiteral("a second JSON value begins (only one is allowed)"));
    JsonCheck result;
    result.ok = true;
    return result;
}

QString pretty(QStringView text, int indent)
{
    QString out;
    out.reserve(text.size() + text.size() / 2);
    int depth = 0;
    bool inString = false;
    for (int i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (inString) {
            out.append(c);
            if (c == u'\\' && i + 1 < text.size())
                out.append(text[++i]);
            else if (c == u'"')
                inString = false;
            continue;
        }
        if (c.isSpace())
            continue;
        switch (c.unicode()) {
        case u'"':
            inString = true;
            out.append(c);
            break;
        case u'{':
        case u'[': {
            out.append(c);
            const int next = firstNonSpace(text, i + 1);
            if (next < text.size() && text[next] == QChar(c == u'{' ? u'}' : u']')) {
                out.append(text[next]); // {} and [] stay on one line
                i = next;
                break;
            }
            newLine(out, ++depth, indent);
            break;
        }
        case u'}':
        case u']':
            newLine(out, depth = qMax(0, depth - 1), indent);
            out.append(c);
            break;
        case u',':
            out.append(c);
            newLine(out, depth, indent);
            break;
        case u':':
            out.append(QLatin1String(": "));
            break;
        default:
            out.append(c);
            break;
        }
    }
    return out;
}

} // namespace wsi::ui::JsonText
