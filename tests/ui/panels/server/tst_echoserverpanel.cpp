// SPDX-License-Identifier: MIT
// The echo server panel's EventSource controls, driven as a user drives them (real widgets,
// offscreen) against the real server on its own thread: the endpoint turned on with its
// path, retry, history and a CORS preset; clients reading the stream over loopback with
// QNetworkAccessManager; events typed into the "Publish event" form arriving with their
// type, id and data; the live count of streams and events; Last-Event-ID replays; the
// URLs in the info line and the clipboard; refusals before start.
#include "ui/panels/server/EchoClientList.h"
#include "ui/panels/server/EchoServerController.h"
#include "ui/panels/server/EchoServerPanel.h"
#include "ui/panels/server/EventPublishWidget.h"
#include "ui/panels/server/EventStreamSettingsWidget.h"
#include "ui/tab/HeaderTableEditor.h"
#include "ui/window/MainWindow.h"

#include "net/MetaTypes.h"

#include <QApplication>
#include <QClipboard>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableWidget>
#include <QTest>

#include <memory>

using namespace wsi;

namespace {

constexpr int Timeout = 10000;

// One GET of the endpoint, read as it streams.
struct StreamReader {
    std::unique_ptr<QNetworkReply> reply;
    QByteArray body;
};

std::unique_ptr<StreamReader> openStream(QNetworkAccessManager &manager, const QString &url, const QByteArray &lastEventId = {})
{
    QNetworkRequest request{QUrl(url)};
    request.setRawHeader("Accept", "text/event-stream");
    if (!lastEventId.isEmpty())
        request.setRawHeader("Last-Event-ID", lastEventId);
    auto reader = std::make_unique<StreamReader>();
    reader->reply.reset(manager.get(request));
    StreamReader *raw = reader.get();
    QObject::connect(raw->reply.get(), &QNetworkReply::readyRead, raw->reply.get(), [raw] { raw->body += raw->reply->readAll(); });
    return reader;
}

// Opens the panel's "Publish event" page, types an event into the form and presses
// Ctrl+Enter in its data field.
void publishFromForm(ui::EchoServerPanel &panel, const QString &type, const QString &id, const QString &data)
{
    ui::EventPublishWidget *form = panel.publishForm();
    panel.activityTabs()->setCurrentWidget(form);
    form->typeField()->clear();
    QTest::keyClicks(form->typeField(), type);
    form->idField()->clear();
    QTest::keyClicks(form->idField(), id);
    form->dataField()->clear();
    form->dataField()->setFocus();
    const QStringList lines = data.split(QLatin1Char('\n'));
    for (int i = 0; i < lines.size(); ++i) {
        if (i > 0)
            QTest::keyClick(form->dataField(), Qt::Key_Return);
        QTest::keyClicks(form->dataField(), lines[i]);
    }
    QTest::keyClick(form->dataField(), Qt::Key_Return, Qt::ControlModifier);
}

} // namespace

class TestEchoServerPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void publishesTypedEventsToEveryStream();
    void replaysWhatALastEventIdMissed();
    void publishingNeedsARunningEndpoint();
    void refusesABadPathBeforeStarting();
    void offersTheEventSourceUrl();
    void theWindowKeepsTheSettings();

private:
    // Turns the endpoint on through the EventSource page's widgets, with this path.
    void enableEndpoint(const QString &path);
    bool startServer();

    std::unique_ptr<ui::EchoServerController> m_controller;
    std::unique_ptr<ui::EchoServerPanel> m_panel;
    QNetworkAccessManager m_manager;
};

void TestEchoServerPanel::initTestCase()
{
    net::registerMetaTypes();
    QStandardPaths::setTestModeEnabled(true); // the window's settings in a test location
    QApplication::setApplicationName(QStringLiteral("wsinspect-test-echoserverpanel"));
    QSettings().remove(QStringLiteral("echoServer"));
    m_manager.setProxy(QNetworkProxy::NoProxy); // loopback only, whatever http_proxy says
}

void TestEchoServerPanel::init()
{
    m_controller = std::make_unique<ui::EchoServerController>();
    m_panel = std::make_unique<ui::EchoServerPanel>(m_controller.get());
    m_panel->resize(320, 900);
    m_panel->show();
    m_panel->activateWindow(); // the form's Ctrl+Enter is a shortcut of its window
    QVERIFY(QTest::qWaitForWindowActive(m_panel.get()));
}

