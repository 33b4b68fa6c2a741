// SPDX-License-Identifier: MIT
// The log reading application protocols, in the real window: the Decoded column (only the
// rows painted are decoded), "Decode as" on the log's bar, "Decoded fields" searches, the
// details pane's Decoded view, request/response pairs by decoded ids in the latency panel,
// and the choice kept in a session. Payloads are the reference libraries' (tests/decode).
#include "DecodeVectors.h"
#include "support/LogEvents.h"

#include "ui/decode/DecodeChoiceBox.h"
#include "ui/decode/RowDecoder.h"
#include "ui/files/ReadOnlyTab.h"
#include "ui/log/LogView.h"
#include "ui/log/MessageLogModel.h"
#include "ui/log/details/MessageDetailsWidget.h"
#include "ui/panels/latency/LatencyPanel.h"
#include "ui/tab/ConnectionTab.h"
#include "ui/tab/TabDocument.h"
#include "ui/window/MainWindow.h"
#include "ui/window/Theme.h"
#include "files/session/SessionJson.h"
#include "store/MessageStore.h"

#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QTabWidget>
#include <QTableView>
#include <QToolButton>
#include <QTreeWidget>
#include <QtTest>

using namespace wsi;

namespace {

qint64 g_time = 1000000000;

net::LogEvent row(const QByteArray &payload, net::EventDirection direction = test::In, bool isText = true)
{
    return test::message(direction, isText, payload, 0, g_time += 1000000);
}

void feed(ui::ConnectionTab *tab, const net::EventBatch &batch)
{
    tab->document()->appendRows(batch);
    QCoreApplication::processEvents();
}

template <typename T> T *child(QObject *parent, const char *name)
{
    T *found = parent->findChild<T *>(QLatin1String(name));
    if (!found)
        qFatal("no child %s", name);
    return found;
}

// Picks an item of "Decode as" as a user does (the box's activated signal).
void decodeAs(ui::LogView *log, const QString &id)
{
    QComboBox *box = log->decodeChoice();
    const int index = box->findData(id);
    QVERIFY2(index >= 0, qPrintable(id));
    box->setCurrentIndex(index);
    Q_EMIT box->activated(index);
}

} // namespace

class TestLogDecoded : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void theDecodedColumnShowsSummaries();
    void onlyPaintedRowsAreDecoded();
    void decodedFieldsSearch();
    void theDetailsPaneShowsTheDecodedTree();
    void latencyPairsDecodedIds();
    void theChoiceIsKeptInTheSession();

private:
    std::unique_ptr<ui::MainWindow> m_window;
    ui::ConnectionTab *m_tab = nullptr;
    ui::LogView *m_log = nullptr;
    ui::MessageLogModel *m_model = nullptr;
};

void TestLogDecoded::init()
{
    m_window = std::make_unique<ui::MainWindow>();
    m_window->resize(1400, 900);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_tab = m_window->currentTab();
    QVERIFY(m_tab);
    m_log = m_tab->logView();
    m_model = m_log->model();
    QVERIFY(m_log->decodeChoice());
}

void TestLogDecoded::cleanup()
{
    m_window.reset();
}

void TestLogDecoded::theDecodedColumnShowsSummaries()
{
    feed(m_tab, {row(test::nodeVector("sio4.event").payload), row("plain words"),
                 row(R"({"jsonrpc":"2.0","method":"sum","params":[1,2],"id":7})", test::Out)});
    QCOMPARE(m_model->headerData(ui::MessageLogModel::Decoded, Qt::Horizontal).toString(), QStringLiteral("Decoded"));
    const auto decoded = [&](int r) { return m_model->index(r, ui::MessageLogModel::Decoded).data().toString(); };
    QCOMPARE(decoded(0), QStringLiteral("42 emit \"chat\" [\"hi\"]"));
    QCOMPARE(decoded(1), QString()); // not any protocol: blank, not an error
    QCOMPARE(decoded(2), QStringLiteral("call sum [1,2] id=7"));
    QVERIFY(!m_log->view()->isColumnHidden(ui::MessageLogModel::Decoded));
    // The raw preview stays beside it.
    QCOMPARE(m_model->index(0, ui::MessageLogModel::Preview).data().toString(), QStringLiteral("42[\"chat\",\"hi\"]"));

    decodeAs(m_log, decode::DecodeSession::off());
    QVERIFY(m_log->view()->isColumnHidden(ui::MessageLogModel::Decoded));
    QCOMPARE(decoded(0), QString());
    decodeAs(m_log, QStringLiteral("stomp"));
    QVERIFY(!m_log->view()->isColumnHidden(ui::MessageLogModel::Decoded));
    QVERIFY2(decoded(0).startsWith(QStringLiteral("⚠ ")), qPrintable(decoded(0))); // chosen by hand: says it is not STOMP
    QCOMPARE(m_model->index(0, ui::MessageLogModel::Decoded).data(Qt::ForegroundRole).value<QBrush>().color(),
             ui::Theme::errorColor(QGuiApplication::palette()));
    decodeAs(m_log, decode::DecodeSession::automatic());
    QCOMPARE(decoded(0), QStringLiteral("42 emit \"chat\" [\"hi\"]"));
}

