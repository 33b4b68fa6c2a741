// SPDX-License-Identifier: MIT
// TrafficTab shows a source that is not a Connection through the TrafficSource seam alone:
// its rows reach the log view, its state enables the composer by the source's
// capabilities, the composer's commands reach the source, and its close reaches the panel.
#include "ScriptedSource.h"

#include "ui/composer/ComposerWidget.h"
#include "ui/log/LogView.h"
#include "ui/log/MessageLogModel.h"
#include "ui/tab/TabDocument.h"
#include "ui/tab/TrafficTab.h"

#include "files/session/SessionTab.h"
#include "net/MetaTypes.h"
#include "store/MessageStore.h"

#include <QTest>

using namespace wsi;
using wsi::test::ScriptedSource;

namespace {

// The smallest tab: no header of its own, a fixed title.
class PlainTab : public ui::TrafficTab
{
public:
    PlainTab() : TrafficTab(std::make_unique<log::MessageStore>()) {}
    QString title() const override { return QStringLiteral("scripted"); }
};

} // namespace

class TestTrafficTab : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { net::registerMetaTypes(); }
    void showsAnySource();
    void savesWhatItShowed();
};

void TestTrafficTab::showsAnySource()
{
    PlainTab tab;
    tab.resize(900, 600);
    tab.show();
    QVERIFY(!tab.composer()->isConnected());
    tab.document()->attach(new ScriptedSource(/*failsAfterScript*/ false));
    tab.document()->post([](net::TrafficSource *source) { source->open(); });
    QVERIFY(QTest::qWaitFor([&] { return tab.logView()->model()->rowCount() == 5; }, 5000));
    QCOMPARE(tab.state(), net::ConnectionState::Open);
    QVERIFY(tab.composer()->isConnected()); // open, and the source says it sends messages
    // The composer's Send goes to the source, whatever it is, and comes back as a row.
    Q_EMIT tab.composer()->sendTextRequested("from the composer", 1, 0);
    QVERIFY(QTest::qWaitFor([&] { return tab.store().rowCount() == 6; }, 5000));
    QCOMPARE(tab.store().record(5).direction(), net::EventDirection::Outgoing);
    // Close: the close row, the state, and the composer is off again.
    Q_EMIT tab.composer()->closeRequested(1000, QString(), 0);
    QVERIFY(QTest::qWaitFor([&] { return tab.state() == net::ConnectionState::Closed; }, 5000));
    QCOMPARE(tab.store().record(tab.store().rowCount() - 1).kind, log::LogEntryKind::Close);
    QVERIFY(!tab.composer()->isConnected());
}

void TestTrafficTab::savesWhatItShowed()
{
    PlainTab tab;
    tab.document()->attach(new ScriptedSource);
    tab.document()->post([](net::TrafficSource *source) { source->open(); });
    QVERIFY(QTest::qWaitFor([&] { return tab.state() == net::ConnectionState::Closed; }, 5000));
    const log::SessionTabState state = tab.sessionState();
    QCOMPARE(state.title, QStringLiteral("scripted"));
    QVERIFY(state.close.has_value());
    QCOMPARE(state.close->code, quint16(1002));
    QVERIFY(state.error.has_value());
    QCOMPARE(state.pingStats.received(), 1);
}

QTEST_MAIN(TestTrafficTab)
#include "tst_traffictab.moc"
