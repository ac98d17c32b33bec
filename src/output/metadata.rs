//! Taking the hidden part out of published images: a phone photo carries where it was taken
//! (EXIF GPS), who took it (Artist), descriptions, XMP and IPTC packets and comments, none of
//! which a page shows and all of which anyone can read from the copied file.
//!
//! [`clean`] is a pure function from the file's bytes to the bytes to publish and a list, in
//! words, of what was taken out. Nothing is re-encoded: JPEG segments, PNG chunks and WebP
//! chunks are dropped whole (img-parts reads and writes the containers), so the pixels are the
//! same bytes. What a browser needs to draw the picture the same way stays: the ICC colour
//! profile, JFIF and Adobe colour markers, PNG gamma/colour/transparency chunks, and the EXIF
//! orientation, rewritten as a fresh EXIF block holding only that one tag, so a portrait
//! photo does not turn on its side.

use bytes::Bytes;
use img_parts::jpeg::{markers, Jpeg, JpegSegment};
use img_parts::png::Png;
use img_parts::webp::WebP;
use img_parts::ImageEXIF;

/// The image formats whose metadata is removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Jpeg,
    Png,
    WebP,
}

impl Format {
    /// By the file's first bytes, not its name, so a renamed file is cleaned all the same.
    pub fn of(bytes: &[u8]) -> Option<Format> {
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(Format::Jpeg)
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(Format::Png)
        } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
            Some(Format::WebP)
        } else {
            None
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Jpeg => "JPEG",
            Format::Png => "PNG",
            Format::WebP => "WebP",
        }
    }
}

/// An image with its metadata taken out.
#[derive(Debug, Clone, PartialEq)]
pub struct Cleaned {
    pub bytes: Vec<u8>,
    /// What was removed, in words, in the order found ("EXIF (GPS position, Artist)", "XMP").
    pub removed: Vec<String>,
    /// The EXIF orientation that was kept (2 to 8), when the photo had one.
    pub orientation: Option<u16>,
}

/// The bytes to publish for a file: `Ok(None)` when it is not a JPEG, PNG or WebP file or
/// carries nothing to remove (publish it as it is); an error when it claims to be one of them
/// but cannot be read as one (then its metadata cannot be removed).
pub fn clean(bytes: &[u8]) -> Result<Option<Cleaned>, String> {
    let Some(format) = Format::of(bytes) else {
        return Ok(None);
    };
    let data = Bytes::copy_from_slice(bytes);
    let unreadable = |e: img_parts::Error| format!("it cannot be read as a {}: {e}", format.name());
    let cleaned = match format {
        Format::Jpeg => clean_jpeg(Jpeg::from_bytes(data).map_err(unreadable)?),
        Format::Png => clean_png(Png::from_bytes(data).map_err(unreadable)?),
        Format::WebP => clean_webp(WebP::from_bytes(data).map_err(unreadable)?),
    };
    Ok((!cleaned.removed.is_empty()).then_some(cleaned))
}

/// Whether the file at `path` starts like a JPEG, PNG or WebP image (its first 12 bytes).
pub fn may_be_image(path: &std::path::Path) -> std::io::Result<bool> {
    use std::io::Read;
    let mut head = Vec::with_capacity(12);
    std::fs::File::open(path)?.take(12).read_to_end(&mut head)?;
    Ok(Format::of(&head).is_some())
}

/// The bytes a build writes for a copied file: cleaned when it is an image with metadata,
/// else unchanged (an unreadable image too: the site stage has warned about it).
pub fn publishable(bytes: Vec<u8>) -> Vec<u8> {
    match clean(&bytes) {
        Ok(Some(cleaned)) => cleaned.bytes,
        _ => bytes,
    }
}

fn clean_jpeg(mut jpeg: Jpeg) -> Cleaned {
    let mut removed = Vec::new();
    let mut orientation = None;
    let mut kept = Vec::with_capacity(jpeg.segments().len());
    for segment in jpeg.segments().iter() {
        let contents = segment.contents();
        match jpeg_segment_kind(segment.marker(), contents) {
            JpegPart::Keep => kept.push(with_image_only(segment, &mut removed)),
            JpegPart::Exif => {
                let exif = contents.slice(EXIF_PREFIX.len()..);
                orientation = orientation.or_else(|| exif_orientation(&exif));
                removed.push(describe_exif(&exif));
            }
            JpegPart::Drop(what) => removed.push(what),
        }
    }
    *jpeg.segments_mut() = kept;
    set_orientation(&mut jpeg, orientation);
    finish(jpeg.encoder().bytes(), dedup(removed), orientation)
}

const EXIF_PREFIX: &[u8] = b"Exif\0\0";

enum JpegPart {
    Keep,
    Exif,
    Drop(String),
}

