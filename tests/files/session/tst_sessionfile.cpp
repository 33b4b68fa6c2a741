// SPDX-License-Identifier: MIT
// SessionFile: a session saved and opened again is the same log (every row, frame, payload,
// header and ping detail) and the same tab state; secrets are masked unless asked for;
// saving is atomic (a failed save leaves the previous file as it was); a truncated, damaged
// or foreign file is refused with a specific sentence, never a crash.
#include "support/LogEvents.h"
#include "files/session/SessionFile.h"
#include "files/session/SessionJson.h"
#include "support/SessionSamples.h"

#include <QBuffer>
#include <QRandomGenerator>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <sys/resource.h>

using namespace wsi;
using namespace wsi::test;

namespace {

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QCOMPARE(file.write(bytes), bytes.size());
}

// Reads a session from memory; the error, or empty on success.
QString readFromBytes(const QByteArray &bytes, std::vector<log::SessionTab> *tabs = nullptr)
{
    QBuffer buffer;
    buffer.setData(bytes);
    buffer.open(QIODevice::ReadOnly);
    log::SessionReader reader(buffer, QStringLiteral("mem.wsisession"));
    while (reader.step()) {
    }
    if (!reader.hasFailed() && !reader.isFinished())
        return QStringLiteral("neither finished nor failed");
    if (tabs && reader.isFinished())
        *tabs = reader.takeTabs();
    return reader.errorString();
}

QByteArray writeToBytes(const QVector<log::SessionTabSource> &tabs, bool includeSecrets = false)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    log::SessionSaveOptions options;
    options.includeSecrets = includeSecrets;
    log::SessionWriter writer(buffer, tabs, options);
    while (writer.step()) {
    }
    return writer.isFinished() ? buffer.data() : QByteArray();
}

QString jsonText(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Indented));
}

net::EventBatch manySmallMessages(int count, int firstIndex = 0)
{
    net::EventBatch batch;
    batch.reserve(count);
    for (int i = firstIndex; i < firstIndex + count; ++i)
        batch.append(message(i % 2 ? In : Out, true, "message " + QByteArray::number(i), quint64(i) * 20,
                             qint64(i) * 1000));
    return batch;
}

// A log of random events in random batches: frames with and without payloads, odd headers,
// messages, controls, closes, errors, two clients.
QVector<net::EventBatch> randomLog(quint32 seed)
{
    QRandomGenerator random(seed);
    auto bytes = [&random](int size) {
        QByteArray out(size, Qt::Uninitialized);
        for (char &c : out)
            c = char(random.bounded(256));
        return out;
    };
    QVector<net::EventBatch> batches(1);
    quint64 offset = 0;
    for (int i = 0; i < 400; ++i) {
        const EventDirection direction = random.bounded(2) ? In : Out;
        const quint64 client = random.bounded(3);
        const int size = random.bounded(10) == 0 ? int(random.bounded(70000)) : int(random.bounded(40));
        const qint64 time = qint64(i) * 1000 + random.bounded(1000);
        switch (random.bounded(7)) {
        case 0: {
            LogEvent f = frame(direction, quint8(random.bounded(16)), random.bounded(2), quint64(size), offset, time,
                               random.bounded(2) ? bytes(size) : QByteArray(), client);
            if (random.bounded(4) == 0)
                f.header = bytes(2 + int(random.bounded(13))); // whatever was on the wire
            batches.last().append(f);
            break;
        }
        case 1:
        case 2: {
            LogEvent m = message(direction, random.bounded(2), bytes(size), offset, time, 1 + random.bounded(3), client);
            m.compressed = random.bounded(2);
            m.wireSize = random.bounded(100000);
            batches.last().append(m);
            break;
        }
        case 3: {
            LogEvent c = control(random.bounded(2) ? EventKind::Ping : EventKind::Pong, direction, bytes(size % 126), time,
                                 client);
            c.pingId = random.bounded(5);
            c.rttNs = random.bounded(2) ? qint64(random.bounded(100000)) : -1;
            if (random.bounded(3) == 0)
                c.text = QStringLiteral("note %1").arg(i);
            batches.last().append(c);
            break;
        }
        case 4:
            batches.last().append(closeEvent(direction, quint16(1000 + random.bounded(20)), QStringLiteral("bye %1").arg(i),
                                             random.bounded(2), time, client));
            break;
        case 5:
            batches.last().append(note(random.bounded(2) ? EventKind::Error : EventKind::Info,
                                       QStringLiteral("line %1 ✓").arg(i), time, quint16(random.bounded(2) ? 1002 : 0),
                                       client));
            break;
        default:
            batches.append(net::EventBatch());
        }
        offset += quint64(size) + 2;
    }
    return batches;
}

} // namespace

