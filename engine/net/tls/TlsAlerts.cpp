// SPDX-License-Identifier: MIT
#include "net/tls/TlsAlerts.h"

namespace wsi::net {

namespace {

using A = TlsAlertAdvice;

// RFC 8446 section 6 and RFC 5246 section 7.2, with the two alerts of RFC 6066 that Qt
// names too. The meanings are phrased for an alert a server sends to us, its client.
constexpr TlsAlert Alerts[] = {
    {0, "close_notify", "the server closed the TLS connection", A::None},
    {10, "unexpected_message", "the server received a TLS message it did not expect at that point", A::None},
    {20, "bad_record_mac", "a record failed its integrity check: it was damaged or altered on the way", A::None},
    {21, "decryption_failed", "a record could not be decrypted (an alert of TLS 1.0, reserved since)", A::None},
    {22, "record_overflow", "a record was longer than TLS allows", A::None},
    {30, "decompression_failure", "TLS compression failed (TLS 1.2 and older)", A::None},
    {40, "handshake_failure",
     "the server found nothing acceptable in the handshake: no TLS version, cipher suite, key exchange group or "
     "signature algorithm in common",
     A::VersionOrCipher},
    {41, "no_certificate", "the server requires a client certificate and none was sent (an alert of SSL 3.0)",
     A::ClientCertificate},
    {42, "bad_certificate", "the server rejected the client certificate: it is damaged or its signature does not verify",
     A::OtherClientCertificate},
    {43, "unsupported_certificate", "the server does not support this type of client certificate", A::OtherClientCertificate},
    {44, "certificate_revoked", "the client certificate was revoked by the CA that issued it", A::OtherClientCertificate},
    {45, "certificate_expired", "the client certificate has expired or is not valid yet", A::OtherClientCertificate},
    {46, "certificate_unknown", "the server did not accept the client certificate", A::OtherClientCertificate},
    {47, "illegal_parameter", "a field of the handshake was out of range or inconsistent with the others", A::None},
    {48, "unknown_ca", "the server does not trust the CA that issued the client certificate", A::OtherClientCertificate},
    {49, "access_denied", "the client certificate is valid, but the server does not let this client in",
     A::ClientNotAllowed},
    {50, "decode_error", "a handshake message could not be decoded", A::None},
    {51, "decrypt_error", "a handshake signature or the Finished message did not verify", A::None},
    {60, "export_restriction", "an export-grade parameter was refused (an alert of TLS 1.0, reserved since)", A::None},
    {70, "protocol_version", "the server does not support the TLS versions this client offered", A::VersionOrCipher},
    {71, "insufficient_security", "the server requires cipher suites stronger than those this client offered",
     A::VersionOrCipher},
    {80, "internal_error", "an error inside the server, unrelated to what was sent", A::None},
    {86, "inappropriate_fallback", "the server refused a fallback to an older TLS version (downgrade protection)",
     A::VersionOrCipher},
    {90, "user_canceled", "the server canceled the handshake", A::None},
    {100, "no_renegotiation", "the server refused to renegotiate the TLS session", A::None},
    {109, "missing_extension", "the handshake lacks an extension the server requires", A::None},
    {110, "unsupported_extension", "the handshake carries an extension the server did not expect there", A::None},
    {111, "certificate_unobtainable", "the server could not fetch a certificate from the URL it was given (RFC 6066)",
     A::None},
    {112, "unrecognized_name", "the server has no certificate for the host name sent in SNI", A::ServerName},
    {113, "bad_certificate_status_response", "the server found the certificate status (OCSP) response invalid", A::None},
    {114, "bad_certificate_hash_value", "a certificate did not match its hash (RFC 6066)", A::None},
    {115, "unknown_psk_identity", "the server does not know the pre-shared key identity offered", A::None},
    {116, "certificate_required", "the server requires a client certificate and none was sent", A::ClientCertificate},
    {120, "no_application_protocol", "the server supports none of the application protocols offered (ALPN)",
     A::ApplicationProtocol},
};

} // namespace

TlsAlert tlsAlert(int number)
{
    for (const TlsAlert &alert : Alerts) {
        if (alert.number == number)
            return alert;
    }
    TlsAlert unknown;
    unknown.number = number;
    return unknown;
}

QString describeTlsAlert(int number)
{
    const TlsAlert alert = tlsAlert(number);
    if (!alert.isKnown())
        return QStringLiteral("TLS alert %1, which no TLS RFC defines").arg(number);
    return QStringLiteral("TLS alert %1 (%2): %3").arg(number).arg(QLatin1String(alert.name), QLatin1String(alert.meaning));
}

TlsAlertAdvice tlsAlertAdvice(int number, bool clientCertificateGiven)
{
    const TlsAlertAdvice advice = tlsAlert(number).advice;
    // A server that wants a certificate and got none may say so with bad_certificate or
    // certificate_unknown; one that refuses ours may say certificate_required.
    if (advice == A::OtherClientCertificate && !clientCertificateGiven)
        return A::ClientCertificate;
    if (advice == A::ClientCertificate && clientCertificateGiven)
        return A::OtherClientCertificate;
    return advice;
}

QString tlsAlertHintForCli(TlsAlertAdvice advice)
{
    switch (advice) {
    case A::None:
        return {};
    case A::ClientCertificate:
        return QStringLiteral("give a client certificate and its key: --cert FILE --key FILE");
    case A::OtherClientCertificate:
        return QStringLiteral("the server refused the certificate given with --cert: give one it accepts (issued by a CA "
                              "it trusts, valid today)");
    case A::ClientNotAllowed:
        return QStringLiteral("ask the server's administrator to let this client certificate in");
    case A::VersionOrCipher:
        return QStringLiteral("this client offers TLS 1.2 and 1.3 with OpenSSL's default cipher suites; the server "
                              "wants something else");
    case A::ServerName:
        return QStringLiteral("check the host name in the URL: it is sent as the TLS server name (SNI)");
    case A::ApplicationProtocol:
        return QStringLiteral("the server requires an ALPN protocol; wsinspect-cli offers none");
    }
    return {};
}

} // namespace wsi::net
