// SPDX-License-Identifier: MIT
#pragma once
// Keeps large blocks (>= 256 KiB: event batches, journal sections, arena chunks) out of
// malloc's heap, each in its own mapping returned to the kernel when freed.
//
// Why: glibc raises its mmap threshold to the size of every mapped block freed (up to
// 32 MiB), so after the first multi-megabyte buffer (a crash-journal tick) is freed, later
// batches and buffers come from the heap, where a long-lived block above them keeps the
// freed pages resident. Under a 100,000 msg/s flood that held ~40 bytes per logged
// message (bench_gui: 95-138 bytes/message beyond payload; 69-78 with the threshold fixed).
// Call once at the start of a program that logs (the GUI does; bench_gui does as it does).
namespace wsi::log {

void keepLargeBlocksOutOfTheHeap();

} // namespace wsi::log