class tst_SessionFile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void roundTripKeepsTheLog_data();
    void roundTripKeepsTheLog();
    void randomLogsRoundTrip();
    void resendLinksRoundTrip();
    void roundTripKeepsTheTabState();
    void secretsAreMaskedByDefault();
    void severalTabsKeepTheirOrder();
    void rowsAppendedWhileSavingAreNotWritten();
    void failedSaveKeepsThePreviousFile();
    void saveIntoMissingFolderSaysNothingWasWritten();
    void saveOntoAFolderIsRefused();
    void cancelledSaveLeavesTheTargetAlone();
    void foreignFilesAreRefused_data();
    void foreignFilesAreRefused();
    void everyTruncationIsRefused();
    void everyDamagedByteIsRefused();
    void millionMessagesRoundTrip();

private:
    QTemporaryDir m_dir;
};

void tst_SessionFile::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

void tst_SessionFile::roundTripKeepsTheLog_data()
{
    QTest::addColumn<net::EventBatch>("events");
    QTest::newRow("every kind of row") << sampleEvents();
    QTest::newRow("empty log") << net::EventBatch();
    QTest::newRow("message with its frame, last in the log")
        << net::EventBatch{frame(In, 1, true, 2, 0, 1), message(In, true, "hi", 0, 1)};
    QTest::newRow("message with three frames, last in the log")
        << net::EventBatch{frame(Out, 2, false, 1, 0, 1), frame(Out, 0, false, 1, 7, 2), frame(Out, 0, true, 1, 14, 3),
                           message(Out, false, "abc", 0, 3, 3)};
    QTest::newRow("one 5 MiB binary message") << net::EventBatch{message(In, false, QByteArray(5 << 20, '\x7f'), 0, 1)};
    QTest::newRow("50,000 messages over several sections") << manySmallMessages(50000);
}

void tst_SessionFile::roundTripKeepsTheLog()
{
    QFETCH(net::EventBatch, events);
    log::MessageStore store;
    fillStore(store, events);
    const log::SessionTabState state = sampleTabState();
    const QString path = m_dir.filePath(QStringLiteral("log.wsisession"));
    QString error;
    QVERIFY2(log::SessionFile::save(path, {{&state, &store}}, {}, &error), qPrintable(error));
    QVERIFY(error.isEmpty());

    std::vector<log::SessionTab> tabs;
    log::SessionInfo info;
    QVERIFY2(log::SessionFile::load(path, &tabs, &error, &info), qPrintable(error));
    QCOMPARE(tabs.size(), size_t(1));
    QCOMPARE(info.tabCount, 1);
    QVERIFY(!info.secretsIncluded);
    QVERIFY(info.savedAt.isValid());
    QCOMPARE(storeDifference(store, *tabs[0].store), QString());
    QCOMPARE(tabs[0].store->rowCount(), store.rowCount());
}

