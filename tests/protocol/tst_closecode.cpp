// SPDX-License-Identifier: MIT
// Close codes (RFC 6455 section 7.4): which may be received, what they mean, and the close
// code and stable id of every ProtocolError.
#include "protocol/CloseCode.h"
#include "protocol/Opcode.h"
#include "protocol/ProtocolError.h"

#include <QtTest/QtTest>

#include <set>
#include <string>

using namespace wsi::protocol;

class tst_CloseCode : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void validReceivedCode_data();
    void validReceivedCode();
    void wholeRangeMatchesTheRule();
    void meaning_data();
    void meaning();
    void errorCloseCode_data();
    void errorCloseCode();
    void errorIdsAreDistinctKebabCase();
    void opcodeNames();
};

void tst_CloseCode::validReceivedCode_data()
{
    QTest::addColumn<int>("code");
    QTest::addColumn<bool>("valid");
    QTest::newRow("0") << 0 << false;
    QTest::newRow("999 below the range") << 999 << false;
    QTest::newRow("1000 normal") << 1000 << true;
    QTest::newRow("1001 going away") << 1001 << true;
    QTest::newRow("1002 protocol error") << 1002 << true;
    QTest::newRow("1003 unsupported data") << 1003 << true;
    QTest::newRow("1004 reserved") << 1004 << false;
    QTest::newRow("1005 no status, never on the wire") << 1005 << false;
    QTest::newRow("1006 abnormal, never on the wire") << 1006 << false;
    QTest::newRow("1007 invalid payload") << 1007 << true;
    QTest::newRow("1008 policy violation") << 1008 << true;
    QTest::newRow("1009 message too big") << 1009 << true;
    QTest::newRow("1010 mandatory extension") << 1010 << true;
    QTest::newRow("1011 internal error") << 1011 << true;
    QTest::newRow("1012 service restart") << 1012 << true;
    QTest::newRow("1013 try again later") << 1013 << true;
    QTest::newRow("1014 bad gateway") << 1014 << true;
    QTest::newRow("1015 TLS, never on the wire") << 1015 << false;
    QTest::newRow("1016 unassigned") << 1016 << false;
    QTest::newRow("2000 unassigned") << 2000 << false;
    QTest::newRow("2999 unassigned") << 2999 << false;
    QTest::newRow("3000 first library code") << 3000 << true;
    QTest::newRow("3999 last library code") << 3999 << true;
    QTest::newRow("4000 first private code") << 4000 << true;
    QTest::newRow("4999 last private code") << 4999 << true;
    QTest::newRow("5000 above the range") << 5000 << false;
    QTest::newRow("65535 largest 16-bit value") << 65535 << false;
}

void tst_CloseCode::validReceivedCode()
{
    QFETCH(int, code);
    QFETCH(bool, valid);
    QCOMPARE(isValidReceivedCloseCode(std::uint16_t(code)), valid);
}

void tst_CloseCode::wholeRangeMatchesTheRule()
{
    // Every 16-bit value against the rule as written in the header and the issue.
    int validCount = 0;
    for (int code = 0; code <= 0xFFFF; ++code) {
        const bool expected = (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014)
            || (code >= 3000 && code <= 4999);
        if (isValidReceivedCloseCode(std::uint16_t(code)) != expected)
            QFAIL(qPrintable(QStringLiteral("code %1").arg(code)));
        validCount += expected;
    }
    QCOMPARE(validCount, 4 + 8 + 2000);
}

void tst_CloseCode::meaning_data()
{
    QTest::addColumn<int>("code");
    QTest::addColumn<QByteArray>("meaning");
    QTest::newRow("0") << 0 << QByteArray("not used");
    QTest::newRow("999") << 999 << QByteArray("not used");
    QTest::newRow("1000") << 1000 << QByteArray("normal closure");
    QTest::newRow("1001") << 1001 << QByteArray("going away");
    QTest::newRow("1002") << 1002 << QByteArray("protocol error");
    QTest::newRow("1003") << 1003 << QByteArray("unsupported data");
    QTest::newRow("1004") << 1004 << QByteArray("reserved");
    QTest::newRow("1005") << 1005 << QByteArray("no status received");
    QTest::newRow("1006") << 1006 << QByteArray("abnormal closure");
    QTest::newRow("1007") << 1007 << QByteArray("invalid frame payload data");
    QTest::newRow("1008") << 1008 << QByteArray("policy violation");
    QTest::newRow("1009") << 1009 << QByteArray("message too big");
    QTest::newRow("1010") << 1010 << QByteArray("mandatory extension");
    QTest::newRow("1011") << 1011 << QByteArray("internal error");
    QTest::newRow("1012") << 1012 << QByteArray("service restart");
    QTest::newRow("1013") << 1013 << QByteArray("try again later");
    QTest::newRow("1014") << 1014 << QByteArray("bad gateway");
    QTest::newRow("1015") << 1015 << QByteArray("TLS handshake failure");
    QTest::newRow("1016") << 1016 << QByteArray("reserved for the protocol (unassigned)");
    QTest::newRow("2999") << 2999 << QByteArray("reserved for the protocol (unassigned)");
    QTest::newRow("3000") << 3000 << QByteArray("registered by libraries/frameworks");
    QTest::newRow("3999") << 3999 << QByteArray("registered by libraries/frameworks");
    QTest::newRow("4000") << 4000 << QByteArray("private use");
    QTest::newRow("4999") << 4999 << QByteArray("private use");
    QTest::newRow("5000") << 5000 << QByteArray("out of range");
    QTest::newRow("65535") << 65535 << QByteArray("out of range");
}

