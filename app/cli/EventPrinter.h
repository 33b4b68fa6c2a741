// SPDX-License-Identifier: MIT
#pragma once
// How `connect` shows what a connection reports: received messages on stdout (binary as
// hex, base64 or raw bytes), or one JSON object per event (--json); with -v the state
// changes, handshake, TLS verdict and frame headers on stderr, credentials hidden unless
// --show-secrets.
#include "net/ConnectionOptions.h"
#include "net/ConnectionTypes.h"
#include "net/source/SourceReport.h"
#include "net/LogEvent.h"
#include "net/tls/TlsReport.h"

#include <QByteArray>
#include <QJsonObject>

#include <cstdio>

class MessageDecoding;
struct DecodedMessage;

class EventPrinter
{
public:
    enum class BinaryFormat { Hex, Base64, Raw };
    struct Settings {
        bool json = false;
        bool verbose = false;
        bool showSecrets = false;
        BinaryFormat binary = BinaryFormat::Hex;
        bool rawText = false;
        bool showPings = false;   // -P: pings and pongs in the default output too
        // A person at a terminal (stdin and stdout both ttys, no --json): a "connected" line,
        // "< " before what arrives and a "> " prompt for what they type, as wscat does.
        bool interactive = false;     // text messages as they came (no escaping of line breaks and controls)
        QByteArray textPrefix;    // written before each text message
        QByteArray binaryPrefix;  // and before each binary one
        bool showComments = false;    // sse --comments: event stream comments in --json too
        // sse --json: stdout holds the log's rows only (events, comments), no open/error objects,
        // so that every line is an event as a browser's MessageEvent has it.
        bool jsonRowsOnly = false;
    };

    explicit EventPrinter(Settings settings, std::FILE *out = stdout, std::FILE *err = stderr);

    // --decode: messages are read in their application protocol; a received message that
    // decodes is printed as its summary, and --json objects gain "decoded". Not owned.
    void setDecoding(MessageDecoding *decoding) { m_decoding = decoding; }

    void printBatch(const wsi::net::EventBatch &batch);
    // `kind` names the state as that traffic has it (an EventSource is "requesting").
    void printState(wsi::net::ConnectionState state, qint64 timeNs, const QString &detail,
                    wsi::net::TrafficKind kind = wsi::net::TrafficKind::WebSocket);
    void printHandshake(const wsi::net::HandshakeInfo &info, qint64 timeNs);
    void printTlsReport(const wsi::net::TlsReport &report);
    void printError(const wsi::net::ConnectionError &error);
    void printClose(const wsi::net::CloseInfo &info);
    // On stderr: "wsinspect-cli: WHY; reconnecting in 3.0 s (attempt 2 of 5)".
    void printReconnect(const QString &why, const wsi::net::ReconnectReport &report, int maxAttempts);
    // Interactive: "connected to URL (subprotocol chat, extensions permessage-deflate)".
    void printConnected(const QString &url, const QString &subprotocol, const QString &extensions,
                        const QString &version = QString());
    void printJson(const QJsonObject &object);
    void flush();

    static QByteArray formatBinary(const QByteArray &payload, BinaryFormat format);
    static QString frameSummary(const wsi::net::LogEvent &event);
    static double seconds(qint64 ns) { return double(ns) / 1e9; }
    // A close frame for --json: {"code": 1000, "reason": "..."} (code null: none), or null when it was not sent.
    static QJsonValue closeFrameJson(const wsi::net::CloseFrameInfo &frame);
    // The command's last word on a failure: "wsinspect-cli: MESSAGE" and "  hint: HINT".
    static void printFailure(const QString &message, const QString &hint = QString(), std::FILE *err = stderr);
    // With -v, errors and their hints are printed as they happen (printError): the last word
    // need not repeat them.
    bool printsErrorsAsTheyHappen() const { return m_settings.verbose && !m_settings.json; }

private:
    void printEvent(const wsi::net::LogEvent &event);
    void printPing(const wsi::net::LogEvent &event);
    void printServerEvent(const wsi::net::LogEvent &event);
    void printPrompt();
    void printMessage(const wsi::net::LogEvent &event, const DecodedMessage *decoded);
    void printEventJson(const wsi::net::LogEvent &event, const DecodedMessage *decoded);
    void printVerbose(const QString &line);
    void printHead(const QByteArray &head, const char *prefix);

    Settings m_settings;
    MessageDecoding *m_decoding = nullptr;
    std::FILE *m_out;
    std::FILE *m_err;
};
