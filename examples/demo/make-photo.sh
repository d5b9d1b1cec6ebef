#!/bin/sh
# Makes the demo's sample picture (180x120, drawn, no outside content) in the formats the demo
# reads the metadata of. photo.png is the one the demo decodes and transforms.
# Tools (Debian 12): apt-get install -y imagemagick webp libavif-bin libjpeg-turbo-progs
# (ImageMagick 6.9.11, cwebp 1.2.4, avifenc 0.11.1, cjpeg from libjpeg-turbo 2.1.5).
set -eu
cd "$(dirname "$0")"
/usr/bin/convert -size 180x120 gradient:'#4a90d9-#f6d8a8' \
  -fill '#ffd23f' -stroke '#f4a300' -strokewidth 2 -draw 'circle 150,38 150,55' \
  -stroke none -fill '#3f7d3a' -draw 'polygon 0,120 0,84 40,62 85,88 120,70 180,92 180,120' \
  -fill '#2d5a2a' -draw 'polygon 0,120 0,100 60,86 110,104 180,98 180,120' \
  -fill white -font DejaVu-Sans-Bold -pointsize 18 -gravity northwest -annotate +8+6 'purewasm' \
  -define png:exclude-chunks=date,time -define png:color-type=2 PNG24:photo.png
tmp=$(mktemp -d)
/usr/bin/convert photo.png "ppm:$tmp/photo.ppm"
cjpeg -quality 85 -progressive "$tmp/photo.ppm" > photo.jpg
cwebp -quiet -q 80 photo.png -o photo.webp
avifenc -j 1 -s 8 photo.png photo.avif > /dev/null
/usr/bin/convert photo.png -colors 64 GIF:photo.gif
rm -r "$tmp"
ls -l photo.*
