// SPDX-License-Identifier: MIT
// The window's Socket.IO tab against npm's socket.io servers, 4.x and 2.x
// (tests/interop/peers/socketio_server.js), its real widgets driven offscreen: the URL bar's
// http:// address opened as the Engine.IO transport, namespaces joined with and without the
// right auth, an emit with an ack whose round trip is shown, the server's events (a binary
// one with its attachment) in the log as the frames that came, and Socket.IO v2 (EIO 3).
#include "PeerProcess.h"

#include "ui/composer/ComposerWidget.h"
#include "ui/panels/connection/ConnectionPanel.h"
#include "ui/socketio/SocketIoEmitBar.h"
#include "ui/socketio/SocketIoJoinBar.h"
#include "ui/socketio/SocketIoTab.h"
#include "ui/tab/ConnectionBar.h"
#include "ui/window/MainWindow.h"

#include "store/LogRecord.h"
#include "store/MessageStore.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTest>

using namespace wsi;
using namespace wsi::test;

namespace {

const QString InteropDir = QStringLiteral(WSI_INTEROP_DIR);
const QString NodeExecutable = QStringLiteral(WSI_NODE_EXECUTABLE);
constexpr int Timeout = 10000;

QString missingPeer()
{
    if (NodeExecutable.isEmpty())
        return QStringLiteral("node is missing: scripts/setup-deps.sh installs it");
    for (const char *package : {"socket.io", "socket.io-v2"}) {
        if (!QFileInfo::exists(InteropDir + QStringLiteral("/node_modules/%1/package.json").arg(QLatin1String(package))))
            return QStringLiteral("node_modules/%1 is missing: run `npm ci` in tests/interop").arg(QLatin1String(package));
    }
    return {};
}

QString startServer(PeerProcess &process, bool v2)
{
    QStringList arguments{InteropDir + QStringLiteral("/peers/socketio_server.js")};
    if (v2)
        arguments << QStringLiteral("--v2");
    QString error;
    quint16 port = 0;
    if (!process.start(PeerCommand{NodeExecutable, arguments}, error) || !process.readPort(port, PeerStartMs, error)) {
        qWarning("%s", qPrintable(error));
        return {};
    }
    return QStringLiteral("http://127.0.0.1:%1").arg(port);
}

// The first row of that kind and direction whose payload matches; -1 when none.
int findRow(const log::MessageStore &store, log::LogEntryKind kind, net::EventDirection direction, const QRegularExpression &payload)
{
    for (int row = 0; row < store.rowCount(); ++row) {
        const log::LogRecord &record = store.record(row);
        if (record.kind == kind && record.direction() == direction && payload.match(QString::fromUtf8(store.payloadCopy(row))).hasMatch())
            return row;
    }
    return -1;
}

int findText(const log::MessageStore &store, net::EventDirection direction, const QString &exact)
{
    return findRow(store, log::LogEntryKind::Text, direction, QRegularExpression(QLatin1Char('^') + QRegularExpression::escape(exact) + QLatin1Char('$')));
}

// Types the URL and clicks Connect, as a user does.
void connectTab(ui::SocketIoTab &tab, const QString &url)
{
    tab.bar()->urlField()->lineEdit()->clear();
    QTest::keyClicks(tab.bar()->urlField()->lineEdit(), url);
    QTest::mouseClick(tab.bar()->connectButton(), Qt::LeftButton);
}

void setField(QLineEdit *field, const QString &text)
{
    field->clear();
    QTest::keyClicks(field, text);
}

} // namespace

class TestSocketIoTab : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void joinsAndEmitsWithAnAck();
    void serverEventsAreLoggedAsTheyCame();
    void theRightAuthJoinsTheNamespace();
    void theWrongAuthIsRefusedAndSaidSo();
    void argumentsAreCheckedAsTyped();
    void socketIo2OverEngineIo3();
    void theWindowsMenuOpensOne();
    void screenshot();
};

void TestSocketIoTab::init()
{
    if (qstrcmp(QTest::currentTestFunction(), "argumentsAreCheckedAsTyped") == 0
        || qstrcmp(QTest::currentTestFunction(), "theWindowsMenuOpensOne") == 0)
        return;
    if (const QString missing = missingPeer(); !missing.isEmpty())
        QSKIP(qPrintable(missing));
}

