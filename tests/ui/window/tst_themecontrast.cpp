// SPDX-License-Identifier: MIT
// On and off read at a glance in both themes: a toggle's two states differ by more than a
// shade of grey (rendered pixels compared), and in the dark theme an unchecked check box
// has a frame that stands out from the window.
#include "ui/log/LogView.h"
#include "ui/tab/ConnectionTab.h"
#include "ui/window/MainWindow.h"
#include "ui/window/Theme.h"

#include <QApplication>
#include <QCheckBox>
#include <QImage>
#include <QPushButton>
#include <QToolButton>
#include <QtTest>

using namespace wsi;

namespace {
// The mean of each channel over the image.
QColor meanColour(const QImage &image)
{
    qint64 r = 0, g = 0, b = 0;
    const qint64 count = qint64(image.width()) * image.height();
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            const QRgb pixel = image.pixel(x, y);
            r += qRed(pixel);
            g += qGreen(pixel);
            b += qBlue(pixel);
        }
    }
    return QColor(int(r / count), int(g / count), int(b / count));
}

int distance(const QColor &a, const QColor &b)
{
    return std::abs(a.red() - b.red()) + std::abs(a.green() - b.green()) + std::abs(a.blue() - b.blue());
}

// The share of pixels tinted with the accent colour: what is blended over the window is
// nearer to the accent than the window is.
double accentShare(const QImage &image, const QColor &accent, const QColor &window)
{
    int tinted = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            const QColor pixel(image.pixel(x, y));
            tinted += distance(pixel, accent) + 60 < distance(window, accent) ? 1 : 0;
        }
    }
    return double(tinted) / (image.width() * image.height());
}
} // namespace

class TestThemeContrast : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void togglesShowTheirState_data()
    {
        QTest::addColumn<QString>("theme");
        QTest::newRow("dark") << QStringLiteral("dark");
        QTest::newRow("light") << QStringLiteral("light");
    }

    void togglesShowTheirState()
    {
        QFETCH(QString, theme);
        ui::Theme::applyApplicationTheme(theme);
        ui::MainWindow window;
        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QToolButton *follow = window.currentTab()->logView()->followButton();
        follow->setChecked(true);
        const QImage on = follow->grab().toImage();
        follow->setChecked(false);
        const QImage off = follow->grab().toImage();
        const int apart = distance(meanColour(on), meanColour(off));
        QVERIFY2(apart >= 40, qPrintable(QStringLiteral("on and off differ by %1").arg(apart)));
        // On is filled with the accent colour, off is not: more than a shade of grey.
        const QColor accent = follow->palette().color(QPalette::Highlight);
        const QColor background = window.palette().color(QPalette::Window);
        const int towardAccent = distance(meanColour(off), accent) - distance(meanColour(on), accent);
        QVERIFY2(towardAccent >= 80, qPrintable(QStringLiteral("on is %1 nearer the accent colour than off").arg(towardAccent)));
        QVERIFY2(accentShare(off, accent, background) < 0.05, qPrintable(QString::number(accentShare(off, accent, background))));
    }

    void disabledButtonsLookDisabled()
    {
        // In the dark theme a disabled button's text is clearly dimmer than an enabled one's.
        ui::Theme::applyApplicationTheme(QStringLiteral("dark"));
        const QPalette palette = QApplication::palette();
        const int enabled = palette.color(QPalette::Active, QPalette::ButtonText).lightness();
        const int disabled = palette.color(QPalette::Disabled, QPalette::ButtonText).lightness();
        QVERIFY2(enabled - disabled >= 80, qPrintable(QStringLiteral("%1 vs %2").arg(enabled).arg(disabled)));
        QPushButton on(QStringLiteral("Send"));
        QPushButton off(QStringLiteral("Send"));
        off.setEnabled(false);
        on.resize(100, 30);
        off.resize(100, 30);
        const int apart = distance(meanColour(on.grab().toImage()), meanColour(off.grab().toImage()));
        QVERIFY2(apart >= 12, qPrintable(QStringLiteral("enabled and disabled differ by %1").arg(apart)));
    }

    void darkCheckBoxesHaveAVisibleFrame()
    {
        ui::Theme::applyApplicationTheme(QStringLiteral("dark"));
        QWidget page;
        page.setAutoFillBackground(true);
        auto *box = new QCheckBox(QStringLiteral("hex"), &page);
        box->setChecked(false);
        page.resize(120, 40);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        const QImage image = box->grab().toImage();
        const QColor window = page.palette().color(QPalette::Window);
        // The indicator sits at the left: its brightest pixel must stand out from the window.
        int brightest = 0;
        for (int y = 0; y < image.height(); ++y) {
            for (int x = 0; x < std::min(image.width(), image.height()); ++x)
                brightest = std::max(brightest, QColor(image.pixel(x, y)).lightness());
        }
        QVERIFY2(brightest - window.lightness() >= 60,
                 qPrintable(QStringLiteral("frame lightness %1 on a window of %2").arg(brightest).arg(window.lightness())));
    }
};

QTEST_MAIN(TestThemeContrast)
#include "tst_themecontrast.moc"
