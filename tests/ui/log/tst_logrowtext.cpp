// SPDX-License-Identifier: MIT
// LogRowText: the words and numbers of a log row.
#include "ui/log/LogRowText.h"

#include "cli/EventPrinter.h"

#include <QRegularExpression>
#include <QTest>

#include <ctime>

using namespace wsi;
namespace LogRowText = wsi::ui::LogRowText;

class tst_LogRowText : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void timestamp_data();
    void timestamp();
    void relativeTime_data();
    void relativeTime();
    void size_data();
    void size();
    void preview_data();
    void preview();
    void frameSummary();
    void opcodeNamedAsInTheCli_data();
    void opcodeNamedAsInTheCli();
    void wallClockWithoutStartIsRelative();
};

void tst_LogRowText::initTestCase()
{
    // A POSIX zone five and a half hours east of UTC (no tz database needed): local times
    // and ISO 8601 offsets below are checked against it.
    qputenv("TZ", "XST-05:30");
    tzset();
}

void tst_LogRowText::timestamp_data()
{
    using ui::TimeMode;
    using ui::TimePrecision;
    QTest::addColumn<int>("mode");
    QTest::addColumn<int>("precision");
    QTest::addColumn<qint64>("timeNs");
    QTest::addColumn<QString>("expected");
    const auto row = [](const char *name, TimeMode mode, TimePrecision precision, qint64 ns, const char *text) {
        QTest::newRow(name) << int(mode) << int(precision) << ns << QString::fromUtf8(text);
    };
    // The connection started at 2024-05-06 10:20:30.250 UTC, 15:50:30.250 local.
    row("relative in ms", TimeMode::Relative, TimePrecision::Milliseconds, 2113456789, "+2.113 s");
    row("relative in us", TimeMode::Relative, TimePrecision::Microseconds, 2113456789, "+2.113457 s");
    row("relative past a minute in us", TimeMode::Relative, TimePrecision::Microseconds, 62004567891, "+1:02.004567");
    row("relative past an hour in us", TimeMode::Relative, TimePrecision::Microseconds, 3723004000500, "+1:02:03.004000");
    row("wall clock in ms", TimeMode::WallClock, TimePrecision::Milliseconds, 61500456789, "15:51:31.750");
    row("wall clock in us", TimeMode::WallClock, TimePrecision::Microseconds, 61500456789, "15:51:31.750456");
    row("wall clock in us across a second", TimeMode::WallClock, TimePrecision::Microseconds, 750000001, "15:50:31.000000");
    row("ISO 8601 in ms", TimeMode::WallClockWithDate, TimePrecision::Milliseconds, 61500456789,
        "2024-05-06T15:51:31.750+05:30");
    row("ISO 8601 in us", TimeMode::WallClockWithDate, TimePrecision::Microseconds, 61500456789,
        "2024-05-06T15:51:31.750456+05:30");
    row("ISO 8601 across midnight", TimeMode::WallClockWithDate, TimePrecision::Milliseconds,
        qint64(8) * 3600 * 1000000000 + 10 * 60 * qint64(1000000000), "2024-05-07T00:00:30.250+05:30");
}

void tst_LogRowText::timestamp()
{
    QFETCH(int, mode);
    QFETCH(int, precision);
    QFETCH(qint64, timeNs);
    QFETCH(QString, expected);
    const QDateTime start = QDateTime::fromString(QStringLiteral("2024-05-06T10:20:30.250Z"), Qt::ISODateWithMs);
    QVERIFY(start.isValid());
    QCOMPARE(LogRowText::timestamp({ui::TimeMode(mode), ui::TimePrecision(precision)}, start, timeNs), expected);
}

void tst_LogRowText::relativeTime_data()
{
    QTest::addColumn<qint64>("timeNs");
    QTest::addColumn<QString>("expected");
    QTest::newRow("start") << qint64(0) << QStringLiteral("+0.000 s");
    QTest::newRow("milliseconds") << qint64(2113000000) << QStringLiteral("+2.113 s");
    QTest::newRow("just under a minute") << qint64(59999000000) << QStringLiteral("+59.999 s");
    QTest::newRow("minutes") << qint64(62004000000) << QStringLiteral("+1:02.004");
    QTest::newRow("hours") << qint64(3723004000000) << QStringLiteral("+1:02:03.004");
}

void tst_LogRowText::relativeTime()
{
    QFETCH(qint64, timeNs);
    QFETCH(QString, expected);
    QCOMPARE(LogRowText::relativeTime(timeNs), expected);
}

void tst_LogRowText::size_data()
{
    QTest::addColumn<quint64>("bytes");
    QTest::addColumn<QString>("expected");
    QTest::newRow("nothing") << quint64(0) << QStringLiteral("0 B");
    QTest::newRow("bytes") << quint64(1023) << QStringLiteral("1023 B");
    QTest::newRow("kibibytes") << quint64(1229) << QStringLiteral("1.2 KiB");
    QTest::newRow("mebibytes") << quint64(3565158) << QStringLiteral("3.4 MiB");
}

