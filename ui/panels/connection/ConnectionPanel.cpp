// SPDX-License-Identifier: MIT
#include "ui/panels/connection/ConnectionPanel.h"

#include "ui/tab/ConnectionBar.h"
#include "net/SecretRedaction.h"
#include "ui/window/Theme.h"
#include "ui/panels/connection/TimelineWidget.h"

#include "protocol/CloseCode.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QToolButton>
#include <QVBoxLayout>

namespace wsi::ui {

namespace {

// The WebSocket version with what it is, for a reader who does not know the numbers.
QString versionText(const QString &version)
{
    if (version.isEmpty())
        return QStringLiteral("—"); // an EventSource stream, or a session saved before versions
    if (version == QLatin1String("13"))
        return ConnectionPanel::tr("13 (RFC 6455)");
    if (version == QLatin1String("8") || version == QLatin1String("7"))
        return ConnectionPanel::tr("%1 (draft hybi-0%1)").arg(version);
    return ConnectionPanel::tr("%1 (draft %2)").arg(version, version.mid(version.indexOf(QLatin1Char('-')) + 1));
}

QGroupBox *section(const QString &title, QWidget *parent)
{
    auto *box = new QGroupBox(title, parent);
    box->setFlat(true);
    return box;
}

QString ratio(quint64 payload, quint64 wire)
{
    if (wire == 0 || payload == 0)
        return QStringLiteral("—");
    return QStringLiteral("%1×").arg(double(payload) / double(wire), 0, 'f', 1);
}

} // namespace

ConnectionPanel::ConnectionPanel(QWidget *parent)
    : QWidget(parent),
      m_title(new QLabel(this)),
      m_timeline(new TimelineWidget(this)),
      m_error(new QLabel(this)),
      m_rawToggle(new QToolButton(this)),
      m_showSecrets(new QCheckBox(tr("Show secrets"), this)),
      m_raw(new QPlainTextEdit(this))
{
    auto *content = new QWidget;
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(8, 8, 8, 8);

    m_title->setWordWrap(true);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    layout->addWidget(m_title);
    layout->addWidget(m_timeline);

    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setVisible(false);
    layout->addWidget(m_error);
    // Clearly this tab's exception, never saved: the words say what each one does.
    m_tlsOverrides = new QWidget(content);
    auto *overrides = new QVBoxLayout(m_tlsOverrides);
    overrides->setContentsMargins(0, 0, 0, 0);
    m_trustCertificate = new QPushButton(tr("Trust this certificate for this tab"), m_tlsOverrides);
    m_trustCertificate->setObjectName(QStringLiteral("trustCertificate"));
    m_trustCertificate->setToolTip(tr("Reconnect, accepting exactly this server certificate (by its SHA-256 fingerprint) "
                                      "in this tab only; not saved"));
    m_withoutVerifying = new QPushButton(tr("Connect without verifying (insecure)"), m_tlsOverrides);
    m_withoutVerifying->setObjectName(QStringLiteral("connectWithoutVerifying"));
    m_withoutVerifying->setToolTip(tr("Reconnect with certificate verification off in this tab (Options → TLS)"));
    overrides->addWidget(m_trustCertificate);
    overrides->addWidget(m_withoutVerifying);
    m_tlsOverrides->setVisible(false);
    layout->addWidget(m_tlsOverrides);
    connect(m_trustCertificate, &QPushButton::clicked, this, &ConnectionPanel::trustCertificateRequested);
    connect(m_withoutVerifying, &QPushButton::clicked, this, &ConnectionPanel::connectWithoutVerifyingRequested);

    auto *handshake = section(tr("Handshake"), content);
    auto *handshakeForm = new QFormLayout(handshake);
    addField(handshakeForm, QStringLiteral("status"), tr("status"));
    addField(handshakeForm, QStringLiteral("version"), tr("version"));
    addField(handshakeForm, QStringLiteral("subprotocol"), tr("subprotocol"));
    addField(handshakeForm, QStringLiteral("extensions"), tr("extensions"));
    addField(handshakeForm, QStringLiteral("deflate"), tr("deflate"));
    layout->addWidget(handshake);

    auto *socketIo = section(tr("Socket.IO"), content);
    auto *socketIoForm = new QFormLayout(socketIo);
    addField(socketIoForm, QStringLiteral("sid"), tr("sid"));
    addField(socketIoForm, QStringLiteral("pingInterval"), tr("ping interval"));
    addField(socketIoForm, QStringLiteral("namespaces"), tr("joined"));
    socketIo->setVisible(false);
    m_socketIo = socketIo;
    layout->addWidget(socketIo);

    auto *traffic = section(tr("Traffic"), content);
    auto *trafficForm = new QFormLayout(traffic);
    addField(trafficForm, QStringLiteral("in"), tr("in"));
    addField(trafficForm, QStringLiteral("out"), tr("out"));
    addField(trafficForm, QStringLiteral("wire"), tr("on the wire"));
    addField(trafficForm, QStringLiteral("compression"), tr("compression"));
    layout->addWidget(traffic);

    auto *closing = section(tr("Close"), content);
    auto *closeForm = new QFormLayout(closing);
    addField(closeForm, QStringLiteral("close"), tr("code"));
    addField(closeForm, QStringLiteral("reason"), tr("reason"));
    addField(closeForm, QStringLiteral("closedBy"), tr("closed by"));
    addField(closeForm, QStringLiteral("closeSent"), tr("we sent"));
    addField(closeForm, QStringLiteral("closeReceived"), tr("we received"));
    layout->addWidget(closing);

    m_rawToggle->setText(tr("Raw handshake"));
    m_rawToggle->setCheckable(true);
    m_rawToggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_rawToggle->setArrowType(Qt::RightArrow);
    m_rawToggle->setAutoRaise(true);
    auto *rawRow = new QHBoxLayout;
    rawRow->addWidget(m_rawToggle);
    rawRow->addStretch(1);
    rawRow->addWidget(m_showSecrets);
    layout->addLayout(rawRow);
    m_raw->setReadOnly(true);
    // Wrapped (long header values anywhere): the dock is narrow and a head is read top down.
    m_raw->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_raw->setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    m_raw->setFont(QFont(Theme::monospaceFamily()));
    m_raw->setMinimumHeight(160);
    m_raw->setVisible(false);
    m_showSecrets->setVisible(false);
    m_showSecrets->setToolTip(tr("Authorization and Cookie values are hidden unless you ask"));
    layout->addWidget(m_raw, 1);
    layout->addStretch(0);

    connect(m_rawToggle, &QToolButton::toggled, this, [this](bool on) {
        m_rawToggle->setArrowType(on ? Qt::DownArrow : Qt::RightArrow);
        m_raw->setVisible(on);
        m_showSecrets->setVisible(on);
    });
    connect(m_showSecrets, &QCheckBox::toggled, this, &ConnectionPanel::updateRawHandshake);

    auto *scroll = new QScrollArea(this);
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(scroll);
    clear();
}

QLabel *ConnectionPanel::addField(QFormLayout *form, const QString &name, const QString &label)
{
    auto *value = new QLabel(this);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    value->setWordWrap(true);
    form->addRow(label, value);
    m_fields.insert(name, value);
    return value;
}

QString ConnectionPanel::fieldText(const QString &name) const
{
    const QLabel *label = m_fields.value(name);
    return label ? label->text() : QString();
}

QString ConnectionPanel::rawHandshakeText() const
{
    return m_raw->toPlainText();
}

void ConnectionPanel::setUrl(const QString &url)
{
    m_title->setText(url);
}

void ConnectionPanel::setTrafficKind(net::TrafficKind kind)
{
    m_timeline->setTrafficKind(kind);
}

void ConnectionPanel::clear()
{
    for (QLabel *label : std::as_const(m_fields))
        label->setText(QStringLiteral("—"));
    m_timeline->setTimeline({}, 0);
    m_error->clear();
    m_error->setVisible(false);
    m_tlsOverrides->setVisible(false);
    m_socketIo->setVisible(false);
    m_handshake = net::HandshakeInfo();
    updateRawHandshake();
}

void ConnectionPanel::setSocketIo(const QString &sid, int pingIntervalMs, const QStringList &joined)
{
    m_fields[QStringLiteral("sid")]->setText(sid.isEmpty() ? QStringLiteral("—") : sid);
    m_fields[QStringLiteral("pingInterval")]->setText(pingIntervalMs > 0 ? tr("%1 ms").arg(pingIntervalMs) : QStringLiteral("—"));
    m_fields[QStringLiteral("namespaces")]->setText(joined.isEmpty() ? QStringLiteral("—") : joined.join(QStringLiteral(", ")));
    m_socketIo->setVisible(true);
}

void ConnectionPanel::setSnapshot(const net::ConnectionSnapshot &snapshot)
{
    m_timeline->setTimeline(snapshot.timeline, snapshot.elapsedNs);
    const net::TrafficCounters &c = snapshot.counters;
    m_fields[QStringLiteral("in")]->setText(tr("%1 msg  %2").arg(c.messagesIn).arg(formatBytes(c.payloadBytesIn)));
    m_fields[QStringLiteral("out")]->setText(tr("%1 msg  %2").arg(c.messagesOut).arg(formatBytes(c.payloadBytesOut)));
    m_fields[QStringLiteral("wire")]->setText(tr("↓ %1   ↑ %2").arg(formatBytes(c.bytesIn), formatBytes(c.bytesOut)));
    if (m_handshake.deflate) {
        m_fields[QStringLiteral("compression")]->setText(
            tr("in %1, out %2").arg(ratio(c.payloadBytesIn, c.bytesIn), ratio(c.payloadBytesOut, c.bytesOut)));
    }
}

void ConnectionPanel::setHandshake(const net::HandshakeInfo &info)
{
    m_handshake = info;
    const QPalette &palette = this->palette();
    const QColor colour = info.accepted ? Theme::okColor(palette) : Theme::errorColor(palette);
    m_fields[QStringLiteral("status")]->setText(
        QStringLiteral("<span style='color:%1'>%2</span>")
            .arg(colour.name(), (info.statusLine.isEmpty() ? tr("no answer") : info.statusLine).toHtmlEscaped()));
    m_fields[QStringLiteral("version")]->setText(versionText(info.protocolVersion));
    m_fields[QStringLiteral("subprotocol")]->setText(info.subprotocol.isEmpty() ? tr("none") : info.subprotocol);
    m_fields[QStringLiteral("extensions")]->setText(info.extensions.isEmpty() ? tr("none") : info.extensions);
    m_fields[QStringLiteral("deflate")]->setText(
        info.deflate ? tr("on") + (info.deflateParams.isEmpty() ? QString() : QStringLiteral(" (") + info.deflateParams + QLatin1Char(')'))
                     : tr("off"));
    m_fields[QStringLiteral("compression")]->setText(info.deflate ? QStringLiteral("—") : tr("not negotiated"));
    // An error shown already (a TLS alert that ended the upgrade) says more than the missing answer.
    if (!info.accepted && !info.failure.isEmpty() && m_error->isHidden()) {
        net::ConnectionError error;
        error.phase = net::ErrorPhase::Upgrade;
        error.message = info.failure;
        error.hint = info.diagnosis;
        setError(error);
    }
    updateRawHandshake();
}

void ConnectionPanel::setClose(const net::CloseInfo &info)
{
    const QString code = info.code == 1005 || info.code == 1006
        ? QStringLiteral("%1 (%2)").arg(info.code).arg(QString::fromLatin1(protocol::closeCodeMeaning(info.code)))
        : QStringLiteral("%1 %2").arg(info.code).arg(QString::fromLatin1(protocol::closeCodeMeaning(info.code)));
    m_fields[QStringLiteral("close")]->setText(code);
    m_fields[QStringLiteral("reason")]->setText(info.reason.isEmpty() ? tr("(none)") : info.reason);
    m_fields[QStringLiteral("closedBy")]->setText(
        tr("%1, %2").arg(QString::fromLatin1(net::closeInitiatorName(info.initiator)),
                         info.clean ? tr("clean") : tr("not clean")));
    // Both frames as they went: when closes cross, the code above is the one received.
    m_fields[QStringLiteral("closeSent")]->setText(closeFrameText(info.sent));
    m_fields[QStringLiteral("closeReceived")]->setText(closeFrameText(info.received));
}

QString ConnectionPanel::closeFrameText(const net::CloseFrameInfo &frame)
{
    if (!frame.present)
        return tr("no close frame");
    QString text = frame.code ? QStringLiteral("%1 %2").arg(frame.code).arg(QString::fromLatin1(protocol::closeCodeMeaning(frame.code)))
                              : tr("close frame without a code");
    if (!frame.reason.isEmpty())
        text += QStringLiteral(" “%1”").arg(frame.reason);
    return text;
}

void ConnectionPanel::setError(const net::ConnectionError &error)
{
    const QColor colour = Theme::errorColor(palette());
    QString html = QStringLiteral("<b style='color:%1'>%2</b>").arg(colour.name(), error.message.toHtmlEscaped());
    if (!error.hint.isEmpty())
        html += QStringLiteral("<br>") + tr("Try: %1").arg(error.hint.toHtmlEscaped());
    m_error->setText(html);
    m_error->setVisible(true);
}

void ConnectionPanel::offerTlsOverrides(bool canTrust)
{
    m_trustCertificate->setVisible(canTrust);
    m_tlsOverrides->setVisible(true);
}

void ConnectionPanel::updateRawHandshake()
{
    QByteArray request = m_handshake.rawRequest;
    QByteArray response = m_handshake.rawResponse;
    if (!m_showSecrets->isChecked()) {
        request = net::redactHeaders(request);
        response = net::redactHeaders(response);
    }
    QString text;
    if (!request.isEmpty())
        text += tr("── request ──\n") + QString::fromUtf8(request).replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    if (!response.isEmpty())
        text += tr("── response ──\n") + QString::fromUtf8(response).replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    if (!m_handshake.bodyPreview.isEmpty())
        text += QString::fromUtf8(m_handshake.bodyPreview);
    m_raw->setPlainText(text);
}

} // namespace wsi::ui