void TestEchoServerPanel::cleanup()
{
    m_panel.reset();
    m_controller.reset(); // joins the server's thread
}

void TestEchoServerPanel::enableEndpoint(const QString &path)
{
    ui::EventStreamSettingsWidget *events = m_panel->eventStreamSettings();
    m_panel->settingsTabs()->setCurrentWidget(events);
    QVERIFY(!events->endpointBox()->isChecked()); // off unless asked
    events->endpointBox()->setChecked(true);
    events->pathField()->selectAll();
    QTest::keyClicks(events->pathField(), path);
}

bool TestEchoServerPanel::startServer()
{
    QTest::mouseClick(m_panel->startButton(), Qt::LeftButton);
    return QTest::qWaitFor([this] { return m_controller->isRunning(); }, Timeout);
}

void TestEchoServerPanel::publishesTypedEventsToEveryStream()
{
    enableEndpoint(QStringLiteral("/feed"));
    ui::EventStreamSettingsWidget *events = m_panel->eventStreamSettings();
    events->retryField()->setValue(2500);
    events->keepaliveField()->setValue(0); // no comment lines between the events checked below
    QTest::mouseClick(events->findChild<QPushButton *>(QStringLiteral("corsPreset")), Qt::LeftButton);
    QCOMPARE(events->headerEditor()->headers().value(0).first, QByteArray("Access-Control-Allow-Origin"));
    QVERIFY(startServer());

    const QString url = m_controller->eventStreamUrl();
    QVERIFY2(url.startsWith(QLatin1String("http://127.0.0.1:")) && url.endsWith(QLatin1String("/feed")), qPrintable(url));
    QVERIFY2(m_panel->statusText().contains(url), qPrintable(m_panel->statusText()));
    QVERIFY(m_panel->eventSourceTabButton()->isVisibleTo(m_panel.get()));

    auto first = openStream(m_manager, url);
    auto second = openStream(m_manager, url);
    QTRY_COMPARE_WITH_TIMEOUT(m_controller->eventStreamCount(), 2, Timeout);
    QTRY_VERIFY2_WITH_TIMEOUT(m_panel->statusText().contains(QStringLiteral("2 event streams open · 0 events published")),
                              qPrintable(m_panel->statusText()), Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(first->body.startsWith("retry: 2500\n\n"), Timeout);
    QCOMPARE(first->reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QVERIFY(first->reply->header(QNetworkRequest::ContentTypeHeader).toString().startsWith(QLatin1String("text/event-stream")));
    QCOMPARE(first->reply->rawHeader("Access-Control-Allow-Origin"), QByteArray("*"));

    // Typed into the form: an empty id is numbered by the server; data keeps its lines.
    ui::EventPublishWidget *form = m_panel->publishForm();
    QVERIFY(form->publishButton()->isEnabled());
    publishFromForm(*m_panel, QStringLiteral("price"), QString(), QStringLiteral("{\"p\":1.25}"));
    const QByteArray price = "event: price\nid: 1\ndata: {\"p\":1.25}\n\n";
    QTRY_VERIFY2_WITH_TIMEOUT(first->body.endsWith(price), first->body.constData(), Timeout);
    QTRY_VERIFY2_WITH_TIMEOUT(second->body.endsWith(price), second->body.constData(), Timeout);
    QTRY_COMPARE_WITH_TIMEOUT(form->resultText(), QStringLiteral("Event 1 (price) went to 2 streams."), Timeout);

    // An id of the user's that ends in digits counts up for the next event.
    publishFromForm(*m_panel, QStringLiteral("chat"), QStringLiteral("c7"), QStringLiteral("two\nlines"));
    QCOMPARE(form->idField()->text(), QStringLiteral("c8"));
    const QByteArray chat = "event: chat\nid: c7\ndata: two\ndata: lines\n\n";
    QTRY_VERIFY2_WITH_TIMEOUT(first->body.endsWith(chat), first->body.constData(), Timeout);
    QTRY_VERIFY2_WITH_TIMEOUT(m_panel->statusText().contains(QStringLiteral("2 event streams open · 2 events published")),
                              qPrintable(m_panel->statusText()), Timeout);

    // A stream that goes away leaves the count, and its row says it ended.
    QTreeWidgetItem *row = nullptr;
    for (int i = 0; i < m_panel->clientList()->topLevelItemCount(); ++i) {
        if (m_panel->clientList()->topLevelItem(i)->text(ui::EchoClientList::ColumnState) == QLatin1String("event stream"))
            row = m_panel->clientList()->topLevelItem(i);
    }
    QVERIFY(row);
    QCOMPARE(row->text(ui::EchoClientList::ColumnPath), QStringLiteral("/feed"));
    second->reply->abort();
    QTRY_COMPARE_WITH_TIMEOUT(m_controller->eventStreamCount(), 1, Timeout);
    QTRY_VERIFY2_WITH_TIMEOUT(m_panel->statusText().contains(QStringLiteral("1 event stream open · 2 events published")),
                              qPrintable(m_panel->statusText()), Timeout);
    publishFromForm(*m_panel, QString(), QString(), QStringLiteral("last"));
    QTRY_VERIFY2_WITH_TIMEOUT(first->body.endsWith("id: 2\ndata: last\n\n"), first->body.constData(), Timeout);
    QTRY_COMPARE_WITH_TIMEOUT(form->resultText(), QStringLiteral("Event 2 (message) went to 1 stream."), Timeout);

    QTest::mouseClick(m_panel->startButton(), Qt::LeftButton); // Stop
    QCOMPARE(m_controller->eventStreamCount(), 0);
    QVERIFY(!form->publishButton()->isEnabled());
    QVERIFY(!m_panel->eventSourceTabButton()->isVisibleTo(m_panel.get()));
}

void TestEchoServerPanel::replaysWhatALastEventIdMissed()
{
    enableEndpoint(QStringLiteral("/events"));
    m_panel->eventStreamSettings()->historyField()->setValue(2);
    m_panel->eventStreamSettings()->keepaliveField()->setValue(0);
    QVERIFY(startServer());
    for (const QString &data : {QStringLiteral("one"), QStringLiteral("two"), QStringLiteral("three")})
        publishFromForm(*m_panel, QString(), QString(), data);
    QTRY_COMPARE_WITH_TIMEOUT(m_controller->eventsPublished(), quint64(3), Timeout);

    // History 2: after id 2, the third is replayed; id 1 itself is no longer kept.
    auto resumed = openStream(m_manager, m_controller->eventStreamUrl(), "2");
    QTRY_VERIFY2_WITH_TIMEOUT(resumed->body.contains("id: 3\ndata: three\n\n"), resumed->body.constData(), Timeout);
    QVERIFY(!resumed->body.contains("data: two"));
    auto tooOld = openStream(m_manager, m_controller->eventStreamUrl(), "1");
    QTRY_VERIFY2_WITH_TIMEOUT(tooOld->body.contains("nothing replayed"), tooOld->body.constData(), Timeout);
    QVERIFY(!tooOld->body.contains("data:"));

    QTreeWidgetItem *row = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            for (int i = 0; i < m_panel->clientList()->topLevelItemCount(); ++i) {
                QTreeWidgetItem *item = m_panel->clientList()->topLevelItem(i);
                if (item->text(ui::EchoClientList::ColumnState) == QLatin1String("event stream, 1 replayed after 2"))
                    row = item;
            }
            return row != nullptr;
        }(),
        Timeout);
}

