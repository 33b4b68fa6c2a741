// SPDX-License-Identifier: MIT
// libFuzzer target: the Driver in the client role, fed what a (hostile) server sends.
#include "DriverFuzzer.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    return wsi::fuzz::runDriverFuzz(wsi::protocol::Role::Client, data, size);
}
