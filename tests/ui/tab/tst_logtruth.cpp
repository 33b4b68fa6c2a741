// SPDX-License-Identifier: MIT
// The log tells what went on the wire, where it went, driven through the real window
// against the built-in server: raw frames sent by hand are logged with their payload, in
// the order they were sent (before the server's answer), found by the search and
// exported with their bytes.
#include "support/WindowDriving.h"

#include "ui/composer/ComposerDraft.h"
#include "ui/composer/ComposerWidget.h"
#include "ui/log/LogView.h"
#include "ui/log/MessageLogModel.h"
#include "ui/log/details/MessageDetailsWidget.h"
#include "ui/panels/latency/LatencyPanel.h"
#include "ui/panels/server/EchoServerController.h"
#include "ui/tab/ConnectionTab.h"
#include "ui/window/MainWindow.h"

#include "files/export/ExportFormatter.h"
#include "files/session/SessionTab.h"
#include "store/MessageStore.h"
#include "store/query/RowMatcher.h"

#include <QCheckBox>
#include <QCryptographicHash>
#include <QComboBox>
#include <QJsonDocument>
#include <QLabel>
#include <QPushButton>
#include <QJsonObject>
#include <QPlainTextEdit>
#include <QTabBar>
#include <QTableView>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QtTest>

#include <functional>

using namespace wsi;
using test::rowOf;
using test::sendRawFrame;

namespace {
constexpr int Timeout = 15000;

template <typename T> T *child(QObject *parent, const char *name)
{
    T *found = parent->findChild<T *>(QLatin1String(name));
    if (!found)
        qWarning("no %s named %s", T::staticMetaObject.className(), name);
    return found;
}

// A bare WebSocket server over QTcpServer, for what the built-in one does not do: it
// answers the upgrade, then hands each whole frame from the client (unmasked) to onFrame.
class BareServer : public QTcpServer
{
public:
    BareServer() { listen(QHostAddress::LocalHost); }
    QString url() const { return QStringLiteral("ws://127.0.0.1:%1/").arg(serverPort()); }
    static QByteArray frame(quint8 firstByte, const QByteArray &payload)
    {
        QByteArray out(1, char(firstByte));
        if (payload.size() < 126) {
            out.append(char(payload.size()));
        } else {
            out.append(char(127));
            for (int shift = 56; shift >= 0; shift -= 8)
                out.append(char((quint64(payload.size()) >> shift) & 0xff));
        }
        return out + payload;
    }

    std::function<void(QTcpSocket *)> onOpen = [](QTcpSocket *) {};
    std::function<void(QTcpSocket *, quint8 opcode, const QByteArray &payload)> onFrame = [](QTcpSocket *, quint8, const QByteArray &) {};

protected:
    void incomingConnection(qintptr descriptor) override
    {
        auto *socket = new QTcpSocket(this);
        socket->setSocketDescriptor(descriptor);
        auto *input = new QByteArray;
        connect(socket, &QObject::destroyed, socket, [input] { delete input; });
        connect(socket, &QTcpSocket::readyRead, socket, [this, socket, input, open = false]() mutable {
            *input += socket->readAll();
            if (!open) {
                const qsizetype end = input->indexOf("\r\n\r\n");
                if (end < 0)
                    return;
                const qsizetype at = input->indexOf("Sec-WebSocket-Key: ") + 19;
                const QByteArray key = input->mid(at, 24) + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
                socket->write(QByteArray("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                         "Sec-WebSocket-Accept: ")
                              + QCryptographicHash::hash(key, QCryptographicHash::Sha1).toBase64() + "\r\n\r\n");
                input->remove(0, end + 4);
                open = true;
                onOpen(socket);
            }
            // Client frames: masked, lengths below 64 KiB are enough here.
            while (input->size() >= 6) {
                const quint8 opcode = quint8(input->at(0)) & 0x0f;
                qsizetype length = quint8(input->at(1)) & 0x7f;
                qsizetype header = 6;
                if (length == 126) {
                    if (input->size() < 8)
                        return;
                    length = (qsizetype(quint8(input->at(2))) << 8) | quint8(input->at(3));
                    header = 8;
                }
                if (input->size() < header + length)
                    return;
                const QByteArray mask = input->mid(header - 4, 4);
                QByteArray payload = input->mid(header, length);
                for (qsizetype i = 0; i < payload.size(); ++i)
                    payload[i] = char(payload[i] ^ mask[i % 4]);
                input->remove(0, header + length);
                onFrame(socket, opcode, payload);
            }
        });
    }
};

} // namespace

class TestLogTruth : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rawFramesAreLoggedWithTheirBytesInOrder();
    void aLargeMessageIsOneRowWithItsFrame();
    void aPingIsTimedFromWhenItsBytesLeft();
};

