// SPDX-License-Identifier: MIT
#include "ui/panels/certificate/CertificatePanel.h"

#include "ui/panels/certificate/CertificateFieldsView.h"
#include "ui/panels/certificate/CertificateFormatting.h"
#include "ui/window/Theme.h"

#include <QApplication>
#include <QClipboard>
#include <QEvent>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollArea>
#include <QStackedWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace wsi::ui {

namespace CF = CertificateFormatting;

namespace {

enum Column { NameColumn, RoleColumn, ValidityColumn, ColumnCount };
constexpr int IndexRole = Qt::UserRole;
constexpr int CompactWidth = 480;

QLabel *selectableLabel(QWidget *parent, const QString &name)
{
    auto *label = new QLabel(parent);
    label->setObjectName(name);
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    return label;
}

// The certificate's errors in the report's order, the most significant first (the chain
// keeps them in the order they arrived).
net::CertificateInfo withOrderedErrors(const net::TlsReport &report, int index)
{
    net::CertificateInfo info = report.chain.at(index);
    QStringList ordered;
    for (const net::TlsIssue &issue : report.issues) {
        if (issue.certificateIndex == index && info.errors.contains(issue.message))
            ordered << issue.message;
    }
    for (const QString &error : std::as_const(info.errors)) {
        if (!ordered.contains(error))
            ordered << error;
    }
    info.errors = ordered;
    return info;
}

void setForeground(QLabel *label, const QColor &color)
{
    QPalette palette = label->palette();
    palette.setColor(QPalette::WindowText, color);
    label->setPalette(palette);
}

} // namespace

