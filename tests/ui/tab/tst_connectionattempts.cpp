// SPDX-License-Identifier: MIT
// One tab, several connection attempts, driven through the real window against the
// built-in server: every row keeps the wall-clock time at which it happened (in the log,
// the details and the exports), each attempt opens with a boundary row (number, URL, when,
// how it ended) and its handshake row, relative times count from the tab's first connect,
// the "attempts" toggle hides and shows the boundaries, and a HAR export has one entry per
// attempt.
#include "support/WindowDriving.h"

#include "ui/composer/ComposerWidget.h"
#include "ui/log/LogView.h"
#include "ui/log/MessageLogModel.h"
#include "ui/panels/connection/ConnectionPanel.h"
#include "ui/tab/ConnectionBar.h"
#include "ui/panels/server/EchoServerController.h"
#include "ui/tab/ConnectionTab.h"
#include "ui/window/MainWindow.h"

#include "files/export/ExportFormatter.h"
#include "files/session/SessionTab.h"
#include "store/MessageStore.h"

#include <QCheckBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabBar>
#include <QTcpServer>
#include <QToolButton>
#include <QtTest>

using namespace wsi;
using test::rowOf;

namespace {
constexpr int Timeout = 15000;
constexpr int PauseMs = 1500; // between the attempts: what a shifted clock would show


QVector<int> rowsOf(const log::MessageStore &store, log::LogEntryKind kind)
{
    QVector<int> rows;
    for (int row = 0; row < store.rowCount(); ++row) {
        if (store.record(row).kind == kind)
            rows << row;
    }
    return rows;
}

QString previewOf(const ui::MessageLogModel *model, log::LogEntryKind kind, int nth = 0)
{
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row, ui::MessageLogModel::Preview);
        if (index.data(ui::MessageLogModel::KindRole).toInt() == int(kind) && nth-- == 0)
            return index.data().toString();
    }
    return {};
}

QJsonArray harEntries(const ui::ConnectionTab *tab);

QByteArray exported(const ui::ConnectionTab *tab, log::ExportFormat format)
{
    log::ExportOptions options;
    options.format = format;
    const log::SessionTabState state = const_cast<ui::ConnectionTab *>(tab)->sessionState();
    const auto formatter = log::ExportFormatter::create(tab->store(), state, options);
    QByteArray out;
    formatter->begin(out);
    for (int row = 0; row < tab->store().rowCount(); ++row)
        formatter->row(row, out);
    formatter->end(out);
    return out;
}
QJsonArray harEntries(const ui::ConnectionTab *tab)
{
    return QJsonDocument::fromJson(exported(tab, log::ExportFormat::Har))
        .object()
        .value(QStringLiteral("log"))
        .toObject()
        .value(QStringLiteral("entries"))
        .toArray();
}
} // namespace

class TestConnectionAttempts : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void reconnectingKeepsEveryRowsTime();
    void aFailedAttemptSaysWhy();
    void aUrlErrorLeavesNothingStale();
    void aHixieTabShowsItsVersion();
    void aUrlWithoutSchemeIsTakenAsWs();
};

