#!/bin/sh
# Rebuilds the benchmark kernels bench/kernels/*.wasm from the C sources next to them.
# NEEDS clang-19 and lld-19 (wasm-ld-19): apt-get update && apt-get install -y clang-19 lld-19
# (see /work/shared/TOOLCHAINS.md). `npm run bench:interp` itself only needs the committed .wasm.
#
# Freestanding wasm32, no libc, no imports; -mcpu=mvp so that every engine compared
# (webassemblyjs only knows the MVP) can decode them. Each module exports `run` and `memory`.
set -eu
cd "$(dirname "$0")"
CC=${CC:-clang-19}
for src in *.c; do
  name=${src%.c}
  "$CC" --target=wasm32 -mcpu=mvp -nostdlib -O2 -ffreestanding \
    -fuse-ld=lld -Wl,--no-entry -Wl,--gc-sections -Wl,-z,stack-size=65536 -Wl,--strip-all \
    -o "$name.wasm" "$src"
  chmod 644 "$name.wasm"
  echo "$name.wasm $(wc -c < "$name.wasm") bytes"
done