void TestLogTruth::rawFramesAreLoggedWithTheirBytesInOrder()
{
    ui::MainWindow window;
    ui::ConnectionTab *tab = test::openEchoTab(window);
    QVERIFY(tab);
    // A text message in two raw frames: "hel" without FIN, then "lo" as its continuation.
    sendRawFrame(tab->composer(), false, 0x1, QStringLiteral("hel"));
    sendRawFrame(tab->composer(), true, 0x0, QStringLiteral("lo"));
    const log::MessageStore &store = tab->store();
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(store, log::LogEntryKind::Text, net::EventDirection::Incoming, "hello") >= 0, Timeout);

    const int first = rowOf(store, log::LogEntryKind::Frame, net::EventDirection::Outgoing, "hel");
    const int second = rowOf(store, log::LogEntryKind::Frame, net::EventDirection::Outgoing, "lo");
    const int echo = rowOf(store, log::LogEntryKind::Text, net::EventDirection::Incoming, "hello");
    QVERIFY2(first >= 0 && second >= 0, "both raw frames are rows with their payload");
    QVERIFY2(first < second && second < echo, qPrintable(QStringLiteral("rows %1, %2, echo %3").arg(first).arg(second).arg(echo)));
    QCOMPARE(store.record(first).wireSize, 3u);
    QVERIFY(store.record(first).timeNs <= store.record(second).timeNs);

    // The log shows the size and the text; the details show the bytes.
    const ui::MessageLogModel *model = tab->logView()->model();
    int shownRow = -1;
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, 0).data(ui::MessageLogModel::StoreRowRole).toInt() == first
            && model->index(row, 0).data(ui::MessageLogModel::FrameIndexRole).toInt() < 0)
            shownRow = row;
    }
    QVERIFY(shownRow >= 0);
    QCOMPARE(model->index(shownRow, ui::MessageLogModel::Size).data().toString(), QStringLiteral("3 B"));
    const QString preview = model->index(shownRow, ui::MessageLogModel::Preview).data().toString();
    QVERIFY2(preview.endsWith(QStringLiteral("hel")), qPrintable(preview));
    tab->logView()->view()->selectRow(shownRow);
    auto *text = child<QPlainTextEdit>(tab->logView()->details(), "text");
    QTRY_COMPARE(text->toPlainText(), QStringLiteral("hel"));

    // The search finds it.
    log::LogFilterCriteria criteria;
    criteria.pattern = QStringLiteral("hel");
    const log::RowMatcher matcher(criteria);
    QVERIFY(matcher.matches(store, first));

    // Exports carry its bytes.
    log::ExportOptions options;
    const auto formatter = log::ExportFormatter::create(store, tab->sessionState(), options);
    QByteArray line;
    formatter->row(first, line);
    const QJsonObject object = QJsonDocument::fromJson(line).object();
    QCOMPARE(object.value(QStringLiteral("base64")).toString(), QStringLiteral("aGVs"));
}

