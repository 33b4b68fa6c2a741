// SPDX-License-Identifier: MIT
#include "ConnectRun.h"

#include "net/Connection.h"
#include "SlashCommand.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QFile>
#include <QUrl>
#include <QSocketNotifier>

#include <algorithm>
#include <cerrno>
#include <cstdio>

#include <unistd.h>

using namespace wsi::net;

ConnectRun::ConnectRun(ConnectionOptions options, Mode mode, EventPrinter::Settings printing,
                       SessionEnding::Settings ending, Input input, QObject *parent)
    : QObject(parent), m_options(std::move(options)), m_mode(mode), m_printer(printing), m_ending(ending),
      m_input(input), m_json(printing.json)
{
    connect(&m_ending, &SessionEnding::closeWanted, this, [this] { closeAsAsked(); });
    // The conventional test client: every message goes straight back with its own type,
    // answered inside the read that brought it.
    m_options.echoMessages = m_mode == Mode::Echo;
    connect(&m_interrupts, &InterruptWatcher::interrupted, this, [this](int, int count) { onInterrupted(count); });
    makeConnection();
}

void ConnectRun::makeConnection()
{
    m_peer = validateUrl(m_options.url).target.displayUrl;
    auto *connection = new Connection(m_options);
    connect(connection, &TrafficSource::reported, this, &ConnectRun::onReports);
    m_thread = std::make_unique<SourceThread>(connection);
}

void ConnectRun::noteRedirect(const HandshakeInfo &info)
{
    if (info.accepted || m_input.maxRedirects <= 0 || info.status < 300 || info.status > 399)
        return;
    QByteArray location;
    for (const auto &header : info.responseHeaders) {
        if (header.first.compare("Location", Qt::CaseInsensitive) == 0)
            location = header.second.trimmed();
    }
    if (location.isEmpty())
        return;
    QUrl target = QUrl(m_options.url).resolved(QUrl::fromEncoded(location));
    if (target.scheme() == QLatin1String("http"))
        target.setScheme(QStringLiteral("ws"));
    else if (target.scheme() == QLatin1String("https"))
        target.setScheme(QStringLiteral("wss"));
    if (target.scheme() != QLatin1String("ws") && target.scheme() != QLatin1String("wss"))
        return; // said by the failure's own hint
    if (m_redirects >= m_input.maxRedirects) {
        m_redirectRefused = QStringLiteral("more than %1 redirects (the last to %2)").arg(m_input.maxRedirects).arg(target.toString());
        return;
    }
    m_redirectTo = target.toString();
}

bool ConnectRun::followRedirect()
{
    if (m_redirectTo.isEmpty())
        return false;
    const QUrl from(m_options.url);
    const QUrl to(m_redirectTo);
    QString dropped;
    // Credentials stay with the host they were meant for (as curl does): a redirect to
    // another host or scheme does not carry them along.
    if (from.host() != to.host() || from.scheme() != to.scheme() || from.port() != to.port()) {
        const auto isSecret = [](const QPair<QByteArray, QByteArray> &header) {
            return header.first.compare("Authorization", Qt::CaseInsensitive) == 0
                || header.first.compare("Cookie", Qt::CaseInsensitive) == 0;
        };
        if (std::any_of(m_options.headers.begin(), m_options.headers.end(), isSecret))
            dropped = QStringLiteral(" (without Authorization and Cookie: another origin)");
        m_options.headers.erase(std::remove_if(m_options.headers.begin(), m_options.headers.end(), isSecret), m_options.headers.end());
    }
    ++m_redirects;
    std::fprintf(stderr, "wsinspect-cli: redirected (%d of at most %d) to %s%s\n", m_redirects, m_input.maxRedirects,
                 m_redirectTo.toLocal8Bit().constData(), dropped.toLocal8Bit().constData());
    std::fflush(stderr);
    m_options.url = std::exchange(m_redirectTo, QString());
    m_errors.clear();
    m_close = CloseInfo{};
    m_closed = false;
    m_thread.reset();
    makeConnection();
    m_thread->open();
    return true;
}