CertificatePanel::CertificatePanel(QWidget *parent)
    : QWidget(parent)
    , m_pages(new QStackedWidget(this))
{
    setObjectName(QStringLiteral("CertificatePanel"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_pages);

    m_empty = new QLabel(m_pages);
    m_empty->setObjectName(QStringLiteral("emptyState"));
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setMargin(6);
    m_pages->addWidget(m_empty);

    auto *content = new QWidget;
    auto *column = new QVBoxLayout(content);
    column->setContentsMargins(6, 6, 6, 6);
    column->addWidget(createVerdict());
    column->addWidget(createSession());
    column->addWidget(createChain());
    auto *scroll = new QScrollArea(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    m_details = new CertificateFieldsView(scroll);
    scroll->setWidget(m_details);
    column->addWidget(scroll, 1);
    column->addWidget(createActions());
    // In a scroll area, so that for ws:// the dock can shrink to the empty state's line.
    auto *page = new QScrollArea(m_pages);
    page->setWidgetResizable(true);
    page->setFrameShape(QFrame::NoFrame);
    page->setWidget(content);
    m_pages->addWidget(page);

    setMinimumSize(220, 48);
    clear();
}

QWidget *CertificatePanel::createVerdict()
{
    auto *box = new QWidget(this);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 4);
    layout->setSpacing(2);
    m_verdictTitle = selectableLabel(box, QStringLiteral("verdictTitle"));
    QFont title = m_verdictTitle->font();
    title.setBold(true);
    title.setPointSizeF(title.pointSizeF() * 1.2);
    m_verdictTitle->setFont(title);
    m_verdictMessage = selectableLabel(box, QStringLiteral("verdictMessage"));
    m_generalErrors = selectableLabel(box, QStringLiteral("generalErrors"));
    layout->addWidget(m_verdictTitle);
    layout->addWidget(m_verdictMessage);
    layout->addWidget(m_generalErrors);
    return box;
}

QWidget *CertificatePanel::createSession()
{
    auto *box = new QWidget(this);
    auto *form = new QFormLayout(box);
    form->setContentsMargins(0, 0, 0, 4);
    form->setLabelAlignment(Qt::AlignRight);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_protocol = selectableLabel(box, QStringLiteral("protocol"));
    m_cipher = selectableLabel(box, QStringLiteral("cipher"));
    m_sni = selectableLabel(box, QStringLiteral("sni"));
    m_verification = selectableLabel(box, QStringLiteral("verification"));
    const auto addRow = [&](const QString &title, QLabel *value) {
        auto *caption = new QLabel(title, box);
        caption->setProperty("caption", true);
        form->addRow(caption, value);
    };
    addRow(tr("Protocol:"), m_protocol);
    addRow(tr("Cipher:"), m_cipher);
    addRow(tr("SNI:"), m_sni);
    addRow(tr("Verification:"), m_verification);
    return box;
}

QWidget *CertificatePanel::createChain()
{
    m_chain = new QTreeWidget(this);
    m_chain->setObjectName(QStringLiteral("chain"));
    m_chain->setColumnCount(ColumnCount);
    m_chain->setHeaderLabels({tr("Certificate"), tr("Role"), tr("Validity")});
    m_chain->setRootIsDecorated(true);
    m_chain->setItemsExpandable(false);
    m_chain->setUniformRowHeights(true);
    m_chain->setSelectionMode(QAbstractItemView::SingleSelection);
    m_chain->setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    m_chain->header()->setStretchLastSection(false);
    m_chain->header()->setSectionResizeMode(NameColumn, QHeaderView::Stretch);
    m_chain->header()->setSectionResizeMode(RoleColumn, QHeaderView::ResizeToContents);
    m_chain->header()->setSectionResizeMode(ValidityColumn, QHeaderView::ResizeToContents);
    connect(m_chain, &QTreeWidget::currentItemChanged, this, [this] { showSelected(); });
    return m_chain;
}

QWidget *CertificatePanel::createActions()
{
    auto *box = new QWidget(this);
    auto *row = new QHBoxLayout(box);
    row->setContentsMargins(0, 4, 0, 0);
    m_export = new QPushButton(tr("Export PEM"), box);
    m_export->setObjectName(QStringLiteral("exportPem"));
    auto *menu = new QMenu(m_export);
    menu->addAction(tr("Selected certificate…"), this, [this] { askExport(false); });
    menu->addAction(tr("Whole chain…"), this, [this] { askExport(true); });
    m_export->setMenu(menu);
    m_copyFingerprint = new QPushButton(tr("Copy fingerprint"), box);
    m_copyFingerprint->setObjectName(QStringLiteral("copyFingerprint"));
    m_copyFingerprint->setToolTip(tr("Copy the selected certificate's SHA-256 fingerprint"));
    connect(m_copyFingerprint, &QPushButton::clicked, this, &CertificatePanel::copyFingerprint);
    m_copyReport = new QPushButton(tr("Copy report"), box);
    m_copyReport->setObjectName(QStringLiteral("copyReport"));
    m_copyReport->setToolTip(tr("Copy the whole TLS report as text"));
    connect(m_copyReport, &QPushButton::clicked, this, &CertificatePanel::copyReport);
    row->addWidget(m_export);
    row->addWidget(m_copyFingerprint);
    row->addStretch(1);
    row->addWidget(m_copyReport);
    return box;
}

void CertificatePanel::setReport(const net::TlsReport &report)
{
    if (report.verdict == net::TlsVerdict::NotTls) {
        m_report = net::TlsReport();
        m_hasReport = false;
        showEmpty(tr("Not a TLS connection"));
        return;
    }
    m_report = report;
    m_hasReport = true;
    m_verdictTitle->setText(CF::verdictTitle(report));
    m_verdictMessage->setText(report.message);
    if (isUserTrustedCertificate())
        m_verdictTitle->setText(tr("Trusted in this tab only, by its fingerprint"));
    if (isOwnTestCertificate()) {
        m_verdictTitle->setText(tr("Trusted only as wsinspect's own test certificate"));
        m_verdictMessage->setText(
            tr("The built-in server made this self-signed certificate and this tab trusts it by its fingerprint. "
               "A self-signed certificate from any other server fails verification: trust its CA in "
               "Options → TLS instead."));
    }
    QStringList general;
    for (const net::TlsIssue &issue : report.issues) {
        if (issue.certificateIndex < 0 || issue.certificateIndex >= report.chain.size())
            general << issue.message;
    }
    m_generalErrors->setText(general.join(QLatin1Char('\n')));
    m_generalErrors->setVisible(!general.isEmpty());
    const bool completed = report.handshakeCompleted;
    m_protocol->setText(completed && !report.protocol.isEmpty() ? report.protocol : QStringLiteral("—"));
    m_cipher->setText(completed ? CF::cipherText(report) : QStringLiteral("—"));
    m_sni->setText(CF::sniText(report));
    m_verification->setText(report.verifyEnabled ? tr("on") : tr("off (insecure)"));
    fillChain();
    applyColours();
    m_pages->setCurrentIndex(1);
}

void CertificatePanel::clear()
{
    m_report = net::TlsReport();
    m_hasReport = false;
    showEmpty(tr("No certificate yet: connect to a wss:// URL"));
}

void CertificatePanel::showEmpty(const QString &text)
{
    m_empty->setText(text);
    m_chain->clear();
    m_details->clear();
    m_pages->setCurrentIndex(0);
}

void CertificatePanel::fillChain()
{
    m_chain->clear();
    QTreeWidgetItem *parent = nullptr;
    QTreeWidgetItem *leaf = nullptr;
    for (int index = 0; index < m_report.chain.size(); ++index) {
        const net::CertificateInfo &info = m_report.chain.at(index);
        auto *item = parent ? new QTreeWidgetItem(parent) : new QTreeWidgetItem(m_chain);
        const QString errorMark = info.errors.isEmpty() ? QString() : QStringLiteral("✖ ");
        item->setText(NameColumn, errorMark + CF::displayName(info));
        item->setToolTip(NameColumn, QStringLiteral("%1 (%2)").arg(info.subject, CF::roleText(m_report, index)));
        item->setText(RoleColumn, CF::roleText(m_report, index));
        item->setText(ValidityColumn, CF::daysLeftText(info));
        item->setData(NameColumn, IndexRole, index);
        if (!leaf)
            leaf = item;
        parent = item;
    }
    if (m_report.chain.isEmpty()) {
        auto *none = new QTreeWidgetItem(m_chain, {tr("The server sent no certificate.")});
        none->setFlags(Qt::ItemIsEnabled);
        none->setData(NameColumn, IndexRole, -1);
    }
    m_chain->expandAll();
    fitChainHeight();
    m_chain->setCurrentItem(leaf);
    showSelected();
}

// The chain is a handful of rows: size the tree to them and give the rest to the fields.
void CertificatePanel::fitChainHeight()
{
    const int rows = std::max(1, int(m_report.chain.size()));
    const int rowHeight = m_chain->sizeHintForRow(0) > 0 ? m_chain->sizeHintForRow(0) : m_chain->fontMetrics().height() + 4;
    const int height = m_chain->header()->sizeHint().height() + rows * rowHeight + 2 * m_chain->frameWidth() + 2;
    m_chain->setFixedHeight(std::min(height, 8 * rowHeight));
}

int CertificatePanel::selectedIndex() const
{
    const QTreeWidgetItem *item = m_chain->currentItem();
    if (!item || !m_hasReport)
        return -1;
    const int index = item->data(NameColumn, IndexRole).toInt();
    return index >= 0 && index < m_report.chain.size() ? index : -1;
}

void CertificatePanel::selectCertificate(int index)
{
    for (QTreeWidgetItemIterator it(m_chain); *it; ++it) {
        if ((*it)->data(NameColumn, IndexRole).toInt() == index) {
            m_chain->setCurrentItem(*it);
            return;
        }
    }
}

void CertificatePanel::showSelected()
{
    const int index = selectedIndex();
    const bool selected = index >= 0;
    if (selected)
        m_details->showCertificate(withOrderedErrors(m_report, index), CF::roleText(m_report, index));
    else
        m_details->clear();
    m_details->setEnabled(selected);
    m_copyFingerprint->setEnabled(selected);
    m_export->setEnabled(!m_report.chain.isEmpty());
    m_export->menu()->actions().constFirst()->setEnabled(selected);
}

void CertificatePanel::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    // A narrow dock: drop the role column (the details say it) and stack labels over values.
    const bool narrow = width() < CompactWidth;
    m_chain->setColumnHidden(RoleColumn, narrow);
    m_details->setCompact(narrow);
}

