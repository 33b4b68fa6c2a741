# SPDX-License-Identifier: MIT
# Strict warnings for our own targets (never for Qt's or zlib's headers).
add_library(wsi_warnings INTERFACE)
target_compile_options(wsi_warnings INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align -Woverloaded-virtual
    -Wimplicit-fallthrough)
if(WSI_WERROR)
    target_compile_options(wsi_warnings INTERFACE -Werror)
endif()
if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    # Qt Test's and moc's variadic macros are used without arguments; not our code.
    target_compile_options(wsi_warnings INTERFACE -Wno-gnu-zero-variadic-macro-arguments)
endif()
