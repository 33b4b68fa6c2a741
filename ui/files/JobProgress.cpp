// SPDX-License-Identifier: MIT
#include "ui/files/JobProgress.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProgressDialog>

namespace wsi::ui::JobProgress {

namespace {
constexpr int SliceMs = 15;      // about a frame: the window stays responsive
constexpr int ShowAfterMs = 400; // short jobs show no dialog at all
constexpr int Steps = 1000;
} // namespace

bool run(QWidget *parent, const QString &label, const std::function<bool()> &step,
         const std::function<double()> &progress, const std::function<void()> &cancel)
{
    QProgressDialog dialog(label, QCoreApplication::translate("JobProgress", "Cancel"), 0, Steps, parent);
    dialog.setWindowModality(Qt::WindowModal);
    dialog.setMinimumDuration(ShowAfterMs);
    dialog.setAutoClose(false);
    dialog.setAutoReset(false);
    QElapsedTimer slice;
    for (bool more = true; more;) {
        slice.start();
        while (more && slice.elapsed() < SliceMs)
            more = step();
        // Between slices the window repaints and the connections keep delivering. User
        // input waits until the dialog shows (it is window-modal then, and its setValue()
        // processes events itself), so nothing can close or clear a log mid-job.
        QCoreApplication::processEvents(QEventLoop::ExcludeUserInputEvents);
        dialog.setValue(std::clamp(int(progress() * Steps), 0, Steps - 1));
        if (dialog.wasCanceled()) {
            cancel();
            return false;
        }
    }
    return true;
}

} // namespace wsi::ui::JobProgress
