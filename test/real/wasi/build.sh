#!/bin/sh
# Rebuilds hello.wasm from hello.c. Needs clang-19, lld-19, libclang-rt-19-dev-wasm32 and
# wasi-libc (Debian 12: apt-get install -y clang-19 lld-19 libclang-rt-19-dev-wasm32 wasi-libc).
# The .wasm is committed, so the tests never need this toolchain.
set -eu
cd "$(dirname "$0")"
clang-19 --target=wasm32-wasi --sysroot=/usr -O2 -Wl,--strip-all -o hello.wasm hello.c -lm
ls -l hello.wasm
