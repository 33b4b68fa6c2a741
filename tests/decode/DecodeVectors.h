// SPDX-License-Identifier: MIT
// Test vectors recorded by the reference libraries (vectors/make_node_vectors.js,
// vectors/make_python_vectors.py) and a shorthand to decode one payload.
#pragma once

#include "decode/DecodeContext.h"
#include "decode/Decoder.h"

#include <QByteArray>
#include <QMetaType>
#include <QString>

namespace wsi::test {

struct Vector
{
    QByteArray payload;
    bool isText = true;
};

// A vector of vectors/<file> by name; fails the test (QFAIL-style, through qFatal) when missing.
Vector recordedVector(const char *file, const char *name);
inline Vector nodeVector(const char *name) { return recordedVector("node_vectors.json", name); }
inline Vector pythonVector(const char *name) { return recordedVector("python_vectors.json", name); }
QString vectorPath(const char *file);

decode::DecodeInput input(const Vector &vector, decode::PayloadDirection direction = decode::PayloadDirection::Incoming,
                          qint64 sequence = -1, bool wantsTree = true);
decode::DecodeInput textInput(const QByteArray &text, decode::PayloadDirection direction = decode::PayloadDirection::Incoming);

// Decodes with a fresh context, asking for the tree.
decode::DecodeResult decodeOnce(const decode::Decoder &decoder, const Vector &vector,
                                decode::PayloadDirection direction = decode::PayloadDirection::Incoming);

// "name=value" of every field, in order, for one comparison per test row.
QString fieldsText(const decode::Decoded &decoded);

} // namespace wsi::test

Q_DECLARE_METATYPE(wsi::test::Vector)
