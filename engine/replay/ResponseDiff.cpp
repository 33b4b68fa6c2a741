// SPDX-License-Identifier: MIT
#include "replay/ResponseDiff.h"

#include <dtl/dtl.hpp>

#include <QHash>

#include <optional>
#include <vector>

namespace wsi::replay {

namespace {

// A message as the diff compares it: its kind and canonical bytes, hashed for the
// alignment (equal hashes are checked against the bytes afterwards).
struct Comparable {
    QByteArray key; // "t"/"b" + bytes, or "j" + canonical JSON
    std::optional<QJsonValue> json;
    quint64 hash = 0;
};

Comparable comparable(const ReplayMessage &message, const JsonPathPatterns &ignored)
{
    Comparable result;
    if (!message.binary)
        result.json = parseJsonDocument(message.payload);
    if (result.json)
        result.key = 'j' + canonicalJson(*result.json, ignored);
    else
        result.key = (message.binary ? 'b' : 't') + message.payload;
    result.hash = quint64(qHash(result.key, size_t(0x9e3779b97f4a7c15ull)));
    return result;
}

std::vector<Comparable> comparables(const QList<ReplayMessage> &messages, const JsonPathPatterns &ignored)
{
    std::vector<Comparable> result;
    result.reserve(size_t(messages.size()));
    for (const ReplayMessage &message : messages)
        result.push_back(comparable(message, ignored));
    return result;
}

std::vector<quint64> hashes(const std::vector<Comparable> &items)
{
    std::vector<quint64> result;
    result.reserve(items.size());
    for (const Comparable &item : items)
        result.push_back(item.hash);
    return result;
}

class Builder
{
public:
    Builder(const std::vector<Comparable> &recorded, const std::vector<Comparable> &replayed, const JsonPathPatterns &ignored)
        : m_recorded(recorded), m_replayed(replayed), m_ignored(ignored)
    {
    }

    void deleted(int index) { m_deleted << index; }
    void added(int index) { m_added << index; }

    void common(int recorded, int replayed)
    {
        flushGap();
        if (m_recorded[size_t(recorded)].key == m_replayed[size_t(replayed)].key) {
            push(DiffEntry{DiffKind::Same, recorded, replayed, {}, 0});
        } else {
            // Equal hashes of different bytes: rare, and still a change.
            m_deleted << recorded;
            m_added << replayed;
            flushGap();
        }
    }

    ResponseDiff finish()
    {
        flushGap();
        return std::move(m_diff);
    }

private:
    // Between two matches, like diff's "c" hunks: pair in order, the rest is one-sided.
    void flushGap()
    {
        const int paired = int(std::min(m_deleted.size(), m_added.size()));
        for (int i = 0; i < paired; ++i)
            push(changed(m_deleted.at(i), m_added.at(i)));
        for (int i = paired; i < m_deleted.size(); ++i)
            push(DiffEntry{DiffKind::Missing, m_deleted.at(i), -1, {}, 0});
        for (int i = paired; i < m_added.size(); ++i)
            push(DiffEntry{DiffKind::New, -1, m_added.at(i), {}, 0});
        m_deleted.clear();
        m_added.clear();
    }

    DiffEntry changed(int recorded, int replayed) const
    {
        DiffEntry entry{DiffKind::Changed, recorded, replayed, {}, 0};
        const Comparable &before = m_recorded[size_t(recorded)];
        const Comparable &after = m_replayed[size_t(replayed)];
        if (before.json && after.json)
            entry.changes = compareJson(*before.json, *after.json, m_ignored, 20, &entry.moreChanges);
        return entry;
    }

    void push(DiffEntry entry)
    {
        switch (entry.kind) {
        case DiffKind::Same: ++m_diff.same; break;
        case DiffKind::Changed: ++m_diff.changed; break;
        case DiffKind::Missing: ++m_diff.missing; break;
        case DiffKind::New: ++m_diff.added; break;
        }
        m_diff.entries << std::move(entry);
    }

    const std::vector<Comparable> &m_recorded;
    const std::vector<Comparable> &m_replayed;
    const JsonPathPatterns &m_ignored;
    QList<int> m_deleted;
    QList<int> m_added;
    ResponseDiff m_diff;
};

} // namespace

ResponseDiff diffResponses(const QList<ReplayMessage> &recorded, const QList<ReplayMessage> &replayed,
                           const JsonPathPatterns &ignored)
{
    const std::vector<Comparable> before = comparables(recorded, ignored);
    const std::vector<Comparable> after = comparables(replayed, ignored);
    Builder builder(before, after, ignored);
    // dtl (Debian's libdtl-dev): Wu, Manber and Myers' O(NP) shortest edit script. Its
    // "huge" mode bounds the memory of the path it keeps for long sequences.
    dtl::Diff<quint64> diff(hashes(before), hashes(after));
    if (before.size() + after.size() > 100000)
        diff.onHuge();
    diff.compose();
    for (const auto &[hash, info] : diff.getSes().getSequence()) {
        Q_UNUSED(hash);
        if (info.type == dtl::SES_COMMON)
            builder.common(int(info.beforeIdx - 1), int(info.afterIdx - 1));
        else if (info.type == dtl::SES_DELETE)
            builder.deleted(int(info.beforeIdx - 1));
        else
            builder.added(int(info.afterIdx - 1));
    }
    return builder.finish();
}

const char *diffKindName(DiffKind kind)
{
    switch (kind) {
    case DiffKind::Same: return "same";
    case DiffKind::Changed: return "changed";
    case DiffKind::Missing: return "missing";
    case DiffKind::New: return "new";
    }
    return "same";
}

} // namespace wsi::replay