void TestConnectionAttempts::reconnectingKeepsEveryRowsTime()
{
    ui::MainWindow window;
    const QDateTime firstConnect = QDateTime::currentDateTime();
    ui::ConnectionTab *tab = test::openEchoTab(window);
    QVERIFY(tab);
    const log::MessageStore &store = tab->store();
    const QDateTime firstSent = QDateTime::currentDateTime();
    test::sendText(tab, QStringLiteral("first"));
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(store, log::LogEntryKind::Text, net::EventDirection::Incoming, "first") >= 0, Timeout);
    tab->disconnectFromServer();
    QTRY_COMPARE_WITH_TIMEOUT(tab->state(), net::ConnectionState::Closed, Timeout);

    QTest::qWait(PauseMs);
    const QDateTime secondConnect = QDateTime::currentDateTime();
    tab->connectTo(window.echoServer()->url());
    QTRY_COMPARE_WITH_TIMEOUT(tab->state(), net::ConnectionState::Open, Timeout);
    test::sendText(tab, QStringLiteral("second"));
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(store, log::LogEntryKind::Text, net::EventDirection::Incoming, "second") >= 0, Timeout);

    // Each row keeps the wall-clock time at which it happened: the first message was not
    // moved to the second connect's time.
    const int first = rowOf(store, log::LogEntryKind::Text, net::EventDirection::Outgoing, "first");
    const int second = rowOf(store, log::LogEntryKind::Text, net::EventDirection::Outgoing, "second");
    QVERIFY(first >= 0 && second > first);
    const qint64 firstAtMs = store.startedAt().addMSecs(store.record(first).timeNs / 1000000).toMSecsSinceEpoch();
    QVERIFY2(std::abs(firstAtMs - firstSent.toMSecsSinceEpoch()) < 700,
             qPrintable(QStringLiteral("the first message is logged at %1, sent at %2")
                            .arg(QDateTime::fromMSecsSinceEpoch(firstAtMs).toString(Qt::ISODateWithMs),
                                 firstSent.toString(Qt::ISODateWithMs))));
    const qint64 secondAtMs = store.startedAt().addMSecs(store.record(second).timeNs / 1000000).toMSecsSinceEpoch();
    QVERIFY(secondAtMs >= secondConnect.toMSecsSinceEpoch() - 50);
    QVERIFY(std::abs(store.startedAt().msecsTo(firstConnect)) < 700);

    // One time line: relative times count from the tab's first connect and never go back.
    for (int row = 1; row < store.rowCount(); ++row)
        QVERIFY2(store.record(row).timeNs >= store.record(row - 1).timeNs, qPrintable(QStringLiteral("row %1").arg(row)));

    // Each attempt opens with its boundary and its handshake.
    const QVector<int> attempts = rowsOf(store, log::LogEntryKind::Attempt);
    QCOMPARE(attempts.size(), 2);
    QCOMPARE(attempts.first(), 0);
    QCOMPARE(store.record(attempts[0]).code, quint16(1));
    QCOMPARE(store.record(attempts[1]).code, quint16(2));
    QVERIFY(store.record(attempts[1]).timeNs >= qint64(PauseMs) * 1000000);
    QCOMPARE(store.record(attempts[0] + 1).kind, log::LogEntryKind::Handshake);
    QCOMPARE(store.record(attempts[1] + 1).kind, log::LogEntryKind::Handshake);
    QVERIFY(first > attempts[0] && first < attempts[1] && second > attempts[1]);

    const ui::MessageLogModel *model = tab->logView()->model();
    const QString url = window.echoServer()->url();
    const QString boundary = previewOf(model, log::LogEntryKind::Attempt, 0);
    QVERIFY2(boundary.startsWith(QStringLiteral("attempt 1 · %1 · closed 1000 (normal closure)").arg(url)), qPrintable(boundary));
    QVERIFY2(boundary.contains(QStringLiteral(" · began ")), qPrintable(boundary));
    QVERIFY2(previewOf(model, log::LogEntryKind::Attempt, 1).startsWith(QStringLiteral("attempt 2 · %1 · in progress").arg(url)),
             qPrintable(previewOf(model, log::LogEntryKind::Attempt, 1)));
    const QString handshake = previewOf(model, log::LogEntryKind::Handshake, 0);
    QVERIFY2(handshake.startsWith(QStringLiteral("connected: 101 Switching Protocols")), qPrintable(handshake));

    // The "attempts" toggle hides the boundaries and their handshakes, and shows them again.
    QToolButton *attemptsToggle = tab->logView()->kindButton(int(log::LogEntryKind::Attempt));
    QVERIFY(attemptsToggle);
    QCOMPARE(attemptsToggle, tab->logView()->kindButton(int(log::LogEntryKind::Handshake)));
    const int shown = model->rowCount();
    attemptsToggle->click();
    QTRY_COMPARE(model->rowCount(), shown - 4);
    QVERIFY(previewOf(model, log::LogEntryKind::Attempt).isEmpty());
    attemptsToggle->click();
    QTRY_COMPARE(model->rowCount(), shown);

    // JSON Lines: rows in time order, each at its own time.
    const QList<QByteArray> lines = exported(tab, log::ExportFormat::JsonLines).split('\n');
    QString previous;
    int objects = 0;
    for (const QByteArray &line : lines) {
        if (line.isEmpty())
            continue;
        const QString time = QJsonDocument::fromJson(line).object().value(QStringLiteral("time")).toString();
        QVERIFY2(time >= previous, qPrintable(time + QStringLiteral(" after ") + previous));
        previous = time;
        ++objects;
    }
    QCOMPARE(objects, store.rowCount());

    // HAR: one entry per attempt, each with its own messages and start.
    const QJsonArray entries = harEntries(tab);
    QCOMPARE(entries.size(), 2);
    for (int i = 0; i < 2; ++i) {
        const QJsonObject entry = entries[i].toObject();
        QCOMPARE(entry.value(QStringLiteral("response")).toObject().value(QStringLiteral("status")).toInt(), 101);
        QCOMPARE(entry.value(QStringLiteral("request")).toObject().value(QStringLiteral("url")).toString(), url);
        const QJsonArray messages = entry.value(QStringLiteral("_webSocketMessages")).toArray();
        QCOMPARE(messages.size(), 2);
        QCOMPARE(messages[0].toObject().value(QStringLiteral("data")).toString(),
                 i == 0 ? QStringLiteral("first") : QStringLiteral("second"));
    }
    const QDateTime entry0 = QDateTime::fromString(entries[0].toObject().value(QStringLiteral("startedDateTime")).toString(), Qt::ISODateWithMs);
    const QDateTime entry1 = QDateTime::fromString(entries[1].toObject().value(QStringLiteral("startedDateTime")).toString(), Qt::ISODateWithMs);
    QVERIFY(entry0.msecsTo(entry1) >= PauseMs);
    QVERIFY(std::abs(entry1.msecsTo(secondConnect)) < 700);
}

