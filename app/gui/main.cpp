// SPDX-License-Identifier: MIT
// wsinspect: the desktop inspector. Parses the command line, applies the saved theme and
// opens the main window, optionally connected to a URL or to its own echo server.
#include "store/MmapThreshold.h"
#include "ui/tab/ConnectionTab.h"
#include "common/InterruptWatcher.h"
#include "common/WindowOptions.h"
#include "ui/files/CrashJournal.h"
#include "ui/window/MainWindow.h"
#include "ui/preferences/Preferences.h"
#include "ui/window/Theme.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QTimer>

#include <csignal>
#include <cstdlib>

namespace {

// The icon theme's wsinspect icon once installed (a user's theme may restyle it), else the
// copy built in from resources/wsinspect.qrc: the SVG when Qt can draw it (libqt6svg6),
// the PNG sizes when it cannot (an SVG icon is not null then, only empty).
QIcon applicationIcon()
{
    QIcon builtIn(QStringLiteral(":/wsinspect/wsinspect.svg"));
    if (builtIn.pixmap(QSize(32, 32)).isNull()) {
        builtIn = QIcon();
        for (const int size : {16, 32, 48, 64, 128, 256})
            builtIn.addFile(QStringLiteral(":/wsinspect/wsinspect-%1.png").arg(size), QSize(size, size));
    }
    return QIcon::fromTheme(QStringLiteral("wsinspect"), builtIn);
}

// The command line, described once for both ways main() reads it.
struct CommandLine : WindowOptions {
    QCommandLineParser parser;

    CommandLine()
    {
        parser.setApplicationDescription(QStringLiteral(
            "Native desktop WebSocket inspector.\n\nExamples:\n"
            "  wsinspect --echo-server          start the built-in echo server and connect to it\n"
            "  wsinspect wss://example.com/feed connect to a server"));
        parser.addHelpOption();
        parser.addVersionOption();
        parser.addOptions(all());
        parser.addPositionalArgument(QStringLiteral("url"), QStringLiteral("A ws:// or wss:// URL to connect to."),
                                     QStringLiteral("[url]"));
    }
};

void setApplicationInfo()
{
    QCoreApplication::setApplicationName(QStringLiteral("wsinspect"));
    QCoreApplication::setOrganizationName(QStringLiteral("wsinspect"));
    QCoreApplication::setApplicationVersion(QStringLiteral(WSI_VERSION));
}

// --help and --version need no display; QApplication fails without one.
bool asksForHelpOrVersion(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        const QByteArray argument(argv[i]);
        if (argument == "--")
            return false;
        if (argument == "-h" || argument == "-?" || argument == "--help" || argument == "--help-all"
            || argument == "-v" || argument == "--version")
            return true;
    }
    return false;
}

} // namespace

int main(int argc, char *argv[])
{
    wsi::log::keepLargeBlocksOutOfTheHeap(); // before anything allocates (store/MmapThreshold.h)
    if (asksForHelpOrVersion(argc, argv)) {
        QCoreApplication core(argc, argv);
        setApplicationInfo();
        CommandLine commandLine;
        commandLine.parser.process(core); // prints the help or the version and exits
        return 0;
    }
    QApplication app(argc, argv);
    setApplicationInfo();
    QApplication::setDesktopFileName(QStringLiteral("wsinspect"));
    QApplication::setWindowIcon(applicationIcon());

    CommandLine commandLine;
    QCommandLineParser &parser = commandLine.parser;
    const QCommandLineOption &echoServer = commandLine.echoServer;
    const QCommandLineOption &tls = commandLine.tls;
    const QCommandLineOption &theme = commandLine.theme;
    const QCommandLineOption &size = commandLine.size;
    parser.process(app);
    // --theme applies to this run only; the saved preference is the default.
    wsi::ui::ThemeChoice themeChoice = wsi::ui::Preferences::load().theme;
    if (parser.isSet(theme) && !wsi::ui::Preferences::themeFromName(parser.value(theme), &themeChoice)) {
        qCritical("wsinspect: unknown theme \"%s\"; use system, light or dark", qPrintable(parser.value(theme)));
        return 2;
    }
    wsi::ui::Theme::applyApplicationTheme(wsi::ui::Preferences::themeName(themeChoice));

    wsi::ui::MainWindow window;
    if (parser.isSet(theme))
        window.useThemeForThisRun(themeChoice);
    if (parser.isSet(size)) {
        const QStringList parts = parser.value(size).split(QLatin1Char('x'));
        bool okWidth = false, okHeight = false;
        const int width = parts.value(0).toInt(&okWidth);
        const int height = parts.value(1).toInt(&okHeight);
        if (parts.size() != 2 || !okWidth || !okHeight || width < 200 || height < 200) {
            qCritical("wsinspect: --size wants WIDTHxHEIGHT, e.g. 1600x1000");
            return 2;
        }
        window.setGeometry(0, 0, width, height);
    }
    window.show();
    // SIGTERM (logout, shutdown) and SIGINT end the run cleanly: the window closes without
    // a question and keeps unsaved logs for the next start. A second one ends it now.
    InterruptWatcher interrupts;
    QObject::connect(&interrupts, &InterruptWatcher::interrupted, &window, [&window](int signalNumber, int count) {
        if (count > 1)
            std::_Exit(128 + signalNumber);
        window.quitFromOutside(signalNumber == SIGTERM ? QStringLiteral("by the system (SIGTERM)")
                                                       : QStringLiteral("by an interrupt (SIGINT)"));
    });
    // After a crash, offer the journaled logs back first.
    QTimer::singleShot(0, &window, [&window] { wsi::ui::CrashJournal::offerRestore(&window); });

    if (parser.isSet(echoServer))
        QTimer::singleShot(0, &window, [&window, &parser, &tls] { window.startEchoServerAndConnect(parser.isSet(tls)); });
    else if (!parser.positionalArguments().isEmpty())
        QTimer::singleShot(0, &window, [&window, &parser] { window.openConnection(parser.positionalArguments().first()); });
    return app.exec();
}
