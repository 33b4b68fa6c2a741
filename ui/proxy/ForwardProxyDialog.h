// SPDX-License-Identifier: MIT
#pragma once
// Proxy ▸ New Forward Proxy…: where to listen, the CA's folder, the hosts tunnelled without
// interception and the upstream legs' TLS (a CA file, or no verification), as
// `wsinspect-cli proxy --forward` takes them. UI thread only.
#include "net/proxy/ForwardProxyOptions.h"

#include <QDialog>

class QCheckBox;
class QLabel;
class QLineEdit;

namespace wsi::ui {

class ForwardProxyDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ForwardProxyDialog(QWidget *parent = nullptr);

    QLineEdit *listenField() const { return m_listen; }
    QLineEdit *caDirectoryField() const { return m_caDirectory; }
    QLineEdit *passThroughField() const { return m_passThrough; }
    // The options the fields say, or false with a sentence in `error`.
    bool options(net::ForwardProxyOptions &options, QString &error) const;

    void accept() override;

private:
    QLineEdit *m_listen;
    QLineEdit *m_caDirectory;
    QLineEdit *m_passThrough;
    QLineEdit *m_caFile;
    QCheckBox *m_insecure;
    QLabel *m_error;
};

} // namespace wsi::ui