ConnectRun::~ConnectRun()
{
    m_stdin.reset();
}

void ConnectRun::start()
{
    m_thread->open();
}

void ConnectRun::setDecoding(std::unique_ptr<MessageDecoding> decoding)
{
    m_decoding = std::move(decoding);
    m_printer.setDecoding(m_decoding.get());
}

void ConnectRun::onReports(const ReportBatch &batch)
{
    Q_EMIT reported(batch);
    walkReports(batch, [this](const EventBatch &rows) { onRows(rows); },
                Overloaded{[this](const StateReport &report) { onState(report.state, report.timeNs); },
                           [this](const HandshakeInfo &info) {
                               if (m_decoding && info.accepted)
                                   m_decoding->setSubprotocol(info.subprotocol);
                               m_printer.printHandshake(info, info.timeNs);
                               if (info.accepted)
                                   m_printer.printConnected(m_peer, info.subprotocol, info.extensions, info.protocolVersion);
                               noteRedirect(info);
                           },
                           [this](const TlsReport &report) { m_printer.printTlsReport(report); },
                           [this](const ConnectionError &error) {
                               m_errors.append(error);
                               m_printer.printError(error);
                           },
                           [this](const ConnectionSnapshot &snapshot) { m_snapshot = snapshot; },
                           [this](const CloseInfo &info) {
                               m_close = info;
                               m_closed = true;
                               m_printer.printClose(info);
                           },
                           [this](const ReconnectReport &report) { onReconnect(report); },
                           [this](const FinishedReport &) { onFinished(); }, [](const auto &) {}});
    m_thread->source()->reportsConsumed(batch);
}

void ConnectRun::onRows(const EventBatch &batch)
{
    // --max-messages: the rows up to the last message wanted; nothing after the limit.
    qint64 incoming = 0;
    qsizetype shown = batch.size();
    for (qsizetype i = 0; i < batch.size(); ++i) {
        const LogEvent &event = batch.at(i);
        if (event.kind != EventKind::Message || event.direction != EventDirection::Incoming)
            continue;
        if (m_ending.messagesWanted(incoming + 1) <= incoming) {
            shown = i;
            break;
        }
        ++incoming;
    }
    m_printer.printBatch(shown == batch.size() ? batch : batch.first(shown)); // --echo answers in place
    m_ending.messagesReceived(incoming);
}

void ConnectRun::runCommand(const QByteArray &line)
{
    const SlashCommand command = SlashCommand::parse(line);
    switch (command.kind) {
    case SlashCommand::Kind::Text:
        m_thread->sendText(command.payload);
        return;
    case SlashCommand::Kind::Ping:
        m_thread->sendPing(command.payload);
        return;
    case SlashCommand::Kind::Pong: {
        const QByteArray payload = command.payload;
        m_thread->post([payload](TrafficSource *source) { source->sendPong(payload); });
        return;
    }
    case SlashCommand::Kind::Close:
        m_closeCodeAsked = command.closeCode;
        closeAsAsked(command.closeReason, command.closeCode);
        return;
    case SlashCommand::Kind::Raw: {
        const wsi::protocol::RawFrame frame = command.frame;
        m_thread->post([frame](TrafficSource *source) { source->sendRawFrame(frame); });
        return;
    }
    case SlashCommand::Kind::Help:
        std::fputs(SlashCommand::help(), stderr);
        return;
    case SlashCommand::Kind::Invalid:
        refuse(command.error);
        return;
    }
}

void ConnectRun::closeAsAsked(const QString &reason, int code)
{
    if (m_closeRequested || m_closed)
        return;
    m_closeRequested = true;
    m_stdin.reset();
    m_thread->close(code, reason);
}

