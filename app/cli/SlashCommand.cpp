// SPDX-License-Identifier: MIT
#include "SlashCommand.h"

#include "protocol/CloseCode.h"
#include "protocol/Opcode.h"

#include <QList>

namespace {

using wsi::protocol::Opcode;

SlashCommand invalid(const QString &error)
{
    SlashCommand command;
    command.kind = SlashCommand::Kind::Invalid;
    command.error = error;
    return command;
}

bool controlPayloadFits(const QByteArray &payload, SlashCommand &command, const char *what)
{
    if (payload.size() <= 125)
        return true;
    command = invalid(QStringLiteral("%1 payload is %2 bytes; a control frame carries at most 125 (RFC 6455 section 5.5)")
                          .arg(QLatin1String(what)).arg(payload.size()));
    return false;
}

bool parseOpcode(const QByteArray &value, std::uint8_t &opcode)
{
    static const QList<QPair<QByteArray, Opcode>> names{{"cont", Opcode::Continuation}, {"text", Opcode::Text},
                                                        {"binary", Opcode::Binary},     {"close", Opcode::Close},
                                                        {"ping", Opcode::Ping},         {"pong", Opcode::Pong}};
    for (const auto &name : names) {
        if (value == name.first) {
            opcode = std::uint8_t(name.second);
            return true;
        }
    }
    bool ok = false;
    const int number = value.toInt(&ok, 0);
    if (!ok || number < 0 || number > 15)
        return false;
    opcode = std::uint8_t(number);
    return true;
}

SlashCommand parseClose(const QByteArray &arguments)
{
    SlashCommand command;
    command.kind = SlashCommand::Kind::Close;
    if (arguments.isEmpty())
        return command;
    const qsizetype space = arguments.indexOf(' ');
    const QByteArray code = space < 0 ? arguments : arguments.left(space);
    bool ok = false;
    command.closeCode = code.toInt(&ok);
    // The codes a close frame may carry are the same either way (section 7.4).
    if (!ok || command.closeCode < 0 || command.closeCode > 0xffff
        || (command.closeCode != 0 && !wsi::protocol::isValidReceivedCloseCode(std::uint16_t(command.closeCode))))
        return invalid(QStringLiteral("/close wants a code that may be sent (1000-1003, 1007-1014, 3000-4999) or 0 for none, not \"%1\"")
                           .arg(QString::fromUtf8(code)));
    command.closeReason = space < 0 ? QString() : QString::fromUtf8(arguments.mid(space + 1));
    if (command.closeCode == 0 && !command.closeReason.isEmpty())
        return invalid(QStringLiteral("/close 0 sends no code, and a reason needs one (RFC 6455 section 5.5.1)"));
    if (command.closeReason.toUtf8().size() > 123)
        return invalid(QStringLiteral("the close reason is %1 bytes; at most 123 fit (RFC 6455 section 5.5)").arg(command.closeReason.toUtf8().size()));
    return command;
}

SlashCommand parseRaw(const QByteArray &arguments)
{
    SlashCommand command;
    command.kind = SlashCommand::Kind::Raw;
    wsi::protocol::RawFrame &frame = command.frame;
    frame.header.fin = true;
    frame.header.opcode = std::uint8_t(Opcode::Text);
    frame.header.masked = true; // a client masks (section 5.3); mask=0 breaks that on purpose
    QByteArray rest = arguments;
    while (!rest.isEmpty()) {
        const qsizetype space = rest.indexOf(' ');
        const QByteArray token = space < 0 ? rest : rest.left(space);
        const qsizetype equals = token.indexOf('=');
        if (equals <= 0)
            break; // the payload text starts here
        const QByteArray key = token.left(equals);
        const QByteArray value = token.mid(equals + 1);
        bool ok = true;
        if (key == "fin" && (value == "0" || value == "1")) {
            frame.header.fin = value == "1";
        } else if (key == "rsv" && value.size() == 3 && value.count('0') + value.count('1') == 3) {
            frame.header.rsv1 = value[0] == '1';
            frame.header.rsv2 = value[1] == '1';
            frame.header.rsv3 = value[2] == '1';
        } else if (key == "opcode") {
            ok = parseOpcode(value, frame.header.opcode);
        } else if (key == "mask" && (value == "0" || value == "1")) {
            frame.header.masked = value == "1";
        } else if (key == "length") {
            frame.header.payloadLength = value.toULongLong(&ok);
            frame.overrideLength = ok;
        } else if (key == "hex") {
            const QByteArray bytes = QByteArray::fromHex(value);
            ok = bytes.toHex() == value.toLower();
            frame.payload.assign(bytes.constData(), std::size_t(bytes.size()));
        } else {
            ok = false;
        }
        if (!ok)
            return invalid(QStringLiteral("/raw does not understand \"%1\" (see /help)").arg(QString::fromUtf8(token)));
        rest = space < 0 ? QByteArray() : rest.mid(space + 1);
    }
    if (!rest.isEmpty())
        frame.payload.assign(rest.constData(), std::size_t(rest.size()));
    return command;
}

} // namespace

SlashCommand SlashCommand::parse(const QByteArray &line)
{
    if (line.startsWith("//")) { // an escaped slash: text that starts with "/"
        SlashCommand text;
        text.payload = line.mid(1);
        return text;
    }
    const qsizetype space = line.indexOf(' ');
    const QByteArray name = space < 0 ? line.mid(1) : line.mid(1, space - 1);
    const QByteArray arguments = space < 0 ? QByteArray() : line.mid(space + 1);
    SlashCommand command;
    if (name == "ping" || name == "pong") {
        command.kind = name == "ping" ? Kind::Ping : Kind::Pong;
        command.payload = arguments;
        controlPayloadFits(command.payload, command, name.constData());
        return command;
    }
    if (name == "close")
        return parseClose(arguments);
    if (name == "raw")
        return parseRaw(arguments);
    if (name == "help") {
        command.kind = Kind::Help;
        return command;
    }
    return invalid(QStringLiteral("unknown command /%1 (/help lists them; //text sends \"/text\")").arg(QString::fromUtf8(name)));
}

const char *SlashCommand::help()
{
    return "commands (--slash):\n"
           "  /ping [text]             a ping with that payload\n"
           "  /pong [text]             an unsolicited pong\n"
           "  /close [code [reason]]   the close handshake (0: no code)\n"
           "  /raw [fin=0|1] [rsv=000] [opcode=N|text|binary|close|ping|pong|cont] [mask=0|1]\n"
           "       [length=N] [hex=BYTES | text...]   one frame exactly as described\n"
           "  //text                   sends \"/text\"\n";
}

const char *SlashCommand::serveHelp()
{
    return "commands (serve --listen --slash), to every open client:\n"
           "  /ping [text]             a ping with that payload (not to hixie clients: no ping)\n"
           "  /close code [reason]     the close handshake with that code\n"
           "  //text                   sends \"/text\"\n";
}
