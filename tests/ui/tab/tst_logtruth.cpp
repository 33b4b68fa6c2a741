// SPDX-License-Identifier: MIT
// The log tells what went on the wire, where it went, driven through the real window
// against the built-in server: raw frames sent by hand are logged with their payload, in
// the order they were sent (before the server's answer), found by the search and
// exported with their bytes.
#include "ui/composer/ComposerDraft.h"
#include "ui/composer/ComposerWidget.h"
#include "ui/log/LogView.h"
#include "ui/log/MessageLogModel.h"
#include "ui/log/details/MessageDetailsWidget.h"
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
#include <QJsonObject>
#include <QPlainTextEdit>
#include <QTabBar>
#include <QTableView>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QtTest>

using namespace wsi;

namespace {
constexpr int Timeout = 15000;

template <typename T> T *child(QObject *parent, const char *name)
{
    T *found = parent->findChild<T *>(QLatin1String(name));
    if (!found)
        qWarning("no %s named %s", T::staticMetaObject.className(), name);
    return found;
}

int rowOf(const log::MessageStore &store, log::LogEntryKind kind, net::EventDirection direction, const QByteArray &payload)
{
    for (int row = 0; row < store.rowCount(); ++row) {
        const log::LogRecord &record = store.record(row);
        if (record.kind == kind && record.direction() == direction && store.payload(row) == payload)
            return row;
    }
    return -1;
}

ui::ConnectionTab *openTab(ui::MainWindow &window)
{
    window.resize(1400, 900);
    window.show();
    window.startEchoServerAndConnect(false);
    if (!QTest::qWaitFor([&] { return window.echoServer()->isRunning(); }, Timeout))
        return nullptr;
    ui::ConnectionTab *tab = window.currentTab();
    if (!tab || !QTest::qWaitFor([&] { return tab->state() == net::ConnectionState::Open; }, Timeout))
        return nullptr;
    return tab;
}

// A WebSocket server that answers the upgrade, then sends one text frame of `payload` in
// slices a little apart: the frame's header arrives long before the end of its payload,
// as from a slow or distant server.
class TricklingServer : public QTcpServer
{
public:
    explicit TricklingServer(QByteArray payload) : m_payload(std::move(payload)) { listen(QHostAddress::LocalHost); }
    QString url() const { return QStringLiteral("ws://127.0.0.1:%1/").arg(serverPort()); }

protected:
    void incomingConnection(qintptr descriptor) override
    {
        auto *socket = new QTcpSocket(this);
        socket->setSocketDescriptor(descriptor);
        connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
            m_request += socket->readAll();
            if (!m_request.contains("\r\n\r\n") || m_answered)
                return;
            m_answered = true;
            const QByteArray key = m_request.mid(m_request.indexOf("Sec-WebSocket-Key: ") + 19, 24);
            const QByteArray accept = QCryptographicHash::hash(QByteArray(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"),
                                                               QCryptographicHash::Sha1).toBase64();
            socket->write(QByteArray("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                          "Sec-WebSocket-Accept: " + accept + "\r\n\r\n"));
            QByteArray frame("\x81\x7f", 2);
            for (int shift = 56; shift >= 0; shift -= 8)
                frame.append(char((quint64(m_payload.size()) >> shift) & 0xff));
            frame += m_payload;
            auto *timer = new QTimer(socket);
            connect(timer, &QTimer::timeout, socket, [socket, timer, frame, sent = qsizetype(0)]() mutable {
                const qsizetype slice = std::min<qsizetype>(frame.size() - sent, 256 * 1024);
                socket->write(frame.mid(sent, slice));
                sent += slice;
                if (sent == frame.size())
                    timer->stop();
            });
            timer->start(40);
        });
    }

private:
    QByteArray m_payload;
    QByteArray m_request;
    bool m_answered = false;
};

// One raw frame through the composer's Raw frame mode, payload typed as text.
void sendRawFrame(ui::ComposerWidget *composer, bool fin, int opcode, const QString &payload)
{
    auto *modes = child<QTabBar>(composer, "modes");
    QTest::mouseClick(modes, Qt::LeftButton, {}, modes->tabRect(int(ui::ComposerMode::RawFrame)).center());
    QCOMPARE(composer->mode(), ui::ComposerMode::RawFrame);
    auto *encoding = child<QComboBox>(composer, "encoding");
    encoding->setCurrentIndex(encoding->findData(int(ui::PayloadEncoding::Text)));
    child<QCheckBox>(composer, "rawFin")->setChecked(fin);
    auto *opcodes = child<QComboBox>(composer, "rawOpcode");
    opcodes->setCurrentIndex(opcodes->findData(opcode));
    auto *editor = child<QPlainTextEdit>(composer, "editor");
    editor->setFocus();
    editor->selectAll();
    QTest::keyClicks(editor, payload);
    QTest::keyClick(editor, Qt::Key_Return, Qt::ControlModifier);
}
} // namespace

class TestLogTruth : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rawFramesAreLoggedWithTheirBytesInOrder();
    void aLargeMessageIsOneRowWithItsFrame();
};

void TestLogTruth::rawFramesAreLoggedWithTheirBytesInOrder()
{
    ui::MainWindow window;
    ui::ConnectionTab *tab = openTab(window);
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
    // 2.3 MiB in one frame, its payload arriving over ~0.4 s after its header.
    const QByteArray big(2300 * 1024, 'x');
    TricklingServer server(big);
    QVERIFY(server.isListening());
    ui::MainWindow window;
    window.resize(1400, 900);
    window.show();
    ui::ConnectionTab *tab = window.currentTab();
    QVERIFY(tab);
    tab->connectTo(server.url());
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

QTEST_MAIN(TestLogTruth)
#include "tst_logtruth.moc"
