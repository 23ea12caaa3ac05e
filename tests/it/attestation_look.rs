//! The attestation keeps its words and its look while it gets smaller and faster to draw: for
//! fixed values, its extracted text equals the checked-in `tests/fixtures/attestation_*.txt` and
//! its page, rendered by pdftoppm at 100 dpi, differs from `tests/fixtures/attestation_*.png`
//! (both captured from the code before the fonts were stripped, the logo encoded once, the
//! compression level lowered and the QR mask fixed) in at most 0.5 % of its pixels outside the
//! QR code; the QR code itself, whose modules change with its mask, is decoded from the page and
//! must open the same address. Each file stays within 14 KiB.
//!
//! Needs pdftoppm (Debian: poppler-utils): without it the pixel comparison is skipped, unless
//! `CI` or `PARCOURS_REQUIRE_PDFTOPPM=1` is set, when it fails. `PARCOURS_WRITE_LOOK=1` writes
//! the references again instead of comparing.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use chrono::NaiveDateTime;
use parcours::certificates::{Documents, Kind};

const URL: &str = "https://parcours.example.org/verify/CN-BCDF2346";
/// The largest attestation accepted, in bytes.
const MAX_BYTES: usize = 14_336;
/// Pixels whose channels differ by more than this count as changed (antialiasing moves less).
const CHANNEL_TOLERANCE: u8 = 48;
/// The share of changed pixels accepted outside the QR code.
const MAX_CHANGED: f64 = 0.005;
/// Rendering resolution.
const DPI: u32 = 100;

fn values() -> BTreeMap<&'static str, String> {
    let mut v = BTreeMap::new();
    for (name, value) in [
        ("holder_name", "Éloïse Ménard-Lefèvre"),
        ("birth_date", "14 février 1990"),
        ("born_on", "née le 14 février 1990"),
        ("certification_code", "CCP1"),
        (
            "certification",
            "Accompagner différents publics vers l'autonomie dans les usages des technologies, services et médias numériques",
        ),
        ("title_name", "Conseiller numérique"),
        ("title_version", "2023"),
        ("result_date", "12 mars 2027"),
        (
            "jury_session",
            "session n° 4 du 12 mars 2027, Lyon, organisée par La Fabrik",
        ),
        ("organiser", "La Fabrik"),
        ("issuer", "La Fabrik des Territoires"),
        ("issued_on", "13 mars 2027"),
        ("code", "CN-BCDF2346"),
        ("verify_url", URL),
    ] {
        v.insert(name, value.to_owned());
    }
    v
}

fn at() -> NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(2027, 3, 13)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap()
}

fn draw(kind: Kind) -> Vec<u8> {
    Documents::load()
        .unwrap()
        .render(kind, &values(), URL, at())
        .unwrap()
}

fn name(kind: Kind) -> String {
    format!("tests/fixtures/attestation_{}", kind.as_str())
}

fn text_of(pdf: &[u8]) -> String {
    lopdf::Document::load_mem(pdf)
        .unwrap()
        .extract_text(&[1])
        .unwrap()
}

fn writing() -> bool {
    std::env::var("PARCOURS_WRITE_LOOK").is_ok_and(|v| v == "1")
}

fn pdftoppm_required() -> bool {
    std::env::var_os("CI").is_some()
        || std::env::var("PARCOURS_REQUIRE_PDFTOPPM").is_ok_and(|v| v == "1")
}

/// The page rendered in grey at [`DPI`]: (width, height, one byte per pixel); `None` when
/// pdftoppm is missing and not required.
fn rendered(pdf: &[u8]) -> Option<(usize, usize, Vec<u8>)> {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("page.pdf");
    std::fs::write(&input, pdf).unwrap();
    let out = dir.path().join("page");
    let run = Command::new("pdftoppm")
        .args(["-r", &DPI.to_string(), "-gray", "-png", "-singlefile"])
        .arg(&input)
        .arg(&out)
        .status();
    match run {
        Ok(status) => assert!(status.success(), "pdftoppm failed: {status}"),
        Err(e) => {
            assert!(
                !pdftoppm_required(),
                "pdftoppm is required here (apt-get install poppler-utils): {e}"
            );
            eprintln!("pdftoppm missing (apt-get install poppler-utils): the look is not compared");
            return None;
        }
    }
    Some(decode_png(
        &std::fs::read(out.with_extension("png")).unwrap(),
    ))
}

