// SPDX-License-Identifier: MIT
#pragma once
// Plain substring search over raw payload bytes, the search a user types into the log's
// filter field. Case-insensitive by default. An ASCII needle (the usual case: a key, an
// id, a word) is matched byte-wise against UTF-8 or binary payloads without decoding
// them, at close to memory speed; a needle with other characters decodes each payload
// and uses Unicode case folding (several times slower).
#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace wsi::log {

class TextSearch
{
public:
    explicit TextSearch(const QString &needle = QString(), Qt::CaseSensitivity cs = Qt::CaseInsensitive);

    bool isEmpty() const { return m_needle.isEmpty(); }
    bool matches(QByteArrayView haystack) const;

private:
    bool matchesAsciiFolded(QByteArrayView haystack) const;
    bool matchesDecoded(QByteArrayView haystack) const;

    QString m_needle;
    QByteArray m_bytes; // UTF-8 needle; lower-cased when folding ASCII
    Qt::CaseSensitivity m_cs = Qt::CaseInsensitive;
    bool m_ascii = true;
    // The needle byte least likely in JSON-ish text, looked for first (memchr finds it
    // when it is not a letter): for "\"id\":4242," that is '4', not the ubiquitous '"'.
    qsizetype m_rareIndex = 0;
};

} // namespace wsi::log