/// Which segments a decoder needs (every non-APP marker, JFIF, the ICC profile, Adobe's
/// colour transform) and what the others are, for the report.
fn jpeg_segment_kind(marker: u8, contents: &[u8]) -> JpegPart {
    let starts = |prefix: &[u8]| contents.starts_with(prefix);
    match marker {
        markers::COM => JpegPart::Drop("a comment".into()),
        markers::APP0 if starts(b"JFIF\0") => JpegPart::Keep,
        markers::APP1 if starts(EXIF_PREFIX) => JpegPart::Exif,
        markers::APP1 if starts(b"http://ns.adobe.com/") => JpegPart::Drop("XMP".into()),
        markers::APP2 if starts(b"ICC_PROFILE\0") => JpegPart::Keep,
        markers::APP2 if starts(b"MPF\0") => JpegPart::Drop("extra pictures (MPF)".into()),
        markers::APP13 => JpegPart::Drop("IPTC (Photoshop)".into()),
        markers::APP14 if starts(b"Adobe") => JpegPart::Keep,
        markers::APP0..=markers::APP15 => JpegPart::Drop(format!(
            "APP{} data{}",
            marker - markers::APP0,
            label(contents)
        )),
        _ => JpegPart::Keep,
    }
}

/// The name an application segment starts with (`Ducky`, `FPXR`), when it has one.
fn label(contents: &[u8]) -> String {
    let name: String = contents
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric())
        .take(20)
        .map(|&b| b as char)
        .collect();
    if name.is_empty() {
        String::new()
    } else {
        format!(" ({name})")
    }
}

/// The scan segment holds the rest of the file; whatever follows the image's end (EOI) is not
/// the picture (phones append more pictures there, each with its own EXIF), so it goes.
fn with_image_only(segment: &JpegSegment, removed: &mut Vec<String>) -> JpegSegment {
    if !segment.has_entropy() {
        return segment.clone();
    }
    let Some(entropy) = entropy_of(segment) else {
        return segment.clone();
    };
    match end_of_image(&entropy) {
        Some(end) if end < entropy.len() => {
            removed.push("data after the end of the picture".into());
            JpegSegment::new_with_entropy(
                segment.marker(),
                segment.contents().clone(),
                entropy.slice(..end),
            )
        }
        _ => segment.clone(),
    }
}

/// img-parts keeps a scan's entropy-coded data (and everything after it) private; its encoded
/// form is marker, length, contents, then that data.
fn entropy_of(segment: &JpegSegment) -> Option<Bytes> {
    let encoded = segment.clone().encoder().bytes();
    let header = 4 + segment.contents().len();
    (encoded.len() >= header).then(|| encoded.slice(header..))
}

/// The offset just past the EOI marker ending the image, walking the markers a progressive
/// image puts between its scans. Hand-written: img-parts has no such walk, and a decoder crate
/// would decode the pixels only to find where they end.
fn end_of_image(data: &[u8]) -> Option<usize> {
    let mut i = 0;
    while i + 1 < data.len() {
        if data[i] != 0xFF {
            i += 1;
            continue;
        }
        match data[i + 1] {
            // Stuffed 0xFF, restart markers and fill bytes belong to the scan.
            0x00 | 0xD0..=0xD7 | 0xFF => i += if data[i + 1] == 0xFF { 1 } else { 2 },
            markers::EOI => return Some(i + 2),
            _ => {
                let len = usize::from(u16::from_be_bytes([*data.get(i + 2)?, *data.get(i + 3)?]));
                i += 2 + len;
            }
        }
    }
    None
}

/// PNG chunks a viewer needs to draw the picture as intended; every other ancillary chunk
/// (tEXt, zTXt, iTXt with XMP, eXIf, tIME, private chunks) is left out.
const PNG_KEPT: [&[u8; 4]; 19] = [
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT",
    b"bKGD", b"pHYs", b"hIST", b"acTL", b"fcTL", b"fdAT", b"cICP", b"mDCv", b"cLLi",
];

fn clean_png(mut png: Png) -> Cleaned {
    let mut removed = Vec::new();
    let mut orientation = None;
    for chunk in png.chunks().iter() {
        let kind = chunk.kind();
        if PNG_KEPT.contains(&&kind) {
            continue;
        }
        removed.push(match &kind {
            b"eXIf" => {
                orientation = orientation.or_else(|| exif_orientation(chunk.contents()));
                describe_exif(chunk.contents())
            }
            b"iTXt" if chunk.contents().starts_with(b"XML:com.adobe.xmp\0") => "XMP".into(),
            b"tEXt" | b"zTXt" | b"iTXt" => format!("text `{}`", keyword(chunk.contents())),
            b"tIME" => "the time it was last changed".into(),
            other => format!("the {} chunk", String::from_utf8_lossy(other)),
        });
    }
    png.chunks_mut()
        .retain(|chunk| PNG_KEPT.contains(&&chunk.kind()));
    if orientation.is_some() {
        set_orientation(&mut png, orientation);
    }
    finish(png.encoder().bytes(), dedup(removed), orientation)
}

