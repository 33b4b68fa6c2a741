// SPDX-License-Identifier: MIT
// permessage-deflate negotiation (RFC 7692 section 7.1): offers and parameters
// formatted, negotiated as a server, accepted as a client, and both roles agreeing.
#include "DeflateTestSupport.h"

class TestDeflateNegotiation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void formatsOffer_data();
    void formatsOffer();
    void formatsParams();
    void negotiatesAsServer_data();
    void negotiatesAsServer();
    void acceptsServerResponse_data();
    void acceptsServerResponse();
    void bothRolesAgreeAndInterwork_data();
    void bothRolesAgreeAndInterwork();
};

// ---- negotiation: RFC 7692 section 7.1 -----------------------------------------------------

void TestDeflateNegotiation::formatsOffer_data()
{
    QTest::addColumn<bool>("serverNoContextTakeover");
    QTest::addColumn<bool>("clientNoContextTakeover");
    QTest::addColumn<int>("serverMaxWindowBits");
    QTest::addColumn<int>("clientMaxWindowBits");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("default offer lets the server pick our window")
        << false << false << 0 << -1 << QByteArray("permessage-deflate; client_max_window_bits");
    QTest::newRow("bare offer") << false << false << 0 << 0 << QByteArray("permessage-deflate");
    QTest::newRow("every parameter")
        << true << true << 10 << 12
        << QByteArray("permessage-deflate; server_no_context_takeover; client_no_context_takeover; "
                      "server_max_window_bits=10; client_max_window_bits=12");
    QTest::newRow("smallest windows") << false << false << 8 << 8
        << QByteArray("permessage-deflate; server_max_window_bits=8; client_max_window_bits=8");
}

void TestDeflateNegotiation::formatsOffer()
{
    QFETCH(bool, serverNoContextTakeover);
    QFETCH(bool, clientNoContextTakeover);
    QFETCH(int, serverMaxWindowBits);
    QFETCH(int, clientMaxWindowBits);
    QFETCH(QByteArray, expected);
    DeflateOffer offer;
    offer.serverNoContextTakeover = serverNoContextTakeover;
    offer.clientNoContextTakeover = clientNoContextTakeover;
    offer.serverMaxWindowBits = serverMaxWindowBits;
    offer.clientMaxWindowBits = clientMaxWindowBits;
    QCOMPARE(QByteArray::fromStdString(formatDeflateOffer(offer)), expected);
    // What we offer, a server of ours accepts.
    DeflateParams params;
    std::string response;
    QVERIFY(negotiateDeflateAsServer(parseOffers(expected), DeflateServerOptions(), params, response));
}

void TestDeflateNegotiation::formatsParams()
{
    QCOMPARE(formatDeflateParams(DeflateParams()), std::string("permessage-deflate"));
    DeflateParams params;
    params.serverNoContextTakeover = true;
    params.clientNoContextTakeover = true;
    params.serverMaxWindowBits = 9;
    params.clientMaxWindowBits = 14;
    QCOMPARE(formatDeflateParams(params),
             std::string("permessage-deflate; server_no_context_takeover; client_no_context_takeover; "
                         "server_max_window_bits=9; client_max_window_bits=14"));
    params.serverMaxWindowBits = 15;
    QCOMPARE(formatDeflateParams(params),
             std::string("permessage-deflate; server_no_context_takeover; client_no_context_takeover; "
                         "client_max_window_bits=14"));
}