// A resent row keeps the number of the row it resends, next to ping details too.
void tst_SessionFile::resendLinksRoundTrip()
{
    log::MessageStore store;
    fillStore(store);
    const int pingRow = [&] {
        for (int row = 0; row < store.rowCount(); ++row) {
            if (store.record(row).hasPingInfo())
                return row;
        }
        return -1;
    }();
    QVERIFY(pingRow > 0);
    store.setResentFrom(pingRow, 1);
    store.setResentFrom(store.rowCount() - 1, 2);
    log::SessionTabState state;
    std::vector<log::SessionTab> tabs;
    const QString error = readFromBytes(writeToBytes({{&state, &store}}), &tabs);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(storeDifference(store, *tabs[0].store), QString());
    QCOMPARE(tabs[0].store->resentFrom(pingRow), qint64(1));
    QCOMPARE(tabs[0].store->resentFrom(store.rowCount() - 1), qint64(2));
    QCOMPARE(tabs[0].store->resentFrom(0), qint64(0));
}

void tst_SessionFile::randomLogsRoundTrip()
{
    for (quint32 seed = 1; seed <= 25; ++seed) {
        log::MessageStore store;
        for (const net::EventBatch &batch : randomLog(seed))
            store.append(batch);
        log::SessionTabState state;
        std::vector<log::SessionTab> tabs;
        const QString error = readFromBytes(writeToBytes({{&state, &store}}), &tabs);
        if (!error.isEmpty())
            QFAIL(qPrintable(QStringLiteral("seed %1: %2").arg(seed).arg(error)));
        const QString difference = storeDifference(store, *tabs.at(0).store);
        if (!difference.isEmpty())
            QFAIL(qPrintable(QStringLiteral("seed %1: %2").arg(seed).arg(difference)));
        QVERIFY(store.totalFrameCount() > 0);
    }
}