void TestEchoServerPanel::publishingNeedsARunningEndpoint()
{
    ui::EventPublishWidget *form = m_panel->publishForm();
    QVERIFY(!form->publishButton()->isEnabled());
    QVERIFY(form->resultText().contains(QStringLiteral("Start the server")));

    // Running without an endpoint: still off, and says what to change.
    QVERIFY(startServer());
    QVERIFY(m_controller->eventStreamUrl().isEmpty());
    QVERIFY(!form->publishButton()->isEnabled());
    QVERIFY2(form->resultText().contains(QStringLiteral("no EventSource endpoint")), qPrintable(form->resultText()));
    QVERIFY(!m_panel->statusText().contains(QStringLiteral("EventSource")));
    QVERIFY(!m_panel->eventSourceTabButton()->isVisibleTo(m_panel.get()));
    // Settings cannot change under a running server.
    QVERIFY(!m_panel->eventStreamSettings()->endpointBox()->isEnabled());
    QSignalSpy published(m_controller.get(), &ui::EchoServerController::eventPublished);
    QTest::keyClick(form->dataField(), Qt::Key_Return, Qt::ControlModifier);
    QTest::qWait(100);
    QCOMPARE(published.count(), 0);
}

void TestEchoServerPanel::refusesABadPathBeforeStarting()
{
    enableEndpoint(QStringLiteral("events?x=1"));
    QTest::mouseClick(m_panel->startButton(), Qt::LeftButton);
    QVERIFY2(m_panel->statusText().contains(QStringLiteral("must start with /")), qPrintable(m_panel->statusText()));
    QTest::qWait(200);
    QVERIFY(!m_controller->isRunning());
    QCOMPARE(m_panel->settingsTabs()->currentWidget(), m_panel->eventStreamSettings());

    // A header the endpoint could not send is refused too.
    m_panel->eventStreamSettings()->pathField()->setText(QStringLiteral("/events"));
    m_panel->eventStreamSettings()->headerEditor()->addRow(QStringLiteral("Bad Name"), QStringLiteral("x"));
    QTest::mouseClick(m_panel->startButton(), Qt::LeftButton);
    QVERIFY2(m_panel->statusText().contains(QStringLiteral("not an HTTP token")), qPrintable(m_panel->statusText()));
    QVERIFY(!m_controller->isRunning());
}

