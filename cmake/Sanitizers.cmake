# SPDX-License-Identifier: MIT
# ASan + UBSan flags for the sanitizer twins of the engine tests, and libFuzzer support.
include(CheckCXXSourceCompiles)
include(CMakePushCheckState)

set(WSI_SANITIZER_FLAGS -fsanitize=address,undefined -fno-sanitize-recover=undefined
    -fno-omit-frame-pointer)
cmake_push_check_state(RESET)
set(CMAKE_REQUIRED_FLAGS "-fsanitize=address,undefined")
set(CMAKE_REQUIRED_LINK_OPTIONS "-fsanitize=address,undefined")
check_cxx_source_compiles("int main() { return 0; }" WSI_HAVE_SANITIZERS)
cmake_pop_check_state()

set(WSI_HAVE_LIBFUZZER OFF)
if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    cmake_push_check_state(RESET)
    set(CMAKE_REQUIRED_FLAGS "-fsanitize=fuzzer,address")
    set(CMAKE_REQUIRED_LINK_OPTIONS "-fsanitize=fuzzer,address")
    check_cxx_source_compiles(
        "#include <cstdint>\n#include <cstddef>\nextern \"C\" int LLVMFuzzerTestOneInput(const uint8_t*, size_t) { return 0; }"
        WSI_LIBFUZZER_LINKS)
    cmake_pop_check_state()
    if(WSI_LIBFUZZER_LINKS)
        set(WSI_HAVE_LIBFUZZER ON)
    endif()
endif()
