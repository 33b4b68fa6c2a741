// SPDX-License-Identifier: MIT
// Help > About names the versions in use: wsinspect's own, and those of the Qt, OpenSSL
// and zlib libraries loaded at run time (what a bug report needs).
#include "ui/window/MainWindow.h"

#include <QApplication>
#include <QMessageBox>
#include <QSslSocket>
#include <QStandardPaths>
#include <QTimer>
#include <QtTest>

#include <openssl/crypto.h>
#include <zlib.h>

class TestAboutDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void namesTheVersionsInUse();
};

void TestAboutDialog::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // settings in a test location
    QApplication::setApplicationVersion(QStringLiteral(WSI_VERSION));
}

void TestAboutDialog::namesTheVersionsInUse()
{
    wsi::ui::MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    // The box is modal: read and close it from a timer while showAbout() waits in exec().
    QString title;
    QString text;
    QTimer poll;
    int attempts = 0;
    connect(&poll, &QTimer::timeout, this, [&] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (box) {
            title = box->windowTitle();
            text = box->text();
            box->accept();
        } else if (++attempts > 500) { // 5 s: give up rather than hang the test
            poll.stop();
        }
    });
    poll.start(10);
    window.showAbout();
    poll.stop();

    QVERIFY2(!text.isEmpty(), "the About box did not open");
    QCOMPARE(title, QStringLiteral("About wsinspect"));
    QVERIFY2(text.contains(QStringLiteral("wsinspect " WSI_VERSION)), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("Qt ") + QString::fromLatin1(qVersion())), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("zlib ") + QString::fromLatin1(zlibVersion())), qPrintable(text));
    // Qt's TLS backend is the OpenSSL the engine links: one library, one version.
    const QString openSsl = QString::fromLatin1(OpenSSL_version(OPENSSL_VERSION));
    QVERIFY(openSsl.startsWith(QLatin1String("OpenSSL 3")));
    QCOMPARE(QSslSocket::sslLibraryVersionString(), openSsl);
    QVERIFY2(text.contains(openSsl.toHtmlEscaped()), qPrintable(text));
}

QTEST_MAIN(TestAboutDialog)
#include "tst_aboutdialog.moc"
