// SPDX-License-Identifier: MIT
// The connection options dialog: every field survives setOptions()/options(), bad values
// are refused on OK with a message on the right tab, and the handshake lab's request.
#include "ui/tab/ConnectionOptionsDialog.h"
#include "ui/tab/HeaderTableEditor.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using wsi::net::ConnectionOptions;
using wsi::net::HeaderList;
using wsi::ui::ConnectionOptionsDialog;

namespace {

template<typename T>
T *child(QWidget &widget, const char *name)
{
    auto *found = widget.findChild<T *>(QLatin1String(name));
    if (!found)
        qFatal("no child %s", name);
    return found;
}

// Field by field, so a failure names the field.
// A check box reacts to clicks on its box and label, not on the empty rest of its row.
void clickCheckBox(QCheckBox *box)
{
    QTest::mouseClick(box, Qt::LeftButton, {}, QPoint(4, box->height() / 2));
}

#define COMPARE_FIELD(field) QCOMPARE(actual.field, expected.field)

void compareOptions(const ConnectionOptions &actual, const ConnectionOptions &expected)
{
    COMPARE_FIELD(url);
    COMPARE_FIELD(headers);
    COMPARE_FIELD(subprotocols);
    COMPARE_FIELD(origin);
    COMPARE_FIELD(protocolVersion);
    COMPARE_FIELD(deflate);
    COMPARE_FIELD(deflateOffer.serverNoContextTakeover);
    COMPARE_FIELD(deflateOffer.clientNoContextTakeover);
    COMPARE_FIELD(deflateOffer.serverMaxWindowBits);
    COMPARE_FIELD(deflateOffer.clientMaxWindowBits);
    COMPARE_FIELD(maxMessageSize);
    COMPARE_FIELD(autoPong);
    COMPARE_FIELD(connectTimeoutMs);
    COMPARE_FIELD(openTimeoutMs);
    COMPARE_FIELD(writeTimeoutMs);
    COMPARE_FIELD(pingTimeoutMs);
    COMPARE_FIELD(closeTimeoutMs);
    COMPARE_FIELD(pingIntervalMs);
    COMPARE_FIELD(pingTimeoutCloses);
    COMPARE_FIELD(tls.verify);
    COMPARE_FIELD(tls.caFile);
    COMPARE_FIELD(tls.caDirectory);
    COMPARE_FIELD(tls.clientCertificate);
    COMPARE_FIELD(tls.clientKey);
    COMPARE_FIELD(tls.clientKeyPassphrase);
    COMPARE_FIELD(proxy.mode);
    COMPARE_FIELD(proxy.url);
    COMPARE_FIELD(proxy.headers);
    COMPARE_FIELD(reconnect.enabled);
    COMPARE_FIELD(reconnect.initialDelayMs);
    COMPARE_FIELD(reconnect.maxDelayMs);
    COMPARE_FIELD(reconnect.multiplier);
    COMPARE_FIELD(reconnect.maxAttempts);
    COMPARE_FIELD(rawRequestOverride);
    COMPARE_FIELD(tlsReportOnly);
    COMPARE_FIELD(eventDetail);
}

// Every field away from its default.
ConnectionOptions everythingChanged()
{
    ConnectionOptions o;
    o.url = QStringLiteral("wss://user:pw@echo.example:9001/feed?x=1");
    o.headers = {{"Authorization", "Bearer abc.def"}, {"X-Trace", "1"}, {"X-Empty", ""}};
    o.subprotocols = {QStringLiteral("graphql-transport-ws"), QStringLiteral("json")};
    o.origin = QStringLiteral("https://app.example");
    o.deflate = true;
    o.deflateOffer.serverNoContextTakeover = true;
    o.deflateOffer.clientNoContextTakeover = true;
    o.deflateOffer.serverMaxWindowBits = 10;
    o.deflateOffer.clientMaxWindowBits = 12;
    o.maxMessageSize = 3 * 1024 * 1024 + 5;
    o.autoPong = false;
    o.connectTimeoutMs = 1500;
    o.openTimeoutMs = 2500;
    o.writeTimeoutMs = 0;
    o.pingTimeoutMs = 750;
    o.closeTimeoutMs = 1234;
    o.pingIntervalMs = 30000;
    o.pingTimeoutCloses = false;
    o.tls.verify = false;
    o.tls.caFile = QStringLiteral("/tmp/ca.pem");
    o.tls.caDirectory = QStringLiteral("/etc/ssl/certs");
    o.tls.clientCertificate = QStringLiteral("/tmp/client.pem");
    o.tls.clientKey = QStringLiteral("/tmp/client.key");
    o.tls.clientKeyPassphrase = "secret phrase";
    o.proxy.mode = wsi::net::ProxyMode::HttpConnect;
    o.proxy.url = QStringLiteral("http://alice:s3cret@proxy.example:3128");
    o.proxy.headers = {{"Proxy-Trace", "on"}};
    o.reconnect.enabled = true;
    o.reconnect.initialDelayMs = 250;
    o.reconnect.maxDelayMs = 8000;
    o.reconnect.multiplier = 1.5;
    o.reconnect.maxAttempts = 7;
    o.rawRequestOverride = "GET /lab HTTP/1.1\r\nHost: echo.example\r\n\r\n";
    o.tlsReportOnly = true;
    o.eventDetail = wsi::net::EventDetail::Messages;
    return o;
}

} // namespace

class TestConnectionOptionsDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data()
    {
        QTest::addColumn<ConnectionOptions>("options");
        QTest::newRow("defaults") << ConnectionOptions();
        QTest::newRow("every field changed") << everythingChanged();
        ConnectionOptions o;
        o.proxy.mode = wsi::net::ProxyMode::Socks5;
        o.proxy.url = QStringLiteral("socks5://127.0.0.1:1080");
        o.maxMessageSize = 1;
        o.eventDetail = wsi::net::EventDetail::CountersOnly;
        o.deflate = true;
        o.deflateOffer.clientMaxWindowBits = 0;
        o.deflateOffer.serverMaxWindowBits = 15;
        QTest::newRow("SOCKS5 without a login, one-byte limit, counters only") << o;
        ConnectionOptions lf;
        lf.rawRequestOverride = "GET / HTTP/1.1\nHost: x\n\n"; // bare LF on purpose
        QTest::newRow("raw request with bare LF line ends") << lf;
        ConnectionOptions gib;
        gib.maxMessageSize = 3ull << 30;
        gib.proxy.mode = wsi::net::ProxyMode::None;
        QTest::newRow("3 GiB limit, no proxy") << gib;
        ConnectionOptions partial;
        partial.rawRequestOverride = "GET / HTTP/1.1\r\nHost: x\r\n"; // unfinished head
        QTest::newRow("raw request without the final empty line") << partial;
        ConnectionOptions hixie;
        hixie.protocolVersion = wsi::protocol::ProtocolVersion::Hixie76;
        QTest::newRow("hixie-76") << hixie;
        ConnectionOptions hybi;
        hybi.protocolVersion = wsi::protocol::ProtocolVersion::Hybi07;
        QTest::newRow("hybi-07") << hybi;
    }

    void roundTrip()
    {
        QFETCH(ConnectionOptions, options);
        ConnectionOptionsDialog dialog;
        dialog.setOptions(options);
        compareOptions(dialog.options(), options);
    }

    void fieldsShowTheOptions()
    {
        ConnectionOptionsDialog dialog;
        dialog.setOptions(everythingChanged());
        QCOMPARE(child<QLineEdit>(dialog, "subprotocols")->text(), QStringLiteral("graphql-transport-ws, json"));
        QCOMPARE(child<QLineEdit>(dialog, "origin")->text(), QStringLiteral("https://app.example"));
        auto *headers = child<QTableWidget>(*child<QWidget>(dialog, "headers"), "headerTable");
        QCOMPARE(headers->rowCount(), 3);
        QCOMPARE(headers->item(0, 0)->text(), QStringLiteral("Authorization"));
        QCOMPARE(headers->item(0, 1)->text(), QStringLiteral("Bearer abc.def"));
        // The proxy's user and password get their own fields.
        QCOMPARE(child<QLineEdit>(dialog, "proxyUrl")->text(), QStringLiteral("http://proxy.example:3128"));
        QCOMPARE(child<QLineEdit>(dialog, "proxyUser")->text(), QStringLiteral("alice"));
        QCOMPARE(child<QLineEdit>(dialog, "proxyPassword")->text(), QStringLiteral("s3cret"));
        QCOMPARE(child<QLineEdit>(dialog, "proxyPassword")->echoMode(), QLineEdit::Password);
        // CR LF is shown as plain line breaks.
        QCOMPARE(child<QPlainTextEdit>(dialog, "rawRequest")->toPlainText(), QStringLiteral("GET /lab HTTP/1.1\nHost: echo.example\n\n"));
        QVERIFY(child<QCheckBox>(dialog, "crlf")->isChecked());
    }

    void proxyLoginEditedSeparately()
    {
        ConnectionOptionsDialog dialog;
        ConnectionOptions o;
        o.proxy.mode = wsi::net::ProxyMode::HttpConnect;
        o.proxy.url = QStringLiteral("http://proxy.example:3128");
        dialog.setOptions(o);
        child<QLineEdit>(dialog, "proxyUser")->setText(QStringLiteral("bob"));
        child<QLineEdit>(dialog, "proxyPassword")->setText(QStringLiteral("p@ss:word"));
        const QUrl url(dialog.options().proxy.url);
        QCOMPARE(url.host(), QStringLiteral("proxy.example"));
        QCOMPARE(url.port(), 3128);
        QCOMPARE(url.userName(), QStringLiteral("bob"));
        QCOMPARE(url.password(), QStringLiteral("p@ss:word"));
    }

    void verifyOffShowsAWarning()
    {
        ConnectionOptionsDialog dialog;
        dialog.show();
        auto *warning = child<QLabel>(dialog, "verifyWarning");
        QVERIFY(warning->isHidden());
        child<QTabWidget>(dialog, "tabs")->setCurrentIndex(ConnectionOptionsDialog::TlsPage);
        clickCheckBox(child<QCheckBox>(dialog, "verify"));
        QVERIFY(!dialog.options().tls.verify);
        QVERIFY(warning->isVisible());
        QVERIFY(warning->text().contains(QLatin1String("Verification is off")));
    }

    void badValuesAreRefusedOnOk_data()
    {
        QTest::addColumn<ConnectionOptions>("options");
        QTest::addColumn<int>("page");
        QTest::addColumn<QString>("message");

        ConnectionOptions crlfValue;
        crlfValue.headers = {{"X-Good", "1"}, {"X-Evil", "a\r\nInjected: yes"}};
        QTest::newRow("CR LF in a header value") << crlfValue << int(ConnectionOptionsDialog::HeadersPage)
                                                 << QStringLiteral("Header on row 2 has a line break (CR or LF) in its value; a header must fit on one line.");
        ConnectionOptions lfName;
        lfName.headers = {{"X-A\nB", "1"}};
        QTest::newRow("LF in a header name") << lfName << int(ConnectionOptionsDialog::HeadersPage)
                                             << QStringLiteral("Header on row 1 has a line break (CR or LF) in its name; a header must fit on one line.");
        ConnectionOptions crOnly;
        crOnly.headers = {{"X-A", "1\r"}};
        QTest::newRow("lone CR in a header value") << crOnly << int(ConnectionOptionsDialog::HeadersPage)
                                                   << QStringLiteral("Header on row 1 has a line break (CR or LF) in its value; a header must fit on one line.");
        ConnectionOptions space;
        space.headers = {{"X Bad", "1"}};
        QTest::newRow("space in a header name") << space << int(ConnectionOptionsDialog::HeadersPage)
                                                << QStringLiteral("Header name “X Bad” on row 1 is not an HTTP token: no spaces or ()<>@,;:\\\"/[]?={} allowed (RFC 7230 section 3.2.6).");
        ConnectionOptions noName;
        noName.headers = {{"", "value"}};
        QTest::newRow("value without a name") << noName << int(ConnectionOptionsDialog::HeadersPage)
                                              << QStringLiteral("Header on row 1 has a value but no name.");
        ConnectionOptions proxyHeader;
        proxyHeader.proxy.mode = wsi::net::ProxyMode::HttpConnect;
        proxyHeader.proxy.url = QStringLiteral("http://proxy.example:3128");
        proxyHeader.proxy.headers = {{"X-P", "a\nb"}};
        QTest::newRow("LF in a proxy header") << proxyHeader << int(ConnectionOptionsDialog::ProxyPage)
                                              << QStringLiteral("Proxy headers: Header on row 1 has a line break (CR or LF) in its value; a header must fit on one line.");
        ConnectionOptions proxyScheme;
        proxyScheme.proxy.mode = wsi::net::ProxyMode::HttpConnect;
        proxyScheme.proxy.url = QStringLiteral("socks5://proxy.example:1080");
        QTest::newRow("HTTP proxy with a socks5 URL") << proxyScheme << int(ConnectionOptionsDialog::ProxyPage)
                                                      << QStringLiteral("HTTP proxy URL must start with http:// (got \"socks5\").");
        ConnectionOptions subprotocol;
        subprotocol.subprotocols = {QStringLiteral("chat"), QStringLiteral("two words")};
        QTest::newRow("subprotocol with a space") << subprotocol << int(ConnectionOptionsDialog::GeneralPage)
                                                  << QStringLiteral("Subprotocol “two words” is not a token: no spaces or separators (RFC 6455 section 4.1).");
        ConnectionOptions missingCa;
        missingCa.tls.caFile = QStringLiteral("/nonexistent/ca.pem");
        QTest::newRow("CA file that does not exist") << missingCa << int(ConnectionOptionsDialog::TlsPage)
                                                     << QStringLiteral("CA file \"/nonexistent/ca.pem\" cannot be read.");
        ConnectionOptions reconnect;
        reconnect.reconnect.enabled = true;
        reconnect.reconnect.initialDelayMs = 5000;
        reconnect.reconnect.maxDelayMs = 1000;
        QTest::newRow("reconnect delays the wrong way round") << reconnect << int(ConnectionOptionsDialog::GeneralPage)
                                                              << QStringLiteral("The longest reconnect delay (1000 ms) is shorter than the first one (5000 ms).");
    }

    void badValuesAreRefusedOnOk()
    {
        QFETCH(ConnectionOptions, options);
        QFETCH(int, page);
        QFETCH(QString, message);
        ConnectionOptionsDialog dialog;
        dialog.setOptions(options);
        dialog.show();
        QSignalSpy accepted(&dialog, &QDialog::accepted);
        auto *ok = child<QDialogButtonBox>(dialog, "buttons")->button(QDialogButtonBox::Ok);
        QTest::mouseClick(ok, Qt::LeftButton);
        QCOMPARE(accepted.count(), 0);
        QVERIFY(dialog.isVisible());
        QCOMPARE(dialog.problemText(), message);
        QCOMPARE(child<QTabWidget>(dialog, "tabs")->currentIndex(), page);
    }

    void headerTypedWithALineBreakIsRefused()
    {
        ConnectionOptionsDialog dialog;
        dialog.show();
        child<QTabWidget>(dialog, "tabs")->setCurrentIndex(ConnectionOptionsDialog::HeadersPage);
        auto *editor = child<wsi::ui::HeaderTableEditor>(dialog, "headers");
        QTest::mouseClick(child<QPushButton>(*editor, "addHeader"), Qt::LeftButton);
        QCOMPARE(editor->table()->rowCount(), 1);
        editor->table()->item(0, 0)->setText(QStringLiteral("X-Note"));
        editor->table()->item(0, 1)->setText(QStringLiteral("line one\nline two")); // pasted
        QSignalSpy accepted(&dialog, &QDialog::accepted);
        dialog.accept();
        QCOMPARE(accepted.count(), 0);
        QVERIFY(dialog.problemText().contains(QLatin1String("line break")));
        // Fixed, it goes through.
        editor->table()->item(0, 1)->setText(QStringLiteral("line one"));
        dialog.accept();
        QCOMPARE(accepted.count(), 1);
        QCOMPARE(dialog.options().headers, (HeaderList{{"X-Note", "line one"}}));
    }

    void addAndRemoveHeaders()
    {
        ConnectionOptionsDialog dialog;
        dialog.show();
        child<QTabWidget>(dialog, "tabs")->setCurrentIndex(ConnectionOptionsDialog::HeadersPage);
        auto *editor = child<wsi::ui::HeaderTableEditor>(dialog, "headers");
        auto *add = child<QPushButton>(*editor, "addHeader");
        QTest::mouseClick(add, Qt::LeftButton);
        QTest::mouseClick(add, Qt::LeftButton);
        editor->table()->item(0, 0)->setText(QStringLiteral("A"));
        editor->table()->item(0, 1)->setText(QStringLiteral("1"));
        editor->table()->item(1, 0)->setText(QStringLiteral("B"));
        editor->table()->item(1, 1)->setText(QStringLiteral("2"));
        editor->table()->selectRow(0);
        QTest::mouseClick(child<QPushButton>(*editor, "removeHeader"), Qt::LeftButton);
        QCOMPARE(dialog.options().headers, (HeaderList{{"B", "2"}}));
    }

    void emptyHeaderRowsAreIgnored()
    {
        ConnectionOptionsDialog dialog;
        auto *editor = child<wsi::ui::HeaderTableEditor>(dialog, "headers");
        editor->addRow();
        editor->addRow(QStringLiteral("X-Real"), QStringLiteral("1"));
        QVERIFY(dialog.validate().isEmpty());
        QCOMPARE(dialog.options().headers, (HeaderList{{"X-Real", "1"}}));
    }

    void goodOptionsAreAccepted()
    {
        QTemporaryDir dir;
        const QString ca = dir.filePath(QStringLiteral("ca.pem"));
        QFile file(ca);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("-----BEGIN CERTIFICATE-----\n");
        file.close();
        ConnectionOptions o = everythingChanged();
        o.tls.caFile = ca;
        o.tls.caDirectory = dir.path();
        o.tls.clientCertificate = ca;
        o.tls.clientKey = ca;
        ConnectionOptionsDialog dialog;
        dialog.setOptions(o);
        QSignalSpy accepted(&dialog, &QDialog::accepted);
        dialog.accept();
        QVERIFY2(accepted.count() == 1, qPrintable(dialog.problemText()));
        compareOptions(dialog.options(), o);
    }

    void fillFromOptionsWritesTheUpgradeRequest()
    {
        ConnectionOptions o;
        o.url = QStringLiteral("ws://example.com:9001/feed?x=1");
        o.subprotocols = {QStringLiteral("a"), QStringLiteral("b")};
        o.origin = QStringLiteral("https://app.example");
        o.headers = {{"X-Test", "1"}};
        o.deflate = true;
        ConnectionOptionsDialog dialog;
        dialog.setOptions(o);
        dialog.show();
        QTest::mouseClick(child<QPushButton>(dialog, "fillRequest"), Qt::LeftButton);
        const QString shown = child<QPlainTextEdit>(dialog, "rawRequest")->toPlainText();
        QVERIFY(shown.startsWith(QLatin1String("GET /feed?x=1 HTTP/1.1\nHost: example.com:9001\n")));
        for (const char *line : {"Upgrade: websocket\n", "Connection: Upgrade\n", "Sec-WebSocket-Version: 13\n",
                                 "Origin: https://app.example\n", "Sec-WebSocket-Protocol: a, b\n",
                                 "Sec-WebSocket-Extensions: permessage-deflate", "X-Test: 1\n", "Sec-WebSocket-Key: "})
            QVERIFY2(shown.contains(QLatin1String(line)), line);
        const QByteArray sent = dialog.options().rawRequestOverride;
        QVERIFY(sent.endsWith("\r\n\r\n"));
        QCOMPARE(sent.count('\n'), sent.count("\r\n")); // every line ends in CR LF
        QVERIFY(child<QLabel>(dialog, "rawRequestNote")->text().contains(QLatin1String("verbatim")));
    }

    // The lab starts from a request of the chosen version: draft 76's keys, no version
    // header; and what the drafts do not have is disabled.
    void fillFromOptionsWritesAHixieRequest()
    {
        ConnectionOptions o;
        o.url = QStringLiteral("ws://example.com:9001/feed");
        o.protocolVersion = wsi::protocol::ProtocolVersion::Hixie76;
        ConnectionOptionsDialog dialog;
        dialog.setOptions(o);
        dialog.show();
        QVERIFY(!child<QCheckBox>(dialog, "deflate")->isEnabled());
        QVERIFY(!child<QCheckBox>(dialog, "autoPong")->isEnabled());
        QTest::mouseClick(child<QPushButton>(dialog, "fillRequest"), Qt::LeftButton);
        const QString shown = child<QPlainTextEdit>(dialog, "rawRequest")->toPlainText();
        QVERIFY2(shown.startsWith(QLatin1String("GET /feed HTTP/1.1\nUpgrade: WebSocket\nConnection: Upgrade\n")), qPrintable(shown));
        for (const char *line : {"Host: example.com:9001\n", "Sec-WebSocket-Key1: ", "Sec-WebSocket-Key2: "})
            QVERIFY2(shown.contains(QLatin1String(line)), line);
        QVERIFY(!shown.contains(QLatin1String("Sec-WebSocket-Version")));
        QVERIFY(!shown.contains(QLatin1String("Sec-WebSocket-Key:")));

        child<QComboBox>(dialog, "webSocketVersion")->setCurrentIndex(0); // 13
        QVERIFY(child<QCheckBox>(dialog, "deflate")->isEnabled());
        QCOMPARE(dialog.options().protocolVersion, wsi::protocol::ProtocolVersion::Rfc6455_13);
    }

    void unfinishedRawRequestIsPointedOut()
    {
        ConnectionOptionsDialog dialog;
        dialog.show();
        child<QPlainTextEdit>(dialog, "rawRequest")->setPlainText(QStringLiteral("GET / HTTP/1.1\nHost: x\n"));
        QVERIFY(child<QLabel>(dialog, "rawRequestNote")->text().contains(QLatin1String("does not end with an empty line")));
        QCOMPARE(dialog.options().rawRequestOverride, QByteArray("GET / HTTP/1.1\r\nHost: x\r\n"));
        clickCheckBox(child<QCheckBox>(dialog, "crlf"));
        QCOMPARE(dialog.options().rawRequestOverride, QByteArray("GET / HTTP/1.1\nHost: x\n"));
    }
};

QTEST_MAIN(TestConnectionOptionsDialog)
#include "tst_connectionoptionsdialog.moc"
