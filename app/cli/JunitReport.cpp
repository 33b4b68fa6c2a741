// SPDX-License-Identifier: MIT
#include "JunitReport.h"

#include <QDateTime>
#include <QSaveFile>
#include <QXmlStreamWriter>

#include <algorithm>

using wsi::script::AssertionResult;
using wsi::script::ResultKind;

namespace {

QString seconds(qint64 ms)
{
    return QString::number(double(ms) / 1000.0, 'f', 3);
}

QString failureType(ResultKind kind)
{
    switch (kind) {
    case ResultKind::Assertion: return QStringLiteral("assertion");
    case ResultKind::ScriptError: return QStringLiteral("script error");
    case ResultKind::RunFailure: return QStringLiteral("run");
    }
    return {};
}

} // namespace

bool writeJunitReport(const QString &path, const QString &suiteName, const QList<AssertionResult> &results, qint64 elapsedMs,
                      QString &error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    const auto failures = std::count_if(results.cbegin(), results.cend(), [](const AssertionResult &result) { return !result.passed; });
    QXmlStreamWriter xml(&file);
    xml.setAutoFormatting(true);
    xml.writeStartDocument();
    xml.writeStartElement(QStringLiteral("testsuites"));
    xml.writeAttribute(QStringLiteral("tests"), QString::number(results.size()));
    xml.writeAttribute(QStringLiteral("failures"), QString::number(failures));
    xml.writeAttribute(QStringLiteral("time"), seconds(elapsedMs));
    xml.writeStartElement(QStringLiteral("testsuite"));
    xml.writeAttribute(QStringLiteral("name"), suiteName);
    xml.writeAttribute(QStringLiteral("tests"), QString::number(results.size()));
    xml.writeAttribute(QStringLiteral("failures"), QString::number(failures));
    xml.writeAttribute(QStringLiteral("errors"), QStringLiteral("0"));
    xml.writeAttribute(QStringLiteral("time"), seconds(elapsedMs));
    xml.writeAttribute(QStringLiteral("timestamp"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
    for (const AssertionResult &result : results) {
        xml.writeStartElement(QStringLiteral("testcase"));
        xml.writeAttribute(QStringLiteral("classname"), suiteName);
        xml.writeAttribute(QStringLiteral("name"), result.name);
        xml.writeAttribute(QStringLiteral("time"), seconds(result.settledMs - result.startedMs));
        if (!result.passed) {
            xml.writeStartElement(QStringLiteral("failure"));
            xml.writeAttribute(QStringLiteral("type"), failureType(result.kind));
            xml.writeAttribute(QStringLiteral("message"), result.why);
            xml.writeCharacters(result.why + QStringLiteral(" (at %1 ms)").arg(result.settledMs));
            xml.writeEndElement();
        }
        xml.writeEndElement();
    }
    xml.writeEndElement();
    xml.writeEndElement();
    xml.writeEndDocument();
    if (xml.hasError() || !file.commit()) {
        error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}