void TestLogTruth::aLargeMessageIsOneRowWithItsFrame()
{
    // 2.3 MiB in one frame, its payload trickling in over ~0.4 s after its header.
    const QByteArray big(2300 * 1024, 'x');
    BareServer server;
    QVERIFY(server.isListening());
    server.onOpen = [&big](QTcpSocket *socket) {
        const QByteArray frame = BareServer::frame(0x81, big);
        auto *timer = new QTimer(socket);
        QObject::connect(timer, &QTimer::timeout, socket, [socket, timer, frame, sent = qsizetype(0)]() mutable {
            const qsizetype slice = std::min<qsizetype>(frame.size() - sent, 256 * 1024);
            socket->write(frame.mid(sent, slice));
            sent += slice;
            if (sent == frame.size())
                timer->stop();
        });
        timer->start(40);
    };
    ui::MainWindow window;
    ui::ConnectionTab *tab = test::connectCurrentTab(window, server.url());
    QVERIFY(tab);
    const log::MessageStore &store = tab->store();
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(store, log::LogEntryKind::Text, net::EventDirection::Incoming, big) >= 0, Timeout);
    QTest::qWait(200); // anything the connection had still to report
    const int echo = rowOf(store, log::LogEntryKind::Text, net::EventDirection::Incoming, big);
    QCOMPARE(store.frameCount(echo), 1);
    QVERIFY(store.frame(store.firstFrame(echo)).isFinal());
    QCOMPARE(store.frame(store.firstFrame(echo)).length, quint64(big.size()));
    // One message, one row: no frame of it on a row of its own.
    for (int row = 0; row < store.rowCount(); ++row)
        QVERIFY2(store.record(row).kind != log::LogEntryKind::Frame,
                 qPrintable(QStringLiteral("row %1 is a stray frame").arg(row)));
}

void TestLogTruth::aPingIsTimedFromWhenItsBytesLeft()
{
    // A server that answers each ping 40 ms late.
    constexpr int PongDelayMs = 40;
    BareServer server;
    QVERIFY(server.isListening());
    server.onFrame = [](QTcpSocket *socket, quint8 opcode, const QByteArray &payload) {
        if (opcode == 0x9)
            QTimer::singleShot(PongDelayMs, Qt::PreciseTimer, socket,
                               [socket, payload] { socket->write(BareServer::frame(0x8a, payload)); });
    };
    ui::MainWindow window;
    ui::ConnectionTab *tab = test::connectCurrentTab(window, server.url());
    QVERIFY(tab);
    QTRY_COMPARE_WITH_TIMEOUT(tab->state(), net::ConnectionState::Open, Timeout);
    auto *pingNow = child<QPushButton>(tab->latencyPanel(), "pingNow");
    QVERIFY(pingNow);
    constexpr int Pings = 3;
    const log::MessageStore &store = tab->store();
    const auto pongs = [&store] {
        int count = 0;
        for (int row = 0; row < store.rowCount(); ++row)
            count += store.record(row).kind == log::LogEntryKind::Pong ? 1 : 0;
        return count;
    };
    for (int i = 0; i < Pings; ++i) {
        pingNow->click();
        QTRY_COMPARE_WITH_TIMEOUT(pongs(), i + 1, Timeout);
    }
    // Each round trip is at least the server's delay, and is exactly the time between the
    // ping's row (when its bytes were handed to the socket) and its pong's row.
    int checked = 0;
    for (int row = 0; row < store.rowCount(); ++row) {
        if (store.record(row).kind != log::LogEntryKind::Pong)
            continue;
        const qint64 rttNs = store.pingInfo(row).rttNs;
        QVERIFY2(rttNs >= qint64(PongDelayMs) * 1000000, qPrintable(QString::number(rttNs)));
        int ping = row - 1;
        while (ping >= 0 && store.record(ping).kind != log::LogEntryKind::Ping)
            --ping;
        QVERIFY(ping >= 0);
        QCOMPARE(store.pingInfo(ping).pingId, store.pingInfo(row).pingId);
        QCOMPARE(rttNs, store.record(row).timeNs - store.record(ping).timeNs);
        ++checked;
    }
    QCOMPARE(checked, Pings);
    // The panel shows them in milliseconds: the delay and a little more (this thread also
    // runs the server, between paints).
    const QString min = child<QLabel>(tab->latencyPanel(), "rttMin")->text();
    QVERIFY2(min.endsWith(QStringLiteral(" ms")), qPrintable(min));
    const double minMs = min.section(QLatin1Char(' '), 0, 0).toDouble();
    QVERIFY2(minMs >= PongDelayMs && minMs < PongDelayMs + 30, qPrintable(min));
}

QTEST_MAIN(TestLogTruth)
#include "tst_logtruth.moc"