void tst_LogRowText::size()
{
    QFETCH(quint64, bytes);
    QFETCH(QString, expected);
    QCOMPARE(LogRowText::size(bytes), expected);
}

void tst_LogRowText::preview_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<bool>("binary");
    QTest::addColumn<int>("maxChars");
    QTest::addColumn<QString>("expected");
    QTest::newRow("short text as is") << QByteArray(R"({"op":1})") << false << 100 << QStringLiteral(R"({"op":1})");
    QTest::newRow("control characters escaped") << QByteArray("a\nb\r\tc\x1b" "d\x7f") << false << 100
                                                << QStringLiteral("a\\nb\\r\\tc\\x1bd\\x7f");
    QTest::newRow("cut with an ellipsis") << QByteArray("abcdef") << false << 4 << QStringLiteral("abcd…");
    QTest::newRow("cut counts characters, not bytes") << QByteArray("ääää") << false << 3 << QStringLiteral("äää…");
    QTest::newRow("exactly the limit, no ellipsis") << QByteArray("abcd") << false << 4 << QStringLiteral("abcd");
    QTest::newRow("binary as hex") << QByteArray("\x00\xff\x10", 3) << true << 100 << QStringLiteral("00 ff 10");
    QTest::newRow("long binary cut after 32 bytes") << QByteArray(33, 'A') << true << 100
                                                    << QString(QStringLiteral("41 ").repeated(31) + QStringLiteral("41 …"));
    QTest::newRow("empty") << QByteArray() << false << 100 << QString();
}

void tst_LogRowText::preview()
{
    QFETCH(QByteArray, payload);
    QFETCH(bool, binary);
    QFETCH(int, maxChars);
    QFETCH(QString, expected);
    QCOMPARE(LogRowText::preview(payload, binary, maxChars), expected);
}

void tst_LogRowText::frameSummary()
{
    log::FrameRecord frame;
    frame.opcode = 1;
    frame.flags = net::FrameFlag::Fin | net::FrameFlag::Rsv1 | net::FrameFlag::Masked;
    frame.length = 301;
    frame.maskKey = 0x3a7f00c2;
    QCOMPARE(LogRowText::frameSummary(frame), QStringLiteral("FIN RSV1 · text · 301 B · mask 3a 7f 00 c2"));
    frame.flags = 0;
    frame.opcode = 0x3;
    frame.length = 0;
    QCOMPARE(LogRowText::frameSummary(frame), QStringLiteral("reserved-0x3 · 0 B"));
}

void tst_LogRowText::opcodeNamedAsInTheCli_data()
{
    QTest::addColumn<int>("opcode");
    QTest::addColumn<QString>("name");
    QTest::newRow("text") << 0x1 << QStringLiteral("text");
    QTest::newRow("pong") << 0xA << QStringLiteral("pong");
    QTest::newRow("reserved data opcode 0x3") << 0x3 << QStringLiteral("reserved-0x3");
    QTest::newRow("reserved control opcode 0xb") << 0xB << QStringLiteral("reserved-0xb");
}

void tst_LogRowText::opcodeNamedAsInTheCli()
{
    QFETCH(int, opcode);
    QFETCH(QString, name);
    log::FrameRecord frame;
    frame.opcode = quint8(opcode);
    net::LogEvent event;
    event.kind = net::EventKind::Frame;
    event.opcode = quint8(opcode);
    // The log view: "reserved-0x3 · 0 B"; the CLI: "FIN=0 RSV=000 opcode=3 (reserved-0x3) ...".
    const QString gui = LogRowText::frameSummary(frame).section(QStringLiteral(" · "), 0, 0);
    const QString cli = EventPrinter::frameSummary(event);
    static const QRegularExpression nameInParentheses(QStringLiteral("opcode=\\d+ \\(([^)]*)\\)"));
    const QRegularExpressionMatch cliName = nameInParentheses.match(cli);
    QVERIFY2(cliName.hasMatch(), qPrintable(cli));
    QCOMPARE(gui, cliName.captured(1));
    QCOMPARE(gui, name);
}

void tst_LogRowText::wallClockWithoutStartIsRelative()
{
    QCOMPARE(LogRowText::wallClockTime(QDateTime(), 1500000000), QStringLiteral("+1.500 s"));
    QCOMPARE(LogRowText::isoDateTime(QDateTime(), 1500000000, ui::TimePrecision::Microseconds),
             QStringLiteral("+1.500000 s"));
}

QTEST_GUILESS_MAIN(tst_LogRowText)
#include "tst_logrowtext.moc"