void TestDeflateNegotiation::negotiatesAsServer_data()
{
    QTest::addColumn<QByteArray>("offers");
    QTest::addColumn<bool>("forceServerNoContextTakeover");
    QTest::addColumn<bool>("askClientNoContextTakeover");
    QTest::addColumn<int>("ourServerBits");
    QTest::addColumn<int>("ourClientBits");
    QTest::addColumn<bool>("accepted");
    QTest::addColumn<QByteArray>("response");
    QTest::addColumn<QByteArray>("params");

    const QByteArray plain("permessage-deflate");
    const QByteArray defaults("server: takeover window 15; client: takeover window 15");
    auto row = [](const char *name) { return &QTest::newRow(name); };

    *row("bare offer") << plain << false << false << 15 << 15 << true << plain << defaults;
    *row("client window without a value, ours the default")
        << QByteArray("permessage-deflate; client_max_window_bits") << false << false << 15 << 15
        << true << plain << defaults;
    *row("client window without a value, ours smaller")
        << QByteArray("permessage-deflate; client_max_window_bits") << false << false << 15 << 10
        << true << QByteArray("permessage-deflate; client_max_window_bits=10")
        << QByteArray("server: takeover window 15; client: takeover window 10");
    *row("client window offered below ours")
        << QByteArray("permessage-deflate; client_max_window_bits=12") << false << false << 15 << 15
        << true << QByteArray("permessage-deflate; client_max_window_bits=12")
        << QByteArray("server: takeover window 15; client: takeover window 12");
    *row("client window offered above ours")
        << QByteArray("permessage-deflate; client_max_window_bits=12") << false << false << 15 << 10
        << true << QByteArray("permessage-deflate; client_max_window_bits=10")
        << QByteArray("server: takeover window 15; client: takeover window 10");
    *row("our client window not asked when the client did not offer the parameter")
        << plain << false << false << 15 << 9 << true << plain << defaults;
    *row("server window asked")
        << QByteArray("permessage-deflate; server_max_window_bits=10") << false << false << 15 << 15
        << true << QByteArray("permessage-deflate; server_max_window_bits=10")
        << QByteArray("server: takeover window 10; client: takeover window 15");
    *row("server window asked, ours smaller")
        << QByteArray("permessage-deflate; server_max_window_bits=10") << false << false << 9 << 15
        << true << QByteArray("permessage-deflate; server_max_window_bits=9")
        << QByteArray("server: takeover window 9; client: takeover window 15");
    *row("server window asked at the default is echoed")
        << QByteArray("permessage-deflate; server_max_window_bits=15") << false << false << 15 << 15
        << true << QByteArray("permessage-deflate; server_max_window_bits=15") << defaults;
    *row("our smaller server window announced unasked")
        << plain << false << false << 12 << 15
        << true << QByteArray("permessage-deflate; server_max_window_bits=12")
        << QByteArray("server: takeover window 12; client: takeover window 15");
    *row("server window of 8 accepted (deflated with zlib's 9, reaching 250 octets back)")
        << QByteArray("permessage-deflate; server_max_window_bits=8") << false << false << 15 << 15
        << true << QByteArray("permessage-deflate; server_max_window_bits=8")
        << QByteArray("server: takeover window 8; client: takeover window 15");
    *row("server no context takeover asked")
        << QByteArray("permessage-deflate; server_no_context_takeover") << false << false << 15 << 15
        << true << QByteArray("permessage-deflate; server_no_context_takeover")
        << QByteArray("server: no takeover window 15; client: takeover window 15");
    *row("server no context takeover forced by us")
        << plain << true << false << 15 << 15
        << true << QByteArray("permessage-deflate; server_no_context_takeover")
        << QByteArray("server: no takeover window 15; client: takeover window 15");
    *row("client no context takeover asked by us, unoffered")
        << plain << false << true << 15 << 15
        << true << QByteArray("permessage-deflate; client_no_context_takeover")
        << QByteArray("server: takeover window 15; client: no takeover window 15");
    *row("client no context takeover offered only as a hint")
        << QByteArray("permessage-deflate; client_no_context_takeover") << false << false << 15 << 15
        << true << plain << defaults;
    *row("every parameter")
        << QByteArray("permessage-deflate; server_no_context_takeover; client_no_context_takeover; "
                      "server_max_window_bits=10; client_max_window_bits=9")
        << false << true << 15 << 15 << true
        << QByteArray("permessage-deflate; server_no_context_takeover; client_no_context_takeover; "
                      "server_max_window_bits=10; client_max_window_bits=9")
        << QByteArray("server: no takeover window 10; client: no takeover window 9");
    *row("quoted window value")
        << QByteArray("permessage-deflate; client_max_window_bits=\"10\"") << false << false << 15 << 15
        << true << QByteArray("permessage-deflate; client_max_window_bits=10")
        << QByteArray("server: takeover window 15; client: takeover window 10");
    *row("first of two acceptable offers")
        << QByteArray("permessage-deflate; server_max_window_bits=10, permessage-deflate")
        << false << false << 15 << 15 << true
        << QByteArray("permessage-deflate; server_max_window_bits=10")
        << QByteArray("server: takeover window 10; client: takeover window 15");
    *row("invalid first offer, valid fallback")
        << QByteArray("permessage-deflate; server_max_window_bits=7, "
                      "permessage-deflate; client_max_window_bits")
        << false << false << 15 << 11 << true
        << QByteArray("permessage-deflate; client_max_window_bits=11")
        << QByteArray("server: takeover window 15; client: takeover window 11");
    *row("another extension first")
        << QByteArray("x-webkit-deflate-frame, permessage-deflate; server_max_window_bits=11")
        << false << false << 15 << 15 << true
        << QByteArray("permessage-deflate; server_max_window_bits=11")
        << QByteArray("server: takeover window 11; client: takeover window 15");

    const char *const declined[][2] = {
        {"only another extension", "x-webkit-deflate-frame"},
        {"unknown parameter", "permessage-deflate; mystery"},
        {"unknown parameter with a value", "permessage-deflate; mystery=1"},
        {"duplicate flag", "permessage-deflate; server_no_context_takeover; server_no_context_takeover"},
        {"duplicate window", "permessage-deflate; client_max_window_bits=10; client_max_window_bits=10"},
        {"duplicate window, one without value",
         "permessage-deflate; client_max_window_bits; client_max_window_bits=10"},
        {"server window 7", "permessage-deflate; server_max_window_bits=7"},
        {"server window 16", "permessage-deflate; server_max_window_bits=16"},
        {"server window with a leading zero", "permessage-deflate; server_max_window_bits=09"},
        {"server window not a number", "permessage-deflate; server_max_window_bits=ten"},
        {"server window signed", "permessage-deflate; server_max_window_bits=+9"},
        {"server window without a value", "permessage-deflate; server_max_window_bits"},
        {"client window 0", "permessage-deflate; client_max_window_bits=0"},
        {"client window 100", "permessage-deflate; client_max_window_bits=100"},
        {"server no context takeover with a value", "permessage-deflate; server_no_context_takeover=1"},
        {"client no context takeover with a value",
         "permessage-deflate; client_no_context_takeover=true"},
        {"two invalid offers", "permessage-deflate; a, permessage-deflate; b"},
    };
    for (const auto &entry : declined)
        *row(entry[0]) << QByteArray(entry[1]) << false << false << 15 << 15 << false
                       << QByteArray() << QByteArray();
}

