// SPDX-License-Identifier: MIT
// libFuzzer target: the Driver in the server role, fed what a (hostile) client sends.
#include "DriverFuzzer.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    return wsi::fuzz::runDriverFuzz(wsi::protocol::Role::Server, data, size);
}
