//! bench/seed-table native column: the image-service component's own Rust source
//! (test/fixtures/image-service/src/formats.rs and ops.rs, included by #[path], not copied),
//! compiled for x86-64 and called directly, with no Canonical ABI in between. The rows are the
//! ones bench/seed-table/run.ts times under jco + V8 and purewasm:
//!
//!   native bench PNG JPEG RGBA    metadata (one extract of the PNG and one of the JPEG) and
//!                                 batch grayscale (ops::apply Grayscale on 100 copies of the
//!                                 37x23 RGBA image): RUNS timed runs each, each run a batch of
//!                                 calls sized to >= 5 ms; prints one JSON line of ms per op.
//!   native cold PNG               one extract in this fresh process: ms from main() to its result.
//!   native memory PNG JPEG RGBA   peak RSS (VmHWM, /proc/self/status) before and after the
//!                                 workload (both extracts, batch grayscale of 100), in KiB.
//!
//! Built by build.sh with the same rustc (Debian 1.63) and opt-level as the wasm32 build.

#[path = "../../../test/fixtures/image-service/src/formats.rs"]
#[allow(dead_code)]
mod formats;
#[path = "../../../test/fixtures/image-service/src/ops.rs"]
#[allow(dead_code)]
mod ops;

use ops::{Image, Operation};
use std::time::Instant;

const RUNS: usize = 9;
const IMAGES: usize = 100;

fn read(path: &str) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("reading {}: {}", path, e))
}

/// VmHWM (peak resident set) of this process in KiB.
fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    for line in status.lines() {
        if let Some(rest) = line.strip_prefix("VmHWM:") {
            return rest.trim().trim_end_matches("kB").trim().parse().expect("VmHWM value");
        }
    }
    panic!("no VmHWM in /proc/self/status")
}

fn metadata(png: &[u8], jpeg: &[u8]) -> u64 {
    let a = formats::extract(png).expect("png extract");
    let b = formats::extract(jpeg).expect("jpeg extract");
    u64::from(a.width) + u64::from(b.height)
}

fn batch_grayscale(imgs: &[Image]) -> u64 {
    let mut sum = 0u64;
    for img in imgs {
        let out = ops::apply(img, &Operation::Grayscale).expect("grayscale");
        sum += u64::from(out.pixels[0]) + out.pixels.len() as u64;
    }
    sum
}

/// Median, min and max of RUNS runs of `f`, in ms per call; each run repeats `f` enough times
/// to last >= 5 ms. `sink` keeps the results alive so the calls are not optimised away.
fn time(sink: &mut u64, mut f: impl FnMut() -> u64) -> (f64, f64, f64) {
    let mut n = 1u64;
    loop {
        let t = Instant::now();
        for _ in 0..n {
            *sink = sink.wrapping_add(f());
        }
        if t.elapsed().as_secs_f64() >= 0.005 {
            break;
        }
        n *= 2;
    }
    let mut xs: Vec<f64> = (0..RUNS)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..n {
                *sink = sink.wrapping_add(f());
            }
            t.elapsed().as_secs_f64() * 1e3 / n as f64
        })
        .collect();
    xs.sort_by(|a, b| a.partial_cmp(b).unwrap());
    (xs[RUNS / 2], xs[0], xs[RUNS - 1])
}

fn images(rgba: &[u8]) -> Vec<Image> {
    assert_eq!(rgba.len(), 37 * 23 * 4, "the RGBA sample is 37x23");
    (0..IMAGES).map(|_| Image { width: 37, height: 23, pixels: rgba.to_vec() }).collect()
}

fn main() {
    let start = Instant::now();
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("cold") => {
            let png = read(&args[2]);
            let t = Instant::now();
            let info = formats::extract(&png).expect("png extract");
            let first = t.elapsed().as_secs_f64() * 1e3;
            let total = start.elapsed().as_secs_f64() * 1e3;
            println!("{{\"width\":{},\"firstCall\":{},\"total\":{}}}", info.width, first, total);
        }
        Some("memory") => {
            let before = peak_rss_kib();
            let (png, jpeg, rgba) = (read(&args[2]), read(&args[3]), read(&args[4]));
            let imgs = images(&rgba);
            let sum = metadata(&png, &jpeg) + batch_grayscale(&imgs);
            let after = peak_rss_kib();
            println!("{{\"rssBeforeKiB\":{},\"rssAfterKiB\":{},\"sink\":{}}}", before, after, sum);
        }
        Some("bench") => {
            let (png, jpeg, rgba) = (read(&args[2]), read(&args[3]), read(&args[4]));
            let imgs = images(&rgba);
            let mut sink = 0u64;
            let m = time(&mut sink, || metadata(&png, &jpeg));
            let g = time(&mut sink, || batch_grayscale(&imgs));
            println!(
                "{{\"metadata\":[{},{},{}],\"grayscale\":[{},{},{}],\"sink\":{}}}",
                m.0, m.1, m.2, g.0, g.1, g.2, sink
            );
        }
        _ => {
            eprintln!("usage: native bench PNG JPEG RGBA | cold PNG | memory PNG JPEG RGBA");
            std::process::exit(2);
        }
    }
}