void TestDeflateNegotiation::negotiatesAsServer()
{
    QFETCH(QByteArray, offers);
    QFETCH(bool, forceServerNoContextTakeover);
    QFETCH(bool, askClientNoContextTakeover);
    QFETCH(int, ourServerBits);
    QFETCH(int, ourClientBits);
    QFETCH(bool, accepted);
    QFETCH(QByteArray, response);
    QFETCH(QByteArray, params);

    DeflateServerOptions options;
    options.serverNoContextTakeover = forceServerNoContextTakeover;
    options.clientNoContextTakeover = askClientNoContextTakeover;
    options.serverMaxWindowBits = ourServerBits;
    options.clientMaxWindowBits = ourClientBits;
    DeflateParams settled;
    std::string responseValue;
    QCOMPARE(negotiateDeflateAsServer(parseOffers(offers), options, settled, responseValue), accepted);
    if (!accepted)
        return;
    QCOMPARE(QByteArray::fromStdString(responseValue), response);
    QCOMPARE(describe(settled), params);
}

void TestDeflateNegotiation::acceptsServerResponse_data()
{
    QTest::addColumn<int>("offeredServerBits");
    QTest::addColumn<int>("offeredClientBits");
    QTest::addColumn<bool>("offeredClientNoContextTakeover");
    QTest::addColumn<QByteArray>("response");
    // The settled parameters, or the error.
    QTest::addColumn<QByteArray>("expected");

    const QByteArray defaults("server: takeover window 15; client: takeover window 15");
    const QByteArray prefix("permessage-deflate response: ");
    const QByteArray notWindow(
        " is not a window size (8 to 15, no leading zeros; RFC 7692 section 7.1.2)");
    auto row = [](const char *name) { return &QTest::newRow(name); };

    *row("bare response") << 0 << -1 << false << QByteArray("permessage-deflate") << defaults;
    *row("server no context takeover, unasked")
        << 0 << -1 << false << QByteArray("permessage-deflate; server_no_context_takeover")
        << QByteArray("server: no takeover window 15; client: takeover window 15");
    *row("client no context takeover, asked by the server")
        << 0 << -1 << false << QByteArray("permessage-deflate; client_no_context_takeover")
        << QByteArray("server: takeover window 15; client: no takeover window 15");
    *row("client no context takeover we promised in the offer")
        << 0 << -1 << true << QByteArray("permessage-deflate")
        << QByteArray("server: takeover window 15; client: no takeover window 15");
    *row("server window, unasked") << 0 << -1 << false
        << QByteArray("permessage-deflate; server_max_window_bits=10")
        << QByteArray("server: takeover window 10; client: takeover window 15");
    *row("server window of 8") << 0 << -1 << false
        << QByteArray("permessage-deflate; server_max_window_bits=8")
        << QByteArray("server: takeover window 8; client: takeover window 15");
    *row("server window below the one we asked") << 10 << -1 << false
        << QByteArray("permessage-deflate; server_max_window_bits=9")
        << QByteArray("server: takeover window 9; client: takeover window 15");
    *row("server window we asked, left out") << 10 << -1 << false
        << QByteArray("permessage-deflate") << defaults;
    *row("server window above the one we asked") << 10 << -1 << false
        << QByteArray("permessage-deflate; server_max_window_bits=12")
        << prefix + "server_max_window_bits=12 is larger than the 10 we offered "
                    "(RFC 7692 section 7.1.2.1)";
    *row("client window picked by the server") << 0 << -1 << false
        << QByteArray("permessage-deflate; client_max_window_bits=9")
        << QByteArray("server: takeover window 15; client: takeover window 9");
    *row("client window equal to ours") << 0 << 10 << false
        << QByteArray("permessage-deflate; client_max_window_bits=10")
        << QByteArray("server: takeover window 15; client: takeover window 10");
    *row("client window left out keeps ours") << 0 << 10 << false
        << QByteArray("permessage-deflate")
        << QByteArray("server: takeover window 15; client: takeover window 10");
    *row("client window above ours") << 0 << 10 << false
        << QByteArray("permessage-deflate; client_max_window_bits=11")
        << prefix + "client_max_window_bits=11 is larger than the 10 we offered "
                    "(RFC 7692 section 7.1.2.2)";
    *row("client window we did not offer") << 0 << 0 << false
        << QByteArray("permessage-deflate; client_max_window_bits=9")
        << prefix + "client_max_window_bits=9 was not offered (RFC 7692 section 7.1.2.2)";
    *row("client window without a value") << 0 << -1 << false
        << QByteArray("permessage-deflate; client_max_window_bits")
        << prefix + "client_max_window_bits needs a value from 8 to 15 (RFC 7692 section 7.1.2)";
    *row("server window without a value") << 0 << -1 << false
        << QByteArray("permessage-deflate; server_max_window_bits")
        << prefix + "server_max_window_bits needs a value from 8 to 15 (RFC 7692 section 7.1.2)";
    *row("server window 16") << 0 << -1 << false
        << QByteArray("permessage-deflate; server_max_window_bits=16")
        << prefix + "server_max_window_bits=16" + notWindow;
    *row("server window 7") << 0 << -1 << false
        << QByteArray("permessage-deflate; server_max_window_bits=7")
        << prefix + "server_max_window_bits=7" + notWindow;
    *row("client window with a leading zero") << 0 << -1 << false
        << QByteArray("permessage-deflate; client_max_window_bits=010")
        << prefix + "client_max_window_bits=010" + notWindow;
    *row("unknown parameter") << 0 << -1 << false
        << QByteArray("permessage-deflate; mystery=1")
        << prefix + "unknown parameter mystery=1 (RFC 7692 section 7.1)";
    *row("duplicate parameter") << 0 << -1 << false
        << QByteArray("permessage-deflate; client_no_context_takeover; client_no_context_takeover")
        << prefix + "client_no_context_takeover appears more than once (RFC 7692 section 7.1)";
    *row("flag with a value") << 0 << -1 << false
        << QByteArray("permessage-deflate; server_no_context_takeover=yes")
        << prefix + "server_no_context_takeover takes no value, got \"yes\" (RFC 7692 section 7.1.1)";
    *row("another extension") << 0 << -1 << false << QByteArray("x-webkit-deflate-frame")
        << QByteArray("expected permessage-deflate, got x-webkit-deflate-frame");
}

