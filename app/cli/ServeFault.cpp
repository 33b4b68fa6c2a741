// SPDX-License-Identifier: MIT
#include "ServeFault.h"

#include <QRegularExpression>

namespace {

// "3" -> 3 messages; "2s", "1.5s", "300ms" -> milliseconds. False for anything else.
bool parseWhen(const QString &text, quint64 &messages, int &milliseconds)
{
    static const QRegularExpression pattern(QStringLiteral("^(\\d+(?:\\.\\d+)?)(ms|s)?$"));
    const QRegularExpressionMatch match = pattern.match(text.trimmed());
    if (!match.hasMatch())
        return false;
    const QString unit = match.captured(2);
    bool ok = false;
    if (unit.isEmpty()) {
        messages = match.captured(1).toULongLong(&ok);
        return ok && messages > 0;
    }
    const double value = match.captured(1).toDouble(&ok) * (unit == QLatin1String("s") ? 1000.0 : 1.0);
    if (!ok || value < 1 || value > 86400000.0)
        return false;
    milliseconds = int(value);
    return true;
}

// RFC 6455 7.4: the codes an endpoint may put in a close frame.
bool isSendableCloseCode(uint code)
{
    return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
}

} // namespace

bool ServeFaultArguments::read(wsi::net::ClientFault &fault, QString &error) const
{
    using Action = wsi::net::ClientFault::Action;
    if (!closeAfter.isEmpty() && !dropAfter.isEmpty()) {
        error = QStringLiteral("--close-after and --drop-after exclude each other: a client is either closed or dropped");
        return false;
    }
    const bool closing = !closeAfter.isEmpty();
    const QStringList &whens = closing ? closeAfter : dropAfter;
    const QString option = closing ? QStringLiteral("--close-after") : QStringLiteral("--drop-after");
    if (whens.isEmpty()) {
        if (closeCodeSet || closeReasonSet) {
            error = QStringLiteral("--close-code and --close-reason go with --close-after");
            return false;
        }
        return true;
    }
    if (!closing && (closeCodeSet || closeReasonSet)) {
        error = QStringLiteral("--close-code and --close-reason go with --close-after (--drop-after sends no close frame)");
        return false;
    }
    fault.action = closing ? Action::Close : Action::Drop;
    for (const QString &when : whens) {
        quint64 messages = 0;
        int milliseconds = 0;
        if (!parseWhen(when, messages, milliseconds)) {
            error = QStringLiteral("%1 wants a number of messages (3) or a time (2s, 1.5s, 300ms), not \"%2\"").arg(option, when);
            return false;
        }
        if ((messages > 0 && fault.afterMessages > 0) || (milliseconds > 0 && fault.afterMs > 0)) {
            error = QStringLiteral("%1 takes at most one count and one time").arg(option);
            return false;
        }
        if (messages > 0)
            fault.afterMessages = messages;
        else
            fault.afterMs = milliseconds;
    }
    if (closeCodeSet) {
        bool ok = false;
        const uint code = closeCode.toUInt(&ok);
        if (!ok || !isSendableCloseCode(code)) {
            error = QStringLiteral("--close-code wants a code a close frame may carry (1000-1003, 1007-1014, 3000-4999), not \"%1\"").arg(closeCode);
            return false;
        }
        fault.closeCode = quint16(code);
    }
    fault.closeReason = closeReasonSet ? closeReason : QStringLiteral("closed by the server's --close-after");
    if (fault.closeReason.toUtf8().size() > 123) {
        error = QStringLiteral("--close-reason is %1 bytes of UTF-8; a close frame holds at most 123").arg(fault.closeReason.toUtf8().size());
        return false;
    }
    return true;
}
