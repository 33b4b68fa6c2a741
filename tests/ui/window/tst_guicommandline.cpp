// SPDX-License-Identifier: MIT
// The wsinspect binary's command line where there is no display (a terminal over ssh, a
// packaging script): --help and --version answer and exit 0 instead of failing to open one.
#include <QProcess>
#include <QProcessEnvironment>
#include <QTest>

namespace {

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run runWithoutDisplay(const QStringList &arguments)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
        environment.remove(QString::fromLatin1(name));
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(WSI_GUI_PATH), arguments);
    Run run;
    if (!process.waitForFinished(20000)) {
        process.kill();
        process.waitForFinished(5000);
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

} // namespace

class TestGuiCommandLine : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void helpNeedsNoDisplay_data();
    void helpNeedsNoDisplay();
    void versionNeedsNoDisplay();
};

void TestGuiCommandLine::helpNeedsNoDisplay_data()
{
    QTest::addColumn<QString>("option");
    QTest::newRow("--help") << QStringLiteral("--help");
    QTest::newRow("-h") << QStringLiteral("-h");
}

void TestGuiCommandLine::helpNeedsNoDisplay()
{
    QFETCH(QString, option);
    const Run run = runWithoutDisplay({option});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QVERIFY2(run.out.startsWith("Usage: "), run.out.constData());
    QVERIFY(run.out.contains("--echo-server"));
    QVERIFY(run.out.contains("--theme <name>"));
}

void TestGuiCommandLine::versionNeedsNoDisplay()
{
    const Run run = runWithoutDisplay({QStringLiteral("--version")});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QCOMPARE(run.out.trimmed(), QByteArray("wsinspect " WSI_VERSION_TEXT));
}

QTEST_GUILESS_MAIN(TestGuiCommandLine)
#include "tst_guicommandline.moc"
