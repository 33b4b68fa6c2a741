// SPDX-License-Identifier: MIT
// libFuzzer target: the opening handshake's parsers and checks (RFC 6455 section 4,
// RFC 7692 section 5), on the same input read as a request, a response, an extension list
// and a byte stream for HttpHeadReader. Beyond "no crash", it aborts when our own output
// does not survive our own parser: a formatted extension list must parse back the same,
// and our 101 answer to any request we accept must pass our client's checks.
#include "FuzzChunker.h"
#include "protocol/handshake/Handshake.h"
#include "protocol/handshake/HttpMessage.h"
#include "protocol/PermessageDeflate.h"

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace wsi::protocol;

void check(bool condition, const char *what)
{
    if (!condition) {
        std::fprintf(stderr, "fuzz_handshake: broken promise: %s\n", what);
        std::abort();
    }
}

bool sameExtensions(const std::vector<Extension> &a, const std::vector<Extension> &b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i].name != b[i].name || a[i].params.size() != b[i].params.size())
            return false;
        for (std::size_t j = 0; j < a[i].params.size(); ++j) {
            const ExtensionParam &p = a[i].params[j];
            const ExtensionParam &q = b[i].params[j];
            if (p.name != q.name || p.hasValue != q.hasValue || p.value != q.value)
                return false;
        }
    }
    return true;
}

std::string formatList(const std::vector<Extension> &extensions)
{
    std::string out;
    for (const Extension &extension : extensions) {
        if (!out.empty())
            out += ", ";
        out += formatExtension(extension);
    }
    return out;
}

bool validWindowBits(int bits)
{
    return bits >= 8 && bits <= 15;
}

void fuzzExtensionList(std::string_view text)
{
    std::vector<Extension> extensions;
    std::string error;
    if (!parseExtensionList(text, extensions, error)) {
        check(!error.empty(), "extension list rejected without a reason");
        return;
    }
    std::vector<Extension> again;
    check(parseExtensionList(formatList(extensions), again, error),
          "a formatted extension list does not parse");
    check(sameExtensions(extensions, again), "an extension list changed through format/parse");

    DeflateParams params;
    std::string response;
    if (negotiateDeflateAsServer(extensions, DeflateServerOptions{}, params, response)) {
        check(validWindowBits(params.serverMaxWindowBits) && validWindowBits(params.clientMaxWindowBits),
              "negotiated window bits outside 8..15");
        std::vector<Extension> accepted;
        check(parseExtensionList(response, accepted, error) && accepted.size() == 1,
              "our permessage-deflate answer does not parse");
    }
    for (const Extension &extension : extensions) {
        DeflateParams clientParams;
        if (acceptDeflateResponse(extension, DeflateOffer{}, clientParams, error))
            check(validWindowBits(clientParams.serverMaxWindowBits)
                      && validWindowBits(clientParams.clientMaxWindowBits),
                  "accepted window bits outside 8..15");
        else
            check(!error.empty(), "a permessage-deflate answer rejected without a reason");
    }
}

// Whatever we answer to a request must be a response our own client accepts (when we
// upgrade) or a well-formed error with the status we chose.
void checkOurAnswer(const HttpRequestHead &request, const ServerHandshakeCheck &verdict,
                    const ServerHandshakeOptions &options)
{
    HttpResponseHead response;
    std::string error;
    if (verdict.outcome != ServerHandshakeOutcome::Upgrade) {
        const std::string answer = buildErrorResponse(verdict.status, verdict.message);
        const std::size_t headEnd = answer.find("\r\n\r\n");
        check(headEnd != std::string::npos, "our error answer has no end of head");
        check(parseResponseHead(std::string_view(answer).substr(0, headEnd + 4), response, error),
              "our error answer does not parse");
        check(response.status == verdict.status, "our error answer has another status");
        return;
    }
    check(isValidSecWebSocketKey(verdict.key), "upgraded a request with an invalid key");
    DeflateParams params;
    std::string extensionsResponse;
    if (!negotiateDeflateAsServer(verdict.extensionOffers, DeflateServerOptions{}, params,
                                  extensionsResponse))
        extensionsResponse.clear();
    const std::string answer = buildServerResponse(computeSecWebSocketAccept(verdict.key),
                                                   verdict.selectedSubprotocol,
                                                   extensionsResponse, options.extraHeaders);
    check(parseResponseHead(answer, response, error), "our 101 answer does not parse");

    ClientHandshakeRequest asSent;
    asSent.key = verdict.key;
    asSent.subprotocols = verdict.requestedSubprotocols;
    asSent.extensionOffer = request.headers.joined("Sec-WebSocket-Extensions");
    const ClientHandshakeCheck clientView = checkServerResponse(response, asSent);
    check(clientView.error == ClientHandshakeError::None, "our client rejects our own 101 answer");
    check(clientView.subprotocol == verdict.selectedSubprotocol, "the subprotocol changed on the way");
}