void TestLogDecoded::onlyPaintedRowsAreDecoded()
{
    net::EventBatch batch;
    for (int i = 0; i < 20000; ++i)
        batch.append(row(QByteArray("42[\"tick\",{\"n\":") + QByteArray::number(i) + "}]"));
    feed(m_tab, batch);
    m_log->view()->scrollToBottom();
    m_window->repaint();
    QCoreApplication::processEvents();
    ui::RowDecoder *decoder = m_tab->document()->decoder();
    const int visible = m_log->view()->viewport()->height() / m_log->view()->verticalHeader()->defaultSectionSize() + 2;
    QVERIFY2(decoder->decodeCount() > 0, "the painted rows were decoded");
    QVERIFY2(decoder->decodeCount() <= 3 * visible, qPrintable(QString::number(decoder->decodeCount())));
    QCOMPARE(m_model->index(m_model->rowCount() - 1, ui::MessageLogModel::Decoded).data().toString(),
             QStringLiteral("42 emit \"tick\" [{\"n\":19999}]"));
    // Painting again is the cache's work, not the decoders'.
    const qint64 before = decoder->decodeCount();
    m_window->repaint();
    QCOMPARE(decoder->decodeCount(), before);
}

void TestLogDecoded::decodedFieldsSearch()
{
    const QByteArray publish = test::nodeVector("mqtt4.publish.qos1").payload;
    const QByteArray puback = test::nodeVector("mqtt4.puback").payload;
    m_tab->document()->decoder()->setSubprotocol(QStringLiteral("mqtt"));
    feed(m_tab, {row(publish, test::In, false), row(puback, test::Out, false), row(publish, test::In, false)});
    QComboBox *mode = m_log->searchMode();
    mode->setCurrentIndex(mode->findData(int(log::SearchMode::Decoded)));
    QVERIFY(m_log->searchField()->placeholderText().contains(QStringLiteral("topic:sensors/#")));
    for (QToolButton *button : m_log->findChildren<QToolButton *>()) {
        if (button->text() == QStringLiteral("only matches"))
            button->setChecked(true);
    }
    QTest::keyClicks(m_log->searchField(), QStringLiteral("topic:sensors/#"));
    QTRY_COMPARE(m_model->messageCount(), 2);
    m_log->searchField()->clear();
    QTest::keyClicks(m_log->searchField(), QStringLiteral("type:puback"));
    QTRY_COMPARE(m_model->messageCount(), 1);
    QCOMPARE(m_model->index(0, ui::MessageLogModel::Decoded).data().toString(), QStringLiteral("PUBACK id=5"));
    // A term that cannot be read says why under the box.
    m_log->searchField()->clear();
    QTest::keyClicks(m_log->searchField(), QStringLiteral("topic:\"sensors"));
    QLabel *error = child<QLabel>(m_log, "searchError");
    QTRY_VERIFY(error->isVisible());
    QCOMPARE(error->text(), QStringLiteral("Decoded fields search: a quote is not closed: end the value with \""));
}

