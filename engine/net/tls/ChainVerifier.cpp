// SPDX-License-Identifier: MIT
#include "net/tls/ChainVerifier.h"

#include "net/tls/HostnameCheck.h"
#include "net/tls/OpenSslPtr.h"

#include <openssl/err.h>

#include <QHostAddress>

namespace wsi::net {

namespace {

// Called by OpenSSL for each check of each certificate; on a failure it records the result
// and answers "go on", as libssl's callers do to see the whole chain.
int recordFailure(int ok, X509_STORE_CTX *context)
{
    if (ok)
        return ok;
    auto *findings = static_cast<QVector<VerifyFinding> *>(X509_STORE_CTX_get_app_data(context));
    X509 *current = X509_STORE_CTX_get_current_cert(context);
    VerifyFinding finding;
    finding.code = X509_STORE_CTX_get_error(context);
    finding.isLeaf = X509_STORE_CTX_get_error_depth(context) == 0;
    if (current)
        finding.certificate = toQSslCertificate(current);
    findings->append(finding);
    return 1;
}

OpenSslPtr<X509_STORE> makeStore(const TlsSetup &trust)
{
    OpenSslPtr<X509_STORE> store(X509_STORE_new());
    if (!store)
        return store;
    for (const QSslCertificate &certificate : trust.trusted) {
        if (const X509Ptr x509 = toX509(certificate))
            X509_STORE_add_cert(store.get(), x509.get());
    }
    // The system's CAs are looked up by subject hash in their directory, as Qt loads them.
    if (trust.systemStore)
        X509_STORE_load_path(store.get(), systemCaDirectory().toLocal8Bit().constData());
    return store;
}

} // namespace

QVector<VerifyFinding> verifyServerChain(const QList<QSslCertificate> &sentChain, const TlsSetup &trust,
                                         const QString &host, int securityLevel)
{
    QVector<VerifyFinding> findings;
    if (sentChain.isEmpty())
        return findings;
    const X509Ptr leaf = toX509(sentChain.first());
    OpenSslPtr<STACK_OF(X509)> untrusted(sk_X509_new_null());
    for (int i = 1; i < sentChain.size(); ++i) {
        if (X509Ptr x509 = toX509(sentChain.at(i)))
            sk_X509_push(untrusted.get(), x509.release());
    }
    const OpenSslPtr<X509_STORE> store = makeStore(trust);
    OpenSslPtr<X509_STORE_CTX> context(X509_STORE_CTX_new());
    if (!leaf || !store || !context || !X509_STORE_CTX_init(context.get(), store.get(), leaf.get(), untrusted.get())) {
        findings.append({X509_V_ERR_UNSPECIFIED, sentChain.first(), true});
        return findings;
    }
    // What libssl sets for a client checking its server (ssl_verify_cert_chain).
    X509_STORE_CTX_set_default(context.get(), "ssl_server");
    X509_VERIFY_PARAM_set_auth_level(X509_STORE_CTX_get0_param(context.get()), securityLevel);
    X509_STORE_CTX_set_app_data(context.get(), &findings);
    X509_STORE_CTX_set_verify_cb(context.get(), recordFailure);
    X509_verify_cert(context.get());
    ERR_clear_error(); // what went wrong is in `findings`; Qt reads this thread's queue for its own messages
    if (!certificateMatchesHost(sentChain.first(), host)) {
        const bool address = !QHostAddress(host).isNull();
        findings.append({address ? X509_V_ERR_IP_ADDRESS_MISMATCH : X509_V_ERR_HOSTNAME_MISMATCH, sentChain.first(), true});
    }
    return findings;
}

int defaultSecurityLevel()
{
    static const int level = [] {
        const OpenSslPtr<SSL_CTX> context(SSL_CTX_new(TLS_client_method()));
        return context ? SSL_CTX_get_security_level(context.get()) : 1;
    }();
    return level;
}

} // namespace wsi::net
