#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The package as a user gets it. Builds the .deb with CPack from the build tree, checks its
# control fields (every Depends entry is a Debian package installed on this Debian 12
# machine, at a version that satisfies it), unpacks it into a scratch root with `dpkg -x`
# (no root needed) and runs the INSTALLED programs: `--version` of both, an echo round
# trip over ws:// and wss:// between the installed `serve` and `connect`, and the window
# started offscreen. Then validates the .desktop file, the AppStream metadata and the man
# pages (every option of every --help is described), the shell completions (what the
# installed wsinspect-cli writes, and they load and complete), checks the committed PNG icons
# against the SVG, and checks that `cmake --install` into a DESTDIR puts every file in its
# XDG place.
#
# Usage: test_deb.sh <build dir> <source dir> <project version>
set -uo pipefail

build=$(cd "$1" && pwd)
source=$(cd "$2" && pwd)
version=$3

work=$(mktemp -d "${TMPDIR:-/tmp}/wsinspect-test-deb.XXXXXX")
root=$work/root
server_pid=
failures=0

cleanup() {
    if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
        kill -KILL "$server_pid" 2>/dev/null
        wait "$server_pid" 2>/dev/null
    fi
    if [[ $failures -eq 0 ]]; then
        rm -rf "$work"
    else
        echo "test_deb: kept $work for a look"
    fi
}
trap cleanup EXIT

source "$(dirname "${BASH_SOURCE[0]}")/../support/checks.sh" # pass, fail, check
need() {
    command -v "$1" >/dev/null 2>&1 && return 0
    echo "test_deb: $1 is missing; run scripts/setup-deps.sh (Debian package $2)"
    exit 1
}

need cpack cmake
need dpkg-deb dpkg
need dpkg-shlibdeps dpkg-dev
need desktop-file-validate desktop-file-utils
need appstreamcli appstream
need groff groff-base
need readelf binutils

# Every file the package and `cmake --install` put in place, relative to the root.
expected_files=(
    usr/bin/wsinspect
    usr/bin/wsinspect-cli
    usr/share/applications/wsinspect.desktop
    usr/share/bash-completion/completions/wsinspect
    usr/share/bash-completion/completions/wsinspect-cli
    usr/share/doc/wsinspect/copyright
    usr/share/fish/vendor_completions.d/wsinspect-cli.fish
    usr/share/fish/vendor_completions.d/wsinspect.fish
    usr/share/icons/hicolor/128x128/apps/wsinspect.png
    usr/share/icons/hicolor/16x16/apps/wsinspect.png
    usr/share/icons/hicolor/256x256/apps/wsinspect.png
    usr/share/icons/hicolor/32x32/apps/wsinspect.png
    usr/share/icons/hicolor/48x48/apps/wsinspect.png
    usr/share/icons/hicolor/64x64/apps/wsinspect.png
    usr/share/icons/hicolor/scalable/apps/wsinspect.svg
    usr/share/man/man1/wsinspect-cli.1.gz
    usr/share/man/man1/wsinspect.1.gz
    usr/share/metainfo/io.github.wsinspect.metainfo.xml
    usr/share/zsh/vendor-completions/_wsinspect
    usr/share/zsh/vendor-completions/_wsinspect-cli
)
expected_list=$(printf '%s\n' "${expected_files[@]}" | LC_ALL=C sort)

# --- the .deb ---------------------------------------------------------------------------
if ! timeout 120 cpack --config "$build/CPackConfig.cmake" -G DEB -B "$work/cpack" >"$work/cpack.log" 2>&1; then
    cat "$work/cpack.log"
    fail "cpack -G DEB builds the package"
    exit 1
