// SPDX-License-Identifier: MIT
// `wsinspect-cli replay`'s words for what it cannot do, and the recorded options it keeps:
// a session that hides a credential asks for it by name, a flag replaces the recorded
// header of its name, and each usage error names the flag and what it wants. The server
// is the built-in echo server, in this process, over loopback.
#include "support/CliRun.h"

#include "net/echo/EchoServer.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using wsi::net::EchoServer;
using wsi::test::CliResult;
using wsi::test::runCli;

class TestCliReplay : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void hiddenCredentialIsAskedFor();
    void usageErrorsNameTheFlag_data();
    void usageErrorsNameTheFlag();
    void unreadableSessionIsAUsageError();

private:
    QString url() const { return m_server.url().toString(); }

    QTemporaryDir m_dir;
    EchoServer m_server;
    QString m_session; // recorded with an Authorization header, saved without secrets
};

void TestCliReplay::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY2(m_server.start(), qPrintable(m_server.lastError()));
    m_session = m_dir.filePath(QStringLiteral("auth.wsisession"));
    const CliResult result = runCli({QStringLiteral("connect"), url(), QStringLiteral("-H"), QStringLiteral("Authorization: Bearer s3cret"),
                                     QStringLiteral("--record"), m_session, QStringLiteral("--wait"), QStringLiteral("0.3")},
                                    "one\ntwo\n");
    QCOMPARE(result.exitCode, 0);
    QFile saved(m_session);
    QVERIFY(saved.open(QIODevice::ReadOnly));
    QVERIFY2(!saved.readAll().contains("s3cret"), "the session keeps the credential it should hide");
}

void TestCliReplay::hiddenCredentialIsAskedFor()
{
    CliResult result = runCli({QStringLiteral("replay"), m_session});
    QCOMPARE(result.exitCode, 2);
    QCOMPARE(result.err, QByteArray("wsinspect-cli replay: the session was saved without secrets, so it hides the value of its "
                                    "Authorization header: give it with -H 'Authorization: VALUE' (or save the session with "
                                    "secrets)\n(see wsinspect-cli replay --help)\n"));
    // Given again, the recorded header is replaced, and the echo answers as recorded.
    result = runCli({QStringLiteral("replay"), m_session, QStringLiteral("-H"), QStringLiteral("authorization: Bearer s3cret"),
                     QStringLiteral("--fast"), QStringLiteral("--settle"), QStringLiteral("0.3")});
    QVERIFY2(result.exitCode == 0, result.out.constData());
    QVERIFY2(result.out.endsWith("2 same, 0 changed, 0 missing, 0 new: the answers match the recording\n"), result.out.constData());
}

void TestCliReplay::usageErrorsNameTheFlag_data()
{
    QTest::addColumn<QStringList>("flags");
    QTest::addColumn<QString>("error");
    QTest::addRow("bad path") << QStringList{QStringLiteral("--ignore"), QStringLiteral("$.items[x]")}
                              << QStringLiteral("--ignore \"$.items[x]\", at character 8: brackets hold an index, * or a quoted key");
    QTest::addRow("tab") << QStringList{QStringLiteral("--tab"), QStringLiteral("2")} << QStringLiteral("auth.wsisession has 1 tab(s), not 2 (--tab)");
    QTest::addRow("attempt") << QStringList{QStringLiteral("--attempt"), QStringLiteral("3")}
                             << QStringLiteral("auth.wsisession, tab 1: the log has 1 connection attempt(s), not 3");
    QTest::addRow("speed and fast") << QStringList{QStringLiteral("--fast"), QStringLiteral("--speed"), QStringLiteral("2")}
                                    << QStringLiteral("--speed paces the original timing; --fast has none: give one of them");
    QTest::addRow("speed") << QStringList{QStringLiteral("--speed"), QStringLiteral("0")}
                           << QStringLiteral("--speed wants a factor above 0 (2 is twice as fast), not \"0\"");
    QTest::addRow("settle") << QStringList{QStringLiteral("--settle"), QStringLiteral("soon")}
                            << QStringLiteral("--settle wants seconds above 0, not \"soon\"");
}

void TestCliReplay::usageErrorsNameTheFlag()
{
    QFETCH(QStringList, flags);
    QFETCH(QString, error);
    const QString session = QStringLiteral("auth.wsisession");
    QProcess process;
    process.setWorkingDirectory(m_dir.path()); // the session by a relative name, as a user types it
    process.setProgram(QStringLiteral(WSI_CLI_PATH));
    process.setArguments(QStringList{QStringLiteral("replay"), session} + flags);
    process.start();
    QVERIFY(process.waitForFinished(15000));
    QCOMPARE(process.exitCode(), 2);
    QCOMPARE(QString::fromUtf8(process.readAllStandardError()),
             QStringLiteral("wsinspect-cli replay: ") + error + QStringLiteral("\n(see wsinspect-cli replay --help)\n"));
}

void TestCliReplay::unreadableSessionIsAUsageError()
{
    const QString missing = m_dir.filePath(QStringLiteral("missing.wsisession"));
    CliResult result = runCli({QStringLiteral("replay"), missing});
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains(missing.toUtf8()), result.err.constData());
    const QString notASession = m_dir.filePath(QStringLiteral("notes.txt"));
    QFile file(notASession);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("hello\n");
    file.close();
    result = runCli({QStringLiteral("replay"), notASession});
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.startsWith("wsinspect-cli replay: "), result.err.constData());
    QVERIFY2(result.err.contains("notes.txt"), result.err.constData());
    result = runCli({QStringLiteral("replay")});
    QCOMPARE(result.exitCode, 2);
    QCOMPARE(result.err, QByteArray("wsinspect-cli replay: wants a session file and at most one URL (got 0 operands)\n(see wsinspect-cli replay --help)\n"));
}

QTEST_GUILESS_MAIN(TestCliReplay)
#include "tst_clireplay.moc"
