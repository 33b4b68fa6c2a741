// SPDX-License-Identifier: MIT
#include "ui/log/details/JsonTree.h"

#include "store/query/JsonCursor.h"

#include <QCoreApplication>
#include <QTreeWidget>

namespace wsi::ui::JsonTree {

namespace {

enum Column { KeyColumn, ValueColumn, TypeColumn };

class Builder
{
public:
    Builder(QByteArrayView json, int maxItems) : m_cursor(json), m_maxItems(maxItems) {}

    // Reads one value into `item` (already made, key set) and its children.
    void readValue(QTreeWidgetItem *item, int depth);
    int count() const { return m_count; }
    QTreeWidgetItem *makeItem(QTreeWidgetItem *parent, const QString &key);

private:
    void readObject(QTreeWidgetItem *item, int depth);
    void readArray(QTreeWidgetItem *item, int depth);
    void readScalar(QTreeWidgetItem *item);
    void addRemainder(QTreeWidgetItem *item, int hidden);
    bool full() const { return m_count >= m_maxItems; }

    log::JsonCursor m_cursor;
    int m_maxItems;
    int m_count = 0;
};

QTreeWidgetItem *Builder::makeItem(QTreeWidgetItem *parent, const QString &key)
{
    auto *item = new QTreeWidgetItem(parent);
    item->setText(KeyColumn, key);
    ++m_count;
    return item;
}

// One "…" item standing for the members past the item limit.
void Builder::addRemainder(QTreeWidgetItem *item, int hidden)
{
    makeItem(item, QStringLiteral("…"))->setText(ValueColumn, QStringLiteral("%1 more not shown").arg(hidden));
}

void Builder::readValue(QTreeWidgetItem *item, int depth)
{
    const char next = m_cursor.peek();
    if ((next == '{' || next == '[') && depth >= MaxDepth) {
        m_cursor.skipValue();
        item->setText(ValueColumn, QStringLiteral("… nested deeper than %1 levels").arg(MaxDepth));
        item->setText(TypeColumn, next == '{' ? QStringLiteral("object") : QStringLiteral("array"));
        return;
    }
    if (next == '{')
        readObject(item, depth);
    else if (next == '[')
        readArray(item, depth);
    else
        readScalar(item);
}

void Builder::readObject(QTreeWidgetItem *item, int depth)
{
    m_cursor.consume('{');
    int members = 0;
    while (m_cursor.peek() == '"') {
        QByteArrayView raw;
        bool escaped = false;
        if (!m_cursor.readString(raw, escaped) || !m_cursor.consume(':'))
            break;
        ++members;
        if (full()) {
            m_cursor.skipValue();
        } else {
            const QString key = escaped ? log::decodeJsonString(raw) : QString::fromUtf8(raw);
            readValue(makeItem(item, key), depth + 1);
        }
        if (!m_cursor.consume(','))
            break;
    }
    m_cursor.consume('}');
    item->setText(ValueColumn, QStringLiteral("{%1}").arg(members));
    item->setText(TypeColumn, QStringLiteral("object"));
    if (full() && item->childCount() < members)
        addRemainder(item, members - item->childCount());
}

void Builder::readArray(QTreeWidgetItem *item, int depth)
{
    m_cursor.consume('[');
    int elements = 0;
    if (m_cursor.peek() != ']') {
        do {
            if (full())
                m_cursor.skipValue();
            else
                readValue(makeItem(item, QStringLiteral("[%1]").arg(elements)), depth + 1);
            ++elements;
        } while (m_cursor.consume(','));
    }
    m_cursor.consume(']');
    item->setText(ValueColumn, QStringLiteral("[%1]").arg(elements));
    item->setText(TypeColumn, QStringLiteral("array"));
    if (full() && item->childCount() < elements)
        addRemainder(item, elements - item->childCount());
}

void Builder::readScalar(QTreeWidgetItem *item)
{
    if (m_cursor.peek() == '"') {
        QByteArrayView raw;
        bool escaped = false;
        m_cursor.readString(raw, escaped);
        item->setText(ValueColumn, escaped ? log::decodeJsonString(raw) : QString::fromUtf8(raw));
        item->setText(TypeColumn, QStringLiteral("string"));
        return;
    }
    QByteArrayView raw;
    m_cursor.readScalar(raw);
    const QString text = QString::fromUtf8(raw);
    item->setText(ValueColumn, text);
    if (text == QLatin1String("true") || text == QLatin1String("false"))
        item->setText(TypeColumn, QStringLiteral("boolean"));
    else if (text == QLatin1String("null"))
        item->setText(TypeColumn, QStringLiteral("null"));
    else
        item->setText(TypeColumn, QStringLiteral("number"));
}

} // namespace

int fill(QTreeWidget *tree, QByteArrayView json, int maxItems)
{
    tree->clear();
    Builder builder(json, maxItems);
    auto *root = new QTreeWidgetItem(tree);
    root->setText(KeyColumn, QCoreApplication::translate("JsonTree", "(root)"));
    builder.readValue(root, 0);
    root->setExpanded(true);
    return builder.count() + 1;
}

} // namespace wsi::ui::JsonTree
