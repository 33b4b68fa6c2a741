// SPDX-License-Identifier: MIT
// RegexSearch on PCRE2's 8-bit library: no decoding, no per-match allocation.
#include "store/query/RegexSearch.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

namespace wsi::log {

namespace {
struct CodeDeleter {
    void operator()(pcre2_code *code) const { pcre2_code_free(code); }
};
struct MatchDataDeleter {
    void operator()(pcre2_match_data *data) const { pcre2_match_data_free(data); }
};
using Code = std::unique_ptr<pcre2_code, CodeDeleter>;
using MatchData = std::unique_ptr<pcre2_match_data, MatchDataDeleter>;

QString errorText(int code, PCRE2_SIZE offset, const QByteArray &pattern)
{
    PCRE2_UCHAR message[256];
    pcre2_get_error_message(code, message, sizeof message);
    // The offset counts UTF-8 bytes; the user counts characters.
    const qsizetype characters = QString::fromUtf8(pattern.left(qsizetype(offset))).size();
    return QString::fromUtf8(reinterpret_cast<const char *>(message)) + QStringLiteral(" at position ")
        + QString::number(characters + 1);
}
} // namespace

struct RegexSearch::Engine {
    Code utf8;
    Code bytes;
    MatchData matchData;
};

RegexSearch::RegexSearch() = default;
RegexSearch::RegexSearch(RegexSearch &&) noexcept = default;
RegexSearch &RegexSearch::operator=(RegexSearch &&) noexcept = default;
RegexSearch::~RegexSearch() = default;

RegexSearch::RegexSearch(const QString &pattern, Qt::CaseSensitivity cs)
{
    const QByteArray utf8 = pattern.toUtf8();
    const uint32_t caseless = cs == Qt::CaseInsensitive ? PCRE2_CASELESS : 0;
    const auto compile = [&](uint32_t options) {
        int error = 0;
        PCRE2_SIZE offset = 0;
        Code code(pcre2_compile(reinterpret_cast<PCRE2_SPTR>(utf8.constData()), PCRE2_SIZE(utf8.size()),
                                options | caseless, &error, &offset, nullptr));
        if (!code && m_error.isEmpty())
            m_error = errorText(error, offset, utf8);
        else if (code)
            pcre2_jit_compile(code.get(), PCRE2_JIT_COMPLETE); // falls back to the interpreter on failure
        return code;
    };
    auto engine = std::make_unique<Engine>();
    // MATCH_INVALID_UTF: a subject that is not valid UTF-8 is searched, not refused.
    engine->utf8 = compile(PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF);
    engine->bytes = compile(0);
    if (!engine->utf8 || !engine->bytes)
        return;
    engine->matchData.reset(pcre2_match_data_create(1, nullptr));
    m_engine = std::move(engine);
}

bool RegexSearch::matches(QByteArrayView subject, Subject kind) const
{
    if (!m_engine)
        return false;
    pcre2_code *code = (kind == Subject::Utf8Text ? m_engine->utf8 : m_engine->bytes).get();
    const auto *data = reinterpret_cast<PCRE2_SPTR>(subject.data() ? subject.data() : "");
    return pcre2_match(code, data, PCRE2_SIZE(subject.size()), 0, 0, m_engine->matchData.get(), nullptr) >= 0;
}

} // namespace wsi::log
