//! Hostile uploads cannot take the server's memory: a 200 KB PNG may declare 7,000 × 7,000 RGBA
//! pixels (within the limits) and take 196 MB while it decodes. Eight of them at once took 1.45 GB;
//! the decoding budget (`uploaded_image::DECODE_BUDGET_BYTES`) holds them to it. Alone in its test
//! binary: the process's peak resident memory is the measure.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use tower::ServiceExt;

const BOUNDARY: &str = "decode-boundary";
const SIDE: u32 = 7_000;

/// A PNG of SIDE × SIDE transparent RGBA pixels, written a row at a time (never held decoded).
fn pixel_bomb() -> Vec<u8> {
    let out = Shared::default();
    let mut encoder = png::Encoder::new(out.clone(), SIDE, SIDE);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    let mut writer = encoder.write_header().unwrap().into_stream_writer().unwrap();
    let row = vec![0u8; SIDE as usize * 4];
    for _ in 0..SIDE {
        std::io::Write::write_all(&mut writer, &row).unwrap();
    }
    writer.finish().unwrap();
    let bytes = out.0.lock().unwrap().clone();
    bytes
}

/// The encoder's output, which its stream writer must own.
#[derive(Clone, Default)]
struct Shared(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Shared {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The process's peak resident set (VmHWM), in MB.
fn peak_rss_mb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse::<u64>().unwrap() / 1024
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn eight_pixel_bombs_at_once_stay_within_the_decoding_budget() {
    let bomb = pixel_bomb();
    assert!(bomb.len() < 1_000_000, "a small file: {} bytes", bomb.len());
    let app = common::sqlite_app().await;
    let before = peak_rss_mb();
    let uploads: Vec<_> = (0..8)
        .map(|_| {
            let mut body = format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"id\"\r\n\r\n{}\r\n\
                 --{BOUNDARY}\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nbomb\r\n\
                 --{BOUNDARY}\r\nContent-Disposition: form-data; name=\"image\"; filename=\"b.png\"\r\n\
                 Content-Type: image/png\r\n\r\n",
                uuid::Uuid::new_v4()
            )
            .into_bytes();
            body.extend_from_slice(&bomb);
            body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
            let request = Request::post("/sync")
                .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"))
                .body(Body::from(body))
                .unwrap();
            tokio::spawn(app.router.clone().oneshot(request))
        })
        .collect();
    for upload in uploads {
        assert_eq!(upload.await.unwrap().unwrap().status(), StatusCode::CREATED);
    }
    let grown = peak_rss_mb().saturating_sub(before);
    let budget = outbox_axum::testing::DECODE_BUDGET_BYTES >> 20;
    println!("the peak grew by {grown} MB during eight decodes at once (budget {budget} MB)");
    // The budget, one image's decoding over it at most, and the allocator's slack.
    assert!(grown < budget + 200, "the peak grew by {grown} MB during eight decodes (budget {budget} MB)");
    assert_eq!(app.list().await.len(), 8, "every one stored");
}
