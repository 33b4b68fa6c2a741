// SPDX-License-Identifier: MIT
// ResendMatcher and MessageStore's resend links: the row a resend logs links to the row it
// sends again, matched by kind and payload in the order the resends were asked for; the
// links follow rows leaving memory and a cleared log.
#include "support/LogEvents.h"
#include "store/MessageStore.h"
#include "store/ResendMatcher.h"

#include <QTest>

using namespace wsi;
using namespace wsi::test;

namespace {

log::RowRange appendOne(log::MessageStore &store, const LogEvent &event)
{
    return store.append(net::EventBatch{event});
}

} // namespace

class tst_ResendMatcher : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void linksTheOutgoingRowOfTheSameKindAndPayload();
    void identicalResendsLinkInTheOrderAsked();
    void aCloseIsMatchedByKindAlone();
    void refusedResendsDoNotPileUp();
    void linksFollowRowsLeavingMemory();
    void aResendComesAfterItsOriginal();
};

void tst_ResendMatcher::linksTheOutgoingRowOfTheSameKindAndPayload()
{
    log::MessageStore store;
    appendOne(store, message(EventDirection::Outgoing, true, "hello", 0, 10)); // #1
    log::ResendMatcher matcher;
    matcher.expect(log::LogEntryKind::Text, "hello", 1);
    // The server's echo (incoming), a binary with the same bytes, another text: not it.
    net::EventBatch batch{message(EventDirection::Incoming, true, "hello", 0, 20),
                          message(EventDirection::Outgoing, false, "hello", 7, 30),
                          message(EventDirection::Outgoing, true, "other", 14, 40),
                          message(EventDirection::Outgoing, true, "hello", 21, 50)};
    matcher.link(store, store.append(batch));
    QCOMPARE(store.rowCount(), 5);
    QCOMPARE(store.resentFrom(1), qint64(0));
    QCOMPARE(store.resentFrom(2), qint64(0));
    QCOMPARE(store.resentFrom(3), qint64(0));
    QCOMPARE(store.resentFrom(4), qint64(1));
    QCOMPARE(matcher.waiting(), 0);
}

void tst_ResendMatcher::identicalResendsLinkInTheOrderAsked()
{
    log::MessageStore store;
    appendOne(store, control(EventKind::Ping, EventDirection::Outgoing, "p", 1)); // #1
    appendOne(store, control(EventKind::Ping, EventDirection::Outgoing, "p", 2)); // #2
    log::ResendMatcher matcher;
    matcher.expect(log::LogEntryKind::Ping, "p", 2);
    matcher.expect(log::LogEntryKind::Ping, "p", 1);
    matcher.link(store, appendOne(store, control(EventKind::Ping, EventDirection::Outgoing, "p", 3)));
    QCOMPARE(matcher.waiting(), 1);
    matcher.link(store, appendOne(store, control(EventKind::Ping, EventDirection::Outgoing, "p", 4)));
    QCOMPARE(store.resentFrom(2), qint64(2));
    QCOMPARE(store.resentFrom(3), qint64(1));
    QCOMPARE(matcher.waiting(), 0);
}

void tst_ResendMatcher::aCloseIsMatchedByKindAlone()
{
    log::MessageStore store;
    appendOne(store, closeEvent(EventDirection::Outgoing, 4001, QStringLiteral("bye"), true, 1)); // #1
    log::ResendMatcher matcher;
    matcher.expect(log::LogEntryKind::Close, "bye", 1);
    // The close row tells how the handshake ended: here with the server's reason.
    matcher.link(store, appendOne(store, closeEvent(EventDirection::Outgoing, 4001, QStringLiteral("server's words"), true, 2)));
    QCOMPARE(store.resentFrom(1), qint64(1));
}

void tst_ResendMatcher::refusedResendsDoNotPileUp()
{
    log::MessageStore store;
    appendOne(store, message(EventDirection::Outgoing, true, "x", 0, 1));
    log::ResendMatcher matcher;
    for (int i = 0; i < log::ResendMatcher::MaxWaiting + 10; ++i)
        matcher.expect(log::LogEntryKind::Text, QByteArray::number(i), 1);
    QCOMPARE(matcher.waiting(), log::ResendMatcher::MaxWaiting);
    // The oldest went: "0" no longer links, the newest does.
    matcher.link(store, appendOne(store, message(EventDirection::Outgoing, true, "0", 1, 2)));
    QCOMPARE(store.resentFrom(1), qint64(0));
    matcher.link(store, appendOne(store, message(EventDirection::Outgoing, true, QByteArray::number(log::ResendMatcher::MaxWaiting + 9), 2, 3)));
    QCOMPARE(store.resentFrom(2), qint64(1));
}

void tst_ResendMatcher::linksFollowRowsLeavingMemory()
{
    log::MessageStore store;
    for (int i = 0; i < 6; ++i)
        appendOne(store, message(EventDirection::Outgoing, true, QByteArray::number(i), quint64(i), i));
    store.setResentFrom(2, 1); // #3 resends #1
    store.setResentFrom(4, 3); // #5 resends #3
    store.dropOldestRows(3);   // #1-#3 leave
    QCOMPARE(store.rowNumber(0), qint64(4));
    QCOMPARE(store.resentFrom(0), qint64(0));
    QCOMPARE(store.resentFrom(1), qint64(3)); // #5 still names #3, though it left
    store.clear();
    appendOne(store, message(EventDirection::Outgoing, true, "a", 0, 1));
    appendOne(store, message(EventDirection::Outgoing, true, "a", 1, 2));
    QCOMPARE(store.resentFrom(1), qint64(0));
}

void tst_ResendMatcher::aResendComesAfterItsOriginal()
{
    log::MessageStore store;
    appendOne(store, message(EventDirection::Outgoing, true, "a", 0, 1));
    appendOne(store, message(EventDirection::Outgoing, true, "a", 1, 2));
    store.setResentFrom(0, 2); // #1 cannot resend #2
    store.setResentFrom(1, 2); // nor itself
    QCOMPARE(store.resentFrom(0), qint64(0));
    QCOMPARE(store.resentFrom(1), qint64(0));
}

QTEST_GUILESS_MAIN(tst_ResendMatcher)
#include "tst_resendmatcher.moc"
