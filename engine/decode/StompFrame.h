// SPDX-License-Identifier: MIT
// Reading one STOMP 1.2 frame from a payload: command, headers (unescaped, the first of a
// repeated header wins), body, and where the next frame starts.
#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

namespace wsi::decode {

struct StompFrame
{
    QString command;
    QList<QPair<QString, QString>> headers; // in order, repeats kept
    QByteArray body;

    QString header(QStringView name) const;
};

bool isStompCommand(const QByteArray &word);

// Reads a frame starting at *at and moves *at past it and its trailing EOLs. Returns an
// empty string or what is wrong, with the offset.
QString readStompFrame(const QByteArray &bytes, qsizetype *at, StompFrame *frame);

} // namespace wsi::decode
