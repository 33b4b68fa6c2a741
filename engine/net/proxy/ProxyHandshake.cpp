// SPDX-License-Identifier: MIT
#include "net/proxy/ProxyHandshake.h"

#include "protocol/handshake/Handshake.h"
#include "protocol/handshake/HttpHeaders.h"

#include <cstdlib>

namespace wsi::net {

namespace {

bool isForThisProxy(const std::string &name)
{
    return protocol::equalsIgnoreCase(name, "Proxy-Authorization")
        || protocol::equalsIgnoreCase(name, "Proxy-Connection");
}

int windowBitsOf(const protocol::ExtensionParam &param)
{
    const int bits = param.hasValue ? std::atoi(param.value.c_str()) : 15;
    return bits >= 8 && bits <= 15 ? bits : 15;
}

} // namespace

std::string upstreamResource(const QByteArray &baseResource, const protocol::HttpRequestHead &request)
{
    std::string base = baseResource.toStdString();
    std::string baseQuery;
    if (const auto mark = base.find('?'); mark != std::string::npos) {
        baseQuery = base.substr(mark + 1);
        base.erase(mark);
    }
    while (!base.empty() && base.back() == '/')
        base.pop_back();
    std::string path = request.path.empty() ? std::string("/") : request.path;
    if (path.front() != '/')
        path.insert(path.begin(), '/');
    std::string query = baseQuery;
    if (!request.query.empty())
        query += (query.empty() ? "" : "&") + request.query;
    return base + path + (query.empty() ? std::string() : "?" + query);
}

namespace {

std::string buildRequest(const protocol::HttpRequestHead &request, const std::string &resource,
                         const QByteArray &upstreamHostHeader, bool closeConnection)
{
    std::string head;
    head.reserve(512);
    head += request.method + ' ' + resource + ' ' + (request.version.empty() ? "HTTP/1.1" : request.version) + "\r\n";
    bool hostWritten = false;
    for (const protocol::HttpHeader &header : request.headers.all()) {
        if (isForThisProxy(header.name))
            continue;
        if (closeConnection
            && (protocol::equalsIgnoreCase(header.name, "Connection") || protocol::equalsIgnoreCase(header.name, "Keep-Alive")))
            continue;
        if (protocol::equalsIgnoreCase(header.name, "Host")) {
            if (hostWritten)
                continue; // one Host, the upstream's
            head += header.name + ": " + upstreamHostHeader.toStdString() + "\r\n";
            hostWritten = true;
            continue;
        }
        head += header.name + ": " + header.value + "\r\n";
    }
    if (!hostWritten)
        head += "Host: " + upstreamHostHeader.toStdString() + "\r\n";
    if (closeConnection)
        head += "Connection: close\r\n";
    head += "\r\n";
    return head;
}

} // namespace

std::string buildUpstreamRequest(const protocol::HttpRequestHead &request, const std::string &resource,
                                 const QByteArray &upstreamHostHeader)
{
    return buildRequest(request, resource, upstreamHostHeader, false);
}

std::string buildPlainHttpRequest(const protocol::HttpRequestHead &request, const std::string &resource,
                                  const QByteArray &upstreamHostHeader)
{
    return buildRequest(request, resource, upstreamHostHeader, true);
}

RelayedExtensions relayedExtensionsOf(const protocol::HttpResponseHead &response)
{
    RelayedExtensions relayed;
    const std::string value = response.headers.joined("Sec-WebSocket-Extensions");
    if (value.empty())
        return relayed;
    std::vector<protocol::Extension> extensions;
    std::string error;
    if (!protocol::parseExtensionList(value, extensions, error)) {
        relayed.error = QString::fromStdString(error);
        relayed.unknownExtension = true; // show the frames as they are
        return relayed;
    }
    for (const protocol::Extension &extension : extensions) {
        if (!protocol::equalsIgnoreCase(extension.name, "permessage-deflate")) {
            relayed.unknownExtension = true;
            relayed.unknownName = QString::fromStdString(extension.name);
            continue;
        }
        relayed.deflate = true;
        for (const protocol::ExtensionParam &param : extension.params) {
            if (protocol::equalsIgnoreCase(param.name, "server_no_context_takeover"))
                relayed.deflateParams.serverNoContextTakeover = true;
            else if (protocol::equalsIgnoreCase(param.name, "client_no_context_takeover"))
                relayed.deflateParams.clientNoContextTakeover = true;
            else if (protocol::equalsIgnoreCase(param.name, "server_max_window_bits"))
                relayed.deflateParams.serverMaxWindowBits = windowBitsOf(param);
            else if (protocol::equalsIgnoreCase(param.name, "client_max_window_bits"))
                relayed.deflateParams.clientMaxWindowBits = windowBitsOf(param);
        }
    }
    return relayed;
}

QByteArray gatewayErrorResponse(int status, const QString &reason)
{
    const std::string body = "wsinspect proxy: " + reason.toStdString() + "\n";
    return QByteArray::fromStdString(protocol::buildErrorResponse(status, body));
}

} // namespace wsi::net
