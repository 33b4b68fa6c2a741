// SPDX-License-Identifier: MIT
#include "CertCommand.h"

#include "ConnectionArguments.h"
#include "EventPrinter.h"

#include "net/Connection.h"
#include "net/source/SourceThread.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QTextStream>

#include <cstdio>

using namespace wsi::net;

namespace {

const char Examples[] = R"(
Runs the TLS handshake only (no WebSocket upgrade is sent) and prints what the server
showed: its certificate chain leaf to root with subject, issuer, serial, validity, SANs,
key, signature, fingerprints and extensions, the protocol and cipher, the SNI name sent,
and the verdict. The report is printed also when verification fails. Exit status: 0 when
the chain verifies (or with --insecure), 1 when it does not, 2 for a usage error.

Examples:
  wsinspect-cli cert wss://example.com/
  wsinspect-cli cert wss://localhost:8443/ --ca-file ca.pem
  wsinspect-cli cert wss://127.0.0.1:8443/ --insecure --pem > chain.pem
)";

constexpr unsigned SharedGroups = ConnectionArguments::Tls | ConnectionArguments::Proxy | ConnectionArguments::ConnectTimeout;
// The options, in a namespace of their own: no variable elsewhere in this file shadows
// them, and the functions that read them say `using namespace option`.
namespace option {
const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Shows this help."));
const QCommandLineOption pem(QStringLiteral("pem"), QStringLiteral("Also prints the chain as PEM."));
} // namespace option

} // namespace

// The options in --help order, the shared ones last: the parser and `wsinspect-cli completions`
// read this list.
QList<QCommandLineOption> certOptions()
{
    using namespace option;
    return QList<QCommandLineOption>{help, pem} + ConnectionArguments(SharedGroups).options();
}

int runCertCommand(const QStringList &arguments)
{
    using namespace option;
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Shows a wss:// server's TLS certificate chain and verdict."));
    parser.addOptions(certOptions());
    const ConnectionArguments shared(SharedGroups);
    parser.addPositionalArgument(QStringLiteral("url"), QStringLiteral("wss:// URL"));
    if (const std::optional<int> status = ConnectionArguments::parseOrHelp(parser, QStringLiteral("cert"), arguments,
                                                                           QStringLiteral("[options] url"), Examples))
        return *status;
    ConnectionOptions options;
    QString error;
    if (!shared.read(parser, options, error))
        return ConnectionArguments::usageError(QStringLiteral("cert"), error);
    if (!validateUrl(options.url).target.secure) {
        std::fprintf(stderr, "wsinspect-cli: cert needs a wss:// URL (\"%s\" does not use TLS)\n", options.url.toLocal8Bit().constData());
        return 2;
    }
    options.tlsReportOnly = true;
    options.eventDetail = EventDetail::CountersOnly;

    auto *connection = new Connection(options);
    TlsReport report;
    bool haveReport = false;
    QList<ConnectionError> errors;
    QEventLoop loop;
    QObject::connect(connection, &TrafficSource::reported, &loop, [&](const ReportBatch &batch) {
        walkReports(batch, [](const EventBatch &) {},
                    Overloaded{[&](const ConnectionError &e) { errors.append(e); },
                               [&](const TlsReport &received) {
                                   report = received;
                                   haveReport = true;
                               },
                               [&](const FinishedReport &) { loop.exit(0); }, [](const auto &) {}});
    });
    {
        SourceThread thread(connection);
        thread.open();
        loop.exec();
    }
    if (haveReport) {
        QTextStream out(stdout);
        out << report.toText();
        if (parser.isSet(pem)) {
            out << '\n';
            for (const CertificateInfo &certificate : report.chain)
                out << QString::fromLatin1(certificate.pem);
        }
        out.flush();
    }
    if (!errors.isEmpty()) {
        EventPrinter::printFailure(errors.first().message, errors.first().hint);
        return 1;
    }
    return haveReport && report.allowsConnection() ? 0 : 1;
}
