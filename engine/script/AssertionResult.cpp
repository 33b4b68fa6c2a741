// SPDX-License-Identifier: MIT
#include "script/AssertionResult.h"

namespace wsi::script {

QString locate(const QString &fileName, int line, const QString &message)
{
    if (line <= 0)
        return fileName + QStringLiteral(": ") + message;
    return fileName + QLatin1Char(':') + QString::number(line) + QStringLiteral(": ") + message;
}

} // namespace wsi::script
