// SPDX-License-Identifier: MIT
#pragma once
// Connection profiles as a JSON file to share or keep:
//   {"format": "wsinspect-profiles", "version": 1, "secretsIncluded": false,
//    "profiles": [{"name": "prod feed", "options": {...optionsToJson...}}]}
// Written with secrets masked (SessionSecrets' redactOptions) unless asked, atomically
// (QSaveFile). Reading checks everything and refuses the whole file with one sentence
// saying what is wrong and where: JSON syntax (line and column), format, version, each
// profile's name and URL, and every option's type (OptionsJsonCheck).
#include "files/profiles/ConnectionProfile.h"

#include <QByteArray>
#include <QString>

namespace wsi::log {

class ProfileFile
{
public:
    static constexpr int Version = 1;
    static constexpr const char *FormatName = "wsinspect-profiles";

    struct Contents {
        ProfileList profiles;
        bool secretsIncluded = false; // false: secret values in the file are masked
    };
    struct ReadResult {
        bool ok = false;
        QString error; // one sentence when !ok
        Contents contents;
    };

    static QByteArray toJson(const ProfileList &profiles, bool includeSecrets);
    static ReadResult fromJson(const QByteArray &json);

    // False with *error set when the file cannot be written (the old file is kept).
    static bool write(const QString &path, const ProfileList &profiles, bool includeSecrets, QString *error);
    static ReadResult read(const QString &path);
};

} // namespace wsi::log
