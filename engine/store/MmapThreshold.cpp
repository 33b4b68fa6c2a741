// SPDX-License-Identifier: MIT
#include "store/MmapThreshold.h"

#include <cstdlib> // defines __GLIBC__ on glibc systems

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace wsi::log {

void keepLargeBlocksOutOfTheHeap()
{
#if defined(__GLIBC__)
    // Fixed thresholds also turn off glibc's dynamic adjustment (mallopt(3)); the trim
    // threshold is set too, as a block freed before this call may have raised it already.
    mallopt(M_MMAP_THRESHOLD, 256 * 1024);
    mallopt(M_TRIM_THRESHOLD, 128 * 1024);
#endif
}

} // namespace wsi::log
