// SPDX-License-Identifier: MIT
#pragma once
// What the tests split out of tst_handshake.cpp share.
#include "protocol/handshake/Handshake.h"

#include <QtTest>

using namespace wsi::protocol;

namespace wsi::test {

inline std::string str(const QByteArray &bytes)
{
    return bytes.toStdString();
}

inline QByteArray bytes(const std::string &s)
{
    return QByteArray::fromStdString(s);
}

inline std::vector<std::string> strings(const QByteArrayList &list)
{
    std::vector<std::string> out;
    for (const QByteArray &item : list)
        out.push_back(str(item));
    return out;
}

inline QByteArrayList byteLists(const std::vector<std::string> &list)
{
    QByteArrayList out;
    for (const std::string &item : list)
        out << bytes(item);
    return out;
}

// Extensions as one normalised line, e.g. "a; p=1, b", for one-line comparisons.
inline QByteArray formatted(const std::vector<Extension> &extensions)
{
    QByteArray out;
    for (const Extension &extension : extensions) {
        if (!out.isEmpty())
            out += ", ";
        out += bytes(formatExtension(extension));
    }
    return out;
}

const char *outcomeName(ServerHandshakeOutcome outcome)
{
    switch (outcome) {
    case ServerHandshakeOutcome::Upgrade: return "upgrade";
    case ServerHandshakeOutcome::PlainHttp: return "plain http";
    case ServerHandshakeOutcome::CallerHttp: return "caller http";
    case ServerHandshakeOutcome::BadRequest: return "bad request";
    case ServerHandshakeOutcome::UpgradeRequired: return "upgrade required";
    case ServerHandshakeOutcome::HeadTooLarge: return "head too large";
    }
    return "?";
}

// The RFC 6455 section 1.3 example.
const QByteArray kKey("dGhlIHNhbXBsZSBub25jZQ==");
const QByteArray kAccept("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");

inline HttpResponseHead parsedResponse(const QByteArray &text)
{
    HttpResponseHead head;
    std::string error;
    if (!parseResponseHead(str(text), head, error))
        qFatal("test response does not parse: %s", error.c_str());
    return head;
}

inline HttpRequestHead parsedRequest(const QByteArray &text)
{
    HttpRequestHead head;
    std::string error;
    if (!parseRequestHead(str(text), head, error))
        qFatal("test request does not parse: %s", error.c_str());
    return head;
}

} // namespace wsi::test

using namespace wsi::test;