void TestDeflateNegotiation::acceptsServerResponse()
{
    QFETCH(int, offeredServerBits);
    QFETCH(int, offeredClientBits);
    QFETCH(bool, offeredClientNoContextTakeover);
    QFETCH(QByteArray, response);
    QFETCH(QByteArray, expected);

    DeflateOffer offer;
    offer.serverMaxWindowBits = offeredServerBits;
    offer.clientMaxWindowBits = offeredClientBits;
    offer.clientNoContextTakeover = offeredClientNoContextTakeover;
    const std::vector<Extension> extensions = parseOffers(response);
    QCOMPARE(extensions.size(), std::size_t(1));
    DeflateParams params;
    std::string error;
    const bool ok = acceptDeflateResponse(extensions[0], offer, params, error);
    QCOMPARE(ok ? describe(params) : QByteArray::fromStdString(error), expected);
    QCOMPARE(ok, error.empty());
}

void TestDeflateNegotiation::bothRolesAgreeAndInterwork_data()
{
    QTest::addColumn<bool>("serverNoContextTakeover");
    QTest::addColumn<bool>("clientNoContextTakeover");
    QTest::addColumn<int>("offeredServerBits");
    QTest::addColumn<int>("offeredClientBits");
    QTest::addColumn<int>("ourServerBits");
    QTest::addColumn<int>("ourClientBits");
    QTest::addColumn<bool>("forceServerNoContextTakeover");
    QTest::addColumn<bool>("askClientNoContextTakeover");

    QTest::newRow("defaults") << false << false << 0 << -1 << 15 << 15 << false << false;
    QTest::newRow("small windows both ways") << false << false << 8 << -1 << 15 << 8 << false << false;
    QTest::newRow("client asks no takeover and small server window")
        << true << false << 10 << 12 << 15 << 15 << false << false;
    QTest::newRow("server forces and asks no takeover")
        << false << false << 0 << -1 << 11 << 9 << true << true;
    QTest::newRow("client promises no takeover")
        << false << true << 0 << 0 << 15 << 15 << false << false;
}