void TestLogDecoded::theDetailsPaneShowsTheDecodedTree()
{
    feed(m_tab, {row(test::nodeVector("sio4.event.ack").payload, test::Out)});
    m_log->view()->setCurrentIndex(m_model->index(0, 0));
    ui::MessageDetailsWidget *details = m_log->details();
    auto *tabs = child<QTabWidget>(details, "tabs");
    QCOMPARE(tabs->tabText(ui::MessageDetailsWidget::DecodedTab), QStringLiteral("Decoded"));
    tabs->setCurrentIndex(ui::MessageDetailsWidget::DecodedTab);
    QCOMPARE(child<QLabel>(details, "decodedSummary")->text(),
             QStringLiteral("socketio · 42/admin,12 emit \"project:delete\" [123]"));
    auto *tree = child<QTreeWidget>(details, "decodedTree");
    QVERIFY(tree->isVisibleTo(details));
    QStringList top;
    for (int i = 0; i < tree->topLevelItemCount(); ++i)
        top << tree->topLevelItem(i)->text(0) + QLatin1Char('=') + tree->topLevelItem(i)->text(1);
    QVERIFY2(top.contains(QStringLiteral("event=project:delete")), qPrintable(top.join(u' ')));
    QVERIFY2(top.contains(QStringLiteral("namespace=/admin")), qPrintable(top.join(u' ')));

    // A message no protocol reads says so instead of an empty tree.
    feed(m_tab, {row("just text")});
    m_log->view()->setCurrentIndex(m_model->index(1, 0));
    QVERIFY(child<QLabel>(details, "decodedSummary")->text().startsWith(QStringLiteral("Not decoded")));
    QVERIFY(!tree->isVisibleTo(details));
}

void TestLogDecoded::latencyPairsDecodedIds()
{
    // Socket.IO acks have no "id" member: only the decoder pairs them.
    net::EventBatch batch;
    batch.append(row(test::nodeVector("sio4.event.ack").payload, test::Out));
    batch.append(row(test::nodeVector("sio4.event").payload, test::In));
    batch.append(row(test::nodeVector("sio4.ack").payload, test::In));
    batch.append(row(R"({"id":"1","type":"subscribe","payload":{"query":"subscription { a }"}})", test::Out));
    batch.append(row(R"({"id":"1","type":"next","payload":{"data":{"a":1}}})", test::In));
    feed(m_tab, batch);
    const ui::RequestMatcher &matcher = m_tab->latencyPanel()->requestMatcher();
    QCOMPARE(matcher.count(), 2);
    QCOMPARE(matcher.pending(), 0);
    QCOMPARE(matcher.recent().at(0).id, QStringLiteral("socketio /admin#12"));
    QCOMPARE(matcher.recent().at(0).latencyNs, 2000000);
    QCOMPARE(matcher.recent().at(1).id, QStringLiteral("graphql-transport-ws 1"));
    QCOMPARE(matcher.recent().at(1).latencyNs, 1000000);
}

void TestLogDecoded::theChoiceIsKeptInTheSession()
{
    const QByteArray send = QByteArray("SEND\ndestination:/topic/x\n\nhello") + '\0';
    feed(m_tab, {row(send, test::Out)});
    decodeAs(m_log, QStringLiteral("stomp"));
    const log::SessionTabState state = m_tab->sessionState();
    QCOMPARE(state.decodeAs, QStringLiteral("stomp"));
    const QJsonObject json = log::tabStateToJson(state);
    QCOMPARE(json.value(QStringLiteral("decodeAs")).toObject().value(QStringLiteral("decoder")).toString(), QStringLiteral("stomp"));
    log::SessionTab saved;
    saved.state = log::tabStateFromJson(json);
    saved.store->append({row(send, test::Out)});
    std::unique_ptr<ui::ConnectionTab> reopened(ui::ReadOnlyTab::create(std::move(saved), QStringLiteral("read-only")));
    QCOMPARE(reopened->document()->decoder()->choice().decoder, QStringLiteral("stomp"));
    QCOMPARE(reopened->logView()->decodeChoice()->currentData().toString(), QStringLiteral("stomp"));
    QCOMPARE(reopened->logView()->model()->index(0, ui::MessageLogModel::Decoded).data().toString(),
             QStringLiteral("SEND /topic/x (5 B)"));
    // Automatic is the default and is not written.
    decodeAs(m_log, decode::DecodeSession::automatic());
    QVERIFY(!log::tabStateToJson(m_tab->sessionState()).contains(QStringLiteral("decodeAs")));
}

QTEST_MAIN(TestLogDecoded)
#include "tst_logdecoded.moc"
