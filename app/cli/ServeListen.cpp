// SPDX-License-Identifier: MIT
#include "ServeListen.h"

#include "EventPrinter.h"
#include "LineEscaping.h"
#include "ServeLog.h"
#include "SlashCommand.h"

#include "net/echo/EchoServer.h"

#include <QSocketNotifier>

#include <cerrno>
#include <cstdio>
#include <unistd.h>

ServeListen::ServeListen(wsi::net::EchoServer &server, Settings settings, QObject *parent)
    : QObject(parent)
    , m_server(server)
    , m_settings(settings)
{
    connect(&server, &wsi::net::EchoServer::clientMessage, this, &ServeListen::onMessage);
}

ServeListen::~ServeListen() = default;

void ServeListen::start()
{
    // Blocking stdin (it is the user's terminal too: its flags stay as they are), read once
    // per notification, which never blocks.
    m_stdin = std::make_unique<QSocketNotifier>(STDIN_FILENO, QSocketNotifier::Read);
    connect(m_stdin.get(), &QSocketNotifier::activated, this, &ServeListen::onStdinReadable);
    if (m_settings.interactive) {
        std::fputs("listening: lines you type go to every open client (Ctrl+C stops)\n", stdout);
        printPrompt();
    }
}

void ServeListen::onMessage(quint64 id, bool isText, const QByteArray &payload)
{
    QByteArray line = m_settings.interactive ? QByteArrayLiteral("\r< #") : QByteArrayLiteral("#");
    line += QByteArray::number(id) + ' ';
    line += isText ? escapeForLine(payload) : EventPrinter::formatBinary(payload, EventPrinter::BinaryFormat::Hex);
    line += '\n';
    std::fwrite(line.constData(), 1, std::size_t(line.size()), stdout);
    if (m_settings.interactive)
        printPrompt();
    std::fflush(stdout);
}

void ServeListen::onStdinReadable()
{
    char buffer[64 * 1024];
    const ssize_t count = ::read(STDIN_FILENO, buffer, sizeof buffer);
    if (count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
        return;
    if (count <= 0) {
        // The end of input ends nothing else: the server goes on printing what arrives.
        for (const QByteArray &record : m_input.finish())
            sendLine(record);
        m_stdin.reset();
        return;
    }
    for (const QByteArray &record : m_input.feed(QByteArrayView(buffer, count)))
        sendLine(record);
    if (m_settings.interactive)
        printPrompt();
}

void ServeListen::sendLine(const QByteArray &line)
{
    ++m_linesRead;
    if (m_settings.slashCommands && line.startsWith('/')) {
        runCommand(line);
        return;
    }
    InputMessages::Message message;
    QString error;
    if (!m_input.decode(line, message, error)) {
        refuse(error);
        return;
    }
    // With --sse, a line is also an event (kept for EventSource clients still to come).
    const bool toEventStreams = m_server.options().eventStream.isEnabled();
    if (m_server.openClientCount() == 0 && !toEventStreams) {
        refuse(QStringLiteral("no client is connected"));
        return;
    }
    m_server.sendToAll(true, message.data);
    if (toEventStreams)
        m_server.publishEvent(QString(), message.data);
}

void ServeListen::runCommand(const QByteArray &line)
{
    const SlashCommand command = SlashCommand::parse(line);
    switch (command.kind) {
    case SlashCommand::Kind::Text:
        m_server.sendToAll(true, command.payload);
        return;
    case SlashCommand::Kind::Ping:
        for (const quint64 id : m_server.clientIds()) {
            if (!m_server.pingClient(id, command.payload))
                refuse(QStringLiteral("no ping sent to #%1: it speaks a hixie draft, which has no ping").arg(id));
        }
        return;
    case SlashCommand::Kind::Close:
        if (command.closeCode == 0) {
            refuse(QStringLiteral("/close in serve --listen needs a code (the server closes with one)"));
            return;
        }
        m_server.closeAll(quint16(command.closeCode), command.closeReason);
        return;
    case SlashCommand::Kind::Pong:
    case SlashCommand::Kind::Raw:
        refuse(QStringLiteral("/pong and /raw are for connect --slash; serve --listen has /ping and /close"));
        return;
    case SlashCommand::Kind::Help:
        std::fputs(SlashCommand::serveHelp(), stderr);
        return;
    case SlashCommand::Kind::Invalid:
        refuse(command.error);
        return;
    }
}

void ServeListen::refuse(const QString &why)
{
    serveLogLine(QStringLiteral("line %1 of standard input: %2; not sent").arg(m_linesRead).arg(why));
}

void ServeListen::printPrompt()
{
    std::fputs("> ", stdout);
    std::fflush(stdout);
}