void CertificatePanel::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        applyColours();
}

void CertificatePanel::applyColours()
{
    const QPalette &pal = palette();
    const bool exception = isOwnTestCertificate() || isUserTrustedCertificate();
    setForeground(m_verdictTitle, CF::toneColor(exception ? Tone::Warning : CF::verdictTone(m_report), pal));
    setForeground(m_generalErrors, Theme::errorColor(pal));
    for (QTreeWidgetItemIterator it(m_chain); *it; ++it) {
        const int index = (*it)->data(NameColumn, IndexRole).toInt();
        if (index < 0 || index >= m_report.chain.size())
            continue;
        const net::CertificateInfo &info = m_report.chain.at(index);
        const Tone validity = CF::validityTone(CF::validity(info));
        (*it)->setForeground(ValidityColumn, CF::toneColor(validity, pal));
        (*it)->setForeground(NameColumn, info.errors.isEmpty() ? pal.color(QPalette::Text) : Theme::errorColor(pal));
    }
    setForeground(m_empty, pal.color(QPalette::PlaceholderText));
    const QList<QLabel *> labels = findChildren<QLabel *>();
    for (QLabel *caption : labels) {
        if (caption->property("caption").toBool() && !m_details->isAncestorOf(caption))
            setForeground(caption, pal.color(QPalette::PlaceholderText));
    }
}

