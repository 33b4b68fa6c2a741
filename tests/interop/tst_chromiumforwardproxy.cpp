// SPDX-License-Identifier: MIT
// A real browser through the intercepting forward proxy: Debian's headless Chromium, driven
// by npm's playwright-core (peers/chromium_websocket_proxy.js), with
// --proxy-server=http://127.0.0.1:PORT (`wsinspect-cli proxy --forward --json`, its CA made
// in a temporary --ca-dir) and that CA trusted by its SPKI hash, computed here from ca.pem,
// opens a wss:// WebSocket to python3-websockets (peers/echo_server.py) serving a test-made
// certificate that the proxy's upstream leg verifies with --ca-file. Messages go both ways
// and reach the page and the proxy's JSON log, with the flow's host. A page served over
// https by `wsinspect-cli serve` loads through the proxy (plain HTTP relayed on an
// intercepted connection) and its WebSocket to the same origin works. Without the CA trusted
// the browser refuses the proxy's certificate and the proxy says what to do.
#include "net/tls/OpenSslPtr.h"
#include "support/TestCertificates.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <openssl/pem.h>

namespace {

const QString InteropDir = QStringLiteral(WSI_INTEROP_DIR);
const QString Node = QStringLiteral(WSI_NODE_EXECUTABLE);
const QString Cli = QStringLiteral(WSI_CLI_PATH);
const QString Python = QStringLiteral("/usr/bin/python3");
const QString Chromium = QStringLiteral("/usr/bin/chromium");
constexpr int StartMs = 15000;
constexpr int BrowserMs = 60000; // a cold Chromium on a busy machine
constexpr int WaitMs = 15000;

QString missingPiece()
{
    if (!QFileInfo(Chromium).isExecutable())
        return QStringLiteral("%1 is missing (apt-get install chromium)").arg(Chromium);
    if (Node.isEmpty())
        return QStringLiteral("node is not installed (apt-get install nodejs)");
    if (!QFileInfo::exists(InteropDir + QStringLiteral("/node_modules/playwright-core/package.json")))
        return QStringLiteral("node_modules/playwright-core is missing: run `npm ci` in tests/interop");
    QProcess probe;
    probe.start(Python, {QStringLiteral("-c"), QStringLiteral("import websockets")});
    if (!probe.waitForFinished(StartMs) || probe.exitCode() != 0)
        return QStringLiteral("python3-websockets is missing: scripts/setup-deps.sh installs it");
    return {};
}

// base64(SHA-256(SubjectPublicKeyInfo)) of the PEM certificate in `file`: what Chromium's
// --ignore-certificate-errors-spki-list takes.
QByteArray spkiHashOf(const QString &file)
{
    QFile pem(file);
    if (!pem.open(QIODevice::ReadOnly))
        return {};
    const QByteArray bytes = pem.readAll();
    wsi::net::OpenSslPtr<BIO> bio(BIO_new_mem_buf(bytes.constData(), int(bytes.size())));
    wsi::net::X509Ptr certificate(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    if (!certificate)
        return {};
    unsigned char *der = nullptr;
    const int size = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(certificate.get()), &der);
    if (size <= 0)
        return {};
    const QByteArray spki(reinterpret_cast<const char *>(der), size);
    OPENSSL_free(der);
    return QCryptographicHash::hash(spki, QCryptographicHash::Sha256).toBase64();
}

// A child process that is ended (SIGTERM, then SIGKILL) whatever the test's outcome.
struct Child : QProcess {
    ~Child() override
    {
        if (state() == QProcess::NotRunning)
            return;
        terminate();
        if (!waitForFinished(5000)) {
            kill();
            waitForFinished(5000);
        }
    }
    QByteArray firstLine(int timeoutMs)
    {
        QElapsedTimer clock;
        clock.start();
        waitForStarted(timeoutMs);
        while (!canReadLine() && clock.elapsed() < timeoutMs && state() == QProcess::Running)
            waitForReadyRead(100);
        return canReadLine() ? readLine().trimmed() : QByteArray();
    }
};

QList<QJsonObject> jsonLines(const QByteArray &text)
{
    QList<QJsonObject> lines;
    for (const QByteArray &line : text.split('\n')) {
        const QJsonDocument document = QJsonDocument::fromJson(line);
        if (document.isObject())
            lines.append(document.object());
    }
    return lines;
}

} // namespace

class TestChromiumForwardProxy : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void chromiumTalksThroughTheInterceptingProxy();
    void chromiumLoadsAnHttpsPageAndItsWebSocket();
    void chromiumWithoutTheCaIsToldWhatToDo();

private:
    // Starts the echo server (wss://, the test leaf) and the proxy; fills the ports and the
    // SPKI hash the proxy's banner gives.
    bool startPeers(Child &server, Child &proxy, quint16 &serverPort, QString &proxyUrl, QByteArray &bannerSpki);

    std::unique_ptr<wsi::test::TestCertificates> m_certificates;
    QTemporaryDir m_caDir;
};

