#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs what wsinspect needs to build, test and take screenshots on Debian 12, and
# nothing when everything is already there (so it is cheap to call before every build).
# Runs apt-get directly as root, through sudo otherwise; never prompts.
set -euo pipefail

packages=(
    # toolchain
    build-essential cmake ninja-build ccache pkg-config
    # clang for libFuzzer and the sanitizer runtimes
    clang libclang-rt-14-dev
    # libraries: Qt 6 Core/Gui/Widgets/Network/Test, OpenGL headers Qt6Gui's CMake
    # config asks for, OpenSSL, zlib, PCRE2 (the log's regex search; optional in CMake)
    qt6-base-dev qt6-base-dev-tools libgl-dev libssl-dev zlib1g-dev libpcre2-dev
    # engine/decode: MessagePack (msgpack-cxx, header-only), protobuf with a schema at run
    # time (libprotobuf; the compiler::Importer's header is in libprotoc-dev)
    libmsgpack-cxx-dev libprotobuf-dev libprotoc-dev
    # QJSEngine (Qt6::Qml), the JavaScript engine of `wsinspect-cli run`'s flow scripts
    qt6-declarative-dev
    # dtl (header only): the shortest edit script that aligns a replay's answers with the
    # recorded ones (`replay`)
    libdtl-dev
    # QWebSocket, only as a comparator in benchmarks and interop tests
    qt6-websockets-dev
    # Boost.Beast (header-only), only as bench_net's best peer; bench_net skips it if absent
    libboost-dev
    # bench_proxy's comparators for `wsinspect-cli proxy`: socat (a plain TCP relay, the
    # ceiling) and mitmproxy's mitmdump (the usual intercepting proxy, in reverse mode)
    socat mitmproxy
    # tests: certificates, a third-party WebSocket peer, the shells whose completions the
    # CLI writes (bash is always there; bash-completion is what loads its script)
    openssl python3-websockets zsh fish bash-completion
    # decoder test vectors' reference libraries (tests/decode/vectors/make_python_vectors.py)
    python3-msgpack python3-cbor2 python3-protobuf protobuf-compiler
    # EventSource interop: faye-websocket's Faye::EventSource served by thin, and a real
    # browser's EventSource (headless Chromium, driven by npm's playwright-core, which
    # downloads no browser of its own)
    ruby-faye-websocket thin chromium
    # screenshots of the real window
    xvfb xauth x11-utils imagemagick xdotool fonts-dejavu-core
    # packaging: the .deb's Depends (dpkg-shlibdeps), and the packaging test's checks of
    # the .desktop file, the AppStream metadata, the man pages and the icons' PNG renders
    # (file: CPack's DEB generator runs it on every installed file; minbase lacks it)
    dpkg-dev file desktop-file-utils appstream groff-base librsvg2-bin
)

# Node may come from elsewhere (nodesource); only ask Debian for it when it is absent.
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)

missing=()
for package in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
    if [[ "$status" != "install ok installed" ]]; then
        missing+=("$package")
    fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
    echo "setup-deps: all ${#packages[@]} packages present"
    exit 0
fi

echo "setup-deps: installing ${missing[*]}"
if [[ $(id -u) -eq 0 ]]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
else
    echo "setup-deps: not root and sudo is not installed; install as root: ${missing[*]}" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt_options=(-y -q -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install "${apt_options[@]}" \
    --no-install-recommends "${missing[@]}"
echo "setup-deps: done"
