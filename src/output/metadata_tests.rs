//! Real images (made by ImageMagick with `-strip`, committed in tests/fixtures/images) given
//! the metadata a phone or an editor writes, then cleaned.

use super::*;
use img_parts::png::PngChunk;
use img_parts::riff::{RiffChunk, RiffContent};
use img_parts::ImageICC;

const JPEG: &[u8] = include_bytes!("../../tests/fixtures/images/plain.jpg");
const PROGRESSIVE: &[u8] = include_bytes!("../../tests/fixtures/images/progressive.jpg");
const PNG: &[u8] = include_bytes!("../../tests/fixtures/images/plain.png");
const WEBP: &[u8] = include_bytes!("../../tests/fixtures/images/plain.webp");
const LOSSLESS: &[u8] = include_bytes!("../../tests/fixtures/images/lossless.webp");

const SECRET: &str = "Pupil Jane Doe";
const XMP: &[u8] = b"<x:xmpmeta><dc:creator>Pupil Jane Doe</dc:creator></x:xmpmeta>";
const ICC: &[u8] = b"a colour profile the browser needs";

/// EXIF as a phone writes it: where, who, which camera, and which way up.
fn phone_exif(orientation: u16) -> Vec<u8> {
    use exif::{Field, In, Rational, Tag, Value};
    let fields = [
        Field {
            tag: Tag::Artist,
            ifd_num: In::PRIMARY,
            value: Value::Ascii(vec![SECRET.as_bytes().to_vec()]),
        },
        Field {
            tag: Tag::Make,
            ifd_num: In::PRIMARY,
            value: Value::Ascii(vec![b"PhoneCo".to_vec()]),
        },
        Field {
            tag: Tag::Orientation,
            ifd_num: In::PRIMARY,
            value: Value::Short(vec![orientation]),
        },
        Field {
            tag: Tag::GPSLatitudeRef,
            ifd_num: In::PRIMARY,
            value: Value::Ascii(vec![b"N".to_vec()]),
        },
        Field {
            tag: Tag::GPSLatitude,
            ifd_num: In::PRIMARY,
            value: Value::Rational(vec![Rational::from((51, 1)); 3]),
        },
    ];
    let mut writer = exif::experimental::Writer::new();
    for field in &fields {
        writer.push_field(field);
    }
    let mut out = std::io::Cursor::new(Vec::new());
    writer.write(&mut out, false).unwrap();
    out.into_inner()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn orientation_of(image: &impl ImageEXIF) -> Option<u16> {
    exif_orientation(&image.exif()?)
}

fn jpeg_with_everything(base: &[u8], orientation: u16) -> Vec<u8> {
    let mut jpeg = Jpeg::from_bytes(Bytes::copy_from_slice(base)).unwrap();
    jpeg.set_exif(Some(phone_exif(orientation).into()));
    jpeg.set_icc_profile(Some(Bytes::from_static(ICC)));
    let mut xmp = b"http://ns.adobe.com/xap/1.0/\0".to_vec();
    xmp.extend_from_slice(XMP);
    let segments = jpeg.segments_mut();
    segments.insert(1, JpegSegment::new_with_contents(markers::APP1, xmp.into()));
    let comment = format!("taken by {SECRET}");
    segments.insert(
        1,
        JpegSegment::new_with_contents(markers::COM, comment.into()),
    );
    let iptc = format!("Photoshop 3.0\0{SECRET}");
    segments.insert(
        1,
        JpegSegment::new_with_contents(markers::APP13, iptc.into()),
    );
    let mut bytes = jpeg.encoder().bytes().to_vec();
    // A second picture appended after the first, as phones do, with its own metadata.
    bytes.extend_from_slice(b"\xFF\xD8\xFF\xFE\x00\x10Pupil Jane Doe\xFF\xD9");
    bytes
}

/// The scan data: the compressed pixels, which must come out byte for byte.
fn scans(bytes: &[u8]) -> Vec<u8> {
    let jpeg = Jpeg::from_bytes(Bytes::copy_from_slice(bytes)).unwrap();
    let sos = jpeg
        .segments()
        .iter()
        .find(|s| s.has_entropy())
        .unwrap()
        .clone();
    let entropy = entropy_of(&sos).unwrap();
    let end = end_of_image(&entropy).unwrap();
    entropy[..end].to_vec()
}

#[test]
fn a_phone_jpeg_loses_gps_artist_xmp_iptc_comment_and_extra_pictures_but_not_its_pixels() {
    for base in [JPEG, PROGRESSIVE] {
        let dirty = jpeg_with_everything(base, 6);
        assert!(contains(&dirty, SECRET.as_bytes()));
        let cleaned = clean(&dirty)
            .unwrap()
            .expect("there was metadata to remove");
        assert!(
            !contains(&cleaned.bytes, SECRET.as_bytes()),
            "the name is still in the published file"
        );
        assert!(!contains(&cleaned.bytes, b"PhoneCo"));
        assert_eq!(
            cleaned.removed,
            [
                "IPTC (Photoshop)",
                "a comment",
                "XMP",
                "EXIF (camera, Artist, GPS position)",
                "data after the end of the picture",
            ]
        );
        let out = Jpeg::from_bytes(Bytes::from(cleaned.bytes.clone())).unwrap();
        assert_eq!(out.icc_profile().as_deref(), Some(ICC), "the colours stay");
        assert_eq!(orientation_of(&out), Some(6), "the photo stays upright");
        assert_eq!(cleaned.orientation, Some(6));
        let gps = exif::parse_exif(&out.exif().unwrap()).unwrap().0;
        assert_eq!(gps.len(), 1, "only the orientation is left: {gps:?}");
        assert_eq!(
            scans(&cleaned.bytes),
            scans(base),
            "the pixels are not re-encoded"
        );
        assert!(cleaned.bytes.ends_with(&[0xFF, 0xD9]));
    }
}

#[test]
fn an_upright_photo_keeps_no_exif_at_all() {
    let cleaned = clean(&jpeg_with_everything(JPEG, 1)).unwrap().unwrap();
    let out = Jpeg::from_bytes(Bytes::from(cleaned.bytes)).unwrap();
    assert_eq!(out.exif(), None);
    assert_eq!(cleaned.orientation, None);
}

#[test]
fn a_clean_image_or_another_kind_of_file_is_published_as_it_is() {
    for plain in [
        JPEG,
        PROGRESSIVE,
        PNG,
        WEBP,
        LOSSLESS,
        b"%PDF-1.7 not an image",
    ] {
        assert_eq!(clean(plain), Ok(None));
        assert_eq!(publishable(plain.to_vec()), plain);
    }
}

#[test]
fn a_file_that_only_looks_like_an_image_is_an_error_not_a_panic() {
    let broken = &JPEG[..20];
    let error = clean(broken).unwrap_err();
    assert!(error.contains("JPEG"), "{error}");
    assert_eq!(publishable(broken.to_vec()), broken);
}

#[test]
fn a_png_loses_exif_text_and_xmp_but_keeps_its_colour_profile() {
    let mut png = Png::from_bytes(Bytes::from_static(PNG)).unwrap();
    png.set_exif(Some(phone_exif(8).into()));
    png.set_icc_profile(Some(Bytes::from_static(ICC)));
    let text = |kind: &[u8; 4], body: Vec<u8>| PngChunk::new(*kind, body.into());
    let mut author = b"Author\0".to_vec();
    author.extend_from_slice(SECRET.as_bytes());
    let mut xmp = b"XML:com.adobe.xmp\0\0\0\0\0".to_vec();
    xmp.extend_from_slice(XMP);
    let chunks = png.chunks_mut();
    chunks.insert(1, text(b"tEXt", author));
    chunks.insert(1, text(b"iTXt", xmp));
    chunks.insert(1, text(b"tIME", vec![7, 234, 1, 1, 0, 0, 0]));
    let dirty = png.encoder().bytes();
    assert!(contains(&dirty, SECRET.as_bytes()));

    let cleaned = clean(&dirty).unwrap().unwrap();
    assert!(!contains(&cleaned.bytes, SECRET.as_bytes()));
    assert_eq!(
        cleaned.removed,
        [
            "the time it was last changed",
            "XMP",
            "text `Author`",
            "EXIF (camera, Artist, GPS position)",
        ]
    );
    let out = Png::from_bytes(Bytes::from(cleaned.bytes)).unwrap();
    assert_eq!(out.icc_profile().as_deref(), Some(ICC));
    assert_eq!(orientation_of(&out), Some(8));
    let original = Png::from_bytes(Bytes::from_static(PNG)).unwrap();
    let idat = |p: &Png| p.chunk_by_type(*b"IDAT").unwrap().contents().clone();
    assert_eq!(idat(&out), idat(&original), "the pixels are not re-encoded");
}

#[test]
fn a_webp_loses_exif_and_xmp_and_its_flags_say_so() {
    for base in [WEBP, LOSSLESS] {
        let mut webp = WebP::from_bytes(Bytes::copy_from_slice(base)).unwrap();
        webp.set_icc_profile(Some(Bytes::from_static(ICC)));
        webp.set_exif(Some(phone_exif(3).into()));
        let xmp = RiffChunk::new(*b"XMP ", RiffContent::Data(Bytes::from_static(XMP)));
        webp.chunks_mut().push(xmp);
        webp.set_exif(webp.exif()); // recompute the flags for the XMP chunk
        let dirty = webp.encoder().bytes();
        assert!(contains(&dirty, SECRET.as_bytes()));

        let cleaned = clean(&dirty).unwrap().unwrap();
        assert!(!contains(&cleaned.bytes, SECRET.as_bytes()));
        assert_eq!(
            cleaned.removed,
            ["XMP", "EXIF (camera, Artist, GPS position)"]
        );
        let out = WebP::from_bytes(Bytes::from(cleaned.bytes)).unwrap();
        assert_eq!(out.icc_profile().as_deref(), Some(ICC));
        assert_eq!(orientation_of(&out), Some(3));
        let flags = out.chunk_by_id(*b"VP8X").unwrap().content().data().unwrap()[0];
        assert_eq!(flags & 0b0000_0100, 0, "the XMP flag is cleared");
        assert_ne!(flags & 0b0000_1000, 0, "the EXIF flag is set");
        let pixels = |w: &WebP| {
            w.chunks()
                .iter()
                .find(|c| matches!(&c.id(), b"VP8 " | b"VP8L"))
                .map(|c| c.content().data().unwrap().clone())
        };
        let original = WebP::from_bytes(Bytes::copy_from_slice(base)).unwrap();
        assert_eq!(pixels(&out), pixels(&original));
    }
}

#[test]
fn the_end_of_a_jpeg_is_found_past_markers_between_scans() {
    // scan data, a DHT segment holding FF D9 in its table, more scan data, EOI, trailing data
    let data = b"\x12\xFF\x00\x34\xFF\xD0\xFF\xC4\x00\x04\xFF\xD9\x56\xFF\xD9junk";
    assert_eq!(end_of_image(data), Some(data.len() - 4));
    assert_eq!(end_of_image(b"\x12\x34"), None);
}
