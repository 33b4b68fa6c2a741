// SPDX-License-Identifier: MIT
#pragma once
// The shared body of fuzz_driver_client and fuzz_driver_server: one Driver in the given
// role, configured by the input's first bytes, fed the rest in input-chosen chunks, and
// answering events the way an application would (echo, ping, close), so the send paths
// run in every state the fuzzer reaches. It aborts when the driver breaks one of its
// documented promises or writes a frame its peer would reject.
#include "protocol/FrameParser.h"

#include <cstddef>
#include <cstdint>

namespace wsi::fuzz {

// Input layout: [flags][chunk seed][deflate parameters][bytes from the peer ...]
//   flags bit 0: skip the opening handshake (start open)
//         bit 1: permessage-deflate (offered/accepted, or preset when skipping)
//         bit 2: answer events inside the callbacks (else after each parse() call)
//         bit 3: no automatic pong
//         bits 4-5: frame size limit: 64 KiB, 125 B, 1 KiB, 16 KiB
//         bit 6: no UTF-8 validation
//         bit 7: answer only the first ping automatically
constexpr std::size_t DriverFuzzHeaderSize = 3;

int runDriverFuzz(protocol::Role role, const std::uint8_t *data, std::size_t size);

} // namespace wsi::fuzz