void TestDeflateNegotiation::bothRolesAgreeAndInterwork()
{
    QFETCH(bool, serverNoContextTakeover);
    QFETCH(bool, clientNoContextTakeover);
    QFETCH(int, offeredServerBits);
    QFETCH(int, offeredClientBits);
    QFETCH(int, ourServerBits);
    QFETCH(int, ourClientBits);
    QFETCH(bool, forceServerNoContextTakeover);
    QFETCH(bool, askClientNoContextTakeover);

    DeflateOffer offer;
    offer.serverNoContextTakeover = serverNoContextTakeover;
    offer.clientNoContextTakeover = clientNoContextTakeover;
    offer.serverMaxWindowBits = offeredServerBits;
    offer.clientMaxWindowBits = offeredClientBits;
    DeflateServerOptions options;
    options.serverMaxWindowBits = ourServerBits;
    options.clientMaxWindowBits = ourClientBits;
    options.serverNoContextTakeover = forceServerNoContextTakeover;
    options.clientNoContextTakeover = askClientNoContextTakeover;

    DeflateParams server;
    std::string response;
    QVERIFY(negotiateDeflateAsServer(parseOffers(QByteArray::fromStdString(formatDeflateOffer(offer))),
                                     options, server, response));
    const std::vector<Extension> answered = parseOffers(QByteArray::fromStdString(response));
    QCOMPARE(answered.size(), std::size_t(1));
    DeflateParams client;
    std::string error;
    QVERIFY2(acceptDeflateResponse(answered[0], offer, client, error), error.c_str());
    // The client may be stricter with itself than the server knows (a promised
    // client_no_context_takeover); everything else must agree.
    QCOMPARE(client.serverNoContextTakeover, server.serverNoContextTakeover);
    QCOMPARE(client.serverMaxWindowBits, server.serverMaxWindowBits);
    QCOMPARE(client.clientMaxWindowBits, server.clientMaxWindowBits);
    QVERIFY(client.clientNoContextTakeover || !server.clientNoContextTakeover);

    // Each side compresses with its own settings; the peer inflates with what it knows.
    MessageDeflater serverOut(server.serverMaxWindowBits, server.serverNoContextTakeover);
    MessageInflater clientIn(client.serverMaxWindowBits, client.serverNoContextTakeover);
    MessageDeflater clientOut(client.clientMaxWindowBits, client.clientNoContextTakeover);
    MessageInflater serverIn(server.clientMaxWindowBits, server.clientNoContextTakeover);
    for (int i = 0; i < 4; ++i) {
        const std::string message = repetitiveBytes(5000, std::uint32_t(i % 2));
        QVERIFY(inflateWhole(clientIn, compressOne(serverOut, message)) == message);
        QVERIFY(inflateWhole(serverIn, compressOne(clientOut, message)) == message);
    }
}

QTEST_GUILESS_MAIN(TestDeflateNegotiation)
#include "tst_deflatenegotiation.moc"
