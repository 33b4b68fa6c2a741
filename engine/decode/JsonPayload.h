// SPDX-License-Identifier: MIT
// JSON text as the JSON-based decoders read it: a parse that says where it failed, and a
// cheap look at a payload's first bytes for the automatic choice.
#pragma once

#include <QByteArray>
#include <QJsonValue>
#include <QString>

namespace wsi::decode {

// Parses a JSON value; on failure returns false and sets *error to the reason and
// the byte offset (plus base, for JSON that starts inside a larger payload).
bool parseJsonPayload(const QByteArray &text, QJsonValue *value, QString *error, qsizetype base = 0);

// The first byte that is not JSON whitespace, or 0 when there is none.
char firstSignificantByte(const QByteArray &text, qsizetype from = 0);

// The string value of the first "key":"value" pair in the first `window` bytes, without
// parsing the document (good enough to pick a decoder; the decoder then parses for real).
QByteArray peekStringMember(const QByteArray &text, const QByteArray &key, qsizetype window = 256);

// Any JSON value (a document, a string, a number, ...) as compact JSON text, as it would
// stand in a document: strings quoted and escaped.
QByteArray jsonText(const QJsonValue &value);

} // namespace wsi::decode
