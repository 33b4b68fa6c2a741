// SPDX-License-Identifier: MIT
#pragma once
// What the composer's tests share: a shown, connected ComposerWidget with a spy on each of
// its requests and helpers that type, click and pick a mode as a person would.
#include "ui/composer/ComposerWidget.h"
#include "ui/composer/ControlFrameBar.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTabBar>
#include <QTest>

using wsi::ui::ComposerMode;
using wsi::ui::ComposerWidget;
using wsi::ui::PayloadEncoding;

Q_DECLARE_METATYPE(wsi::ui::ComposerMode)
Q_DECLARE_METATYPE(wsi::ui::PayloadEncoding)

namespace wsi::test {

struct ComposerFixture {
    ComposerWidget widget;
    QSignalSpy text{&widget, &ComposerWidget::sendTextRequested};
    QSignalSpy binary{&widget, &ComposerWidget::sendBinaryRequested};
    QSignalSpy raw{&widget, &ComposerWidget::rawFrameRequested};
    QSignalSpy ping{&widget, &ComposerWidget::pingRequested};
    QSignalSpy pong{&widget, &ComposerWidget::pongRequested};
    QSignalSpy close{&widget, &ComposerWidget::closeRequested};

    ComposerFixture()
    {
        widget.resize(1400, 320);
        widget.show();
        widget.setConnected(true);
    }
    template<typename T>
    T *child(const char *name)
    {
        auto *found = widget.findChild<T *>(QLatin1String(name));
        if (!found)
            qFatal("no child %s", name);
        return found;
    }
    QPlainTextEdit *editor() { return child<QPlainTextEdit>("editor"); }
    void click(const char *name)
    {
        auto *button = child<QAbstractButton>(name);
        // A check box reacts to clicks on its box and label, not on the rest of its row.
        const QPoint at = qobject_cast<QCheckBox *>(button) ? QPoint(4, button->height() / 2) : button->rect().center();
        QTest::mouseClick(button, Qt::LeftButton, {}, at);
    }
    // Clicks the mode's tab, as a person picks a mode.
    void chooseMode(ComposerMode mode)
    {
        auto *tabs = child<QTabBar>("modes");
        QTest::mouseClick(tabs, Qt::LeftButton, {}, tabs->tabRect(int(mode)).center());
        QCOMPARE(int(widget.mode()), int(mode));
    }
    // Key by key; characters beyond ASCII arrive as key events carrying their text, as an
    // input method delivers them.
    void type(const QString &input)
    {
        for (const QChar c : input) {
            if (c == u'\n')
                QTest::keyClick(editor(), Qt::Key_Return);
            else if (c.unicode() < 0x80)
                QTest::keyClick(editor(), c.toLatin1());
            else
                QTest::sendKeyEvent(QTest::Click, editor(), Qt::Key_unknown, QString(c), Qt::NoModifier);
        }
    }
    void ctrlEnter() { QTest::keyClick(editor(), Qt::Key_Return, Qt::ControlModifier); }
    int sent() const { return int(text.count() + binary.count() + raw.count() + ping.count() + pong.count() + close.count()); }
    QString status() { return child<QLabel>("status")->text(); }
};

// Snippets go to QSettings: each test keeps them in its own scratch directory.
inline bool useScratchSettings(const QTemporaryDir &dir, const char *application)
{
    if (!dir.isValid())
        return false;
    QCoreApplication::setOrganizationName(QStringLiteral("wsinspect-tests"));
    QCoreApplication::setApplicationName(QLatin1String(application));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir.path());
    return true;
}

} // namespace wsi::test

using Fixture = wsi::test::ComposerFixture;
