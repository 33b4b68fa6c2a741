// SPDX-License-Identifier: MIT
#pragma once
// RFC 6455 section 7.4: close status codes, which may appear on the wire, and what they mean.
#include <cstdint>

namespace wsi::protocol {

namespace CloseCode {
constexpr std::uint16_t Normal = 1000;
constexpr std::uint16_t GoingAway = 1001;
constexpr std::uint16_t ProtocolError = 1002;
constexpr std::uint16_t UnsupportedData = 1003;
constexpr std::uint16_t NoStatusReceived = 1005; // never on the wire
constexpr std::uint16_t Abnormal = 1006;         // never on the wire
constexpr std::uint16_t InvalidPayload = 1007;
constexpr std::uint16_t PolicyViolation = 1008;
constexpr std::uint16_t MessageTooBig = 1009;
constexpr std::uint16_t MandatoryExtension = 1010;
constexpr std::uint16_t InternalError = 1011;
constexpr std::uint16_t ServiceRestart = 1012;
constexpr std::uint16_t TryAgainLater = 1013;
constexpr std::uint16_t BadGateway = 1014;
constexpr std::uint16_t TlsHandshake = 1015; // never on the wire
} // namespace CloseCode

// Whether a code received in a close frame is acceptable (section 7.4.1/7.4.2 and the IANA
// registry): 1000-1003, 1007-1014 and 3000-4999. Everything else (0-999, 1004-1006, 1015,
// unregistered 1016-2999, 5000+) is a protocol error answered with 1002.
bool isValidReceivedCloseCode(std::uint16_t code);

// A few words for the user: "normal closure", "going away", "message too big", ...
const char *closeCodeMeaning(std::uint16_t code);

} // namespace wsi::protocol
