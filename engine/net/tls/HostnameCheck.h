// SPDX-License-Identifier: MIT
#pragma once
// Whether a server's certificate is for the host the user asked for, checked with OpenSSL's
// X509_check_host / X509_check_ip as RFC 6125 section 6.4.4 says: when the certificate lists
// DNS names (subject alternative names), its subject's common name is not consulted. Qt's
// own matcher accepts the common name even then, so its HostNameMismatch is not used.
#include "net/tls/CertificateInfo.h"

#include <QSslCertificate>
#include <QString>

namespace wsi::net {

// True when `leaf` is for `host` (a DNS name, or an IPv4/IPv6 address without brackets).
// Wildcards cover one whole left-most label ("*.example.com"), never part of one.
bool certificateMatchesHost(const QSslCertificate &leaf, const QString &host);

// "the certificate is for wrong.example, *.other.test (its subject alternative names); not
// for localhost", and why its common name did not count when it would have matched.
QString describeHostnameMismatch(const CertificateInfo &leaf, const QString &host);

} // namespace wsi::net
