// SPDX-License-Identifier: MIT
#pragma once
// The composer: writes messages in Text, JSON (checked live), Binary (hex, base64 or a
// file) or Raw frame mode (every header field, for deliberate protocol errors); fragments
// them; repeats them every N ms with {{counter}}/{{timestamp}} filled in; pings, pongs and
// closes. Sent messages go to a history (Up/Down in the editor, or the combo), named drafts
// to saved snippets. Ctrl+Enter sends. Invalid input is explained under the editor and
// nothing is sent (or lost).
//
// No sockets here: the tab (TrafficTab) posts the requests to its traffic source.
// UI thread only.
#include "ui/composer/ComposerDraft.h"
#include "ui/composer/ComposerChecks.h"
#include "ui/composer/SentHistory.h"
#include "ui/composer/SnippetStore.h"
#include "net/MetaTypes.h" // Q_DECLARE_METATYPE(wsi::protocol::RawFrame)

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QStackedWidget;
class QTabBar;
class QTimer;

namespace wsi::ui {

class ControlFrameBar;
class JsonHighlighter;
class PeriodicSender;
class RawFrameEditor;

class ComposerWidget : public QWidget
{
    Q_OBJECT
public:
    explicit ComposerWidget(QWidget *parent = nullptr);
    ~ComposerWidget() override;

    ComposerMode mode() const { return m_mode; }
    void setMode(ComposerMode mode);
    PayloadEncoding encoding() const;
    void setEncoding(PayloadEncoding encoding);
    QString text() const;
    void setText(const QString &text);
    ComposerDraft draft() const;
    void setDraft(const ComposerDraft &draft);
    int fragments() const;
    void setFragments(int fragments);
    ComposerChecks::RawFrameFields rawFrameFields() const;
    void setRawFrameFields(const ComposerChecks::RawFrameFields &fields);

    bool isConnected() const { return m_connected; }
    bool autoPong() const;
    // Shows the connection's setting without emitting autoPongChanged.
    void setAutoPong(bool enabled);

    // Binary / Raw frame payload from a file (the encoding becomes File). False, with the
    // reason under the editor, when it cannot be read.
    bool loadFile(const QString &path);
    const QByteArray &fileData() const { return m_fileData; }

    const SentHistory &history() const { return m_history; }

    QStringList snippetNames() const { return m_snippets.names(); }
    void saveSnippet(const QString &name);
    bool loadSnippet(const QString &name);
    void removeSnippet(const QString &name);

    void startPeriodic(int intervalMs);
    void stopPeriodic();
    bool isPeriodicRunning() const;
    qint64 periodicCount() const;

    // The line under the editor: what will be sent, or why it cannot be.
    QString statusText() const;
    bool hasProblem() const { return m_problem; }

public Q_SLOTS:
    // Enables or disables every send; disconnecting stops periodic sends.
    void setConnected(bool connected);
    // Sends what the editor holds in the current mode (Ctrl+Enter, the Send button).
    void send();

Q_SIGNALS:
    void sendTextRequested(const QByteArray &utf8, int fragments);
    void sendBinaryRequested(const QByteArray &data, int fragments);
    void pingRequested(const QByteArray &payload);
    void pongRequested(const QByteArray &payload);
    void closeRequested(int code, const QString &reason);
    void rawFrameRequested(const wsi::protocol::RawFrame &frame);
    void autoPongChanged(bool enabled);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    // What one send puts on the wire.
    struct Outgoing {
        enum class Kind : quint8 { Text, Binary, Raw } kind = Kind::Text;
        QByteArray data;
        protocol::RawFrame frame;
    };
    struct Problem {
        QString text;
        int position = -1; // in the editor's text, -1: not about one character
    };

    // layout (ComposerWidget.cpp)
    QWidget *makeModeRow();
    QWidget *makeEditorArea();
    QWidget *makeSideColumn();
    QWidget *makeFilePage();
    void updateModeWidgets();
    void scheduleCheck();
    void checkInput();
    void showStatus(const QString &text, bool isError, int position = -1);
    void updateErrorMark(int position);
    void refreshSnippetCombo();
    void refreshHistoryCombo();
    bool handleEditorKey(QKeyEvent *event);

    // sending (ComposerWidgetSend.cpp)
    bool compose(qint64 counter, Outgoing &out, Problem &problem) const;
    bool payloadBytes(const QString &text, QByteArray &data, Problem &problem) const;
    void emitOutgoing(const Outgoing &out);
    QString describeOutgoing(const Outgoing &out) const;
    void onPeriodicFire(qint64 counter);
    void togglePeriodic();
    void onPeriodicRunningChanged(bool running);
    void browseHistory(bool older);
    void chooseFile();
    void saveSnippetWithDialog();
    void formatJson();

    ComposerMode m_mode = ComposerMode::Text;
    bool m_connected = false;
    bool m_problem = false;
    qint64 m_manualSends = 0;
    QByteArray m_fileData;
    QString m_fileName;
    SentHistory m_history;
    SnippetStore m_snippets;

    QTabBar *m_modeTabs = nullptr;
    QLabel *m_encodingLabel = nullptr;
    QComboBox *m_encoding = nullptr;
    QPushButton *m_format = nullptr;
    QPushButton *m_loadFile = nullptr;
    QLabel *m_fragmentsLabel = nullptr;
    QSpinBox *m_fragments = nullptr;
    QSpinBox *m_interval = nullptr;
    QPushButton *m_periodicButton = nullptr;
    QLabel *m_periodicCount = nullptr;
    QCheckBox *m_autoPong = nullptr;
    RawFrameEditor *m_rawFrame = nullptr;
    QStackedWidget *m_editorStack = nullptr;
    QPlainTextEdit *m_editor = nullptr;
    JsonHighlighter *m_highlighter = nullptr;
    QLabel *m_fileLabel = nullptr;
    QLabel *m_status = nullptr;
    QPushButton *m_send = nullptr;
    QComboBox *m_historyCombo = nullptr;
    QComboBox *m_snippetCombo = nullptr;
    QPushButton *m_saveSnippet = nullptr;
    QPushButton *m_deleteSnippet = nullptr;
    ControlFrameBar *m_controls = nullptr;
    PeriodicSender *m_periodic = nullptr;
    QTimer *m_checkTimer = nullptr;
};

} // namespace wsi::ui