void fuzzRequest(std::string_view text)
{
    HttpRequestHead request;
    std::string error;
    if (!parseRequestHead(text, request, error)) {
        check(!error.empty(), "request rejected without a reason");
        return;
    }
    ServerHandshakeOptions options;
    options.subprotocols = {"chat", "superchat"};
    options.extraHeaders = {{"Server", "wsinspect-fuzz"}};
    const ServerHandshakeCheck verdict = checkClientRequest(request, options);
    check(!verdict.message.empty() || verdict.outcome == ServerHandshakeOutcome::Upgrade,
          "request refused without a reason");
    checkOurAnswer(request, verdict, options);
}

void fuzzResponse(std::string_view text)
{
    HttpResponseHead response;
    std::string error;
    if (!parseResponseHead(text, response, error)) {
        check(!error.empty(), "response rejected without a reason");
        return;
    }
    ClientHandshakeRequest request;
    request.host = "server.example.com";
    request.resourceName = "/chat";
    request.key = "dGhlIHNhbXBsZSBub25jZQ==";
    request.subprotocols = {"chat", "superchat"};
    request.extensionOffer = "permessage-deflate; client_max_window_bits";
    const ClientHandshakeCheck verdict = checkServerResponse(response, request);
    if (verdict.error != ClientHandshakeError::None) {
        check(!verdict.message.empty(), "response refused without a reason");
        return;
    }
    check(response.status == 101, "accepted a response other than 101");
    for (const Extension &extension : verdict.extensions) {
        DeflateParams params;
        acceptDeflateResponse(extension, DeflateOffer{}, params, error);
    }
}

// The reader must stop exactly after the blank line, whatever the chunking, and agree
// with a reader fed everything at once.
void fuzzHeadReader(const std::uint8_t *data, std::size_t size)
{
    HttpHeadReader whole(1024);
    std::size_t wholeConsumed = 0;
    const HttpHeadReader::Status wholeStatus = whole.feed(data, size, wholeConsumed);

    HttpHeadReader chunked(1024);
    std::size_t total = 0;
    wsi::fuzz::FuzzChunker chunker(size > 0 ? data[size - 1] : 0);
    std::size_t offset = 0;
    while (offset < size && chunked.status() == HttpHeadReader::Status::NeedMore) {
        const std::size_t chunk = chunker.next(size - offset);
        std::size_t consumed = 0;
        chunked.feed(data + offset, chunk, consumed);
        check(consumed <= chunk, "HttpHeadReader consumed more than it was given");
        total += consumed;
        offset += chunk;
    }
    check(chunked.status() == wholeStatus, "HttpHeadReader's verdict depends on the chunking");
    if (wholeStatus != HttpHeadReader::Status::Complete)
        return;
    check(chunked.head() == whole.head(), "HttpHeadReader's head depends on the chunking");
    check(total == wholeConsumed && wholeConsumed == whole.head().size(),
          "HttpHeadReader consumed other than the head");
    check(whole.head().size() <= size
              && whole.head() == std::string_view(reinterpret_cast<const char *>(data), whole.head().size()),
          "HttpHeadReader's head is not a prefix of its input");
    check(whole.head().back() == '\n', "HttpHeadReader's head does not end with a line feed");
    fuzzRequest(whole.head());
    fuzzResponse(whole.head());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    fuzzRequest(text);
    fuzzResponse(text);
    fuzzExtensionList(text);
    fuzzHeadReader(data, size);
    return 0;
}
