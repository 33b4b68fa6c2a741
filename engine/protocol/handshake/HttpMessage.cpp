// SPDX-License-Identifier: MIT
#include "protocol/handshake/HttpMessage.h"

#include <cstring>

namespace wsi::protocol {

namespace {


bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// No whitespace or control characters (a request-target is URI characters only).
bool isVisible(std::string_view s)
{
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u == 0x7f)
            return false;
    }
    return true;
}

// A line as it appears in an error message: quoted, cut short, control bytes escaped.
std::string quoteForMessage(std::string_view s)
{
    constexpr std::size_t maxShown = 40;
    std::string out = "\"";
    for (std::size_t i = 0; i < s.size() && i < maxShown; ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x20 || c == 0x7f) {
            static const char hex[] = "0123456789abcdef";
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 0xf];
        } else {
            out += static_cast<char>(c);
        }
    }
    if (s.size() > maxShown)
        out += "...";
    out += '"';
    return out;
}

// Splits a head into lines, accepting CRLF and bare LF (RFC 7230 section 3.5), skipping
// empty lines before the start line (same section), and stopping at the empty line that
// ends the head.
class LineCursor
{
public:
    explicit LineCursor(std::string_view block) : m_rest(block) {}

    // The next line without its line ending; false when there is no complete line left.
    bool next(std::string_view &line)
    {
        const std::size_t lf = m_rest.find('\n');
        if (lf == std::string_view::npos)
            return false;
        line = m_rest.substr(0, lf);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        m_rest.remove_prefix(lf + 1);
        return true;
    }
    bool atEnd() const { return m_rest.empty(); }

private:
    std::string_view m_rest;
};

bool firstLine(LineCursor &lines, std::string_view &line, const char *what, std::string &error)
{
    do {
        if (!lines.next(line)) {
            error = std::string("head has no complete ") + what;
            return false;
        }
    } while (line.empty());
    return true;
}

// HTTP-version = "HTTP/" DIGIT "." DIGIT (RFC 7230 section 2.6).
bool checkVersion(std::string_view version, const char *where, std::string &error)
{
    const bool ok = version.size() == 8 && version.substr(0, 5) == "HTTP/" && isDigit(version[5])
                    && version[6] == '.' && isDigit(version[7]);
    if (!ok)
        error = std::string(where) + " has HTTP version " + quoteForMessage(version)
                + ", expected the form HTTP/1.1";
    return ok;
}

// header-field = field-name ":" OWS field-value OWS (RFC 7230 section 3.2).
bool parseHeaderLine(std::string_view line, int number, HttpHeaders &headers, std::string &error)
{
    const std::string where = "header line " + std::to_string(number) + " "
                              + quoteForMessage(line);
    if (line.front() == ' ' || line.front() == '\t') {
        // Section 3.2.4: obsolete line folding must be rejected (or unfolded); we reject.
        error = where + " starts with whitespace (obsolete line folding is not allowed)";
        return false;
    }
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
        error = where + " has no colon";
        return false;
    }
    const std::string_view name = line.substr(0, colon);
    if (!isHttpToken(name)) {
        // Section 3.2.4 also forbids whitespace between the name and the colon.
        error = where + " has an invalid header name";
        return false;
    }
    const std::string_view value = trimWhitespace(line.substr(colon + 1));
    for (char c : value) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && c != '\t') || u == 0x7f) {
            error = where + " has a control character in its value";
            return false;
        }
    }
    headers.add(std::string(name), std::string(value));
    return true;
}

bool parseHeaderLines(LineCursor &lines, HttpHeaders &headers, std::string &error)
{
    std::string_view line;
    for (int number = 1;; ++number) {
        if (!lines.next(line)) {
            error = "head does not end with an empty line";
            return false;
        }
        if (line.empty())
            break;
        if (!parseHeaderLine(line, number, headers, error))
            return false;
    }
    if (!lines.atEnd()) {
        error = "bytes follow the empty line that ends the head";
        return false;
    }
    return true;
}

// origin-form "/chat?room=1", or absolute-form "http://host/chat?room=1" (RFC 7230 section
// 5.3.2, RFC 6455 section 4.2.1 item 1), into path and query.
void splitTarget(std::string_view target, HttpRequestHead &out)
{
    const std::size_t schemeEnd = target.find("://");
    if (target.front() != '/' && schemeEnd != std::string_view::npos) {
        const std::size_t pathStart = target.find_first_of("/?", schemeEnd + 3);
        target = pathStart == std::string_view::npos ? std::string_view() : target.substr(pathStart);
    }
    const std::size_t question = target.find('?');
    out.path = target.substr(0, question);
    if (out.path.empty())
        out.path = "/";
    out.query = question == std::string_view::npos ? std::string() : std::string(target.substr(question + 1));
}

