// SPDX-License-Identifier: MIT
#include "files/session/SessionSecrets.h"

#include "net/SecretRedaction.h"

namespace wsi::log {

QByteArray redactHeaderValue(const QByteArray &value)
{
    return "(hidden, " + QByteArray::number(value.trimmed().size()) + " bytes)";
}

bool isRedactedHeaderValue(const QByteArray &value)
{
    return value.startsWith("(hidden, ") && value.endsWith(" bytes)");
}

net::HeaderList redactHeaderList(const net::HeaderList &headers)
{
    net::HeaderList out = headers;
    for (auto &[name, value] : out) {
        if (net::isSecretHeader(name))
            value = redactHeaderValue(value);
    }
    return out;
}

net::ConnectionOptions redactOptions(const net::ConnectionOptions &options)
{
    net::ConnectionOptions out = options;
    out.url = net::redactUrl(options.url);
    out.headers = redactHeaderList(options.headers);
    out.proxy.url = net::redactUrl(options.proxy.url);
    out.proxy.headers = redactHeaderList(options.proxy.headers);
    out.tls.clientKeyPassphrase.clear();
    out.rawRequestOverride = net::redactHeaders(options.rawRequestOverride);
    return out;
}

net::HandshakeInfo redactHandshake(const net::HandshakeInfo &info)
{
    net::HandshakeInfo out = info;
    out.rawRequest = net::redactHeaders(info.rawRequest);
    out.rawResponse = net::redactHeaders(info.rawResponse);
    out.responseHeaders = redactHeaderList(info.responseHeaders);
    return out;
}

SessionTabState redactState(const SessionTabState &state)
{
    SessionTabState out = state;
    out.options = redactOptions(state.options);
    out.panelUrl = net::redactUrl(state.panelUrl);
    if (out.handshake)
        out.handshake = redactHandshake(*state.handshake);
    if (out.tlsReport) {
        // The verdict sentence quotes the URL.
        out.tlsReport->url = net::redactUrl(state.tlsReport->url);
        out.tlsReport->message.replace(state.tlsReport->url, out.tlsReport->url);
    }
    return out;
}

} // namespace wsi::log
