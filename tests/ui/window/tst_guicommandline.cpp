// SPDX-License-Identifier: MIT
// The wsinspect binary's command line where there is no display (a terminal over ssh, a
// packaging script): --help and --version answer and exit 0 instead of failing to open one.
// And the binary's end by a signal: SIGTERM at logout is a clean quit that keeps the
// unsaved logs, with the reason, for the next start.
#include <QProcess>
#include <QProcessEnvironment>
#include <QDir>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

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
    void sigtermQuitsCleanlyAndKeepsTheLogs();
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

void TestGuiCommandLine::sigtermQuitsCleanlyAndKeepsTheLogs()
{
    QTemporaryDir home;
    QVERIFY(home.isValid());
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    environment.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(WSI_GUI_PATH), {QStringLiteral("--echo-server")});
    QVERIFY(process.waitForStarted(10000));
    // Connected and logging (the attempt and its handshake at least) before the signal.
    const QDir journals(home.filePath(QStringLiteral("data/wsinspect/wsinspect/journal")));
    QTRY_VERIFY_WITH_TIMEOUT(!journals.entryList({QStringLiteral("*.wsijournal")}, QDir::Files).isEmpty(), 15000);
    QTest::qWait(1500); // the tab's first rows reach the journal's tick
    ::kill(pid_t(process.processId()), SIGTERM);
    QVERIFY2(process.waitForFinished(10000), "SIGTERM ends the window");
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 0);
    // Its logs were not saved: the journal stays, saying why the window closed.
    const QStringList reasons = journals.entryList({QStringLiteral("*.closed")}, QDir::Files);
    QCOMPARE(reasons.size(), 1);
    QFile reason(journals.filePath(reasons.first()));
    QVERIFY(reason.open(QIODevice::ReadOnly));
    QCOMPARE(reason.readAll(), QByteArray("by the system (SIGTERM)"));
    QCOMPARE(journals.entryList({QStringLiteral("*.wsijournal")}, QDir::Files).size(), 1);
}

QTEST_GUILESS_MAIN(TestGuiCommandLine)
#include "tst_guicommandline.moc"