void tst_SessionFile::roundTripKeepsTheTabState()
{
    log::MessageStore store;
    const log::SessionTabState state = sampleTabState();
    log::SessionSaveOptions options;
    options.includeSecrets = true;
    const QString path = m_dir.filePath(QStringLiteral("state.wsisession"));
    QString error;
    QVERIFY2(log::SessionFile::save(path, {{&state, &store}}, options, &error), qPrintable(error));
    std::vector<log::SessionTab> tabs;
    log::SessionInfo info;
    QVERIFY2(log::SessionFile::load(path, &tabs, &error, &info), qPrintable(error));
    QVERIFY(info.secretsIncluded);
    const log::SessionTabState &loaded = tabs.at(0).state;

    QCOMPARE(loaded.title, state.title);
    QCOMPARE(loaded.options.url, state.options.url);
    QCOMPARE(loaded.options.headers, state.options.headers);
    QCOMPARE(loaded.options.subprotocols, state.options.subprotocols);
    QCOMPARE(loaded.options.maxMessageSize, state.options.maxMessageSize);
    QCOMPARE(loaded.options.deflateOffer.clientMaxWindowBits, 12);
    QCOMPARE(loaded.options.tls.clientKeyPassphrase, QByteArray("hunter2"));
    QCOMPARE(loaded.options.proxy.mode, net::ProxyMode::HttpConnect);
    QCOMPARE(loaded.options.proxy.url, state.options.proxy.url);
    QCOMPARE(loaded.options.reconnect.multiplier, 1.5);
    QCOMPARE(loaded.options.eventDetail, net::EventDetail::Messages);
    QCOMPARE(loaded.options.maxEventsInFlight, 77);
    QCOMPARE(loaded.options.pingIntervalMs, 250);
    QVERIFY(!loaded.options.autoPong);
    QCOMPARE(loaded.panelUrl, state.panelUrl);

    QVERIFY(loaded.snapshot.has_value());
    QCOMPARE(loaded.snapshot->counters.framesOut, (quint64(1) << 62) + 1);
    QCOMPARE(loaded.snapshot->timeline.size(), 3);
    QCOMPARE(loaded.snapshot->timeline[1].durationNs, qint64(90000000000));
    QCOMPARE(loaded.snapshot->timeline[2].durationNs, qint64(-1));
    QCOMPARE(loaded.snapshot->elapsedNs, state.snapshot->elapsedNs);
    QVERIFY(loaded.handshake.has_value());
    QCOMPARE(loaded.handshake->rawRequest, state.handshake->rawRequest);
    QCOMPARE(loaded.handshake->responseHeaders, state.handshake->responseHeaders);
    QCOMPARE(loaded.handshake->subprotocol, QStringLiteral("graphql-ws"));
    QVERIFY(loaded.close.has_value());
    QCOMPARE(loaded.close->code, quint16(1001));
    QCOMPARE(loaded.close->initiator, net::CloseInitiator::Remote);
    // Both close frames as they went.
    QVERIFY(loaded.close->sent.present && loaded.close->received.present);
    QCOMPARE(loaded.close->sent.code, quint16(1001));
    QCOMPARE(loaded.close->received.reason, QStringLiteral("going away"));
    QVERIFY(loaded.error.has_value());
    QCOMPARE(loaded.error->phase, net::ErrorPhase::Ping);
    QCOMPARE(loaded.error->waitedMs, qint64(4444));

    QVERIFY(loaded.tlsReport.has_value());
    const net::TlsReport &tls = *loaded.tlsReport;
    QCOMPARE(tls.certificates, state.tlsReport->certificates);
    QCOMPARE(tls.chain.size(), 1);
    QCOMPARE(tls.chain[0].sha256, state.tlsReport->chain[0].sha256);
    QCOMPARE(tls.chain[0].notAfter, state.tlsReport->chain[0].notAfter);
    QCOMPARE(tls.chain[0].notAfter.timeSpec(), Qt::UTC);
    QCOMPARE(tls.verdict, state.tlsReport->verdict);
    QCOMPARE(tls.issues.size(), state.tlsReport->issues.size());
    QCOMPARE(tls.toText(), state.tlsReport->toText());

    QCOMPARE(loaded.pingStats.sent(), 6);
    QCOMPARE(loaded.pingStats.received(), 4);
    QCOMPARE(loaded.pingStats.lost(), 1);
    QCOMPARE(loaded.pingStats.samples().size(), 5);
    QCOMPARE(loaded.pingStats.samples()[3].rttNs, qint64(-1));
    QCOMPARE(loaded.pingStats.avgNs(), state.pingStats.avgNs());
    QCOMPARE(loaded.pingStats.jitterNs(), state.pingStats.jitterNs());

    // Whatever the explicit checks above miss, the whole state reads back the same.
    QCOMPARE(jsonText(log::tabStateToJson(loaded)), jsonText(log::tabStateToJson(state)));
}

void tst_SessionFile::secretsAreMaskedByDefault()
{
    log::MessageStore store;
    const log::SessionTabState state = sampleTabState();
    const QByteArray masked = writeToBytes({{&state, &store}});
    const QByteArray included = writeToBytes({{&state, &store}}, true);
    QVERIFY(!masked.isEmpty());
    for (const char *secret : {"secret@", "abc.def", "hunter2", "proxypass", "sid=42", "Zm9v", "eA==", ":pw@"}) {
        QVERIFY2(!masked.contains(secret), secret);
        QVERIFY2(included.contains(secret), secret); // the check above can fail
    }

    std::vector<log::SessionTab> tabs;
    QCOMPARE(readFromBytes(masked, &tabs), QString());
    const net::ConnectionOptions &o = tabs.at(0).state.options;
    QCOMPARE(o.headers.at(0).second, QByteArray("(hidden, 14 bytes)"));
    QCOMPARE(o.headers.at(1).second, QByteArray("t-1"));
    QCOMPARE(o.headers.at(2).second, QByteArray("(hidden, 6 bytes)"));
    QCOMPARE(o.url, QStringLiteral("wss://user:***@localhost:9443/feed?x=1"));
    QCOMPARE(o.proxy.url, QStringLiteral("http://proxyuser:***@proxy.test:3128"));
    QCOMPARE(o.proxy.headers.at(1).second, QByteArray("me"));
    QVERIFY(o.tls.clientKeyPassphrase.isEmpty());
    QVERIFY(o.rawRequestOverride.contains("Authorization: (hidden, 10 bytes)"));
    QVERIFY(tabs[0].state.handshake->rawRequest.contains("Host: localhost"));
    QCOMPARE(tabs[0].state.handshake->responseHeaders.at(1).second, QByteArray("(hidden, 6 bytes)"));
}