void TestConnectionAttempts::aFailedAttemptSaysWhy()
{
    // A port nobody listens on: bound, then closed.
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost));
    const QString url = QStringLiteral("ws://127.0.0.1:%1/").arg(closed.serverPort());
    closed.close();

    ui::MainWindow window;
    window.resize(1400, 900);
    window.show();
    ui::ConnectionTab *tab = window.currentTab();
    QVERIFY(tab);
    tab->connectTo(url);
    QTRY_COMPARE_WITH_TIMEOUT(tab->state(), net::ConnectionState::Closed, Timeout);
    const ui::MessageLogModel *model = tab->logView()->model();
    QTRY_VERIFY(previewOf(model, log::LogEntryKind::Attempt).contains(QStringLiteral(" · failed: ")));
    const QString boundary = previewOf(model, log::LogEntryKind::Attempt);
    QVERIFY2(boundary.startsWith(QStringLiteral("attempt 1 · %1 · failed: ").arg(url)), qPrintable(boundary));
    QVERIFY2(boundary.contains(QStringLiteral("refused")), qPrintable(boundary));

    // Chromium lists a failed WebSocket request with status 0: so does the HAR export.
    const QJsonArray entries = harEntries(tab);
    QCOMPARE(entries.size(), 1);
    QCOMPARE(entries[0].toObject().value(QStringLiteral("response")).toObject().value(QStringLiteral("status")).toInt(), 0);
    QCOMPARE(entries[0].toObject().value(QStringLiteral("request")).toObject().value(QStringLiteral("url")).toString(), url);
}

// A tab set to draft 76 against the window's own echo server: the panel names the version
// both ways, and the composer sends in the drafts' framing.
void TestConnectionAttempts::aHixieTabShowsItsVersion()
{
    ui::MainWindow window;
    ui::ConnectionTab *echo = test::openEchoTab(window);
    QVERIFY(echo);
    QCOMPARE(echo->connectionPanel()->fieldText(QStringLiteral("version")), QStringLiteral("13 (RFC 6455)"));
    const QString url = echo->options().url;
    window.newTab();
    ui::ConnectionTab *tab = window.currentTab();
    QVERIFY(tab != echo);
    net::ConnectionOptions options = tab->options();
    options.protocolVersion = protocol::ProtocolVersion::Hixie76;
    options.eventDetail = net::EventDetail::Frames;
    tab->setOptions(options);
    tab->connectTo(url);
    QTRY_COMPARE_WITH_TIMEOUT(tab->state(), net::ConnectionState::Open, Timeout);
    QCOMPARE(tab->connectionPanel()->fieldText(QStringLiteral("version")), QStringLiteral("hixie-76 (draft 76)"));
    QTRY_VERIFY(tab->connectionPanel()->fieldText(QStringLiteral("status")).contains(QStringLiteral("WebSocket Protocol Handshake")));
    // No ping in the drafts: the composer's Ping is off, its Close is not, Raw frame is off.
    auto *ping = tab->composer()->findChild<QPushButton *>(QStringLiteral("ping"));
    auto *close = tab->composer()->findChild<QPushButton *>(QStringLiteral("close"));
    QVERIFY(ping && close);
    QVERIFY(!ping->isEnabled());
    QVERIFY(close->isEnabled());
    QVERIFY(!tab->composer()->findChild<QCheckBox *>(QStringLiteral("autoPong"))->isEnabled());
    QVERIFY(!tab->composer()->findChild<QTabBar *>(QStringLiteral("modes"))->isTabEnabled(3));
    // The echo tab (13) has all of them, and so does a tab with nothing connected.
    QVERIFY(echo->composer()->findChild<QTabBar *>(QStringLiteral("modes"))->isTabEnabled(3));
    QVERIFY(echo->composer()->findChild<QCheckBox *>(QStringLiteral("autoPong"))->isEnabled());
    test::sendText(tab, QStringLiteral("old school"));
    // The attempt and handshake rows, then the message sent and its echo.
    QTRY_COMPARE_WITH_TIMEOUT(tab->logView()->model()->messageCount(), 4, Timeout);
    const log::MessageStore &store = tab->store();
    QString flags;
    for (int i = 0; i < store.totalFrameCount(); ++i)
        flags += QString::number(store.frame(i).flags, 16) + QLatin1Char(' ');
    QVERIFY2(store.totalFrameCount() >= 2, qPrintable(flags));
    for (int i = 0; i < store.totalFrameCount(); ++i)
        QVERIFY2(store.frame(i).flags & net::FrameFlag::Hixie, qPrintable(flags));
    // Disconnected, the composer offers everything again: the next connection may be 13.
    tab->disconnectFromServer();
    QTRY_COMPARE_WITH_TIMEOUT(tab->state(), net::ConnectionState::Closed, Timeout);
    QVERIFY(tab->composer()->findChild<QTabBar *>(QStringLiteral("modes"))->isTabEnabled(3));
}

