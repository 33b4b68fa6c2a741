// SPDX-License-Identifier: MIT
#pragma once
// Syntax colours for JSON text (keys, strings, numbers, true/false/null, punctuation, and
// the composer's {{counter}}-style placeholders outside strings), in
// the light or dark variant of the palette it is given. JSON strings never span lines, so
// each block is coloured on its own. UI thread only.
#include <QSyntaxHighlighter>
#include <QTextCharFormat>

class QPalette;

namespace wsi::ui {

class JsonHighlighter : public QSyntaxHighlighter
{
    Q_OBJECT
public:
    explicit JsonHighlighter(QTextDocument *document);

    // Picks the colours for this palette and recolours the document.
    void setPalette(const QPalette &palette);

    // For tests: the format applied to a key, a string, a number, a keyword.
    QColor keyColor() const { return m_key.foreground().color(); }
    QColor stringColor() const { return m_string.foreground().color(); }
    QColor numberColor() const { return m_number.foreground().color(); }
    QColor keywordColor() const { return m_keyword.foreground().color(); }

protected:
    void highlightBlock(const QString &text) override;

private:
    int highlightPlaceholder(const QString &text, int start);
    int highlightString(const QString &text, int start);
    int highlightWord(const QString &text, int start);

    QTextCharFormat m_key;
    QTextCharFormat m_string;
    QTextCharFormat m_number;
    QTextCharFormat m_keyword;
    QTextCharFormat m_punctuation;
    QTextCharFormat m_placeholder;
};

} // namespace wsi::ui