void ConnectRun::onState(ConnectionState state, qint64 timeNs)
{
    QString detail;
    if (state == ConnectionState::Resolving)
        detail = m_peer;
    m_printer.printState(state, timeNs, detail);
    if (state == ConnectionState::Open) {
        const bool again = m_opened;
        m_opened = true;
        m_openNs = timeNs;
        m_errors.clear(); // what failed before a reconnect is history now
        if (again && m_stdin)
            m_stdin->setEnabled(true); // reconnected: reading on
        else if (again)
            return; // input already sent (--file) or ended
        else if (m_mode == Mode::Interactive && !m_input.file.isEmpty())
            sendFile();
        else if (m_mode == Mode::Interactive && m_ending.readsInput())
            startReadingStdin();
    } else if (state == ConnectionState::Closed) {
        m_closedNs = timeNs;
        // --reconnect: lines wait in the pipe until the next connection opens.
        if (m_options.reconnect.enabled && !m_closeRequested && m_stdin)
            m_stdin->setEnabled(false);
        else
            m_stdin.reset();
    }
}

void ConnectRun::onReconnect(const ReconnectReport &report)
{
    if (report.countdown)
        return;
    m_closed = false; // a new attempt: its own close will come
    if (m_json) {
        QJsonObject object;
        object.insert(QStringLiteral("event"), QStringLiteral("reconnect"));
        object.insert(QStringLiteral("attempt"), report.attempt);
        object.insert(QStringLiteral("delay_ms"), report.delayMs);
        m_printer.printJson(object);
        return;
    }
    const QString why = !m_errors.isEmpty() ? m_errors.last().message
                                            : QStringLiteral("%1 %2").arg(m_close.code).arg(m_close.reason).trimmed();
    m_printer.printReconnect(why, report, m_options.reconnect.maxAttempts);
}

void ConnectRun::startReadingStdin()
{
    // Blocking stdin (it is the user's terminal too: its flags stay as they are), read once
    // per notification, which never blocks.
    m_stdin = std::make_unique<QSocketNotifier>(STDIN_FILENO, QSocketNotifier::Read);
    connect(m_stdin.get(), &QSocketNotifier::activated, this, &ConnectRun::onStdinReadable);
}