void TestSocketIoTab::joinsAndEmitsWithAnAck()
{
    PeerProcess server;
    const QString url = startServer(server, false);
    QVERIFY(!url.isEmpty());
    ui::SocketIoTab tab;
    tab.show();
    connectTab(tab, url);
    QTRY_COMPARE_WITH_TIMEOUT(tab.joinedNamespaces(), QStringList{QStringLiteral("/")}, Timeout);
    // The bar keeps the http:// address; the transport is Engine.IO's WebSocket.
    QCOMPARE(tab.bar()->url(), url);
    QVERIFY(tab.title().startsWith(QStringLiteral("Socket.IO · 127.0.0.1:")));
    const log::MessageStore &store = tab.store();
    QVERIFY(findRow(store, log::LogEntryKind::Attempt, net::EventDirection::Local,
                    QRegularExpression(QStringLiteral("/socket\\.io/\\?EIO=4&transport=websocket$"))) >= 0);
    // The session's words in the connection panel and the strip.
    QVERIFY(!tab.connectionPanel()->fieldText(QStringLiteral("sid")).isEmpty());
    QVERIFY(tab.connectionPanel()->fieldText(QStringLiteral("sid")) != QStringLiteral("—"));
    QCOMPARE(tab.connectionPanel()->fieldText(QStringLiteral("pingInterval")), QStringLiteral("25000 ms"));
    QCOMPARE(tab.connectionPanel()->fieldText(QStringLiteral("namespaces")), QStringLiteral("/"));
    QVERIFY2(tab.joinBar()->summary().contains(QStringLiteral("joined /")), qPrintable(tab.joinBar()->summary()));

    ui::SocketIoEmitBar *emitBar = tab.emitBar();
    QCOMPARE(emitBar->namespaceField()->currentText(), QStringLiteral("/"));
    setField(emitBar->eventField(), QStringLiteral("add"));
    setField(emitBar->argumentsField(), QStringLiteral("[2, 3]"));
    emitBar->ackBox()->setChecked(true);
    QVERIFY(emitBar->emitButton()->isEnabled());
    QTest::mouseClick(emitBar->emitButton(), Qt::LeftButton);

    // The emit and its ack as the frames that went and came, then the round trip.
    QTRY_VERIFY_WITH_TIMEOUT(findText(store, net::EventDirection::Outgoing, QStringLiteral("420[\"add\",2,3]")) >= 0, Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(findText(store, net::EventDirection::Incoming, QStringLiteral("430[5]")) >= 0, Timeout);
    const QRegularExpression ackLine(QStringLiteral("^ack 0 after \\d+ ms: \\[5\\]$"));
    QTRY_VERIFY2_WITH_TIMEOUT(ackLine.match(emitBar->statusText()).hasMatch(), qPrintable(emitBar->statusText()), Timeout);
    const int info = findRow(store, log::LogEntryKind::Info, net::EventDirection::Local, QRegularExpression(QStringLiteral("^Socket\\.IO ack 0 after \\d+ ms: \\[5\\]$")));
    QVERIFY(info > findText(store, net::EventDirection::Incoming, QStringLiteral("430[5]")));
    QCOMPARE(tab.session()->pendingAcks(), 0);

    // Without ack: no ack id on the wire.
    emitBar->ackBox()->setChecked(false);
    setField(emitBar->eventField(), QStringLiteral("chat"));
    setField(emitBar->argumentsField(), QStringLiteral("\"hi\""));
    QTest::keyClick(emitBar->argumentsField(), Qt::Key_Return);
    QTRY_VERIFY2_WITH_TIMEOUT(findText(store, net::EventDirection::Outgoing, QStringLiteral("42[\"chat\",\"hi\"]")) >= 0, qPrintable(emitBar->statusText()), Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(findText(store, net::EventDirection::Incoming, QStringLiteral("42[\"chat\",\"echo: hi\"]")) >= 0, Timeout);

    // An ack asked of a handler that never answers (chat takes no callback): said so.
    tab.setAckWaitMs(300);
    emitBar->ackBox()->setChecked(true);
    QTest::mouseClick(emitBar->emitButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(findText(store, net::EventDirection::Outgoing, QStringLiteral("421[\"chat\",\"hi\"]")) >= 0, Timeout);
    QTRY_COMPARE_WITH_TIMEOUT(emitBar->statusText(), QStringLiteral("no ack 1 for chat within 300 ms"), Timeout);
    QVERIFY(findRow(store, log::LogEntryKind::Info, net::EventDirection::Local, QRegularExpression(QStringLiteral("^Socket\\.IO: no ack 1 for chat within 300 ms$"))) >= 0);
    QCOMPARE(tab.session()->pendingAcks(), 1);
}

void TestSocketIoTab::serverEventsAreLoggedAsTheyCame()
{
    PeerProcess server;
    const QString url = startServer(server, false);
    QVERIFY(!url.isEmpty());
    ui::SocketIoTab tab;
    tab.show();
    connectTab(tab, url);
    QTRY_COMPARE_WITH_TIMEOUT(tab.joinedNamespaces(), QStringList{QStringLiteral("/")}, Timeout);
    const log::MessageStore &store = tab.store();
    // The greeting the server sends on connection, as its frame.
    QTRY_VERIFY_WITH_TIMEOUT(findText(store, net::EventDirection::Incoming, QStringLiteral("42[\"welcome\",\"hello\",{\"version\":\"4\"}]")) >= 0, Timeout);
    // The Engine.IO open (sid, pingInterval) and the CONNECT it answered, in wire order.
    const int open = findRow(store, log::LogEntryKind::Text, net::EventDirection::Incoming, QRegularExpression(QStringLiteral("^0\\{\"sid\":")));
    const int connect = findText(store, net::EventDirection::Outgoing, QStringLiteral("40"));
    QVERIFY(open >= 0);
    QVERIFY(connect > open);

    // A binary event: the packet, then its attachment as a binary message of its own.
    setField(tab.emitBar()->eventField(), QStringLiteral("blob"));
    QTest::mouseClick(tab.emitBar()->emitButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(findText(store, net::EventDirection::Incoming,
                                      QStringLiteral("451-[\"blob\",{\"_placeholder\":true,\"num\":0},\"three bytes\"]")) >= 0,
                             Timeout);
    const int packet = findText(store, net::EventDirection::Incoming, QStringLiteral("451-[\"blob\",{\"_placeholder\":true,\"num\":0},\"three bytes\"]"));
    QTRY_VERIFY_WITH_TIMEOUT(store.rowCount() > packet + 1, Timeout);
    int attachment = -1;
    for (int row = packet + 1; row < store.rowCount() && attachment < 0; ++row) {
        if (store.record(row).kind == log::LogEntryKind::Binary)
            attachment = row;
    }
    QVERIFY(attachment > packet);
    QCOMPARE(store.payloadCopy(attachment), QByteArray("\x01\x02\x03", 3));
    // Answered pings keep the session open; the tab is still joined and can emit.
    QCOMPARE(tab.state(), net::ConnectionState::Open);
    QVERIFY(tab.emitBar()->emitButton()->isEnabled());
}

void TestSocketIoTab::theRightAuthJoinsTheNamespace()
{
    PeerProcess server;
    const QString url = startServer(server, false);
    QVERIFY(!url.isEmpty());
    ui::SocketIoTab tab;
    tab.show();
    setField(tab.joinBar()->namespacesField(), QStringLiteral("/, admin"));
    setField(tab.joinBar()->authField(), QStringLiteral("{\"token\": \"s3cret\"}"));
    connectTab(tab, url);
    QTRY_COMPARE_WITH_TIMEOUT(tab.joinedNamespaces(), (QStringList{QStringLiteral("/"), QStringLiteral("/admin")}), Timeout);
    const log::MessageStore &store = tab.store();
    QVERIFY(findText(store, net::EventDirection::Outgoing, QStringLiteral("40/admin,{\"token\":\"s3cret\"}")) >= 0);
    QCOMPARE(tab.connectionPanel()->fieldText(QStringLiteral("namespaces")), QStringLiteral("/, /admin"));

    ui::SocketIoEmitBar *emitBar = tab.emitBar();
    emitBar->namespaceField()->setCurrentText(QStringLiteral("/admin"));
    QCOMPARE(emitBar->namespaceField()->currentText(), QStringLiteral("/admin"));
    setField(emitBar->eventField(), QStringLiteral("whoami"));
    emitBar->ackBox()->setChecked(true);
    QTest::mouseClick(emitBar->emitButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(findText(store, net::EventDirection::Incoming, QStringLiteral("43/admin,0[\"admin\"]")) >= 0, Timeout);
    QTRY_VERIFY2_WITH_TIMEOUT(QRegularExpression(QStringLiteral("^ack 0 after \\d+ ms: \\[\"admin\"\\]$")).match(emitBar->statusText()).hasMatch(),
                              qPrintable(emitBar->statusText()), Timeout);
}

void TestSocketIoTab::theWrongAuthIsRefusedAndSaidSo()
{
    PeerProcess server;
    const QString url = startServer(server, false);
    QVERIFY(!url.isEmpty());
    ui::SocketIoTab tab;
    tab.show();
    setField(tab.joinBar()->namespacesField(), QStringLiteral("/, /admin"));
    setField(tab.joinBar()->authField(), QStringLiteral("{\"token\": \"guess\"}"));
    connectTab(tab, url);
    const log::MessageStore &store = tab.store();
    QTRY_VERIFY_WITH_TIMEOUT(findRow(store, log::LogEntryKind::Info, net::EventDirection::Local,
                                     QRegularExpression(QStringLiteral("^Socket\\.IO: the server refused the namespace /admin: .*not authorized"))) >= 0,
                             Timeout);
    QVERIFY(findRow(store, log::LogEntryKind::Text, net::EventDirection::Incoming, QRegularExpression(QStringLiteral("^44/admin,.*not authorized")))
            >= 0);
    QCOMPARE(tab.joinedNamespaces(), QStringList{QStringLiteral("/")});
    QVERIFY2(tab.emitBar()->statusText().contains(QStringLiteral("/admin refused")), qPrintable(tab.emitBar()->statusText()));
    QCOMPARE(tab.emitBar()->namespaceField()->count(), 1);
}

void TestSocketIoTab::argumentsAreCheckedAsTyped()
{
    ui::SocketIoTab tab;
    tab.show();
    ui::SocketIoEmitBar *emitBar = tab.emitBar();
    // Nothing joined: nothing to emit to.
    setField(emitBar->eventField(), QStringLiteral("chat"));
    QVERIFY(!emitBar->emitButton()->isEnabled());
    emitBar->setNamespaces({QStringLiteral("/")});
    QVERIFY(emitBar->emitButton()->isEnabled());
    setField(emitBar->argumentsField(), QStringLiteral("[1, "));
    QVERIFY(!emitBar->emitButton()->isEnabled());
    QVERIFY2(emitBar->statusText().startsWith(QStringLiteral("✗ arguments are not JSON")), qPrintable(emitBar->statusText()));
    QTest::keyClicks(emitBar->argumentsField(), QStringLiteral("2]"));
    QVERIFY(emitBar->emitButton()->isEnabled());
    QCOMPARE(emitBar->statusText(), QString());
    QCOMPARE(*emitBar->arguments(nullptr), (QJsonArray{1, 2}));
    setField(emitBar->argumentsField(), QStringLiteral("\"one\""));
    QCOMPARE(*emitBar->arguments(nullptr), QJsonArray{QStringLiteral("one")});
    // A bad auth payload refuses the connect before any I/O, and says why.
    setField(tab.joinBar()->authField(), QStringLiteral("{token"));
    const QString refused = tab.connectTo(QStringLiteral("http://127.0.0.1:9"));
    QVERIFY2(refused.startsWith(QStringLiteral("the auth payload is not JSON")), qPrintable(refused));
    QCOMPARE(tab.store().rowCount(), 0);
}

void TestSocketIoTab::socketIo2OverEngineIo3()
{
    PeerProcess server;
    const QString url = startServer(server, true);
    QVERIFY(!url.isEmpty());
    ui::SocketIoTab tab;
    tab.show();
    tab.joinBar()->versionField()->setCurrentIndex(tab.joinBar()->versionField()->findData(3));
    QCOMPARE(tab.joinBar()->engineIoVersion(), 3);
    // Socket.IO v2 reads the token from the transport's query, which the URL's query becomes.
    setField(tab.joinBar()->namespacesField(), QStringLiteral("/, /admin"));
    QSignalSpy used(&tab, &ui::ConnectionTab::urlUsed);
    connectTab(tab, url + QStringLiteral("/?token=s3cret"));
    QTRY_COMPARE_WITH_TIMEOUT(tab.joinedNamespaces(), (QStringList{QStringLiteral("/"), QStringLiteral("/admin")}), Timeout);
    QCOMPARE(used.size(), 1);
    QCOMPARE(used.first().first().toString(), url + QStringLiteral("/?token=s3cret"));
    const log::MessageStore &store = tab.store();
    QVERIFY(findRow(store, log::LogEntryKind::Attempt, net::EventDirection::Local, QRegularExpression(QStringLiteral("token=s3cret&EIO=3&transport=websocket$|EIO=3&transport=websocket&token=s3cret$"))) >= 0);
    QTRY_VERIFY_WITH_TIMEOUT(findText(store, net::EventDirection::Incoming, QStringLiteral("42[\"welcome\",\"hello\",{\"version\":\"2\"}]")) >= 0, Timeout);
    setField(tab.emitBar()->eventField(), QStringLiteral("add"));
    setField(tab.emitBar()->argumentsField(), QStringLiteral("[20, 22]"));
    tab.emitBar()->ackBox()->setChecked(true);
    QTest::mouseClick(tab.emitBar()->emitButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(findText(store, net::EventDirection::Incoming, QStringLiteral("430[42]")) >= 0, Timeout);
    QTRY_VERIFY2_WITH_TIMEOUT(tab.emitBar()->statusText().contains(QStringLiteral(": [42]")), qPrintable(tab.emitBar()->statusText()), Timeout);
}

// Connection ▸ New Socket.IO Tab: a Socket.IO tab, current, its URL empty (never the
// ws:// default), the Connection panel's Socket.IO section hidden until a session opens.
void TestSocketIoTab::theWindowsMenuOpensOne()
{
    ui::MainWindow window;
    QAction *item = nullptr;
    for (QAction *action : window.findChildren<QAction *>()) {
        if (action->text() == QStringLiteral("New Socket.IO Tab"))
            item = action;
    }
    QVERIFY(item);
    const int before = window.tabCount();
    item->trigger();
    QCOMPARE(window.tabCount(), before + 1);
    auto *tab = qobject_cast<ui::SocketIoTab *>(window.currentTab());
    QVERIFY(tab);
    QCOMPARE(tab->bar()->url(), QString());
    QCOMPARE(tab->joinBar()->engineIoVersion(), 4);
    QCOMPARE(tab->joinBar()->namespaces(), QStringList{QStringLiteral("/")});
    // Below the log: the composer's Emit mode first, the raw composer beside it.
    QTabWidget *modes = tab->composerModes();
    QCOMPARE(modes->count(), 2);
    QCOMPARE(modes->tabText(0), QStringLiteral("Emit"));
    QCOMPARE(modes->tabText(1), QStringLiteral("Raw message"));
    QCOMPARE(modes->currentIndex(), 0);
    QVERIFY(modes->isAncestorOf(tab->emitBar()));
    QVERIFY(modes->isAncestorOf(tab->composer()));
    const QString sid = tab->connectionPanel()->fieldText(QStringLiteral("sid"));
    QVERIFY2(sid.isEmpty() || sid == QStringLiteral("—"), qPrintable(sid));
    // A URL that is not http(s) or ws(s) is refused before any I/O, with the reason.
    const QString refused = tab->connectTo(QStringLiteral("ftp://example.com"));
    QVERIFY2(!refused.isEmpty(), "an ftp:// URL was taken");
    QVERIFY2(tab->joinBar()->summary().startsWith(QStringLiteral("✗ ")), qPrintable(tab->joinBar()->summary()));
    QCOMPARE(tab->store().rowCount(), 0);
}

// With WSI_SCREENSHOT_DIR set: the window at 1600x1000 with a Socket.IO tab joined to "/"
// and "/admin", an acked emit and the binary event, kept as socketio-tab.png; with
// WSI_SCREENSHOT_HOLD_MS too, the window stays up that long for a screen grab (Xvfb).
void TestSocketIoTab::screenshot()
{
    const QString directory = qEnvironmentVariable("WSI_SCREENSHOT_DIR");
    if (directory.isEmpty())
        QSKIP("set WSI_SCREENSHOT_DIR to take the screenshot");
    PeerProcess server;
    const QString url = startServer(server, false);
    QVERIFY(!url.isEmpty());
    ui::MainWindow window;
    window.resize(1600, 1000);
    window.show();
    auto *tab = qobject_cast<ui::SocketIoTab *>(window.newSocketIoTab());
    QVERIFY(tab);
    window.closeTab(0);
    setField(tab->joinBar()->namespacesField(), QStringLiteral("/, /admin"));
    setField(tab->joinBar()->authField(), QStringLiteral("{\"token\": \"s3cret\"}"));
    connectTab(*tab, url);
    QTRY_COMPARE_WITH_TIMEOUT(tab->joinedNamespaces().size(), 2, Timeout);
    ui::SocketIoEmitBar *emitBar = tab->emitBar();
    setField(emitBar->eventField(), QStringLiteral("blob"));
    QTest::mouseClick(emitBar->emitButton(), Qt::LeftButton);
    setField(emitBar->eventField(), QStringLiteral("add"));
    setField(emitBar->argumentsField(), QStringLiteral("[2, 3]"));
    emitBar->ackBox()->setChecked(true);
    QTest::mouseClick(emitBar->emitButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(emitBar->statusText().startsWith(QStringLiteral("ack 0 after")), Timeout);
    QTest::qWait(400);
    QVERIFY(window.grab().save(QDir(directory).filePath(QStringLiteral("socketio-tab.png"))));
    QTest::qWait(qEnvironmentVariableIntValue("WSI_SCREENSHOT_HOLD_MS"));
}

QTEST_MAIN(TestSocketIoTab)
#include "tst_socketiotab.moc"