/// A grey PNG as (width, height, pixels).
fn decode_png(bytes: &[u8]) -> (usize, usize, Vec<u8>) {
    let mut reader = png::Decoder::new(std::io::Cursor::new(bytes))
        .read_info()
        .unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut pixels).unwrap();
    assert_eq!(info.bit_depth, png::BitDepth::Eight);
    pixels.truncate(info.buffer_size());
    let grey = match info.color_type {
        png::ColorType::Grayscale => pixels,
        // pdftoppm may write its grey page as RGB: the luma of each pixel.
        png::ColorType::Rgb => pixels
            .chunks_exact(3)
            .map(|p| {
                let luma = 299 * u32::from(p[0]) + 587 * u32::from(p[1]) + 114 * u32::from(p[2]);
                u8::try_from(luma / 1000).unwrap()
            })
            .collect(),
        other => panic!("unexpected PNG colour type {other:?}"),
    };
    (info.width as usize, info.height as usize, grey)
}

/// The QR code's box in pixels (x0, y0, x1, y1), from the layout's `[qr]` (x 150, y 228, 40 mm),
/// with one millimetre of margin.
fn qr_box() -> (usize, usize, usize, usize) {
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // a few hundred pixels
    let px = |mm: f64| (mm * f64::from(DPI) / 25.4).round() as usize;
    (px(149.0), px(227.0), px(191.0), px(269.0))
}

fn inside((x0, y0, x1, y1): (usize, usize, usize, usize), x: usize, y: usize) -> bool {
    (x0..x1).contains(&x) && (y0..y1).contains(&y)
}

/// The share of pixels outside the QR code that differ by more than the tolerance.
fn changed_share(width: usize, reference: &[u8], page: &[u8]) -> f64 {
    let qr = qr_box();
    let (mut changed, mut counted) = (0_u32, 0_u32);
    for (i, (a, b)) in reference.iter().zip(page).enumerate() {
        if inside(qr, i % width, i / width) {
            continue;
        }
        counted += 1;
        if a.abs_diff(*b) > CHANNEL_TOLERANCE {
            changed += 1;
        }
    }
    f64::from(changed) / f64::from(counted)
}

/// What the QR code on the page opens.
fn decoded_qr(width: usize, height: usize, page: &[u8]) -> Vec<String> {
    let mut image =
        rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| page[y * width + x]);
    image
        .detect_grids()
        .into_iter()
        .filter_map(|grid| grid.decode().ok().map(|(_, content)| content))
        .collect()
}

fn write_png(path: &Path, width: usize, height: usize, pixels: &[u8]) {
    let file = std::fs::File::create(path).unwrap();
    let mut encoder = png::Encoder::new(
        file,
        u32::try_from(width).unwrap(),
        u32::try_from(height).unwrap(),
    );
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::High);
    let mut writer = encoder.write_header().unwrap();
    writer.write_image_data(pixels).unwrap();
}

#[test]
fn the_attestation_keeps_its_text_and_its_look_within_fourteen_kilobytes() {
    for kind in [Kind::Ccp, Kind::Title] {
        let pdf = draw(kind);
        let base = name(kind);
        if let Some(dir) = std::env::var_os("PARCOURS_KEEP_LOOK") {
            std::fs::write(Path::new(&dir).join(format!("{}.pdf", kind.as_str())), &pdf).unwrap();
        }
        let text = text_of(&pdf);
        if writing() {
            std::fs::write(format!("{base}.txt"), &text).unwrap();
            if let Some((w, h, pixels)) = rendered(&pdf) {
                assert_eq!(decoded_qr(w, h, &pixels), vec![URL.to_owned()]);
                write_png(Path::new(&format!("{base}.png")), w, h, &pixels);
            }
            continue;
        }
        let reference = std::fs::read_to_string(format!("{base}.txt")).unwrap();
        assert_eq!(text, reference, "{kind:?}: the extracted text changed");
        assert!(
            pdf.len() <= MAX_BYTES,
            "{kind:?}: {} bytes, more than {MAX_BYTES}",
            pdf.len()
        );
        let Some((w, h, page)) = rendered(&pdf) else {
            continue;
        };
        let (rw, rh, expected) = decode_png(&std::fs::read(format!("{base}.png")).unwrap());
        assert_eq!((w, h), (rw, rh), "{kind:?}: the page size changed");
        let share = changed_share(w, &expected, &page);
        eprintln!(
            "{kind:?}: {} bytes, {:.3} % of the pixels outside the QR code changed",
            pdf.len(),
            share * 100.0
        );
        assert!(
            share <= MAX_CHANGED,
            "{kind:?}: {:.3} % of the pixels outside the QR code changed (at most {:.1} %)",
            share * 100.0,
            MAX_CHANGED * 100.0
        );
        assert_eq!(
            decoded_qr(w, h, &page),
            vec![URL.to_owned()],
            "{kind:?}: the QR code must open the verification page"
        );
    }
}

#[test]
fn the_same_values_give_the_same_bytes() {
    // Nothing but the trailer's random identifier may differ between two drawings.
    let (a, b) = (draw(Kind::Ccp), draw(Kind::Ccp));
    assert_eq!(text_of(&a), text_of(&b));
    assert!(
        a.len().abs_diff(b.len()) <= 2,
        "{} and {} bytes",
        a.len(),
        b.len()
    );
}