void tst_SessionFile::severalTabsKeepTheirOrder()
{
    log::MessageStore first, empty, third;
    fillStore(first);
    fillStore(third, manySmallMessages(10));
    log::SessionTabState a = sampleTabState(), b, c;
    b.title = QStringLiteral("empty");
    c.title = QStringLiteral("third");
    std::vector<log::SessionTab> tabs;
    QCOMPARE(readFromBytes(writeToBytes({{&a, &first}, {&b, &empty}, {&c, &third}}), &tabs), QString());
    QCOMPARE(tabs.size(), size_t(3));
    QCOMPARE(tabs[0].state.title, a.title);
    QCOMPARE(tabs[1].state.title, QStringLiteral("empty"));
    QCOMPARE(tabs[2].state.title, QStringLiteral("third"));
    QCOMPARE(storeDifference(first, *tabs[0].store), QString());
    QCOMPARE(storeDifference(empty, *tabs[1].store), QString());
    QCOMPARE(storeDifference(third, *tabs[2].store), QString());
    QVERIFY(!tabs[1].state.tlsReport.has_value());
}

void tst_SessionFile::rowsAppendedWhileSavingAreNotWritten()
{
    log::MessageStore store;
    fillStore(store, manySmallMessages(100));
    log::SessionTabState state;
    const QString path = m_dir.filePath(QStringLiteral("growing.wsisession"));
    log::SessionSaveJob job(path, {{&state, &store}}, {});
    QVERIFY(job.step()); // the header
    store.append(manySmallMessages(50, 100));
    while (job.step()) {
    }
    QVERIFY2(!job.hasFailed(), qPrintable(job.errorString()));
    QCOMPARE(job.progress(), 1.0);
    std::vector<log::SessionTab> tabs;
    QString error;
    QVERIFY2(log::SessionFile::load(path, &tabs, &error), qPrintable(error));
    QCOMPARE(tabs.at(0).store->rowCount(), 100);
    QCOMPARE(tabs[0].store->payloadCopy(99), QByteArray("message 99"));
}

void tst_SessionFile::failedSaveKeepsThePreviousFile()
{
    const QString path = m_dir.filePath(QStringLiteral("keep.wsisession"));
    log::MessageStore small;
    fillStore(small);
    log::SessionTabState state = sampleTabState();
    QString error;
    QVERIFY2(log::SessionFile::save(path, {{&state, &small}}, {}, &error), qPrintable(error));
    const QByteArray good = readAll(path);
    QVERIFY(!good.isEmpty());

    log::MessageStore big;
    fillStore(big, manySmallMessages(200000));
    // A file size limit stands in for a full disk: writes beyond it fail (EFBIG) as they
    // would with ENOSPC, without needing a small file system.
    rlimit saved{};
    QCOMPARE(getrlimit(RLIMIT_FSIZE, &saved), 0);
    const auto previousHandler = std::signal(SIGXFSZ, SIG_IGN);
    rlimit limited = saved;
    limited.rlim_cur = 256 * 1024;
    QCOMPARE(setrlimit(RLIMIT_FSIZE, &limited), 0);
    const bool saved2 = log::SessionFile::save(path, {{&state, &big}}, {}, &error);
    setrlimit(RLIMIT_FSIZE, &saved);
    std::signal(SIGXFSZ, previousHandler);

    QVERIFY(!saved2);
    QVERIFY2(error.startsWith(QStringLiteral("Could not save the session to “") + path + QStringLiteral("”: ")),
             qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("File too large")), qPrintable(error));
    QVERIFY2(error.endsWith(QStringLiteral("The file is unchanged.")), qPrintable(error));
    QCOMPARE(readAll(path), good);
    QCOMPARE(QDir(m_dir.path()).entryList({QStringLiteral("keep.wsisession*")}, QDir::Files | QDir::Hidden),
             QStringList{QStringLiteral("keep.wsisession")});
    std::vector<log::SessionTab> tabs;
    QVERIFY2(log::SessionFile::load(path, &tabs, &error), qPrintable(error));
    QCOMPARE(storeDifference(small, *tabs.at(0).store), QString());
}