void TestConnectionAttempts::aUrlErrorLeavesNothingStale()
{
    ui::MainWindow window;
    ui::ConnectionTab *tab = test::openEchoTab(window);
    QVERIFY(tab);
    QTRY_VERIFY(tab->connectionPanel()->fieldText(QStringLiteral("status")).contains(QStringLiteral("101")));
    tab->disconnectFromServer();
    QTRY_COMPARE_WITH_TIMEOUT(tab->state(), net::ConnectionState::Closed, Timeout);

    tab->connectTo(QStringLiteral("ws://exa mple.com/"));
    // What the panels showed of the previous connection is gone; the error is this URL's.
    QCOMPARE(tab->connectionPanel()->fieldText(QStringLiteral("status")), QStringLiteral("—"));
    QCOMPARE(tab->connectionPanel()->fieldText(QStringLiteral("close")), QStringLiteral("—"));
    QVERIFY(tab->connectionPanel()->findChild<QLabel *>(QString())); // the panel is there
    bool titled = false;
    for (const QLabel *label : tab->connectionPanel()->findChildren<QLabel *>())
        titled = titled || label->text() == QStringLiteral("ws://exa mple.com/");
    QVERIFY(titled);
    QVERIFY2(tab->bar()->stateLabel()->text().contains(QStringLiteral("failed")), qPrintable(tab->bar()->stateLabel()->text()));
    QVERIFY(tab->bar()->stateLabel()->toolTip().startsWith(QStringLiteral("malformed URL")));
}

void TestConnectionAttempts::aUrlWithoutSchemeIsTakenAsWs()
{
    ui::MainWindow window;
    ui::ConnectionTab *tab = test::openEchoTab(window);
    QVERIFY(tab);
    tab->disconnectFromServer();
    QTRY_COMPARE_WITH_TIMEOUT(tab->state(), net::ConnectionState::Closed, Timeout);

    const QString url = window.echoServer()->url(); // ws://127.0.0.1:PORT/
    const QString bare = url.mid(5);
    tab->connectTo(bare);
    QTRY_COMPARE_WITH_TIMEOUT(tab->state(), net::ConnectionState::Open, Timeout);
    QCOMPARE(tab->bar()->url(), url);
    const ui::MessageLogModel *model = tab->logView()->model();
    QTRY_VERIFY(previewOf(model, log::LogEntryKind::Attempt, 1).startsWith(QStringLiteral("attempt 2 · %1 · ").arg(url)));
    QTRY_VERIFY(previewOf(model, log::LogEntryKind::Info).startsWith(
        QStringLiteral("no scheme in \"%1\": connecting to %2 (write wss:// for TLS)").arg(bare, url)));
}

QTEST_MAIN(TestConnectionAttempts)
#include "tst_connectionattempts.moc"
