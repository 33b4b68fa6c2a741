# Strict warnings for our own targets (never for Qt's or zlib's headers).
add_library(wsi_warnings INTERFACE)
target_compile_options(wsi_warnings INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align -Woverloaded-virtual
    -Wimplicit-fallthrough)
if(WSI_WERROR)
    target_compile_options(wsi_warnings INTERFACE -Werror)
endif()