void tst_SessionFile::saveIntoMissingFolderSaysNothingWasWritten()
{
    const QString path = m_dir.filePath(QStringLiteral("no/such/folder/x.wsisession"));
    log::MessageStore store;
    log::SessionTabState state;
    QString error;
    QVERIFY(!log::SessionFile::save(path, {{&state, &store}}, {}, &error));
    QVERIFY2(error.contains(path), qPrintable(error));
    QVERIFY2(error.endsWith(QStringLiteral("Nothing was written.")), qPrintable(error));
    QVERIFY(!QFile::exists(path));
}

void tst_SessionFile::saveOntoAFolderIsRefused()
{
    const QString path = m_dir.filePath(QStringLiteral("a-folder"));
    QVERIFY(QDir(m_dir.path()).mkdir(QStringLiteral("a-folder")));
    log::MessageStore store;
    log::SessionTabState state;
    QString error;
    QVERIFY(!log::SessionFile::save(path, {{&state, &store}}, {}, &error));
    QVERIFY2(error.contains(QStringLiteral("it is a folder")), qPrintable(error));
    QVERIFY(QFileInfo(path).isDir());
}

void tst_SessionFile::cancelledSaveLeavesTheTargetAlone()
{
    const QString path = m_dir.filePath(QStringLiteral("cancel.wsisession"));
    writeFile(path, "previous contents");
    log::MessageStore store;
    fillStore(store, manySmallMessages(100000));
    log::SessionTabState state;
    {
        log::SessionSaveJob job(path, {{&state, &store}}, {});
        QVERIFY(job.step());
        QVERIFY(job.step());
        job.cancel();
        QVERIFY(!job.step());
    }
    QCOMPARE(readAll(path), QByteArray("previous contents"));
    QCOMPARE(QDir(m_dir.path()).entryList({QStringLiteral("cancel.wsisession*")}, QDir::Files | QDir::Hidden).size(), 1);
}

void tst_SessionFile::foreignFilesAreRefused_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("expected");
    QByteArray newer = QByteArray::fromHex("89575349") + "\r\n\x1a\n" + QByteArray::fromHex("02000000");
    QTest::newRow("empty file") << QByteArray() << QStringLiteral("” is empty: it is not a wsinspect session file.");
    QTest::newRow("PNG image") << QByteArray::fromHex("89504e470d0a1a0a0000000d49484452")
                               << QStringLiteral("” is not a wsinspect session file (it does not start with the session signature).");
    QTest::newRow("JSON text") << QByteArray("{\"log\":{\"entries\":[]}}")
                               << QStringLiteral("” is not a wsinspect session file (it does not start with the session signature).");
    QTest::newRow("newer format version") << newer
                                          << QStringLiteral("” was saved by a newer wsinspect (session format 2; this version reads format 1).");
    QTest::newRow("signature only") << newer.left(8) << QStringLiteral("” is truncated: it ends inside the file header.");
    QTest::newRow("header without sections") << newer.left(8) + QByteArray::fromHex("01000000")
                                             << QStringLiteral("” is truncated: it ends at byte 12, before the end of the session (0 of 0 tabs read).");
}

