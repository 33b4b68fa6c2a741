// SPDX-License-Identifier: MIT
#include "protocol/legacy/VersionedDriver.h"

#include "protocol/legacy/RequestVersion.h"

namespace wsi::protocol {

namespace {

// Before the server has read a request: nothing opened, nothing closed.
const OpenEvent NoOpen{};
const CloseEvent NoClose{};

} // namespace

VersionedDriver::VersionedDriver(DriverOptions options, DriverSink &sink, ByteWriter &writer)
    : m_options(std::move(options)),
      m_role(m_options.role),
      m_clientVersion(m_options.clientRequest.version),
      // A client knows its version; so does either role without a handshake (tests, fuzzing).
      m_decidedAtStart(m_role == Role::Client || m_options.skipHandshake),
      m_sink(sink),
      m_writer(writer),
      m_headReader(m_options.server.maxHeadSize)
{
    if (m_decidedAtStart)
        decide(protocol::isHixie(m_clientVersion));
}

VersionedDriver::~VersionedDriver() = default;

void VersionedDriver::decide(bool hixie)
{
    if (hixie)
        m_hixie = std::make_unique<HixieDriver>(std::move(m_options), m_sink, m_writer);
    else
        m_driver = std::make_unique<Driver>(std::move(m_options), m_sink, m_writer);
    if (m_started) {
        if (m_driver)
            m_driver->start();
        else
            m_hixie->start();
    }
}

void VersionedDriver::start()
{
    m_started = true;
    if (m_driver)
        m_driver->start();
    else if (m_hixie)
        m_hixie->start();
}

void VersionedDriver::parseUndecided(const std::uint8_t *data, std::size_t size)
{
    std::size_t consumed = 0;
    const HttpHeadReader::Status status = m_headReader.feed(data, size, consumed);
    m_kept.append(reinterpret_cast<const char *>(data), size);
    if (status == HttpHeadReader::Status::NeedMore)
        return;
    const bool hixie = status == HttpHeadReader::Status::Complete
                       && detectRequestVersion(m_headReader.head()).usesHixieDriver()
                       && !m_options.server.refuseOldDrafts;
    decide(hixie);
    std::string kept;
    kept.swap(m_kept);
    parse(reinterpret_cast<const std::uint8_t *>(kept.data()), kept.size());
}

void VersionedDriver::endOfInput()
{
    if (!m_driver && !m_hixie) {
        // The client left before its head was whole: the Driver reports that as it would.
        decide(false);
        std::string kept;
        kept.swap(m_kept);
        m_driver->parse(reinterpret_cast<const std::uint8_t *>(kept.data()), kept.size());
    }
    if (m_driver)
        m_driver->endOfInput();
    else
        m_hixie->endOfInput();
}

bool VersionedDriver::isAwaitingRejectedBody() const
{
    return m_driver ? m_driver->isAwaitingRejectedBody() : false;
}

bool VersionedDriver::sendText(std::string_view text, std::uint32_t fragments)
{
    if (m_driver)
        return m_driver->sendText(text, fragments);
    return m_hixie && m_hixie->sendText(text, fragments);
}

bool VersionedDriver::sendBinary(std::string_view data, std::uint32_t fragments)
{
    if (m_driver)
        return m_driver->sendBinary(data, fragments);
    return m_hixie && m_hixie->sendBinary(data, fragments);
}

std::uint64_t VersionedDriver::sendPing(std::string_view payload)
{
    return m_driver ? m_driver->sendPing(payload) : 0;
}

bool VersionedDriver::sendPong(std::string_view payload)
{
    return m_driver && m_driver->sendPong(payload);
}

bool VersionedDriver::close(std::uint16_t code, std::string_view reason)
{
    if (m_driver)
        return m_driver->close(code, reason);
    return m_hixie && m_hixie->close(code, reason);
}

bool VersionedDriver::sendRawFrame(const RawFrame &frame)
{
    return m_driver && m_driver->sendRawFrame(frame);
}

DriverState VersionedDriver::state() const
{
    if (m_driver)
        return m_driver->state();
    return m_hixie ? m_hixie->state() : DriverState::Connecting;
}

ProtocolVersion VersionedDriver::version() const
{
    if (m_hixie)
        return m_hixie->version();
    if (m_driver && m_driver->state() != DriverState::Connecting)
        return m_driver->openInfo().version;
    return m_decidedAtStart ? m_clientVersion : ProtocolVersion::Rfc6455_13;
}

const OpenEvent &VersionedDriver::openInfo() const
{
    if (m_driver)
        return m_driver->openInfo();
    return m_hixie ? m_hixie->openInfo() : NoOpen;
}

const CloseEvent &VersionedDriver::closeInfo() const
{
    if (m_driver)
        return m_driver->closeInfo();
    return m_hixie ? m_hixie->closeInfo() : NoClose;
}

void VersionedDriver::setAutoPong(bool enabled, std::int64_t limit)
{
    if (m_driver)
        m_driver->setAutoPong(enabled, limit);
}

std::uint64_t VersionedDriver::bytesReceived() const
{
    if (m_driver)
        return m_driver->bytesReceived();
    return m_hixie ? m_hixie->bytesReceived() : m_kept.size();
}

std::uint64_t VersionedDriver::bytesSent() const
{
    if (m_driver)
        return m_driver->bytesSent();
    return m_hixie ? m_hixie->bytesSent() : 0;
}

InputPosition VersionedDriver::inputPosition() const
{
    if (m_driver)
        return m_driver->inputPosition();
    return m_hixie ? m_hixie->inputPosition() : InputPosition{};
}

bool VersionedDriver::swapMessageBuffer(std::string_view payload, std::string &other)
{
    return m_driver && m_driver->swapMessageBuffer(payload, other);
}

} // namespace wsi::protocol