void ConnectRun::onStdinReadable()
{
    if (!m_stdin)
        return;
    char buffer[64 * 1024];
    const ssize_t count = ::read(STDIN_FILENO, buffer, sizeof buffer);
    if (count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
        return;
    if (count <= 0) {
        // EOF: the last record (even without a separator after it), then the ending.
        for (const QByteArray &record : m_input.messages.finish())
            sendRecord(record);
        m_stdin.reset();
        m_ending.inputEnded(); // closes now, after a quiet period, or never (--no-close)
        return;
    }
    for (const QByteArray &record : m_input.messages.feed(QByteArrayView(buffer, count)))
        sendRecord(record);
}

void ConnectRun::sendRecord(const QByteArray &record)
{
    ++m_linesRead;
    if (m_input.slashCommands && record.startsWith('/')) {
        runCommand(record);
        return;
    }
    InputMessages::Message message;
    QString error;
    if (!m_input.messages.decode(record, message, error)) {
        refuse(error);
        return;
    }
    if (message.isText)
        m_thread->sendText(message.data);
    else
        m_thread->sendBinary(message.data);
}

void ConnectRun::refuse(const QString &why)
{
    ++m_linesRefused;
    const QString where = m_input.file.isEmpty() ? QStringLiteral("line %1 of standard input").arg(m_linesRead) : m_input.file;
    std::fprintf(stderr, "wsinspect-cli: %s: %s; not sent\n", where.toLocal8Bit().constData(), why.toLocal8Bit().constData());
    std::fflush(stderr);
}

void ConnectRun::sendFile()
{
    QFile file(m_input.file);
    if (!file.open(QIODevice::ReadOnly)) {
        refuse(QStringLiteral("cannot be read (%1)").arg(file.errorString()));
    } else {
        ++m_linesRead;
        InputMessages::Message message;
        QString error;
        if (!m_input.messages.decode(file.readAll(), message, error))
            refuse(error);
        else if (message.isText)
            m_thread->sendText(message.data);
        else
            m_thread->sendBinary(message.data);
    }
    m_ending.inputEnded();
}

void ConnectRun::onInterrupted(int count)
{
    if (count == 1 && m_opened && !m_closed && !m_closeRequested) {
        closeAsAsked(QStringLiteral("interrupted"));
        return;
    }
    m_thread->abort();
    if (count > 1) {
        m_printer.flush();
        Q_EMIT done(130);
    }
}

void ConnectRun::printSummary()
{
    const qint64 startNs = m_openNs >= 0 ? m_openNs : 0;
    const qint64 endNs = m_closedNs >= 0 ? m_closedNs : m_snapshot.elapsedNs;
    const double seconds = std::max(1e-9, double(endNs - startNs) / 1e9);
    const quint64 messages = m_snapshot.counters.messagesIn;
    const quint64 bytes = m_snapshot.counters.payloadBytesIn;
    const double rate = double(messages) / seconds;
    const double megabytes = double(bytes) / 1e6 / seconds;
    if (m_json) {
        QJsonObject object;
        object.insert(QStringLiteral("event"), QStringLiteral("summary"));
        object.insert(QStringLiteral("messages"), double(messages));
        object.insert(QStringLiteral("bytes"), double(bytes));
        object.insert(QStringLiteral("seconds"), seconds);
        object.insert(QStringLiteral("messages_per_second"), rate);
        object.insert(QStringLiteral("megabytes_per_second"), megabytes);
        m_printer.printJson(object);
        return;
    }
    std::printf("%llu messages, %llu bytes in %.3f s: %.0f messages/s, %.2f MB/s\n", static_cast<unsigned long long>(messages),
                static_cast<unsigned long long>(bytes), seconds, rate, megabytes);
}

bool ConnectRun::closedAsAsked() const
{
    // The hixie drafts' close (0xFF 0x00, or draft 75's end of stream) carries no code at
    // all: a clean one is the normal end, whoever began it.
    if (wsi::protocol::isHixie(m_options.protocolVersion))
        return m_close.clean;
    // Our close answered with its own code (a close without a code comes back as 1005).
    const int expected = m_closeCodeAsked == 0 ? 1005 : m_closeCodeAsked;
    return m_closeRequested && m_close.initiator == CloseInitiator::Local && m_close.code == expected;
}

int ConnectRun::exitStatus() const
{
    if (!m_errors.isEmpty() || !m_close.clean)
        return ExitFailed;
    if (m_close.code != 1000 && m_close.code != 1001 && !closedAsAsked()) // a /close 4000 that came back is no surprise
        return ExitUnexpectedClose;
    if (m_linesRefused > 0)
        return ExitInputRefused;
    return ExitOk;
}

void ConnectRun::onFinished()
{
    if (followRedirect())
        return;
    if (!m_redirectRefused.isEmpty()) {
        ConnectionError error;
        error.phase = ErrorPhase::Upgrade;
        error.id = QStringLiteral("too-many-redirects");
        error.message = m_redirectRefused;
        m_errors.prepend(error);
    }
    if (m_mode == Mode::Count)
        printSummary();
    m_printer.flush();
    const int status = exitStatus();
    if (!m_errors.isEmpty()) {
        // With -v the error and its hint were printed when it happened (printError).
        if (!m_json && !m_printer.printsErrorsAsTheyHappen())
            EventPrinter::printFailure(m_errors.first().message, m_errors.first().hint);
    } else {
        QString reason;
        if (!m_close.clean)
            reason = QStringLiteral("the connection ended without a close handshake (%1: %2)").arg(m_close.code).arg(m_close.reason);
        else if (!closedAsAsked())
            reason = closeSentence(m_close); // any close but the normal one we asked for
        if (!reason.isEmpty() && !m_json)
            EventPrinter::printFailure(reason);
    }
    Q_EMIT done(status);
}

QString ConnectRun::closeSentence(const CloseInfo &close)
{
    const QString received = describeCloseFrame(close.received);
    if (close.initiator == CloseInitiator::Remote)
        return QStringLiteral("the server closed the connection: %1").arg(received);
    // Ours went first: say what came back, and what we had sent when it differs.
    QString sentence = QStringLiteral("the server answered our close with %1").arg(received);
    if (close.sent.code != close.received.code || close.sent.reason != close.received.reason)
        sentence += QStringLiteral(" (we sent %1)").arg(describeCloseFrame(close.sent));
    return sentence;
}