void tst_SessionFile::foreignFilesAreRefused()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, expected);
    const QString path = m_dir.filePath(QStringLiteral("foreign.wsisession"));
    writeFile(path, bytes);
    std::vector<log::SessionTab> tabs;
    QString error;
    QVERIFY(!log::SessionFile::load(path, &tabs, &error));
    QCOMPARE(error, QStringLiteral("“") + path + expected);
    QVERIFY(tabs.empty());
}

// Cut a real session file after every byte: each prefix is refused as truncated.
void tst_SessionFile::everyTruncationIsRefused()
{
    log::MessageStore store;
    fillStore(store);
    const log::SessionTabState state = sampleTabState();
    const QByteArray bytes = writeToBytes({{&state, &store}});
    QVERIFY(bytes.size() > 2000);
    QCOMPARE(readFromBytes(bytes), QString());
    for (qsizetype size = 0; size < bytes.size(); ++size) {
        const QString error = readFromBytes(bytes.left(size));
        const bool expected = size == 0 ? error.contains(QStringLiteral("is empty"))
                                        : error.startsWith(QStringLiteral("“mem.wsisession” is truncated: "));
        if (!expected)
            QFAIL(qPrintable(QStringLiteral("cut at %1: %2").arg(size).arg(error)));
    }
}

// Change every byte of a real session file in turn: each change is refused, and the
// sentence says what kind of problem it is.
void tst_SessionFile::everyDamagedByteIsRefused()
{
    log::MessageStore store;
    fillStore(store);
    log::SessionTabState state;
    state.title = QStringLiteral("t");
    const QByteArray bytes = writeToBytes({{&state, &store}});
    static const QStringList kinds{QStringLiteral("is damaged: "), QStringLiteral("is truncated: "),
                                   QStringLiteral("is not a wsinspect session file"),
                                   QStringLiteral("was saved by a newer wsinspect"),
                                   QStringLiteral("has an unknown session format version")};
    for (qsizetype at = 0; at < bytes.size(); ++at) {
        for (char mask : {char(0x01), char(0x20), char(0xff)}) {
            QByteArray damaged = bytes;
            damaged[at] = char(damaged[at] ^ mask);
            const QString error = readFromBytes(damaged);
            const bool named = std::any_of(kinds.begin(), kinds.end(),
                                           [&](const QString &kind) { return error.contains(kind); });
            if (!named)
                QFAIL(qPrintable(QStringLiteral("byte %1 ^ %2: '%3'").arg(at).arg(int(uchar(mask))).arg(error)));
        }
    }
}

void tst_SessionFile::millionMessagesRoundTrip()
{
    constexpr int Count = 1000000;
    log::MessageStore store;
    for (int first = 0; first < Count; first += 10000)
        store.append(manySmallMessages(10000, first));
    QCOMPARE(store.rowCount(), Count);
    log::SessionTabState state;
    const QString path = m_dir.filePath(QStringLiteral("million.wsisession"));
    QString error;
    QElapsedTimer timer;
    timer.start();
    QVERIFY2(log::SessionFile::save(path, {{&state, &store}}, {}, &error), qPrintable(error));
    const qint64 saveMs = timer.restart();
    std::vector<log::SessionTab> tabs;
    QVERIFY2(log::SessionFile::load(path, &tabs, &error), qPrintable(error));
    const qint64 loadMs = timer.elapsed();
    const qint64 size = QFileInfo(path).size();
    qInfo("1,000,000 messages: save %lld ms, load %lld ms, %lld bytes", saveMs, loadMs, size);
    // 33 bytes of row fields plus the payload per message, and little else.
    QVERIFY2(size < qint64(Count) * (33 + 15) + 1024 * 1024, qPrintable(QString::number(size)));
    QVERIFY2(saveMs < 30000 && loadMs < 30000, "a million rows must stream, not crawl");
    QCOMPARE(storeDifference(store, *tabs.at(0).store), QString());
}

QTEST_GUILESS_MAIN(tst_SessionFile)
#include "tst_sessionfile.moc"
