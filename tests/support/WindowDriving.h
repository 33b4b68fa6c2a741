// SPDX-License-Identifier: MIT
#pragma once
// Driving the real window in gui tests: a tab connected to the built-in server or to a URL,
// and finding a row of the log by what it holds. Header-only: only tests that link wsi_ui
// include it.
#include "ui/composer/ComposerWidget.h"
#include "ui/panels/server/EchoServerController.h"
#include "ui/tab/ConnectionTab.h"
#include "ui/window/MainWindow.h"

#include "store/MessageStore.h"

#include <QCheckBox>
#include <QComboBox>
#include <QPlainTextEdit>
#include <QTabBar>
#include <QTest>

namespace wsi::test {

constexpr int WindowTimeoutMs = 15000;

// Shows `window` at a size where every panel has room.
inline void showWindow(ui::MainWindow &window)
{
    window.resize(1400, 900);
    window.show();
}

// The window's tab connected to its own echo server (started), or null when it did not open.
inline ui::ConnectionTab *openEchoTab(ui::MainWindow &window, bool tls = false)
{
    showWindow(window);
    window.startEchoServerAndConnect(tls);
    if (!QTest::qWaitFor([&] { return window.echoServer()->isRunning(); }, WindowTimeoutMs))
        return nullptr;
    ui::ConnectionTab *tab = window.currentTab();
    if (!tab || !QTest::qWaitFor([&] { return tab->state() == net::ConnectionState::Open; }, WindowTimeoutMs))
        return nullptr;
    return tab;
}

// The window's current tab, connecting to `url` (not waiting for the outcome).
inline ui::ConnectionTab *connectCurrentTab(ui::MainWindow &window, const QString &url)
{
    showWindow(window);
    ui::ConnectionTab *tab = window.currentTab();
    if (tab)
        tab->connectTo(url);
    return tab;
}

// Types `text` into the tab's composer and sends it with Ctrl+Enter, as a user does.
inline void sendText(ui::ConnectionTab *tab, const QString &text)
{
    auto *editor = tab->composer()->findChild<QPlainTextEdit *>();
    QVERIFY(editor);
    editor->setFocus();
    editor->selectAll();
    QTest::keyClicks(editor, text);
    QTest::keyClick(editor, Qt::Key_Return, Qt::ControlModifier);
}

// One raw frame through the composer's Raw frame mode, payload typed as text.
inline void sendRawFrame(ui::ComposerWidget *composer, bool fin, int opcode, const QString &payload)
{
    auto *modes = composer->findChild<QTabBar *>(QStringLiteral("modes"));
    QVERIFY(modes);
    QTest::mouseClick(modes, Qt::LeftButton, {}, modes->tabRect(int(ui::ComposerMode::RawFrame)).center());
    QCOMPARE(composer->mode(), ui::ComposerMode::RawFrame);
    auto *encoding = composer->findChild<QComboBox *>(QStringLiteral("encoding"));
    auto *finBox = composer->findChild<QCheckBox *>(QStringLiteral("rawFin"));
    auto *opcodes = composer->findChild<QComboBox *>(QStringLiteral("rawOpcode"));
    auto *editor = composer->findChild<QPlainTextEdit *>(QStringLiteral("editor"));
    QVERIFY(encoding && finBox && opcodes && editor);
    encoding->setCurrentIndex(encoding->findData(int(ui::PayloadEncoding::Text)));
    finBox->setChecked(fin);
    opcodes->setCurrentIndex(opcodes->findData(opcode));
    editor->setFocus();
    editor->selectAll();
    QTest::keyClicks(editor, payload);
    QTest::keyClick(editor, Qt::Key_Return, Qt::ControlModifier);
}

// The first row of `kind` going `direction` whose payload is `payload`, or -1.
inline int rowOf(const log::MessageStore &store, log::LogEntryKind kind, net::EventDirection direction,
                 const QByteArray &payload)
{
    for (int row = 0; row < store.rowCount(); ++row) {
        const log::LogRecord &record = store.record(row);
        if (record.kind == kind && record.direction() == direction && store.payload(row) == payload)
            return row;
    }
    return -1;
}

} // namespace wsi::test
