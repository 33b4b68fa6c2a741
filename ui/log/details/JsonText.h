// SPDX-License-Identifier: MIT
#pragma once
// JSON checks and pretty printing for the composer and the details panel. Validation is
// Qt's parser (its QJsonParseError message and offset); formatting re-indents the text
// itself, so key order, number spelling and escapes stay exactly as they were (a
// QJsonDocument round trip would sort keys and turn big integers into doubles).
#include <QString>
#include <QStringView>

namespace wsi::ui {

struct JsonCheck {
    bool ok = false;
    QString error;     // "garbage at the end of the document at line 2, column 5 (offset 17)"
    int position = -1; // index into the checked text where the error was found
    int line = 0;      // 1-based, 0 when ok
    int column = 0;    // 1-based, in characters
};

namespace JsonText {

// Any JSON value is accepted at the top (RFC 8259), not only objects and arrays.
JsonCheck check(const QString &text);
// Two-space indentation, "key": value, empty {} and [] kept on one line. Meant for valid
// JSON; other text is re-indented as far as its brackets go.
QString pretty(QStringView text, int indent = 2);

} // namespace JsonText
} // namespace wsi::ui
