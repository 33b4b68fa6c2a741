// SPDX-License-Identifier: MIT
#pragma once
// The connection panel: state and its timeline, the handshake (raw request and response,
// negotiated subprotocol and extensions), traffic counters, the close and errors in plain
// words with what to try. UI thread only; fed by the tab (TrafficTab).
#include "net/ConnectionOptions.h"
#include "net/ConnectionTypes.h"

#include <QHash>
#include <QStringList>
#include <QWidget>

class QCheckBox;
class QPushButton;
class QFormLayout;
class QLabel;
class QPlainTextEdit;
class QToolButton;

namespace wsi::ui {

class TimelineWidget;

class ConnectionPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ConnectionPanel(QWidget *parent = nullptr);

    void setUrl(const QString &url);
    // What the timeline calls the request phase (an EventSource's request, an upgrade).
    void setTrafficKind(net::TrafficKind kind);
    TimelineWidget *timeline() const { return m_timeline; }
    void setSnapshot(const net::ConnectionSnapshot &snapshot);
    void setHandshake(const net::HandshakeInfo &info);
    void setClose(const net::CloseInfo &info);
    void setError(const net::ConnectionError &error);
    // Under a certificate the tab does not trust: the one-click ways past it, for this tab
    // only ("trust" only when there is a certificate to trust). Hidden by clear().
    void offerTlsOverrides(bool canTrust);
    void clear();
    // A Socket.IO tab's session: its Engine.IO sid, ping interval and the namespaces it
    // joined (a section shown only once set; clear() hides it).
    void setSocketIo(const QString &sid, int pingIntervalMs, const QStringList &joined);

    // For tests: the text shown in each field.
    QString fieldText(const QString &name) const;
    QString rawHandshakeText() const;

Q_SIGNALS:
    void trustCertificateRequested();
    void connectWithoutVerifyingRequested();

private:
    QLabel *addField(QFormLayout *form, const QString &name, const QString &label);
    void updateRawHandshake();
    static QString closeFrameText(const net::CloseFrameInfo &frame);

    QLabel *m_title;
    TimelineWidget *m_timeline;
    QHash<QString, QLabel *> m_fields;
    QLabel *m_error;
    QWidget *m_socketIo = nullptr;
    QWidget *m_tlsOverrides;
    QPushButton *m_trustCertificate;
    QPushButton *m_withoutVerifying;
    QToolButton *m_rawToggle;
    QCheckBox *m_showSecrets;
    QPlainTextEdit *m_raw;
    net::HandshakeInfo m_handshake;
};

} // namespace wsi::ui