/// A PNG text chunk's keyword (`Author`, `Comment`): what it is, without its text.
fn keyword(contents: &[u8]) -> String {
    let end = contents.iter().position(|&b| b == 0).unwrap_or(0).min(79);
    String::from_utf8_lossy(&contents[..end]).into_owned()
}

/// WebP chunks of the picture itself; EXIF, XMP and unknown chunks are left out.
const WEBP_KEPT: [&[u8; 4]; 7] = [
    b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF", b"ICCP",
];

fn clean_webp(mut webp: WebP) -> Cleaned {
    let mut removed = Vec::new();
    let mut orientation = None;
    for chunk in webp.chunks().iter() {
        let id = chunk.id();
        if WEBP_KEPT.contains(&&id) {
            continue;
        }
        let data = chunk.content().data().cloned().unwrap_or_default();
        removed.push(match &id {
            b"EXIF" => {
                let tiff = data
                    .strip_prefix(EXIF_PREFIX)
                    .map_or(data.clone(), Bytes::copy_from_slice);
                orientation = orientation.or_else(|| exif_orientation(&tiff));
                describe_exif(&tiff)
            }
            b"XMP " => "XMP".into(),
            other => format!("the {} chunk", String::from_utf8_lossy(other).trim()),
        });
    }
    webp.chunks_mut()
        .retain(|chunk| WEBP_KEPT.contains(&&chunk.id()));
    // Setting the EXIF (even to none) recomputes the VP8X flags for the chunks that are left.
    set_orientation(&mut webp, orientation);
    finish(webp.encoder().bytes(), dedup(removed), orientation)
}

fn finish(bytes: Bytes, removed: Vec<String>, orientation: Option<u16>) -> Cleaned {
    Cleaned {
        bytes: bytes.to_vec(),
        removed,
        orientation,
    }
}

fn dedup(mut removed: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    removed.retain(|r| seen.insert(r.clone()));
    removed
}

/// The orientation (2 to 8) a photo asks to be turned by; 1 (as taken) needs nothing.
fn exif_orientation(tiff: &[u8]) -> Option<u16> {
    let (fields, _) = exif::parse_exif(tiff).ok()?;
    fields
        .iter()
        .find(|f| f.tag == exif::Tag::Orientation && f.ifd_num == exif::In::PRIMARY)
        .and_then(|f| f.value.get_uint(0))
        .and_then(|o| u16::try_from(o).ok())
        .filter(|o| (2..=8).contains(o))
}

/// A fresh EXIF block holding only the orientation, or none.
fn set_orientation(image: &mut impl ImageEXIF, orientation: Option<u16>) {
    image.set_exif(orientation.and_then(orientation_exif).map(Bytes::from));
}

fn orientation_exif(orientation: u16) -> Option<Vec<u8>> {
    let field = exif::Field {
        tag: exif::Tag::Orientation,
        ifd_num: exif::In::PRIMARY,
        value: exif::Value::Short(vec![orientation]),
    };
    let mut writer = exif::experimental::Writer::new();
    writer.push_field(&field);
    let mut out = std::io::Cursor::new(Vec::new());
    writer.write(&mut out, false).ok()?;
    Some(out.into_inner())
}

/// "EXIF (GPS position, Artist, camera, 12 more fields)": the fields people worry about by
/// name, the rest counted.
fn describe_exif(tiff: &[u8]) -> String {
    let Ok((fields, _)) = exif::parse_exif(tiff) else {
        return "EXIF".into();
    };
    let mut words: Vec<String> = Vec::new();
    let mut others = 0;
    for field in &fields {
        match worrying(field.tag) {
            Some(name) if !words.iter().any(|w| w == name) => words.push(name.to_string()),
            Some(_) => {}
            None if is_structure(field.tag) => {}
            None => others += 1,
        }
    }
    match others {
        0 => {}
        1 => words.push("1 more field".into()),
        n => words.push(format!("{n} more fields")),
    }
    if words.is_empty() {
        "EXIF".into()
    } else {
        format!("EXIF ({})", words.join(", "))
    }
}

fn worrying(tag: exif::Tag) -> Option<&'static str> {
    use exif::{Context, Tag};
    Some(match tag {
        Tag(Context::Gps, _) => "GPS position",
        Tag::Artist => "Artist",
        Tag::Copyright => "Copyright",
        Tag::ImageDescription | Tag::UserComment => "description",
        Tag::Make | Tag::Model | Tag::BodySerialNumber | Tag::LensSerialNumber => "camera",
        Tag::DateTimeOriginal | Tag::DateTimeDigitized | Tag::DateTime => "date taken",
        Tag::CameraOwnerName => "camera owner",
        _ => return None,
    })
}

/// Pointers between EXIF's own tables, and the orientation (kept): not worth a word.
fn is_structure(tag: exif::Tag) -> bool {
    matches!(
        tag,
        exif::Tag::ExifIFDPointer
            | exif::Tag::GPSInfoIFDPointer
            | exif::Tag::InteropIFDPointer
            | exif::Tag::Orientation
    )
}

#[cfg(test)]
#[path = "metadata_tests.rs"]
mod tests;
