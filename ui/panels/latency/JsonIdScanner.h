// SPDX-License-Identifier: MIT
#pragma once
// A fast look at one top-level member of a JSON object ("id" of a JSON-RPC message) without
// building a QJsonDocument: the request matcher runs it on every candidate message of a
// flood. It walks the object once, skipping nested values, and answers Unsure for anything
// it does not handle plainly (escapes in the key or the id, arrays at the top, broken
// structure), for which the caller parses the message properly.
#include <QByteArrayView>
#include <QString>

namespace wsi::ui::JsonIdScanner {

enum class Result : quint8 {
    Found,  // `id` holds the member's value as JSON text: 7, "a1", true
    Absent, // the object has no such member, or its value is null, an object or an array
    Unsure, // not decided here: parse the whole message
};

Result scan(QByteArrayView json, QByteArrayView key, QString *id);

// How an id number reads: 7 and 7.0 alike as "7"; others with up to 17 digits.
QString numberText(double number);

} // namespace wsi::ui::JsonIdScanner