void tst_CloseCode::meaning()
{
    QFETCH(int, code);
    QFETCH(QByteArray, meaning);
    QCOMPARE(QByteArray(closeCodeMeaning(std::uint16_t(code))), meaning);
}

void tst_CloseCode::errorCloseCode_data()
{
    QTest::addColumn<int>("error");
    QTest::addColumn<int>("closeCode");
    QTest::addColumn<QByteArray>("id");
    using PE = ProtocolError;
    const auto row = [](const char *name, PE e, int code, const char *id) {
        QTest::newRow(name) << int(e) << code << QByteArray(id);
    };
    row("none", PE::None, 1000, "none");
    row("reserved bits set", PE::ReservedBitsSet, 1002, "reserved-bits-set");
    row("reserved opcode", PE::ReservedOpcode, 1002, "reserved-opcode");
    row("mask required", PE::MaskRequired, 1002, "mask-required");
    row("mask forbidden", PE::MaskForbidden, 1002, "mask-forbidden");
    row("non-minimal length", PE::NonMinimalLength, 1002, "non-minimal-length");
    row("length high bit set", PE::LengthHighBitSet, 1002, "length-high-bit-set");
    row("control frame too large", PE::ControlFrameTooLarge, 1002, "control-frame-too-large");
    row("control frame fragmented", PE::ControlFrameFragmented, 1002, "control-frame-fragmented");
    row("unexpected continuation", PE::UnexpectedContinuation, 1002, "unexpected-continuation");
    row("expected continuation", PE::ExpectedContinuation, 1002, "expected-continuation");
    row("invalid UTF-8", PE::InvalidUtf8, 1007, "invalid-utf8");
    row("invalid close payload", PE::InvalidClosePayload, 1002, "invalid-close-payload");
    row("invalid close code", PE::InvalidCloseCode, 1002, "invalid-close-code");
    row("frame too large", PE::FrameTooLarge, 1009, "frame-too-large");
    row("message too large", PE::MessageTooLarge, 1009, "message-too-large");
    row("compressed control frame", PE::CompressedControlFrame, 1002, "compressed-control-frame");
    row("compressed continuation", PE::CompressedContinuation, 1002, "compressed-continuation");
    row("inflate failed", PE::InflateFailed, 1007, "inflate-failed");
    row("hixie close with data", PE::InvalidHixieClose, 1002, "invalid-hixie-close");
}

void tst_CloseCode::errorCloseCode()
{
    QFETCH(int, error);
    QFETCH(int, closeCode);
    QFETCH(QByteArray, id);
    const auto e = ProtocolError(error);
    QCOMPARE(int(closeCodeFor(e)), closeCode);
    QCOMPARE(QByteArray(protocolErrorId(e)), id);
    // What we answer with must itself be a code a peer may receive.
    if (e != ProtocolError::None)
        QVERIFY(isValidReceivedCloseCode(closeCodeFor(e)));
}

void tst_CloseCode::errorIdsAreDistinctKebabCase()
{
    // Every enum value up to the last one (InvalidHixieClose) has its own lower-case id.
    std::set<std::string> seen;
    for (int v = 0; v <= int(ProtocolError::InvalidHixieClose); ++v) {
        const std::string id = protocolErrorId(ProtocolError(v));
        QVERIFY2(seen.insert(id).second, id.c_str());
        QVERIFY2(id != "unknown", id.c_str());
        for (char c : id)
            QVERIFY2((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-', id.c_str());
        QVERIFY(id.front() != '-' && id.back() != '-');
    }
    QCOMPARE(seen.size(), std::size_t(int(ProtocolError::InvalidHixieClose) + 1));
}

void tst_CloseCode::opcodeNames()
{
    QCOMPARE(QByteArray(opcodeName(0x0)), QByteArray("continuation"));
    QCOMPARE(QByteArray(opcodeName(0x1)), QByteArray("text"));
    QCOMPARE(QByteArray(opcodeName(0x2)), QByteArray("binary"));
    QCOMPARE(QByteArray(opcodeName(0x8)), QByteArray("close"));
    QCOMPARE(QByteArray(opcodeName(0x9)), QByteArray("ping"));
    QCOMPARE(QByteArray(opcodeName(0xA)), QByteArray("pong"));
    QCOMPARE(QByteArray(opcodeName(0x3)), QByteArray("reserved-0x3"));
    QCOMPARE(QByteArray(opcodeName(0x7)), QByteArray("reserved-0x7"));
    QCOMPARE(QByteArray(opcodeName(0xB)), QByteArray("reserved-0xb"));
    QCOMPARE(QByteArray(opcodeName(0xF)), QByteArray("reserved-0xf"));
    QCOMPARE(QByteArray(opcodeName(0x10)), QByteArray("invalid"));
    for (std::uint8_t op = 0; op < 16; ++op) {
        const bool reserved = QByteArray(opcodeName(op)).startsWith("reserved-");
        QCOMPARE(reserved, !isKnownOpcode(op));
    }
}

QTEST_GUILESS_MAIN(tst_CloseCode)
#include "tst_closecode.moc"
