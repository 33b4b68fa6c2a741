// SPDX-License-Identifier: MIT
#pragma once
// Every TLS alert of RFC 8446 section 6 and RFC 5246 section 7.2 by its number: its RFC name,
// what it means when a server sends it to us, and what the user can do about it. Our own
// table because OpenSSL 3.0's SSL_alert_desc_string_long() answers "unknown" for the alerts
// TLS 1.3 added (certificate_required among them), and Qt passes that text on.
#include <QString>

namespace wsi::net {

// What a user can do about an alert; each surface says it in its own words (the CLI's flags
// here, the window's menus in ui/tab).
enum class TlsAlertAdvice : quint8 {
    None,                      // nothing on our side: a server bug, or traffic altered on the way
    ClientCertificate,         // give a client certificate
    OtherClientCertificate,    // the one given was refused: another one, or its CA trusted there
    ClientNotAllowed,          // the certificate was fine; this client may not connect
    VersionOrCipher,           // no TLS version or cipher suite in common
    ServerName,                // no certificate for the name sent (SNI)
    ApplicationProtocol,       // no ALPN protocol in common
};

struct TlsAlert {
    int number = -1;
    const char *name = nullptr; // the RFC's name: "certificate_required"
    const char *meaning = nullptr; // "the server requires a client certificate and none was sent"
    TlsAlertAdvice advice = TlsAlertAdvice::None;

    bool isKnown() const { return name != nullptr; }
};

// The alert with that number; isKnown() is false for a number no RFC above defines.
TlsAlert tlsAlert(int number);

// "TLS alert 116 (certificate_required): the server requires a client certificate ...".
QString describeTlsAlert(int number);

// The advice for an alert, refined by whether a client certificate was given: servers
// answer a missing certificate with several alerts (bad_certificate, handshake_failure in
// TLS 1.2), and a given one that is refused with the same alerts.
TlsAlertAdvice tlsAlertAdvice(int number, bool clientCertificateGiven);

// The advice in the CLI's words (its flags); empty for None.
QString tlsAlertHintForCli(TlsAlertAdvice advice);

} // namespace wsi::net
