#!/bin/sh
# Builds bench/seed-table/native/native (or the path given as $1): main.rs with the image-service's own formats.rs and
# ops.rs (by #[path]) for the host (x86-64), with Debian 12's rustc 1.63 (full path: rustup's
# shim may come first on PATH) and the opt-level of the fixture's wasm32 build (build.sh there).
set -eu
cd "$(dirname "$0")"
RUSTC=${RUSTC:-/usr/bin/rustc}
"$RUSTC" --edition 2021 -C opt-level=2 -C panic=abort -o "${1:-native}" main.rs