bool CertificatePanel::exportPem(const QString &fileName, bool wholeChain, QString *error) const
{
    const QByteArray data = CF::pem(m_report, wholeChain ? -1 : selectedIndex());
    if (data.isEmpty()) {
        if (error)
            *error = tr("There is no certificate to export.");
        return false;
    }
    QSaveFile file(fileName);
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size() || !file.commit()) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
}

void CertificatePanel::askExport(bool wholeChain)
{
    const QString suggested = CF::suggestedFileName(m_report, wholeChain ? -1 : selectedIndex());
    const QString fileName = QFileDialog::getSaveFileName(this, wholeChain ? tr("Export chain as PEM") : tr("Export certificate as PEM"),
                                                          suggested, tr("PEM certificates (*.pem *.crt);;All files (*)"));
    if (fileName.isEmpty())
        return;
    QString error;
    if (!exportPem(fileName, wholeChain, &error))
        QMessageBox::warning(this, tr("Export PEM"), tr("Could not write %1: %2").arg(fileName, error));
}

void CertificatePanel::setOwnTestCertificate(const QByteArray &sha256)
{
    m_ownTestCertificate = sha256;
    if (m_hasReport)
        setReport(net::TlsReport(m_report));
}

void CertificatePanel::setUserTrustedCertificate(const QByteArray &sha256)
{
    m_userTrustedCertificate = sha256;
    if (m_hasReport)
        setReport(net::TlsReport(m_report));
}

bool CertificatePanel::isUserTrustedCertificate() const
{
    return m_hasReport && !m_userTrustedCertificate.isEmpty() && m_report.verdict == net::TlsVerdict::Verified
        && !m_report.chain.isEmpty() && m_report.chain.first().sha256 == m_userTrustedCertificate;
}

bool CertificatePanel::isOwnTestCertificate() const
{
    return m_hasReport && !m_ownTestCertificate.isEmpty() && m_report.verdict == net::TlsVerdict::Verified
        && m_report.chain.size() == 1 && m_report.chain.first().sha256 == m_ownTestCertificate;
}

QString CertificatePanel::verdictTitleText() const
{
    return m_verdictTitle->text();
}

QString CertificatePanel::selectedFingerprint() const
{
    const int index = selectedIndex();
    return index >= 0 ? net::formatFingerprint(m_report.chain.at(index).sha256) : QString();
}

void CertificatePanel::copyFingerprint()
{
    const QString fingerprint = selectedFingerprint();
    if (!fingerprint.isEmpty())
        QApplication::clipboard()->setText(fingerprint);
}

void CertificatePanel::copyReport()
{
    if (m_hasReport)
        QApplication::clipboard()->setText(m_report.toText());
}

} // namespace wsi::ui
