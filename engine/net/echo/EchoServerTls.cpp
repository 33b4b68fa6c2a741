// SPDX-License-Identifier: MIT
#include "net/echo/EchoServerTls.h"

#include "net/tls/KeyMatch.h"
#include "net/tls/SelfSignedCertificate.h"

#include <QFile>

namespace wsi::net {

namespace {

QSslKey loadKey(const QByteArray &pem)
{
    for (const QSsl::KeyAlgorithm algorithm : {QSsl::Ec, QSsl::Rsa, QSsl::Dsa}) {
        QSslKey key(pem, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!key.isNull())
            return key;
    }
    return {};
}

} // namespace

EchoServerTlsMaterial loadEchoServerTls(const EchoServerOptions &options)
{
    EchoServerTlsMaterial material;
    if (options.certificateFile.isEmpty() && options.keyFile.isEmpty()) {
        const SelfSignedCertificate generated = SelfSignedCertificate::generate();
        if (generated.isNull()) {
            material.error = QStringLiteral("could not make a self-signed certificate: %1").arg(generated.errorString());
            return material;
        }
        material.certificate = generated.certificate();
        material.chain = {generated.certificate()};
        material.key = generated.privateKey();
        material.selfSigned = true;
        return material;
    }
    if (options.certificateFile.isEmpty() || options.keyFile.isEmpty()) {
        material.error = QStringLiteral("a certificate file needs its key file, and the other way round");
        return material;
    }
    QFile certificateFile(options.certificateFile);
    if (!certificateFile.open(QIODevice::ReadOnly)) {
        material.error = QStringLiteral("cannot read the certificate %1: %2").arg(options.certificateFile, certificateFile.errorString());
        return material;
    }
    const QList<QSslCertificate> chain = QSslCertificate::fromData(certificateFile.readAll(), QSsl::Pem);
    if (chain.isEmpty()) {
        material.error = QStringLiteral("no PEM certificate in %1").arg(options.certificateFile);
        return material;
    }
    material.certificate = chain.first();
    material.chain = chain;
    QFile keyFile(options.keyFile);
    if (!keyFile.open(QIODevice::ReadOnly)) {
        material.error = QStringLiteral("cannot read the key %1: %2").arg(options.keyFile, keyFile.errorString());
        return material;
    }
    const QByteArray keyPem = keyFile.readAll();
    material.key = loadKey(keyPem);
    if (material.key.isNull()) {
        material.error = QStringLiteral("no unencrypted PEM private key (EC, RSA or DSA) in %1").arg(options.keyFile);
        return material;
    }
    // Qt would find out at each client's handshake and leave the client hanging.
    if (!keyMatchesCertificate(material.certificate, keyPem))
        material.error = QStringLiteral("the key in %1 does not belong to the certificate in %2 (their public keys differ): "
                                        "give the key the certificate was made with")
                             .arg(options.keyFile, options.certificateFile);
    return material;
}

} // namespace wsi::net
