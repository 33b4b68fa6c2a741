// SPDX-License-Identifier: MIT
#pragma once
// One driver for any WebSocket version wsinspect speaks: a Driver (RFC 6455 and the hybi
// drafts 8 and 7) or a HixieDriver (drafts 76 and 75), behind the calls both have. The
// network code holds one of these and never asks which it is, except to show it.
//
// Client role: the version is DriverOptions::clientRequest.version, known from the start.
// Server role: the version is the request's, so nothing is built until its head is read:
// the bytes are kept, detectRequestVersion() (em-websocket's rule) chooses, and the chosen
// driver is fed everything kept. A head that is too large, or that is not a hixie upgrade,
// or a hixie one while ServerHandshakeOptions::refuseOldDrafts, goes to the Driver, which
// answers it (431, the caller's HTTP, 426 naming version 13, ...).
#include "protocol/Driver.h"
#include "protocol/legacy/HixieDriver.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace wsi::protocol {

class VersionedDriver
{
public:
    VersionedDriver(DriverOptions options, DriverSink &sink, ByteWriter &writer);
    ~VersionedDriver();
    VersionedDriver(const VersionedDriver &) = delete;
    VersionedDriver &operator=(const VersionedDriver &) = delete;

    void start();
    void parse(const std::uint8_t *data, std::size_t size)
    {
        if (m_driver)
            m_driver->parse(data, size);
        else if (m_hixie)
            m_hixie->parse(data, size);
        else
            parseUndecided(data, size);
    }
    void endOfInput();
    bool isAwaitingRejectedBody() const;

    bool sendText(std::string_view text, std::uint32_t fragments = 1);
    bool sendBinary(std::string_view data, std::uint32_t fragments = 1);
    // 0 in the hixie drafts, which have no ping.
    std::uint64_t sendPing(std::string_view payload = {});
    bool sendPong(std::string_view payload = {});
    bool close(std::uint16_t code = 1000, std::string_view reason = {});
    // RFC 6455 framing only: false in the hixie drafts.
    bool sendRawFrame(const RawFrame &frame);

    DriverState state() const;
    // The version spoken: the client's choice, or the server's reading of the request
    // (13 until a request has been read).
    ProtocolVersion version() const;
    bool isHixie() const { return m_hixie != nullptr; }
    // No ping, pong, close codes or raw frames: what a sender (the composer, --slash) may
    // offer depends on it.
    bool hasControlFrames() const { return !isHixie(); }
    const OpenEvent &openInfo() const;
    const CloseEvent &closeInfo() const;
    bool isDeflateActive() const { return m_driver && m_driver->isDeflateActive(); }
    void setAutoPong(bool enabled, std::int64_t limit = -1);
    std::uint64_t bytesReceived() const;
    std::uint64_t bytesSent() const;
    InputPosition inputPosition() const;
    bool swapMessageBuffer(std::string_view payload, std::string &other);

private:
    void parseUndecided(const std::uint8_t *data, std::size_t size);
    void decide(bool hixie);

    DriverOptions m_options; // moved into the driver once chosen
    const Role m_role;
    const ProtocolVersion m_clientVersion; // the client's, or the no-handshake version
    const bool m_decidedAtStart;
    DriverSink &m_sink;
    ByteWriter &m_writer;
    std::unique_ptr<Driver> m_driver;
    std::unique_ptr<HixieDriver> m_hixie;
    // Server role, before the request's head is whole: the head so far and every byte kept.
    HttpHeadReader m_headReader;
    std::string m_kept;
    bool m_started = false;
};

} // namespace wsi::protocol