void TestEchoServerPanel::offersTheEventSourceUrl()
{
    enableEndpoint(QStringLiteral("/events"));
    QVERIFY(startServer());
    const QString events = m_controller->eventStreamUrl();
    QVERIFY(!events.isEmpty());

    // The info line's "copy" links.
    Q_EMIT m_panel->statusLabel()->linkActivated(QStringLiteral("copy:events"));
    QCOMPARE(QGuiApplication::clipboard()->text(), events);
    QVERIFY2(m_panel->statusText().contains(QStringLiteral("copied")), qPrintable(m_panel->statusText()));
    Q_EMIT m_panel->statusLabel()->linkActivated(QStringLiteral("copy:ws"));
    QCOMPARE(QGuiApplication::clipboard()->text(), m_controller->url());

    // One click opens a tab on the stream (the window opens it).
    QSignalSpy requested(m_panel.get(), &ui::EchoServerPanel::connectTabRequested);
    QTest::mouseClick(m_panel->eventSourceTabButton(), Qt::LeftButton);
    QCOMPARE(requested.count(), 1);
    QCOMPARE(requested.first().first().toString(), events);
}

void TestEchoServerPanel::theWindowKeepsTheSettings()
{
    cleanup(); // the window has a panel of its own
    {
        ui::MainWindow window;
        window.show();
        ui::EventStreamSettingsWidget *events = window.echoServerPanel()->eventStreamSettings();
        QVERIFY(!events->endpointBox()->isChecked());
        events->endpointBox()->setChecked(true);
        events->pathField()->setText(QStringLiteral("/feed"));
        events->retryField()->setValue(1500);
        QTest::mouseClick(events->findChild<QPushButton *>(QStringLiteral("corsPreset")), Qt::LeftButton);
        QTest::mouseClick(window.echoServerPanel()->startButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(window.echoServer()->isRunning(), Timeout);
    }
    // The next window's panel starts as the last server ran.
    ui::MainWindow next;
    const net::EventStreamOptions restored = next.echoServerPanel()->options().eventStream;
    QCOMPARE(restored.path, QStringLiteral("/feed"));
    QCOMPARE(restored.retryMs, 1500);
    QCOMPARE(restored.headers.value(0), qMakePair(QByteArray("Access-Control-Allow-Origin"), QByteArray("*")));
    QVERIFY(next.echoServerPanel()->eventStreamSettings()->endpointBox()->isChecked());
    QSettings().remove(QStringLiteral("echoServer"));
}

QTEST_MAIN(TestEchoServerPanel)
#include "tst_echoserverpanel.moc"
