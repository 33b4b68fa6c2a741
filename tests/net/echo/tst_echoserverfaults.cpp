// SPDX-License-Identifier: MIT
// The echo server's planned faults (ClientFault: close with a code, or drop, after N
// messages or a time) and its Handoff mode (messages to the application, answers from it),
// seen by a real client over loopback.
#include "support/EchoServerTestSupport.h"

using wsi::net::ClientFault;

class tst_EchoServerFaults : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void closesAfterCountAnsweringFirst_data();
    void closesAfterCountAnsweringFirst();
    void closesAfterTime();
    void dropsWithoutCloseFrame();
    void countsEachClientApart();
    void handsMessagesOffAndSendsAnswers();
};

void tst_EchoServerFaults::closesAfterCountAnsweringFirst_data()
{
    QTest::addColumn<int>("delayMs");
    QTest::addColumn<int>("mode");
    QTest::newRow("echo") << 0 << int(EchoMode::Echo);
    // The delayed answer still comes before the close.
    QTest::newRow("echo, answers delayed") << 150 << int(EchoMode::Echo);
    QTest::newRow("broadcast") << 0 << int(EchoMode::Broadcast);
}

void tst_EchoServerFaults::closesAfterCountAnsweringFirst()
{
    QFETCH(int, delayMs);
    QFETCH(int, mode);
    EchoServerOptions options;
    options.mode = EchoMode(mode);
    options.replyDelayMs = delayMs;
    options.fault.action = ClientFault::Action::Close;
    options.fault.afterMessages = 2;
    options.fault.closeCode = 4001;
    options.fault.closeReason = QStringLiteral("that will do");
    const auto server = startServer(options);
    const auto client = connectClient(server->serverPort());
    QVERIFY(waitOpen(*client));
    for (const char *text : {"one", "two", "three"})
        QVERIFY(client->sendText(text));
    QVERIFY(QTest::qWaitFor([&] { return client->closed; }, WaitMs));
    QCOMPARE(client->messages.size(), std::size_t(2));
    QCOMPARE(client->messages[1].payload, std::string("two"));
    QVERIFY(client->closeEvent.clean);
    QCOMPARE(client->closeEvent.code, quint16(4001));
    QCOMPARE(client->closeEvent.received.reason, std::string("that will do"));
}

void tst_EchoServerFaults::closesAfterTime()
{
    EchoServerOptions options;
    options.fault.action = ClientFault::Action::Close;
    options.fault.afterMs = 200;
    options.fault.closeCode = 1012;
    const auto server = startServer(options);
    QElapsedTimer clock;
    clock.start();
    const auto client = connectClient(server->serverPort());
    QVERIFY(waitOpen(*client));
    QVERIFY(client->sendText("still here"));
    QVERIFY(QTest::qWaitFor([&] { return client->closed; }, WaitMs));
    QVERIFY2(clock.elapsed() >= 190, qPrintable(QString::number(clock.elapsed())));
    QCOMPARE(client->messages.size(), std::size_t(1)); // a message before the time is answered
    QCOMPARE(client->closeEvent.code, quint16(1012));
}

void tst_EchoServerFaults::dropsWithoutCloseFrame()
{
    EchoServerOptions options;
    options.fault.action = ClientFault::Action::Drop;
    options.fault.afterMessages = 1;
    const auto server = startServer(options);
    QSignalSpy closed(server.get(), &EchoServer::clientClosed);
    const auto client = connectClient(server->serverPort());
    QVERIFY(waitOpen(*client));
    QVERIFY(client->sendText("last words"));
    QVERIFY(QTest::qWaitFor([&] { return client->transportClosed || client->closed; }, WaitMs));
    QTRY_VERIFY_WITH_TIMEOUT(!closed.isEmpty(), WaitMs);
    QCOMPARE(closed.first().at(1).value<quint16>(), quint16(1006));
    QVERIFY(closed.first().at(2).toString().contains(QLatin1String("fault injected after 1 message")));
    QVERIFY(!closed.first().at(3).toBool());
    QVERIFY(!client->closed || client->closeEvent.code == 1006); // no close frame reached it
}

void tst_EchoServerFaults::countsEachClientApart()
{
    EchoServerOptions options;
    options.fault.action = ClientFault::Action::Close;
    options.fault.afterMessages = 2;
    const auto server = startServer(options);
    const auto first = connectClient(server->serverPort());
    const auto second = connectClient(server->serverPort());
    QVERIFY(waitOpen(*first) && waitOpen(*second));
    QVERIFY(first->sendText("a"));
    QVERIFY(second->sendText("b"));
    QVERIFY(waitMessages(*first, 1) && waitMessages(*second, 1));
    QVERIFY(!first->closed && !second->closed); // one each: nobody has sent two
    QVERIFY(first->sendText("c"));
    QVERIFY(QTest::qWaitFor([&] { return first->closed; }, WaitMs));
    QTest::qWait(100);
    QVERIFY(!second->closed);
}

void tst_EchoServerFaults::handsMessagesOffAndSendsAnswers()
{
    EchoServerOptions options;
    options.mode = EchoMode::Handoff;
    const auto server = startServer(options);
    QSignalSpy handed(server.get(), &EchoServer::clientMessage);
    const auto first = connectClient(server->serverPort());
    const auto second = connectClient(server->serverPort());
    QVERIFY(waitOpen(*first) && waitOpen(*second));
    QVERIFY(first->sendBinary(std::string("\x00\xff", 2)));
    QVERIFY(handed.wait(WaitMs));
    const QList<quint64> ids = server->clientIds();
    QCOMPARE(handed.first().at(0).value<quint64>(), ids.first());
    QCOMPARE(handed.first().at(1).toBool(), false);
    QCOMPARE(handed.first().at(2).toByteArray(), QByteArray("\x00\xff", 2));
    QTest::qWait(100);
    QVERIFY(first->messages.empty()); // nothing answered by the server itself

    QVERIFY(server->sendToClient(ids.last(), true, QByteArrayLiteral("to the second")));
    QVERIFY(waitMessages(*second, 1));
    QCOMPARE(second->messages[0].payload, std::string("to the second"));
    QVERIFY(first->messages.empty());
    server->sendToAll(false, QByteArrayLiteral("to all"));
    QVERIFY(waitMessages(*first, 1) && waitMessages(*second, 2));
    QVERIFY(!first->messages[0].isText);
    QVERIFY(server->pingClient(ids.first(), QByteArrayLiteral("anyone?")));
    QVERIFY(QTest::qWaitFor([&] { return first->pings == 1; }, WaitMs));
    QVERIFY(!server->sendToClient(9999, true, QByteArrayLiteral("nobody")));
}

QTEST_GUILESS_MAIN(tst_EchoServerFaults)
#include "tst_echoserverfaults.moc"
