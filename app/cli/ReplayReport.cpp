// SPDX-License-Identifier: MIT
#include "ReplayReport.h"

#include "LineEscaping.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace wsi::replay;

namespace {

constexpr int PreviewBytes = 200;

// A message on one line: its text escaped (cut at PreviewBytes), or its bytes in hex.
QString preview(const ReplayMessage &message)
{
    if (message.binary) {
        const QByteArray head = message.payload.left(32).toHex(' ');
        return QStringLiteral("binary %1 bytes: %2%3")
            .arg(message.payload.size())
            .arg(QString::fromLatin1(head), message.payload.size() > 32 ? QStringLiteral(" ...") : QString());
    }
    const QByteArray shown = escapeForLine(message.payload.left(PreviewBytes));
    return QString::fromUtf8(shown) + (message.payload.size() > PreviewBytes ? QStringLiteral(" ...") : QString());
}

QString changeLine(const JsonChange &change)
{
    switch (change.kind) {
    case JsonChange::Kind::Changed: return QStringLiteral("    %1: %2 -> %3").arg(change.path, change.recorded, change.replayed);
    case JsonChange::Kind::Missing: return QStringLiteral("    %1: %2 -> (missing)").arg(change.path, change.recorded);
    case JsonChange::Kind::Added: return QStringLiteral("    %1: (new) -> %2").arg(change.path, change.replayed);
    }
    return {};
}

const char *changeKindName(JsonChange::Kind kind)
{
    switch (kind) {
    case JsonChange::Kind::Changed: return "changed";
    case JsonChange::Kind::Missing: return "missing";
    case JsonChange::Kind::Added: return "new";
    }
    return "changed";
}

QJsonObject messageJson(const ReplayMessage &message)
{
    QJsonObject object{{QStringLiteral("ms"), message.atMs}, {QStringLiteral("type"), message.binary ? QStringLiteral("binary") : QStringLiteral("text")}};
    if (message.binary)
        object.insert(QStringLiteral("base64"), QString::fromLatin1(message.payload.toBase64()));
    else
        object.insert(QStringLiteral("data"), QString::fromUtf8(message.payload));
    if (message.rowNumber > 0)
        object.insert(QStringLiteral("row"), message.rowNumber);
    return object;
}

} // namespace

QStringList diffEntryLines(const DiffEntry &entry, const ReplayPlan &plan, const QList<ReplayMessage> &answers)
{
    const ReplayMessage *recorded = entry.recorded >= 0 ? &plan.recorded.at(entry.recorded) : nullptr;
    const ReplayMessage *replayed = entry.replayed >= 0 ? &answers.at(entry.replayed) : nullptr;
    QStringList lines;
    switch (entry.kind) {
    case DiffKind::Same:
        lines << QStringLiteral("same     row %1 = answer %2 (at %3 ms, now %4 ms)")
                     .arg(recorded->rowNumber).arg(entry.replayed + 1).arg(recorded->atMs).arg(replayed->atMs);
        break;
    case DiffKind::Changed:
        lines << QStringLiteral("changed  row %1 -> answer %2 (at %3 ms, now %4 ms)")
                     .arg(recorded->rowNumber).arg(entry.replayed + 1).arg(recorded->atMs).arg(replayed->atMs);
        if (entry.changes.isEmpty()) {
            lines << QStringLiteral("    was: ") + preview(*recorded) << QStringLiteral("    now: ") + preview(*replayed);
        } else {
            for (const JsonChange &change : entry.changes)
                lines << changeLine(change);
            if (entry.moreChanges > 0)
                lines << QStringLiteral("    ... and %1 more").arg(entry.moreChanges);
        }
        break;
    case DiffKind::Missing:
        lines << QStringLiteral("missing  row %1 (at %2 ms): %3").arg(recorded->rowNumber).arg(recorded->atMs).arg(preview(*recorded));
        break;
    case DiffKind::New:
        lines << QStringLiteral("new      answer %1 (at %2 ms): %3").arg(entry.replayed + 1).arg(replayed->atMs).arg(preview(*replayed));
        break;
    }
    return lines;
}

QString diffSummaryLine(const ResponseDiff &diff)
{
    return QStringLiteral("%1 same, %2 changed, %3 missing, %4 new: %5")
        .arg(diff.same)
        .arg(diff.changed)
        .arg(diff.missing)
        .arg(diff.added)
        .arg(diff.identical() ? QStringLiteral("the answers match the recording") : QStringLiteral("the answers differ from the recording"));
}

QByteArray diffEntryJson(const DiffEntry &entry, const ReplayPlan &plan, const QList<ReplayMessage> &answers)
{
    QJsonObject object{{QStringLiteral("kind"), QLatin1String(diffKindName(entry.kind))}};
    if (entry.recorded >= 0)
        object.insert(QStringLiteral("recorded"), messageJson(plan.recorded.at(entry.recorded)));
    if (entry.replayed >= 0) {
        QJsonObject answer = messageJson(answers.at(entry.replayed));
        answer.insert(QStringLiteral("index"), entry.replayed + 1);
        object.insert(QStringLiteral("replayed"), answer);
    }
    if (!entry.changes.isEmpty()) {
        QJsonArray changes;
        for (const JsonChange &change : entry.changes) {
            QJsonObject item{{QStringLiteral("path"), change.path}, {QStringLiteral("kind"), QLatin1String(changeKindName(change.kind))}};
            if (change.kind != JsonChange::Kind::Added)
                item.insert(QStringLiteral("recorded"), change.recorded);
            if (change.kind != JsonChange::Kind::Missing)
                item.insert(QStringLiteral("replayed"), change.replayed);
            changes.append(item);
        }
        object.insert(QStringLiteral("changes"), changes);
        if (entry.moreChanges > 0)
            object.insert(QStringLiteral("more_changes"), entry.moreChanges);
    }
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray diffSummaryJson(const ResponseDiff &diff, const ReplayRunner &runner)
{
    QJsonObject summary{{QStringLiteral("sent"), int(runner.sent().size())},
                        {QStringLiteral("to_send"), int(runner.plan().sends.size())},
                        {QStringLiteral("answers"), int(runner.answers().size())},
                        {QStringLiteral("recorded"), int(runner.plan().recorded.size())},
                        {QStringLiteral("same"), diff.same},
                        {QStringLiteral("changed"), diff.changed},
                        {QStringLiteral("missing"), diff.missing},
                        {QStringLiteral("new"), diff.added},
                        {QStringLiteral("identical"), diff.identical()},
                        {QStringLiteral("ended"), runner.endReason()}};
    if (runner.close())
        summary.insert(QStringLiteral("close_code"), int(runner.close()->code));
    return QJsonDocument(QJsonObject{{QStringLiteral("summary"), summary}}).toJson(QJsonDocument::Compact);
}