// request-line = method SP request-target SP HTTP-version (RFC 7230 section 3.1.1).
bool parseRequestLine(std::string_view line, HttpRequestHead &out, std::string &error)
{
    const std::size_t firstSpace = line.find(' ');
    const std::size_t lastSpace = line.rfind(' ');
    if (firstSpace == std::string_view::npos || firstSpace == lastSpace) {
        error = "request line " + quoteForMessage(line)
                + " is not of the form \"METHOD target HTTP/1.1\"";
        return false;
    }
    const std::string_view method = line.substr(0, firstSpace);
    const std::string_view target = line.substr(firstSpace + 1, lastSpace - firstSpace - 1);
    const std::string_view version = line.substr(lastSpace + 1);
    if (!isHttpToken(method)) {
        error = "request line has an invalid method " + quoteForMessage(method);
        return false;
    }
    if (target.empty() || !isVisible(target)) {
        error = "request line has an invalid target " + quoteForMessage(target);
        return false;
    }
    if (!checkVersion(version, "request line", error))
        return false;
    out.method = method;
    out.target = target;
    splitTarget(target, out);
    out.version = version;
    return true;
}

// status-line = HTTP-version SP status-code SP reason-phrase (RFC 7230 section 3.1.2).
// A missing reason phrase (and its space) is tolerated, as browsers do.
bool parseStatusLine(std::string_view line, HttpResponseHead &out, std::string &error)
{
    const std::size_t space = line.find(' ');
    const std::string_view version = line.substr(0, space);
    if (!checkVersion(version, "status line", error))
        return false;
    if (space == std::string_view::npos) {
        error = "status line has no status code";
        return false;
    }
    std::string_view rest = line.substr(space + 1);
    const std::size_t codeEnd = rest.find(' ');
    const std::string_view code = rest.substr(0, codeEnd);
    if (code.size() != 3 || !isDigit(code[0]) || !isDigit(code[1]) || !isDigit(code[2])) {
        error = code.empty() ? std::string("status line has no status code")
                             : "status code " + quoteForMessage(code) + " is not three digits";
        return false;
    }
    out.version = version;
    out.status = (code[0] - '0') * 100 + (code[1] - '0') * 10 + (code[2] - '0');
    out.reason = codeEnd == std::string_view::npos ? std::string() : std::string(rest.substr(codeEnd + 1));
    out.statusLine = line;
    return true;
}

// The head ends with an empty line ("\n\n" or "\n\r\n") that follows some content; empty
// lines before the start line do not end it (RFC 7230 section 3.5).
bool endsWithEmptyLine(const std::string &head)
{
    const std::size_t n = head.size();
    std::size_t lineStart;
    if (n >= 2 && head[n - 2] == '\n')
        lineStart = n - 1;
    else if (n >= 3 && head[n - 2] == '\r' && head[n - 3] == '\n')
        lineStart = n - 2;
    else
        return false;
    return head.find_first_not_of("\r\n") < lineStart;
}

} // namespace

bool parseRequestHead(std::string_view block, HttpRequestHead &out, std::string &error)
{
    out = HttpRequestHead();
    LineCursor lines(block);
    std::string_view line;
    return firstLine(lines, line, "request line", error) && parseRequestLine(line, out, error)
           && parseHeaderLines(lines, out.headers, error);
}

bool parseResponseHead(std::string_view block, HttpResponseHead &out, std::string &error)
{
    out = HttpResponseHead();
    LineCursor lines(block);
    std::string_view line;
    return firstLine(lines, line, "status line", error) && parseStatusLine(line, out, error)
           && parseHeaderLines(lines, out.headers, error);
}

// Reads one line at a time (memchr for the LF), so it never takes a byte past the empty
// line that ends the head, and it never holds more than maxHeadSize bytes.
HttpHeadReader::Status HttpHeadReader::feed(const std::uint8_t *data, std::size_t size,
                                            std::size_t &consumed)
{
    consumed = 0;
    while (m_status == Status::NeedMore && consumed < size) {
        if (m_head.size() >= m_maxHeadSize) {
            // More bytes arrive and the head is already at its limit: no need to wait for
            // a terminator that would make it too large anyway.
            m_status = Status::TooLarge;
            break;
        }
        const std::size_t room = m_maxHeadSize - m_head.size();
        const std::size_t available = size - consumed < room ? size - consumed : room;
        const std::uint8_t *begin = data + consumed;
        const auto *lf = static_cast<const std::uint8_t *>(std::memchr(begin, '\n', available));
        const std::size_t take = lf ? static_cast<std::size_t>(lf - begin) + 1 : available;
        m_head.append(reinterpret_cast<const char *>(begin), take);
        consumed += take;
        if (lf && endsWithEmptyLine(m_head))
            m_status = Status::Complete;
    }
    return m_status;
}

} // namespace wsi::protocol
