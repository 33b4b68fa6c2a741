// SPDX-License-Identifier: MIT
#include "ui/log/details/JsonHighlighter.h"

#include "ui/window/Theme.h"

#include <QPalette>

namespace wsi::ui {

JsonHighlighter::JsonHighlighter(QTextDocument *document) : QSyntaxHighlighter(document)
{
    setPalette(QPalette());
}

void JsonHighlighter::setPalette(const QPalette &palette)
{
    // GitHub's light and dark code colours: readable on the palette's base in both themes.
    const bool dark = Theme::isDark(palette);
    m_key.setForeground(dark ? QColor(0xff, 0xa6, 0x57) : QColor(0x95, 0x38, 0x00));
    m_string.setForeground(dark ? QColor(0xa5, 0xd6, 0xff) : QColor(0x0a, 0x30, 0x69));
    m_number.setForeground(dark ? QColor(0x79, 0xc0, 0xff) : QColor(0x05, 0x50, 0xae));
    m_keyword.setForeground(dark ? QColor(0xff, 0x7b, 0x72) : QColor(0xcf, 0x22, 0x2e));
    m_punctuation.setForeground(palette.color(QPalette::PlaceholderText));
    m_placeholder.setForeground(m_keyword.foreground());
    m_placeholder.setFontItalic(true);
    rehighlight();
}

void JsonHighlighter::highlightBlock(const QString &text)
{
    int i = 0;
    while (i < text.size()) {
        const QChar c = text[i];
        if (c == u'{' && i + 1 < text.size() && text[i + 1] == u'{') {
            i = highlightPlaceholder(text, i);
        } else if (c == u'"') {
            i = highlightString(text, i);
        } else if (c == u'{' || c == u'}' || c == u'[' || c == u']' || c == u',' || c == u':') {
            setFormat(i, 1, m_punctuation);
            ++i;
        } else if (c.isLetterOrNumber() || c == u'-') {
            i = highlightWord(text, i);
        } else {
            ++i;
        }
    }
}

int JsonHighlighter::highlightPlaceholder(const QString &text, int start)
{
    const int close = int(text.indexOf(QLatin1String("}}"), start + 2));
    if (close < 0) {
        setFormat(start, 1, m_punctuation);
        return start + 1;
    }
    setFormat(start, close + 2 - start, m_placeholder);
    return close + 2;
}

int JsonHighlighter::highlightString(const QString &text, int start)
{
    int end = start + 1;
    while (end < text.size() && text[end] != u'"')
        end += text[end] == u'\\' ? 2 : 1;
    end = qMin(end + 1, int(text.size()));
    // A string followed by ':' is an object key.
    int next = end;
    while (next < text.size() && text[next].isSpace())
        ++next;
    const bool isKey = next < text.size() && text[next] == u':';
    setFormat(start, end - start, isKey ? m_key : m_string);
    return end;
}

int JsonHighlighter::highlightWord(const QString &text, int start)
{
    int end = start;
    while (end < text.size() && (text[end].isLetterOrNumber() || text[end] == u'-' || text[end] == u'+' || text[end] == u'.'))
        ++end;
    const QStringView word = QStringView(text).mid(start, end - start);
    if (word == u"true" || word == u"false" || word == u"null")
        setFormat(start, end - start, m_keyword);
    else if (word.front().isDigit() || word.front() == u'-')
        setFormat(start, end - start, m_number);
    return end;
}

} // namespace wsi::ui
