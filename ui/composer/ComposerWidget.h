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
#include "ui/composer/Resend.h"
#include "ui/composer/SentHistory.h"
#include "ui/composer/SnippetStore.h"
#include "net/MetaTypes.h" // Q_DECLARE_METATYPE(wsi::protocol::RawFrame)
#include "templates/MessageTemplate.h"

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
class TemplateDialog;
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

    // A log row sent again as it was (the log's Resend), or loaded to be edited first:
    // its type, payload and fragmentation in the editor (pings, pongs and closes in the
    // control row). What is sent next from there links to the row (resendOf in the
    // signals below). A row that cannot be resent says why on the composer's line.
    void resend(const Resend &resend);
    void editResend(const Resend &resend);
    // The row the next send from the editor (or the control row) resends, 0 when none.
    qint64 pendingResendOf() const { return m_resendOf; }

    // Composer ▸ Templates…: STOMP, MQTT, graphql-ws, JSON-RPC and Socket.IO messages made
    // from forms (ComposerWidgetTemplates.cpp). The dialog stays open beside the composer.
    void openTemplates();
    TemplateDialog *templateDialog() const { return m_templates; }

    // The line under the editor: what will be sent, or why it cannot be.
    QString statusText() const;
    bool hasProblem() const { return m_problem; }

public Q_SLOTS:
    // Enables or disables every send; disconnecting stops periodic sends.
    void setConnected(bool connected);
    // What the connection's framing has besides messages (SourceCapabilities): the hixie
    // drafts have neither control frames nor RFC 6455 frames to write by hand.
    void setFrameCapabilities(bool controlFrames, bool rawFrames);
    // Sends what the editor holds in the current mode (Ctrl+Enter, the Send button).
    void send();

Q_SIGNALS:
    // resendOf: the number of the log row this sends again (0: a new message).
    void sendTextRequested(const QByteArray &utf8, int fragments, qint64 resendOf);
    void sendBinaryRequested(const QByteArray &data, int fragments, qint64 resendOf);
    void pingRequested(const QByteArray &payload, qint64 resendOf);
    void pongRequested(const QByteArray &payload, qint64 resendOf);
    void closeRequested(int code, const QString &reason, qint64 resendOf);
    void rawFrameRequested(const wsi::protocol::RawFrame &frame, qint64 resendOf);
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
    void emitOutgoing(const Outgoing &out, qint64 resendOf = 0);
    // resending (ComposerWidgetResend.cpp)
    void loadResendPayload(const Resend &resend);
    qint64 takeResendOf(bool fromControlRow);
    QString describeOutgoing(const Outgoing &out) const;
    void onPeriodicFire(qint64 counter);
    void togglePeriodic();
    void onPeriodicRunningChanged(bool running);
    void browseHistory(bool older);
    void chooseFile();
    void saveSnippetWithDialog();
    void formatJson();
    // templates (ComposerWidgetTemplates.cpp)
    void useTemplateOutput(const templates::TemplateOutput &output);
    void sendTemplateOutput(const templates::TemplateOutput &output);

    ComposerMode m_mode = ComposerMode::Text;
    bool m_connected = false;
    bool m_problem = false;
    qint64 m_manualSends = 0;
    qint64 m_resendOf = 0;          // the row an edited resend came from (0: none)
    bool m_resendInControls = false; // ... and whether it waits in the control row
    QByteArray m_fileData;
    QString m_fileName;
    SentHistory m_history;
    SnippetStore m_snippets;

    QTabBar *m_modeTabs = nullptr;
    QLabel *m_encodingLabel = nullptr;
    QComboBox *m_encoding = nullptr;
    QPushButton *m_format = nullptr;
    QPushButton *m_loadFile = nullptr;
    QPushButton *m_templatesButton = nullptr;
    TemplateDialog *m_templates = nullptr;
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
