// SPDX-License-Identifier: MIT
#pragma once
// Proxy ▸ New Reverse Proxy…: where to listen, the upstream URL and the upstream leg's TLS
// (a CA file, or no verification), as `wsinspect-cli proxy` takes them. UI thread only.
#include "net/proxy/ReverseProxyOptions.h"

#include <QDialog>

class QCheckBox;
class QLabel;
class QLineEdit;

namespace wsi::ui {

class ReverseProxyDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ReverseProxyDialog(QWidget *parent = nullptr);

    QLineEdit *listenField() const { return m_listen; }
    QLineEdit *upstreamField() const { return m_upstream; }
    // The options the fields say, or false with a sentence in `error`.
    bool options(net::ReverseProxyOptions &options, QString &error) const;

    void accept() override;

private:
    QLineEdit *m_listen;
    QLineEdit *m_upstream;
    QLineEdit *m_caFile;
    QCheckBox *m_insecure;
    QLabel *m_error;
};

// "127.0.0.1:9000", "[::1]:0": false with a sentence when it is not an address and a port.
bool parseListenAddress(const QString &text, QHostAddress &address, quint16 &port, QString &error);

} // namespace wsi::ui