fi
debs=("$work"/cpack/*.deb)
if [[ ${#debs[@]} -ne 1 || ! -f "${debs[0]}" ]]; then
    fail "cpack made exactly one .deb (found: ${debs[*]})"
    exit 1
fi
deb=${debs[0]}
arch=$(dpkg --print-architecture)
pass "cpack -G DEB builds $(basename "$deb")"
check "file name is wsinspect_${version}_${arch}.deb" test "$(basename "$deb")" = "wsinspect_${version}_${arch}.deb"

field() { dpkg-deb -f "$deb" "$1"; }
check "Package: wsinspect" test "$(field Package)" = wsinspect
check "Version: $version" test "$(field Version)" = "$version"
check "Architecture: $arch" test "$(field Architecture)" = "$arch"
check "Section: net" test "$(field Section)" = net
check "Maintainer is 'Name <address>'" grep -qE '^[^<]+ <[^@> ]+@[^> ]+>$' <<<"$(field Maintainer)"
check "Description has a summary and a long text" test "$(field Description | wc -l)" -ge 3

# Depends: each entry (or one of its alternatives) is a package installed here, at a
# version that satisfies the entry. This machine is Debian 12, so these are its names.
depends=$(field Depends)
echo "      Depends: $depends"
satisfied() { # <name> [<op> <version>]
    local installed
    installed=$(dpkg-query -W -f='${Version}' "$1" 2>/dev/null) || return 1
    [[ -n "$installed" ]] || return 1
    [[ $# -eq 1 ]] || dpkg --compare-versions "$installed" "$2" "$3"
}
IFS=',' read -ra entries <<<"$depends"
for entry in "${entries[@]}"; do
    entry=$(echo "$entry" | xargs)
    ok=1
    IFS='|' read -ra alternatives <<<"$entry"
    for alternative in "${alternatives[@]}"; do
        if [[ "$alternative" =~ ^[[:space:]]*([a-z0-9][a-z0-9+.-]*)([[:space:]]*\(([<>=]+)[[:space:]]*([^\)]+)\))?[[:space:]]*$ ]]; then
            if [[ -n "${BASH_REMATCH[3]}" ]]; then
                satisfied "${BASH_REMATCH[1]}" "${BASH_REMATCH[3]}" "${BASH_REMATCH[4]// /}" && ok=0
            else
                satisfied "${BASH_REMATCH[1]}" && ok=0
            fi
        fi
    done
    check "Depends '$entry' is an installed Debian package" test $ok -eq 0
done
depends_names=$(tr ',|' '\n' <<<"$depends" | sed -E 's/\(.*//; s/[[:space:]]//g')
for name in libc6 libstdc++6 libqt6core6 libqt6gui6 libqt6widgets6 libqt6network6 libssl3 zlib1g; do
    check "Depends names $name" grep -Fqx "$name" <<<"$depends_names"
done

deb_list=$(dpkg-deb -c "$deb" | awk '$1 !~ /^d/ { print $6 }' | sed 's|^\./||' | LC_ALL=C sort)
check "the .deb holds exactly the expected files" test "$deb_list" = "$expected_list"
if [[ "$deb_list" != "$expected_list" ]]; then
    diff <(echo "$expected_list") <(echo "$deb_list") | sed 's/^/      /'
fi

# --- installed into a scratch root --------------------------------------------------------
mkdir -p "$root"
check "dpkg -x unpacks the package" dpkg -x "$deb" "$root"
cli=$root/usr/bin/wsinspect-cli
gui=$root/usr/bin/wsinspect
for binary in "$cli" "$gui"; do
    check "$(basename "$binary") has no RPATH/RUNPATH into the build tree" \
        bash -c "! readelf -d '$binary' | grep -qE 'RPATH|RUNPATH'"
    check "$(basename "$binary") is stripped" bash -c "! readelf -S '$binary' | grep -q '\.debug_info'"
done

# Settings, caches and the runtime directory of the programs under test stay in $work.
export XDG_CONFIG_HOME=$work/config XDG_CACHE_HOME=$work/cache XDG_DATA_HOME=$work/data
export XDG_RUNTIME_DIR=$work/runtime
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"

check "installed wsinspect-cli --version prints 'wsinspect-cli $version'" \
    test "$(timeout 10 "$cli" --version)" = "wsinspect-cli $version"
check "installed wsinspect --version prints 'wsinspect $version' (offscreen)" \
    test "$(QT_QPA_PLATFORM=offscreen timeout 20 "$gui" --version)" = "wsinspect $version"

# serve [options...]: starts the installed echo server; sets $url from its first line.
start_server() {
    : >"$work/serve.out"
    timeout 60 "$cli" serve "$@" >"$work/serve.out" 2>"$work/serve.err" &
    server_pid=$!
    url=
    for _ in $(seq 100); do
        url=$(head -n 1 "$work/serve.out")
        [[ "$url" == ws*://* ]] && return 0
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.1
    done
    cat "$work/serve.err"
    return 1
}
# Stops the server with SIGTERM, as a user would; it exits 0 after closing its clients.
stop_server() {
    kill -TERM "$server_pid" 2>/dev/null
    wait "$server_pid"
    local status=$?
    server_pid=
    # Say how it ended when that was not 0 (the server's own log says why).
    [[ $status == 0 ]] || { echo "      exit status $status; serve said:"; sed 's/^/      /' "$work/serve.err"; }
    return $status
}
round_trip() { # <description> <serve options...>
    local what=$1 reply
    shift
    if ! start_server "$@"; then
        fail "$what: the installed server printed its URL"
        return
    fi
    pass "$what: the installed server listens at $url"
    reply=$(echo hello | timeout 15 "$cli" connect --insecure "$url" 2>"$work/connect.err")
    check "$what: 'echo hello | wsinspect-cli connect' prints hello" test "$reply" = hello
    [[ "$reply" == hello ]] || cat "$work/connect.err"
    check "$what: the server exits 0 on SIGTERM" stop_server
}
round_trip "ws echo" --port 0 -q
round_trip "wss echo" --port 0 --tls -q

# The window itself starts from the installed files and keeps running until stopped.
QT_QPA_PLATFORM=offscreen timeout -s TERM 4 "$gui" --echo-server >"$work/gui.log" 2>&1
status=$?
check "installed wsinspect --echo-server runs until stopped (status $status, 124 expected)" test $status -eq 124
[[ $status -eq 124 ]] || cat "$work/gui.log"

# On an X server the window carries the icon (_NET_WM_ICON), found in the installed
# hicolor theme. Xvfb, xprop and xdotool come with scripts/setup-deps.sh (screenshots).
if command -v xvfb-run >/dev/null && command -v xprop >/dev/null && command -v xdotool >/dev/null; then
    cat >"$work/window-icon.sh" <<'EOF'
"$1" --size 800x600 >/dev/null 2>&1 &
pid=$!
window=
for _ in $(seq 75); do
    window=$(xdotool search --onlyvisible --class wsinspect 2>/dev/null | head -n 1)
    [[ -n "$window" ]] && break
    sleep 0.2
done
status=1
if [[ -n "$window" ]]; then
    xprop -len 1000000 -id "$window" _NET_WM_ICON >"$2" 2>&1 # all sizes, not the first 32 kB
    grep -q 'Icon (16 x 16)' "$2" && grep -q 'Icon (256 x 256)' "$2" && status=0
fi
kill "$pid"
wait "$pid"
exit $status
EOF
    QT_QPA_PLATFORM=xcb XDG_DATA_DIRS=$root/usr/share:/usr/share timeout 60 xvfb-run -a -s '-screen 0 1024x768x24' \
        bash "$work/window-icon.sh" "$gui" "$work/window-icon.txt" >"$work/xvfb.log" 2>&1
    check "installed wsinspect's window has its icon, 16 to 256 px (Xvfb)" test $? -eq 0
else
    echo "SKIP  window icon on Xvfb: xvfb-run, xprop or xdotool missing (scripts/setup-deps.sh)"
fi

# --- desktop integration files ------------------------------------------------------------
share=$root/usr/share
desktop=$share/applications/wsinspect.desktop
check "desktop-file-validate accepts wsinspect.desktop" desktop-file-validate "$desktop"
check ".desktop runs 'wsinspect %u', which is installed" \
    bash -c "grep -qx 'Exec=wsinspect %u' '$desktop' && test -x '$root/usr/bin/wsinspect'"
check ".desktop handles ws:// and wss:// URLs" \
    grep -qE '^MimeType=(.*;)?x-scheme-handler/ws;(.*;)?x-scheme-handler/wss;' "$desktop"
check ".desktop is in Development and Network" grep -qx 'Categories=Development;Network;' "$desktop"
check ".desktop's Icon=wsinspect is in the hicolor theme" \
    bash -c "grep -qx 'Icon=wsinspect' '$desktop' && test -f '$share/icons/hicolor/scalable/apps/wsinspect.svg'"

metainfo=$share/metainfo/io.github.wsinspect.metainfo.xml
check "appstreamcli validate accepts the metainfo" timeout 30 appstreamcli validate --no-net "$metainfo"
check "metainfo launches wsinspect.desktop and has release $version" \
    bash -c "grep -q '<launchable type=\"desktop-id\">wsinspect.desktop</launchable>' '$metainfo' &&
             grep -q '<release version=\"$version\"' '$metainfo'"
check "metainfo says the project's license is MIT" grep -q '<project_license>MIT</project_license>' "$metainfo"
check "the package's copyright file names the MIT license" \
    grep -qx 'License: MIT' "$share/doc/wsinspect/copyright"

# Each PNG has its directory's size; each matches the SVG when rsvg-convert is here.
png_size() { od -An -tu1 -j16 -N8 "$1" | awk '{ print $3 * 256 + $4 "x" $7 * 256 + $8 }'; }
for size in 16 32 48 64 128 256; do
    png=$share/icons/hicolor/${size}x${size}/apps/wsinspect.png
    check "hicolor ${size}x${size} icon is a ${size}x${size} PNG" test "$(png_size "$png")" = "${size}x${size}"
    if command -v rsvg-convert >/dev/null 2>&1; then
        rsvg-convert --width "$size" --height "$size" --output "$work/render-$size.png" \
            "$source/packaging/icons/wsinspect.svg"
        check "packaging/icons/wsinspect-$size.png is the SVG rendered (else run packaging/icons/render-png.sh)" \
            cmp -s "$work/render-$size.png" "$source/packaging/icons/wsinspect-$size.png"
    fi
done

# Man pages: render without groff warnings, carry the version, and describe every option
# that --help lists (so a new option without documentation fails here).
options_of() { # long and short options in a help text
    grep -oE -- '(^|[ ,[(])--?[a-zA-Z][a-zA-Z-]*' | sed -E 's/^[ ,[(]//' | sort -u
}
# The sources are read from files: `grep -q` in a pipe would end the pipe early.
for page in wsinspect wsinspect-cli; do
    gzip -dc "$share/man/man1/$page.1.gz" >"$work/$page.1"
    sed 's/\\-/-/g' "$work/$page.1" >"$work/$page.1.plain" # \- is a plain hyphen
    warnings=$(groff -man -ww -z "$work/$page.1" 2>&1)
    check "man page $page.1 renders without warnings" test -z "$warnings"
    [[ -z "$warnings" ]] || echo "$warnings" | sed 's/^/      /'
    check "man page $page.1 names version $version" grep -q "wsinspect $version" "$work/$page.1"
done
documents() { # <page> <option>
    grep -qE -- "(^|[^a-zA-Z-])$2([^a-zA-Z-]|$)" "$work/$1.1.plain"
}
help_texts=("wsinspect-cli:$(timeout 10 "$cli" --help)")
for command in connect ping cert serve run proxy; do
    help_texts+=("wsinspect-cli:$(timeout 10 "$cli" "$command" --help)")
    check "wsinspect-cli.1 describes the $command command" grep -q "^\.SS $command " "$work/wsinspect-cli.1"
done
help_texts+=("wsinspect:$(QT_QPA_PLATFORM=offscreen timeout 20 "$gui" --help)")
for entry in "${help_texts[@]}"; do
    page=${entry%%:*}
    missing=()
    while read -r option; do
        [[ -z "$option" ]] && continue
        documents "$page" "$option" || missing+=("$option")
    done < <(options_of <<<"${entry#*:}")
    check "$page.1 describes every option of its --help${missing[*]:+ (missing: ${missing[*]})}" \
        test ${#missing[@]} -eq 0
done

# --- shell completions ----------------------------------------------------------------------
# The build writes them with `wsinspect-cli completions SHELL [PROGRAM]`; tests/cli/completion tests
# what they complete in depth. Here: the installed files are what the installed program
# writes, where each shell looks, and they load there.
for program in wsinspect-cli wsinspect; do
    for entry in "bash:bash-completion/completions/$program" "zsh:zsh/vendor-completions/_$program" \
                 "fish:fish/vendor_completions.d/$program.fish"; do
        shell=${entry%%:*}
        file=$share/${entry#*:}
        check "the $shell completion of $program is what the installed wsinspect-cli writes" \
            cmp -s "$file" <(timeout 10 "$cli" completions "$shell" "$program")
        if command -v "$shell" >/dev/null 2>&1; then
            check "$shell reads the installed $shell completion of $program without a syntax error" "$shell" -n "$file"
        else
            echo "SKIP  $shell syntax check: $shell is missing (scripts/setup-deps.sh)"
        fi
    done
done
completed=$(bash --norc -c 'source "$1"; COMP_WORDS=(wsinspect-cli connect --ca-); COMP_CWORD=2
                            _wsinspect_cli; echo "${COMPREPLY[*]}"' bash "$share/bash-completion/completions/wsinspect-cli")
check "installed bash completion: 'wsinspect-cli connect --ca-<TAB>' offers --ca-file --ca-path" \
    test "$completed" = "--ca-file --ca-path"

# --- cmake --install into a DESTDIR -----------------------------------------------------
if DESTDIR=$work/destdir timeout 60 cmake --install "$build" --prefix /usr >"$work/install.log" 2>&1; then
    pass "cmake --install --prefix /usr into a DESTDIR"
    install_list=$(cd "$work/destdir" && find . -type f | sed 's|^\./||' | LC_ALL=C sort)
    check "cmake --install puts every file in its XDG place, and nothing else" \
        test "$install_list" = "$expected_list"
    [[ "$install_list" == "$expected_list" ]] || diff <(echo "$expected_list") <(echo "$install_list") | sed 's/^/      /'
else
    cat "$work/install.log"
    fail "cmake --install --prefix /usr into a DESTDIR"
fi

echo "test_deb: $failures failure(s)"
[[ $failures -eq 0 ]]
