// SPDX-License-Identifier: MIT
#pragma once
// Runs a long job (saving or opening a session, exporting a log) on the UI thread a slice
// at a time, with a window-modal progress dialog and Cancel.
//
// Why the UI thread and not a worker: the MessageStore is not thread-safe (appending grows
// its index vectors and chunk list while a reader would walk them), and a value snapshot
// of a million rows would double the log's memory. A slice (one step(): about a megabyte
// of rows) takes a few to a few tens of milliseconds, events are processed between slices,
// and the connection keeps appending meanwhile (jobs only read the rows present when they
// started). The modal dialog keeps the user from clearing or closing the log mid-job.
#include <QString>

#include <functional>

class QWidget;

namespace wsi::ui::JobProgress {

// Calls step() until it returns false; false when the user cancelled (cancel() was called).
bool run(QWidget *parent, const QString &label, const std::function<bool()> &step,
         const std::function<double()> &progress, const std::function<void()> &cancel);

} // namespace wsi::ui::JobProgress
