// SPDX-License-Identifier: MIT
#include "net/tls/VerifyErrorText.h"

#include "net/tls/HostnameCheck.h"

#include <openssl/x509_vfy.h>

namespace wsi::net {

namespace {

using F = TlsFailure;

QString quoted(const QString &text)
{
    return QLatin1Char('"') + text + QLatin1Char('"');
}

// Which certificate a sentence is about: the server's own, or one of the CAs above it.
QString certificatePhrase(const VerifyErrorContext &context)
{
    if (context.isLeaf)
        return QStringLiteral("the server's certificate");
    return QStringLiteral("the CA certificate ") + quoted(context.certificate ? context.certificate->subject : QString());
}

bool isEllipticCurve(const CertificateInfo &certificate)
{
    return certificate.publicKeyAlgorithm.startsWith(QLatin1String("EC"))
           || certificate.publicKeyAlgorithm.startsWith(QLatin1String("ED"))
           || certificate.publicKeyAlgorithm.startsWith(QLatin1String("X"));
}

struct Entry {
    int code;
    F kind;
    const char *text; // %1: which certificate ("the server's certificate")
};

// Every result of OpenSSL 3.0's X509_verify_cert that needs no more than the certificate's
// name to be told; those that need its dates, names, key or issuer are in describeSpecific.
constexpr Entry Entries[] = {
    {X509_V_ERR_UNSPECIFIED, F::OtherVerification, "%1 could not be verified (OpenSSL gives no reason)"},
    {X509_V_ERR_UNABLE_TO_GET_CRL, F::OtherVerification, "no revocation list (CRL) was found for %1"},
    {X509_V_ERR_UNABLE_TO_DECRYPT_CERT_SIGNATURE, F::OtherVerification, "the signature on %1 could not be read"},
    {X509_V_ERR_UNABLE_TO_DECRYPT_CRL_SIGNATURE, F::OtherVerification, "the signature on a revocation list (CRL) could not be read"},
    {X509_V_ERR_UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY, F::OtherVerification, "the public key of the CA that issued %1 could not be read"},
    {X509_V_ERR_CRL_SIGNATURE_FAILURE, F::OtherVerification, "the signature on a revocation list (CRL) does not verify"},
    {X509_V_ERR_CRL_NOT_YET_VALID, F::OtherVerification, "a revocation list (CRL) is not valid yet"},
    {X509_V_ERR_CRL_HAS_EXPIRED, F::OtherVerification, "a revocation list (CRL) has expired"},
    {X509_V_ERR_ERROR_IN_CERT_NOT_BEFORE_FIELD, F::OtherVerification, "%1 has a malformed start date (notBefore)"},
    {X509_V_ERR_ERROR_IN_CERT_NOT_AFTER_FIELD, F::OtherVerification, "%1 has a malformed end date (notAfter)"},
    {X509_V_ERR_ERROR_IN_CRL_LAST_UPDATE_FIELD, F::OtherVerification, "a revocation list (CRL) has a malformed lastUpdate date"},
    {X509_V_ERR_ERROR_IN_CRL_NEXT_UPDATE_FIELD, F::OtherVerification, "a revocation list (CRL) has a malformed nextUpdate date"},
    {X509_V_ERR_OUT_OF_MEM, F::OtherVerification, "OpenSSL ran out of memory while it verified %1"},
    {X509_V_ERR_CERT_CHAIN_TOO_LONG, F::OtherVerification, "the chain above %1 is longer than the verification depth allows"},
    {X509_V_ERR_CERT_REVOKED, F::OtherVerification, "%1 has been revoked by its CA"},
    {X509_V_ERR_NO_ISSUER_PUBLIC_KEY, F::OtherVerification, "the CA that issued %1 has no usable public key"},
    {X509_V_ERR_CERT_UNTRUSTED, F::UnknownCa, "%1 is not trusted for TLS servers by the trusted CAs' settings"},
    {X509_V_ERR_CERT_REJECTED, F::UnknownCa, "%1 is marked as rejected for TLS servers in the trusted CAs"},
    {X509_V_ERR_SUBJECT_ISSUER_MISMATCH, F::OtherVerification, "the issuer named in %1 is not the subject of the CA certificate found for it"},
    {X509_V_ERR_AKID_SKID_MISMATCH, F::OtherVerification, "the authority key identifier in %1 is not the key identifier of the CA certificate found for it"},
    {X509_V_ERR_AKID_ISSUER_SERIAL_MISMATCH, F::OtherVerification, "the authority key identifier in %1 names another issuer serial number"},
    {X509_V_ERR_KEYUSAGE_NO_CERTSIGN, F::OtherVerification, "%1 signed another certificate, but its key usage does not allow certificate signing"},
    {X509_V_ERR_UNABLE_TO_GET_CRL_ISSUER, F::OtherVerification, "the issuer of a revocation list (CRL) for %1 was not found"},
    {X509_V_ERR_UNHANDLED_CRITICAL_EXTENSION, F::OtherVerification, "%1 has a critical extension OpenSSL does not know"},
    {X509_V_ERR_KEYUSAGE_NO_CRL_SIGN, F::OtherVerification, "the issuer of a revocation list (CRL) may not sign revocation lists (key usage)"},
    {X509_V_ERR_UNHANDLED_CRITICAL_CRL_EXTENSION, F::OtherVerification, "a revocation list (CRL) has a critical extension OpenSSL does not know"},
    {X509_V_ERR_INVALID_NON_CA, F::OtherVerification, "%1 issued another certificate but is not a CA (its basic constraints lack CA:TRUE)"},
    {X509_V_ERR_PROXY_PATH_LENGTH_EXCEEDED, F::OtherVerification, "the proxy certificates under %1 exceed their path length"},
    {X509_V_ERR_KEYUSAGE_NO_DIGITAL_SIGNATURE, F::OtherVerification, "the key usage of %1 does not allow digital signatures, which TLS needs"},
    {X509_V_ERR_PROXY_CERTIFICATES_NOT_ALLOWED, F::OtherVerification, "%1 is a proxy certificate, which TLS servers may not use"},
    {X509_V_ERR_INVALID_EXTENSION, F::OtherVerification, "%1 has an invalid or inconsistent extension"},
    {X509_V_ERR_INVALID_POLICY_EXTENSION, F::OtherVerification, "%1 has an invalid certificate policy extension"},
    {X509_V_ERR_NO_EXPLICIT_POLICY, F::OtherVerification, "the chain of %1 has no explicit policy, which a policy constraint requires"},
    {X509_V_ERR_DIFFERENT_CRL_SCOPE, F::OtherVerification, "the revocation list (CRL) found for %1 has a different scope"},
    {X509_V_ERR_UNSUPPORTED_EXTENSION_FEATURE, F::OtherVerification, "%1 uses an extension feature OpenSSL does not support"},
    {X509_V_ERR_UNNESTED_RESOURCE, F::OtherVerification, "the IP address or AS resources of %1 are not within its issuer's (RFC 3779)"},
    {X509_V_ERR_PERMITTED_VIOLATION, F::OtherVerification, "a name in %1 is outside the names its CA may certify (name constraints, permitted subtrees)"},
    {X509_V_ERR_EXCLUDED_VIOLATION, F::OtherVerification, "a name in %1 is one its CA may not certify (name constraints, excluded subtrees)"},
    {X509_V_ERR_SUBTREE_MINMAX, F::OtherVerification, "a name constraint above %1 uses minimum or maximum, which is not supported"},
    {X509_V_ERR_APPLICATION_VERIFICATION, F::OtherVerification, "an application-specific check of %1 failed"},
    {X509_V_ERR_UNSUPPORTED_CONSTRAINT_TYPE, F::OtherVerification, "a name constraint above %1 has a type OpenSSL does not support"},
    {X509_V_ERR_UNSUPPORTED_CONSTRAINT_SYNTAX, F::OtherVerification, "a name constraint above %1 has a syntax OpenSSL does not support"},
    {X509_V_ERR_UNSUPPORTED_NAME_SYNTAX, F::OtherVerification, "%1 has a name whose syntax name constraints cannot check"},
    {X509_V_ERR_CRL_PATH_VALIDATION_ERROR, F::OtherVerification, "the chain of a revocation list (CRL) for %1 does not verify"},
    {X509_V_ERR_PATH_LOOP, F::OtherVerification, "the chain of %1 loops back on itself"},
    {X509_V_ERR_SUITE_B_INVALID_VERSION, F::OtherVerification, "%1 is not an X.509 version 3 certificate, which Suite B requires"},
    {X509_V_ERR_SUITE_B_INVALID_ALGORITHM, F::OtherVerification, "the public key algorithm of %1 is not allowed by Suite B"},
    {X509_V_ERR_SUITE_B_INVALID_CURVE, F::OtherVerification, "the elliptic curve of %1 is not allowed by Suite B"},
    {X509_V_ERR_SUITE_B_INVALID_SIGNATURE_ALGORITHM, F::OtherVerification, "the signature algorithm of %1 is not allowed by Suite B"},
    {X509_V_ERR_SUITE_B_LOS_NOT_ALLOWED, F::OtherVerification, "%1 uses a Suite B level of security that is not allowed here"},
    {X509_V_ERR_SUITE_B_CANNOT_SIGN_P_384_WITH_P_256, F::OtherVerification, "%1 has a P-384 key signed with P-256, which Suite B forbids"},
    {X509_V_ERR_EMAIL_MISMATCH, F::OtherVerification, "%1 is not for the e-mail address that was asked for"},
    {X509_V_ERR_DANE_NO_MATCH, F::OtherVerification, "no DANE TLSA record matches %1"},
    {X509_V_ERR_INVALID_CALL, F::OtherVerification, "OpenSSL's verification of %1 was called wrongly (a bug in wsinspect)"},
    {X509_V_ERR_STORE_LOOKUP, F::OtherVerification, "looking up the issuer of %1 in the trusted CAs failed"},
    {X509_V_ERR_NO_VALID_SCTS, F::OtherVerification, "%1 has no valid Certificate Transparency timestamp (SCT)"},
    {X509_V_ERR_PROXY_SUBJECT_NAME_VIOLATION, F::OtherVerification, "the subject name of the proxy certificate %1 is not derived from its issuer's"},
    {X509_V_ERR_OCSP_VERIFY_NEEDED, F::OtherVerification, "%1 needs an OCSP check that was not done"},
    {X509_V_ERR_OCSP_VERIFY_FAILED, F::OtherVerification, "the OCSP check of %1 failed"},
    {X509_V_ERR_OCSP_CERT_UNKNOWN, F::OtherVerification, "the OCSP responder does not know %1"},
    {X509_V_ERR_UNSUPPORTED_SIGNATURE_ALGORITHM, F::OtherVerification, "%1 is signed with an algorithm OpenSSL does not support"},
    {X509_V_ERR_SIGNATURE_ALGORITHM_MISMATCH, F::OtherVerification, "the signature algorithm of %1 does not fit its issuer's key type"},
    {X509_V_ERR_SIGNATURE_ALGORITHM_INCONSISTENCY, F::OtherVerification, "%1 names two different signature algorithms"},
    {X509_V_ERR_INVALID_CA, F::OtherVerification, "%1 acts as a CA but is not a valid CA certificate"},
    {X509_V_ERR_PATHLEN_INVALID_FOR_NON_CA, F::OtherVerification, "%1 has a path length constraint but is not a CA"},
    {X509_V_ERR_PATHLEN_WITHOUT_KU_KEY_CERT_SIGN, F::OtherVerification, "%1 has a path length constraint but may not sign certificates (key usage)"},
    {X509_V_ERR_KU_KEY_CERT_SIGN_INVALID_FOR_NON_CA, F::OtherVerification, "%1 may sign certificates (key usage) but is not a CA"},
    {X509_V_ERR_ISSUER_NAME_EMPTY, F::OtherVerification, "%1 has an empty issuer name"},
    {X509_V_ERR_SUBJECT_NAME_EMPTY, F::OtherVerification, "%1 has an empty subject name and no critical subject alternative names"},
    {X509_V_ERR_MISSING_AUTHORITY_KEY_IDENTIFIER, F::OtherVerification, "%1 lacks the authority key identifier extension"},
    {X509_V_ERR_MISSING_SUBJECT_KEY_IDENTIFIER, F::OtherVerification, "%1 lacks the subject key identifier extension"},
    {X509_V_ERR_EMPTY_SUBJECT_ALT_NAME, F::OtherVerification, "%1 has an empty subject alternative name extension"},
    {X509_V_ERR_EMPTY_SUBJECT_SAN_NOT_CRITICAL, F::OtherVerification, "%1 has an empty subject, so its subject alternative names must be critical, and they are not"},
    {X509_V_ERR_CA_BCONS_NOT_CRITICAL, F::OtherVerification, "the basic constraints of %1 are not marked critical, as a CA's must be"},
    {X509_V_ERR_AUTHORITY_KEY_IDENTIFIER_CRITICAL, F::OtherVerification, "the authority key identifier of %1 is marked critical, which is not allowed"},
    {X509_V_ERR_SUBJECT_KEY_IDENTIFIER_CRITICAL, F::OtherVerification, "the subject key identifier of %1 is marked critical, which is not allowed"},
    {X509_V_ERR_CA_CERT_MISSING_KEY_USAGE, F::OtherVerification, "%1 is a CA without the key usage extension"},
    {X509_V_ERR_EXTENSIONS_REQUIRE_VERSION_3, F::OtherVerification, "%1 has extensions but is not an X.509 version 3 certificate"},
    {X509_V_ERR_EC_KEY_EXPLICIT_PARAMS, F::OtherVerification, "%1 has an elliptic curve key with explicit parameters instead of a named curve"},
};

// The issuer was not among the certificates sent nor among the trusted CAs. With a URL for
// it in the certificate (AIA caIssuers, as public CAs put there) it is an intermediate the
// server should have sent; without one we cannot tell that from a CA this machine does not
// trust, and say the latter.
VerifyErrorText describeMissingIssuer(const VerifyErrorContext &context)
{
    const CertificateInfo *certificate = context.certificate;
    const QString issuer = certificate ? certificate->issuer : QString();
    if (certificate && !certificate->issuerUrls.isEmpty()) {
        return {F::IncompleteChain,
                QStringLiteral("the server did not send the intermediate certificate %1 that issued %2: its chain is "
                               "incomplete (the CA publishes it at %3)")
                    .arg(quoted(issuer), quoted(certificate->subject), certificate->issuerUrls.first())};
    }
    return {F::UnknownCa, QStringLiteral("unknown CA: issuer %1 is not trusted").arg(quoted(issuer))};
}

VerifyErrorText describeWeakKey(const VerifyErrorContext &context)
{
    const CertificateInfo *certificate = context.certificate;
    if (!certificate)
        return {F::WeakCrypto, QStringLiteral("a key in the chain is too small for OpenSSL's security level %1").arg(context.securityLevel)};
    const QString owner = context.isLeaf ? QStringLiteral("the server's")
                                         : QStringLiteral("the CA %1's").arg(quoted(certificate->subject));
    return {F::WeakCrypto, QStringLiteral("%1 %2 key is %3 bits; OpenSSL's security level %4 requires at least %5")
                               .arg(owner, certificate->publicKeyAlgorithm)
                               .arg(certificate->publicKeyBits)
                               .arg(context.securityLevel)
                               .arg(minimumKeyBits(context.securityLevel, isEllipticCurve(*certificate)))};
}

// Results whose sentence needs more than the certificate's name; false when `code` is not one.
bool describeSpecific(int code, const VerifyErrorContext &context, VerifyErrorText &text)
{
    const CertificateInfo *certificate = context.certificate;
    const QString which = certificatePhrase(context);
    switch (code) {
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
        text = {F::SelfSigned, QStringLiteral("self-signed certificate")};
        return true;
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
        text = {F::UnknownCa, QStringLiteral("unknown CA: self-signed certificate %1 in the chain is not trusted")
                                  .arg(quoted(certificate ? certificate->subject : QString()))};
        return true;
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
        text = describeMissingIssuer(context);
        return true;
    case X509_V_ERR_CERT_HAS_EXPIRED: {
        const QString date = certificate ? formatUtcTime(certificate->notAfter) : QString();
        text = {F::Expired, context.isLeaf ? QStringLiteral("certificate has expired (not after %1)").arg(date)
                                           : QStringLiteral("%1 has expired (not after %2)").arg(which, date)};
        return true;
    }
    case X509_V_ERR_CERT_NOT_YET_VALID: {
        const QString date = certificate ? formatUtcTime(certificate->notBefore) : QString();
        text = {F::NotYetValid, context.isLeaf ? QStringLiteral("certificate is not yet valid (not before %1)").arg(date)
                                               : QStringLiteral("%1 is not yet valid (not before %2)").arg(which, date)};
        return true;
    }
    case X509_V_ERR_HOSTNAME_MISMATCH:
    case X509_V_ERR_IP_ADDRESS_MISMATCH:
        text = {F::HostnameMismatch, certificate ? describeHostnameMismatch(*certificate, context.host)
                                                 : QStringLiteral("the server sent no certificate for %1").arg(context.host)};
        return true;
    case X509_V_ERR_EE_KEY_TOO_SMALL:
    case X509_V_ERR_CA_KEY_TOO_SMALL:
        text = describeWeakKey(context);
        return true;
    case X509_V_ERR_CA_MD_TOO_WEAK:
        text = {F::WeakCrypto, QStringLiteral("%1 is signed with %2, a digest OpenSSL's security level %3 no longer accepts")
                                   .arg(which, certificate ? certificate->signatureAlgorithm : QStringLiteral("an old digest"))
                                   .arg(context.securityLevel)};
        return true;
    case X509_V_ERR_CERT_SIGNATURE_FAILURE:
        text = {F::OtherVerification, QStringLiteral("the signature on %1 does not verify with the key of its issuer %2: "
                                                     "another CA of that name signed it, or it was altered")
                                          .arg(which, quoted(certificate ? certificate->issuer : QString()))};
        return true;
    case X509_V_ERR_INVALID_PURPOSE:
        text = {F::OtherVerification,
                certificate && !certificate->extendedKeyUsage.isEmpty()
                    ? QStringLiteral("%1 is not meant for TLS servers: its extended key usage is %2")
                          .arg(which, certificate->extendedKeyUsage.join(QStringLiteral(", ")))
                    : QStringLiteral("%1 is not meant for TLS servers (its key usage or type says so)").arg(which)};
        return true;
    case X509_V_ERR_PATH_LENGTH_EXCEEDED:
        text = {F::OtherVerification,
                QStringLiteral("%1 has more CAs below it than its path length constraint allows (%2)")
                    .arg(which, certificate ? certificate->basicConstraints : QString())};
        return true;
    default:
        return false;
    }
}

} // namespace

int minimumKeyBits(int securityLevel, bool ellipticCurve)
{
    // OpenSSL's SSL_CTX_set_security_level(3): 80, 112, 128, 192 and 256 bits of security.
    static constexpr int Rsa[] = {0, 1024, 2048, 3072, 7680, 15360};
    static constexpr int Ec[] = {0, 160, 224, 256, 384, 512};
    const int level = qBound(0, securityLevel, 5);
    return ellipticCurve ? Ec[level] : Rsa[level];
}

VerifyErrorText describeVerifyError(int code, const VerifyErrorContext &context)
{
    VerifyErrorText text{F::OtherVerification, QString()};
    if (describeSpecific(code, context, text))
        return text;
    const QString which = certificatePhrase(context);
    for (const Entry &entry : Entries) {
        if (entry.code != code)
            continue;
        const QString pattern = QString::fromLatin1(entry.text);
        return {entry.kind, pattern.contains(QLatin1String("%1")) ? pattern.arg(which) : pattern};
    }
    // A result newer than this table: OpenSSL's own words, with the number to look up.
    return {F::OtherVerification, QStringLiteral("%1 failed OpenSSL's verification: %2 (X509_V_ERR %3)")
                                      .arg(which, QString::fromLatin1(X509_verify_cert_error_string(code)))
                                      .arg(code)};
}

} // namespace wsi::net
