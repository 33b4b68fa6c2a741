// SPDX-License-Identifier: MIT
#pragma once
// The log's regular-expression search (PCRE2 syntax, as QRegularExpression). Text is
// matched as UTF-8 with Unicode properties; binary payloads byte by byte (\xHH is a byte).
// When PCRE2's 8-bit library is available the pattern runs on the payload bytes in the
// arena through PCRE2's JIT; otherwise each payload is decoded for QRegularExpression,
// which is several times slower (see bench_log). Not thread-safe: matching reuses one
// match-data block.
#include <QByteArrayView>
#include <QString>

#include <memory>

namespace wsi::log {

class RegexSearch
{
public:
    enum class Subject : quint8 { Utf8Text, Bytes };

    RegexSearch();
    RegexSearch(const QString &pattern, Qt::CaseSensitivity cs);
    RegexSearch(RegexSearch &&) noexcept;
    RegexSearch &operator=(RegexSearch &&) noexcept;
    ~RegexSearch();

    bool isValid() const { return m_error.isEmpty(); }
    QString errorString() const { return m_error; }
    bool matches(QByteArrayView subject, Subject kind) const;

private:
    struct Engine; // RegexSearchPcre2.cpp or RegexSearchQt.cpp
    std::unique_ptr<Engine> m_engine;
    QString m_error;
};

} // namespace wsi::log
