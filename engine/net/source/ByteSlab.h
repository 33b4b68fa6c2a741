// SPDX-License-Identifier: MIT
#pragma once
// Small byte strings for log events, without an allocation each: a source that reports a
// flood of small rows (an EventSource's events: data, raw lines, type and id) copies
// each string into a shared block of BlockBytes and hands it out as a QByteArray (or a
// QString) that shares that block, null-terminated like any other. One allocation per
// block instead of one per string, and one free on the consumer's thread: a producer
// that allocates on one thread what another frees never refills its malloc cache, and
// that cost as much as the parsing. The block's references are taken a few thousand at
// a time, so handing out a string costs no atomic operation either.
//
// The strings behave as ordinary implicitly shared values: a change detaches (copies)
// them; a string kept alone keeps its whole block alive, so a consumer that keeps rows
// for long (the store) copies the bytes it keeps, as it does anyway. A string larger
// than MaxSliceBytes gets its own allocation.
//
// Threads: one ByteSlab per producer thread; the strings it returns may go anywhere.
#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace wsi::net {

class ByteSlab
{
public:
    static constexpr qsizetype BlockBytes = 64 * 1024;
    static constexpr qsizetype MaxSliceBytes = 2 * 1024;

    ByteSlab() = default;
    ByteSlab(const ByteSlab &) = delete;
    ByteSlab &operator=(const ByteSlab &) = delete;
    ~ByteSlab();

    QByteArray bytes(QByteArrayView bytes);
    // UTF-8 as a QString (invalid sequences as QString::fromUtf8 reads them).
    QString text(QByteArrayView utf8) { return widened(utf8, '\0', {}, false); }
    // The same for `first`, then `separator` (ASCII), then `second`: a row's text made of
    // two strings (an event's "type\nid") without joining them first.
    QString text(QByteArrayView first, char separator, QByteArrayView second)
    {
        return widened(first, separator, second, true);
    }

private:
    QString widened(QByteArrayView first, char separator, QByteArrayView second, bool joined);

    // The block being filled, and the references to it taken in advance and not yet
    // given to a string.
    template <typename String> struct Block {
        String array;
        qsizetype used = 0; // elements handed out (each string and its terminator)
        int prepaid = 0;

        auto *room(qsizetype size, qsizetype blockSize);
        template <typename Char> String take(Char *begin, qsizetype size);
        void retire();
    };

    Block<QByteArray> m_bytes;
    Block<QString> m_text;
};

} // namespace wsi::net
