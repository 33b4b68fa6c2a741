// SPDX-License-Identifier: MIT
// A connection tab (real widgets, offscreen) opened on an http:// URL: an EventSource
// stream from the built-in server's endpoint. Its events are rows of their own (type, id
// and data in the log, the stream's bytes in the details), comments are notes, there is
// no composer (it only receives), the state says "requesting" while the request is out,
// and a session keeps what the rows say.
#include "ui/composer/ComposerWidget.h"
#include "ui/panels/connection/TimelineWidget.h"
#include "ui/log/MessageLogModel.h"
#include "ui/log/details/MessageDetails.h"
#include "ui/log/details/MessageDetailsFromStore.h"
#include "ui/tab/ConnectionBar.h"
#include "ui/tab/ConnectionTab.h"
#include "ui/tab/TabDocument.h"

#include "files/session/RowCodec.h"
#include "net/MetaTypes.h"
#include "net/echo/EchoServer.h"
#include "store/MessageStore.h"

#include <QLabel>
#include <QTcpServer>
#include <QTcpSocket>
#include <QtTest>

using namespace wsi;

namespace {

constexpr int Timeout = 10000;

int rowOfKind(const log::MessageStore &store, log::LogEntryKind kind, int nth = 0)
{
    for (int row = 0; row < store.rowCount(); ++row) {
        if (store.record(row).kind == kind && nth-- == 0)
            return row;
    }
    return -1;
}

} // namespace

class TestEventSourceTab : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { net::registerMetaTypes(); }
    void showsEventsAsRowsOfTheirOwn();
    void saysRequestingWhileTheRequestIsOut();
};

