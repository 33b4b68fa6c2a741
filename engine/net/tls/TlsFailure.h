// SPDX-License-Identifier: MIT
#pragma once
// The kinds of TLS failure a user tells apart, because each has its own way out (trust a CA,
// fix a clock, use another name, fix the server's chain or key).
#include <QtGlobal>

namespace wsi::net {

enum class TlsFailure : quint8 {
    None,
    SelfSigned,
    Expired,
    NotYetValid,
    HostnameMismatch,
    UnknownCa,
    OtherVerification,
    Handshake, // no verification verdict: the handshake broke (protocol, alert, timeout)
    IncompleteChain, // the server did not send an intermediate certificate
    WeakCrypto,      // a key or signature digest below OpenSSL's security level
};
// Stable and short, for error ids ("tls-" + id): "unknown-ca", "incomplete-chain", ...
const char *tlsFailureId(TlsFailure failure);

} // namespace wsi::net
