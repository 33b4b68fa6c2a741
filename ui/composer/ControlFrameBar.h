// SPDX-License-Identifier: MIT
#pragma once
// The composer's control row: a ping/pong payload (text or hex) with Ping and Pong
// buttons, and a close code picked from a list (editable) with a reason counted live in
// UTF-8 bytes. Refusals come out as problem() for the composer's message line; nothing is
// sent then. UI thread only.
#include <QByteArray>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace wsi::ui {

class ControlFrameBar : public QWidget
{
    Q_OBJECT
public:
    explicit ControlFrameBar(QWidget *parent = nullptr);

    void setSendEnabled(bool enabled);
    // False for a connection of the hixie drafts: no ping or pong, and a close without a
    // code or reason (0xFF 0x00); the close button stays.
    void setControlFramesAvailable(bool available);
    // Fills the fields (Edit and resend): the payload as text when it is printable UTF-8,
    // else as hex; the close code as listed ("1000 normal closure") or typed, and its reason.
    // The matching button takes the focus, so Space sends.
    void loadPing(const QByteArray &payload, bool pong);
    void loadClose(int code, const QString &reason);

    // The codes offered in the list, "1000 normal closure" first.
    static QList<int> offeredCloseCodes();

public Q_SLOTS:
    void sendPing();
    void sendPong();
    void sendClose();

Q_SIGNALS:
    void pingRequested(const QByteArray &payload);
    void pongRequested(const QByteArray &payload);
    void closeRequested(int code, const QString &reason);
    // What went wrong (error) or what was sent (not an error), one sentence.
    void message(const QString &text, bool isError);

protected:
    void changeEvent(QEvent *event) override;

private:
    bool controlPayload(const char *what, QByteArray &payload);
    void updateReasonCount();

    QLineEdit *m_payload = nullptr;
    QCheckBox *m_payloadHex = nullptr;
    QPushButton *m_ping = nullptr;
    QPushButton *m_pong = nullptr;
    QComboBox *m_closeCode = nullptr;
    QLineEdit *m_reason = nullptr;
    QLabel *m_reasonCount = nullptr;
    QPushButton *m_close = nullptr;
    bool m_sendEnabled = false;
    bool m_controlFramesAvailable = true;
};

} // namespace wsi::ui