void TestEventSourceTab::showsEventsAsRowsOfTheirOwn()
{
    net::EchoServerOptions serverOptions;
    serverOptions.eventStream.path = QStringLiteral("/events");
    serverOptions.eventStream.keepaliveMs = 50;
    net::EchoServer server;
    server.setOptions(serverOptions);
    QVERIFY(server.start());
    QSignalSpy opened(&server, &net::EchoServer::eventStreamOpened);

    ui::ConnectionTab tab;
    net::ConnectionOptions options = tab.options();
    options.proxy.mode = net::ProxyMode::None;
    tab.setOptions(options);
    tab.resize(1200, 800);
    tab.show();
    tab.connectTo(QStringLiteral("http://127.0.0.1:%1/events").arg(server.serverPort()));
    QTRY_COMPARE_WITH_TIMEOUT(tab.state(), net::ConnectionState::Open, Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(!opened.isEmpty(), Timeout);
    QVERIFY(tab.isReceiveOnly());
    QVERIFY(tab.composer()->isHidden()); // it only receives: no composer, not a disabled one
    server.publishEvent(QStringLiteral("price"), "1.25", QStringLiteral("p1"));
    server.publishEvent(QString(), "two\nlines");

    const log::MessageStore &store = tab.store();
    QTRY_VERIFY_WITH_TIMEOUT(rowOfKind(store, log::LogEntryKind::Event, 1) >= 0, Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(rowOfKind(store, log::LogEntryKind::Comment) >= 0, Timeout);
    const int first = rowOfKind(store, log::LogEntryKind::Event);
    const int second = rowOfKind(store, log::LogEntryKind::Event, 1);
    ui::MessageLogModel *model = tab.document()->model();
    QCOMPARE(model->index(first, ui::MessageLogModel::Type).data().toString(), QStringLiteral("event"));
    QCOMPARE(model->index(first, ui::MessageLogModel::Preview).data().toString(), QStringLiteral("price · 1.25"));
    QCOMPARE(model->index(second, ui::MessageLogModel::Preview).data().toString(), QStringLiteral("two\\nlines"));
    const int handshake = rowOfKind(store, log::LogEntryKind::Handshake);
    QVERIFY2(model->index(handshake, ui::MessageLogModel::Preview).data().toString().startsWith(QStringLiteral("streaming: 200 OK · text/event-stream")),
             qPrintable(model->index(handshake, ui::MessageLogModel::Preview).data().toString()));
    const int comment = rowOfKind(store, log::LogEntryKind::Comment);
    QCOMPARE(model->index(comment, ui::MessageLogModel::Preview).data().toString(), QStringLiteral(": keepalive"));

    const ui::MessageDetails details = ui::messageDetailsFromStore(store, first);
    QCOMPARE(details.eventType, QStringLiteral("price"));
    QCOMPARE(details.eventId, QStringLiteral("p1"));
    QCOMPARE(details.eventRaw, QByteArray("event: price\nid: p1\ndata: 1.25\n\n"));
    QVERIFY2(ui::describeMessage(details).contains(QStringLiteral("type price · id p1")), qPrintable(ui::describeMessage(details)));
    QCOMPARE(store.eventInfo(second).lastEventId, QStringLiteral("1"));

    // Saved and read back (a session file's rows): the event's details come along.
    QByteArray section;
    log::RowCodec::encode(store, 0, store.rowCount(), 1 << 20, section);
    log::MessageStore restored;
    QCOMPARE(log::RowCodec::decode(section, restored), QString());
    QCOMPARE(restored.rowCount(), store.rowCount());
    QCOMPARE(restored.record(first).kind, log::LogEntryKind::Event);
    QCOMPARE(restored.eventInfo(first).type, QStringLiteral("price"));
    QCOMPARE(restored.eventInfo(first).raw, details.eventRaw);
    QCOMPARE(restored.payloadCopy(second), QByteArray("two\nlines"));
}

// A server that accepts and never answers: the request (or upgrade) stays out.
void TestEventSourceTab::saysRequestingWhileTheRequestIsOut()
{
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost));
    QList<QTcpSocket *> accepted; // kept open, read by nobody
    connect(&silent, &QTcpServer::newConnection, this, [&] {
        while (QTcpSocket *socket = silent.nextPendingConnection())
            accepted << socket;
    });

    ui::ConnectionTab tab;
    net::ConnectionOptions options = tab.options();
    options.proxy.mode = net::ProxyMode::None;
    options.openTimeoutMs = 0; // it waits as long as the test looks
    tab.setOptions(options);
    tab.resize(1200, 800);
    tab.show();
    QVERIFY(tab.composer()->isVisible()); // a new tab is a WebSocket's until told otherwise
    tab.connectTo(QStringLiteral("http://127.0.0.1:%1/events").arg(silent.serverPort()));
    QTRY_COMPARE_WITH_TIMEOUT(tab.state(), net::ConnectionState::Upgrading, Timeout);
    const QString state = tab.bar()->stateLabel()->text();
    QVERIFY2(state.endsWith(QLatin1String(" requesting")), qPrintable(state));
    QVERIFY(!tab.composer()->isVisible());
    QCOMPARE(ui::timelineLabel(net::ConnectionState::Upgrading, net::TrafficKind::EventSource), QStringLiteral("request"));

    // The same tab on a ws:// URL: the WebSocket's words, and the composer is back.
    tab.connectTo(QStringLiteral("ws://127.0.0.1:%1/").arg(silent.serverPort()));
    QTRY_COMPARE_WITH_TIMEOUT(tab.state(), net::ConnectionState::Upgrading, Timeout);
    QTRY_VERIFY2_WITH_TIMEOUT(tab.bar()->stateLabel()->text().endsWith(QLatin1String(" upgrading")),
                              qPrintable(tab.bar()->stateLabel()->text()), Timeout);
    QVERIFY(tab.composer()->isVisible());
    QVERIFY(!tab.isReceiveOnly());
    QCOMPARE(ui::timelineLabel(net::ConnectionState::Upgrading, net::TrafficKind::WebSocket), QStringLiteral("upgrade"));
    tab.disconnectFromServer();
    qDeleteAll(accepted);
}

QTEST_MAIN(TestEventSourceTab)
#include "tst_eventsourcetab.moc"