void TestChromiumForwardProxy::initTestCase()
{
    if (const QString missing = missingPiece(); !missing.isEmpty())
        QSKIP(qPrintable(QStringLiteral("Chromium through the forward proxy cannot run here: ") + missing));
    m_certificates = std::make_unique<wsi::test::TestCertificates>();
    QVERIFY2(m_certificates->isValid(), qPrintable(m_certificates->errorString()));
    QVERIFY(m_caDir.isValid());
}

bool TestChromiumForwardProxy::startPeers(Child &server, Child &proxy, quint16 &serverPort, QString &proxyUrl, QByteArray &bannerSpki)
{
    server.start(Python, {InteropDir + QStringLiteral("/peers/echo_server.py"), QStringLiteral("--cert"),
                          m_certificates->leaf.certificateFile, QStringLiteral("--key"), m_certificates->leaf.keyFile,
                          QStringLiteral("--timeout"), QStringLiteral("90")});
    serverPort = quint16(server.firstLine(StartMs).toUInt());
    proxy.start(Cli, {QStringLiteral("proxy"), QStringLiteral("--forward"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                      QStringLiteral("--ca-dir"), m_caDir.path(), QStringLiteral("--ca-file"), m_certificates->rootFile,
                      QStringLiteral("--json")});
    const QJsonObject banner = QJsonDocument::fromJson(proxy.firstLine(StartMs)).object();
    proxyUrl = banner.value(QStringLiteral("listening")).toString();
    bannerSpki = banner.value(QStringLiteral("caSpkiSha256")).toString().toLatin1();
    return serverPort != 0 && proxyUrl.startsWith(QLatin1String("http://127.0.0.1:"));
}

void TestChromiumForwardProxy::chromiumTalksThroughTheInterceptingProxy()
{
    Child server;
    Child proxy;
    quint16 serverPort = 0;
    QString proxyUrl;
    QByteArray bannerSpki;
    QVERIFY2(startPeers(server, proxy, serverPort, proxyUrl, bannerSpki),
             qPrintable(QString::fromLocal8Bit(server.readAllStandardError() + proxy.readAllStandardError())));
    const QByteArray spki = spkiHashOf(m_caDir.path() + QStringLiteral("/ca.pem"));
    QVERIFY(!spki.isEmpty());
    QCOMPARE(bannerSpki, spki);

    Child browser;
    const QString url = QStringLiteral("wss://127.0.0.1:%1/").arg(serverPort);
    browser.start(Node, {InteropDir + QStringLiteral("/peers/chromium_websocket_proxy.js"), url, QStringLiteral("--proxy"), proxyUrl,
                         QStringLiteral("--spki"), QString::fromLatin1(spki), QStringLiteral("--send"), QStringLiteral("hello from chromium"),
                         QStringLiteral("--send"), QStringLiteral("second ✓"), QStringLiteral("--messages"), QStringLiteral("2"),
                         QStringLiteral("--timeout"), QStringLiteral("50")});
    QVERIFY(browser.waitForFinished(BrowserMs));
    const QByteArray page = browser.readAllStandardOutput();
    const QString diagnostics = QString::fromUtf8(page + browser.readAllStandardError());
    QCOMPARE(browser.exitCode(), 0);
    const QList<QJsonObject> seen = jsonLines(page);
    QVERIFY2(seen.size() == 4, qPrintable(diagnostics));
    QVERIFY2(seen.at(0).value(QStringLiteral("open")).toBool(), qPrintable(diagnostics));
    QCOMPARE(seen.at(1).value(QStringLiteral("message")).toString(), QStringLiteral("hello from chromium"));
    QCOMPARE(seen.at(2).value(QStringLiteral("message")).toString(), QStringLiteral("second ✓"));
    QCOMPARE(seen.at(3).value(QStringLiteral("close")).toInt(), 1000);

    // The proxy's log: each message once each way, on the flow of host 127.0.0.1, then its end.
    QByteArray log;
    QElapsedTimer clock;
    clock.start();
    while (!log.contains("\"type\":\"end\",\"clean\":true") && !log.contains("\"messagesFromApp\":2") && clock.elapsed() < WaitMs) {
        proxy.waitForReadyRead(100);
        log += proxy.readAllStandardOutput();
    }
    QStringList texts;
    for (const QJsonObject &line : jsonLines(log)) {
        if (line.value(QStringLiteral("type")).toString() != QLatin1String("text"))
            continue;
        QCOMPARE(line.value(QStringLiteral("host")).toString(), QStringLiteral("127.0.0.1"));
        texts << line.value(QStringLiteral("direction")).toString() + QLatin1Char(' ') + line.value(QStringLiteral("data")).toString();
    }
    // Each direction in its order (the page sends both before the first echo may be back).
    QCOMPARE(texts.filter(QStringLiteral("app->server ")),
             (QStringList{QStringLiteral("app->server hello from chromium"), QStringLiteral("app->server second ✓")}));
    QCOMPARE(texts.filter(QStringLiteral("server->app ")),
             (QStringList{QStringLiteral("server->app hello from chromium"), QStringLiteral("server->app second ✓")}));
    QVERIFY2(log.contains("\"messagesFromApp\":2"), log.constData());
}

void TestChromiumForwardProxy::chromiumLoadsAnHttpsPageAndItsWebSocket()
{
    Child server;
    server.start(Cli, {QStringLiteral("serve"), QStringLiteral("--cert"), m_certificates->leaf.certificateFile, QStringLiteral("--key"),
                       m_certificates->leaf.keyFile});
    const QString serverUrl = QString::fromUtf8(server.firstLine(StartMs)); // wss://127.0.0.1:PORT/
    QVERIFY2(serverUrl.startsWith(QLatin1String("wss://127.0.0.1:")), qPrintable(serverUrl));
    Child proxy;
    proxy.start(Cli, {QStringLiteral("proxy"), QStringLiteral("--forward"), QStringLiteral("--ca-dir"), m_caDir.path(),
                      QStringLiteral("--ca-file"), m_certificates->rootFile, QStringLiteral("--json")});
    const QJsonObject banner = QJsonDocument::fromJson(proxy.firstLine(StartMs)).object();
    const QString proxyUrl = banner.value(QStringLiteral("listening")).toString();
    QVERIFY(proxyUrl.startsWith(QLatin1String("http://127.0.0.1:")));

    Child browser;
    const QString pageUrl = QString(serverUrl).replace(QLatin1String("wss://"), QLatin1String("https://"));
    browser.start(Node, {InteropDir + QStringLiteral("/peers/chromium_websocket_proxy.js"), serverUrl, QStringLiteral("--page"), pageUrl,
                         QStringLiteral("--proxy"), proxyUrl, QStringLiteral("--spki"), QString::fromLatin1(spkiHashOf(m_caDir.path() + QStringLiteral("/ca.pem"))),
                         QStringLiteral("--send"), QStringLiteral("from the page"), QStringLiteral("--timeout"), QStringLiteral("50")});
    QVERIFY(browser.waitForFinished(BrowserMs));
    const QByteArray page = browser.readAllStandardOutput();
    const QString diagnostics = QString::fromUtf8(page + browser.readAllStandardError());
    QCOMPARE(browser.exitCode(), 0);
    const QList<QJsonObject> seen = jsonLines(page);
    QVERIFY2(seen.size() == 4, qPrintable(diagnostics));
    QCOMPARE(seen.at(0).value(QStringLiteral("page")).toInt(), 200); // the info page, relayed
    QVERIFY2(seen.at(1).value(QStringLiteral("open")).toBool(), qPrintable(diagnostics));
    QCOMPARE(seen.at(2).value(QStringLiteral("message")).toString(), QStringLiteral("from the page"));
    QCOMPARE(seen.at(3).value(QStringLiteral("close")).toInt(), 1000);

    // The page's request is a flow that ends with what was relayed; the WebSocket's messages
    // are reported like any flow's.
    QByteArray log;
    QElapsedTimer clock;
    clock.start();
    while (!(log.contains("not a WebSocket: GET / relayed untouched") && log.contains("\"messagesFromApp\":1")) && clock.elapsed() < WaitMs) {
        proxy.waitForReadyRead(100);
        log += proxy.readAllStandardOutput();
    }
    QVERIFY2(log.contains("not a WebSocket: GET / relayed untouched"), log.constData());
    QVERIFY2(log.contains("\"direction\":\"server->app\",\"flow\""), log.constData());
    QVERIFY2(log.contains("\"messagesFromApp\":1"), log.constData());
}

void TestChromiumForwardProxy::chromiumWithoutTheCaIsToldWhatToDo()
{
    Child server;
    Child proxy;
    quint16 serverPort = 0;
    QString proxyUrl;
    QByteArray bannerSpki;
    QVERIFY(startPeers(server, proxy, serverPort, proxyUrl, bannerSpki));
    Child browser;
    browser.start(Node, {InteropDir + QStringLiteral("/peers/chromium_websocket_proxy.js"), QStringLiteral("wss://127.0.0.1:%1/").arg(serverPort),
                         QStringLiteral("--proxy"), proxyUrl, QStringLiteral("--send"), QStringLiteral("never"),
                         QStringLiteral("--timeout"), QStringLiteral("50")});
    QVERIFY(browser.waitForFinished(BrowserMs));
    const QList<QJsonObject> seen = jsonLines(browser.readAllStandardOutput());
    QVERIFY(!seen.isEmpty());
    QCOMPARE(seen.constLast().value(QStringLiteral("close")).toInt(), 1006); // the browser refused the certificate
    QByteArray log;
    const QByteArray expected = "this app does not trust the wsinspect CA (or pins its certificates): trust "
        + (m_caDir.path() + QStringLiteral("/ca.pem")).toUtf8() + ", or add the host 127.0.0.1 to --pass-through";
    QElapsedTimer clock;
    clock.start();
    while (!log.contains(expected) && clock.elapsed() < WaitMs) {
        proxy.waitForReadyRead(100);
        log += proxy.readAllStandardError();
    }
    QVERIFY2(log.contains(expected), log.constData());
}

QTEST_GUILESS_MAIN(TestChromiumForwardProxy)
#include "tst_chromiumforwardproxy.moc"
