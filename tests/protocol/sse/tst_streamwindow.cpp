// SPDX-License-Identifier: MIT
// StreamWindow: the raw stream bytes an event may ask for, read in the chunk where they
// lie, carried over to later chunks only from the offset asked to keep, joined when a
// range starts in the carried bytes and ends in the chunk.
#include "protocol/sse/StreamWindow.h"

#include <QTest>

#include <string>

using wsi::protocol::sse::StreamWindow;

namespace {

void begin(StreamWindow &window, const std::string &chunk)
{
    window.beginChunk(reinterpret_cast<const std::uint8_t *>(chunk.data()), chunk.size());
}

QByteArray text(std::string_view bytes)
{
    return QByteArray(bytes.data(), qsizetype(bytes.size()));
}

} // namespace

class tst_StreamWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void readsTheChunkInPlace()
    {
        StreamWindow window;
        const std::string chunk = "data: a\n\ndata: b\n\n";
        begin(window, chunk);
        const std::string_view first = window.bytes(0, 9);
        QCOMPARE(text(first), QByteArray("data: a\n\n"));
        QCOMPARE(static_cast<const void *>(first.data()), static_cast<const void *>(chunk.data())); // not copied
        QCOMPARE(text(window.bytes(9, 18)), QByteArray("data: b\n\n"));
        QVERIFY(window.bytes(9, 19).empty()); // past what was seen
        window.endChunk(18);
        QVERIFY(window.bytes(0, 9).empty()); // forgotten
    }

    void carriesWhatALaterEventMayInclude()
    {
        StreamWindow window;
        std::string chunk = "data: a\n\nid: 7\nda";
        begin(window, chunk);
        window.endChunk(9); // the event from offset 9 is not dispatched yet
        chunk.assign(chunk.size(), 'X'); // the caller's buffer is reused
        QCOMPARE(text(window.bytes(9, 17)), QByteArray("id: 7\nda"));
        const std::string next = "ta: b\n\n: ping\n";
        begin(window, next);
        QCOMPARE(text(window.bytes(9, 24)), QByteArray("id: 7\ndata: b\n\n")); // joined
        QCOMPARE(text(window.bytes(24, 31)), QByteArray(": ping\n"));
        QCOMPARE(text(window.bytes(13, 16)), QByteArray("7\nd")); // carried only
        window.endChunk(31);
        QVERIFY(window.bytes(9, 24).empty());
        QVERIFY(window.bytes(31, 31).empty());
    }

    void anEventOverManyChunksIsKeptWhole()
    {
        StreamWindow window;
        std::string stream;
        for (int i = 0; i < 50; ++i) {
            const std::string chunk = "data: part " + std::to_string(i) + "\n";
            stream += chunk;
            begin(window, chunk);
            QCOMPARE(text(window.bytes(0, stream.size())), QByteArray::fromStdString(stream));
            window.endChunk(0); // still the same event
        }
    }

    void refusesRangesItDoesNotHold()
    {
        StreamWindow window;
        const std::string first = "abcdef";
        const std::string second = "gh";
        begin(window, first);
        QVERIFY(window.bytes(4, 2).empty());
        QVERIFY(window.bytes(0, 7).empty());
        window.endChunk(100); // past the end: everything forgotten
        begin(window, second);
        QCOMPARE(text(window.bytes(6, 8)), QByteArray("gh"));
        QVERIFY(window.bytes(5, 8).empty());
    }
};

QTEST_GUILESS_MAIN(tst_StreamWindow)
#include "tst_streamwindow.moc"
