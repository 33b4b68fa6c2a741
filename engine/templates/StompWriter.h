// SPDX-License-Identifier: MIT
// A STOMP 1.2 frame written out (stomp.github.io/stomp-specification-1.2.html): the
// command, headers with their values escaped (except in CONNECT and CONNECTED frames, which
// the specification leaves unescaped), a blank line, the body and the NUL that ends it.
#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

namespace wsi::templates {

using StompHeaders = QList<QPair<QString, QString>>;

// Returns the frame, or an empty array with *problem set: a command that is not one
// word of letters, a header name with a colon or a line break, or a CONNECT header value
// with a line break (which cannot be escaped there).
QByteArray writeStompFrame(const QString &command, const StompHeaders &headers, const QByteArray &body, QString *problem);

// \ -> \\, line feed -> \n, carriage return -> \r, : -> \c (section "Value Encoding").
QString escapeStompHeader(const QString &value);

} // namespace wsi::templates
