//! The fonts the link-preview card draws with, every one embedded so no machine's fonts change
//! a pixel: Noto Sans (Latin, Greek, Cyrillic; the `ttf-noto-sans` crate) and Noto Sans Arabic
//! and Noto Sans Hebrew (vendored under `assets/fonts/`, OFL 1.1, see `assets/fonts/OFL.txt`).
//!
//! usvg shapes each line with the first font and falls back, per character, to another font in
//! the same database that has it; [`resolver`] picks that fallback at the same weight. Scripts
//! none of them covers (Chinese, Japanese, Korean, Thai, Devanagari…: Noto Sans CJK alone is
//! about 16 MB, too big to embed) would be drawn as empty boxes, so [`covers`] tells the card
//! which lines to leave out instead.

use resvg::usvg::{self, fontdb};
use std::sync::{Arc, OnceLock};

/// The family the SVG names; the others are reached by per-character fallback.
pub const FAMILY: &str = "Noto Sans";

const ARABIC_REGULAR: &[u8] = include_bytes!("../../assets/fonts/NotoSansArabic-Regular.ttf");
const ARABIC_BOLD: &[u8] = include_bytes!("../../assets/fonts/NotoSansArabic-Bold.ttf");
const HEBREW_REGULAR: &[u8] = include_bytes!("../../assets/fonts/NotoSansHebrew-Regular.ttf");
const HEBREW_BOLD: &[u8] = include_bytes!("../../assets/fonts/NotoSansHebrew-Bold.ttf");

/// Every embedded face, Noto Sans first: the database's order is the fallback order, and a
/// fixed order keeps the output the same bytes on every machine.
fn faces() -> [&'static [u8]; 6] {
    [
        ttf_noto_sans::REGULAR,
        ttf_noto_sans::BOLD,
        ARABIC_REGULAR,
        ARABIC_BOLD,
        HEBREW_REGULAR,
        HEBREW_BOLD,
    ]
}

/// The embedded fonts, loaded once per process (a `serve` session draws the card on every
/// rebuild that changes it).
pub fn database() -> Arc<fontdb::Database> {
    static FONTS: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = fontdb::Database::new();
            for face in faces() {
                // Borrowed from the binary, not copied: 1.1 MB of fonts per process.
                db.load_font_source(fontdb::Source::Binary(Arc::new(face)));
            }
            db.set_sans_serif_family(FAMILY);
            Arc::new(db)
        })
        .clone()
}

/// usvg's font choice with a stricter fallback: its own skips a face only when style, weight
/// *and* stretch all differ, so a bold name could fall back to Arabic Regular; this one takes a
/// face of the same weight that has the character, then any face that has it.
pub fn resolver() -> usvg::FontResolver<'static> {
    usvg::FontResolver {
        select_font: usvg::FontResolver::default_font_selector(),
        select_fallback: Box::new(|c, used, db| {
            let db: &fontdb::Database = db;
            let weight = used.first().and_then(|id| db.face(*id)).map(|f| f.weight);
            let candidates = || {
                db.faces()
                    .filter(|f| !used.contains(&f.id) && has_char(db, f.id, c))
            };
            let same = candidates().find(|f| Some(f.weight) == weight);
            same.or_else(|| candidates().next()).map(|f| f.id)
        }),
    }
}

fn has_char(db: &fontdb::Database, id: fontdb::ID, c: char) -> bool {
    db.with_face_data(id, |data, index| {
        skrifa::FontRef::from_index(data, index)
            .ok()
            .and_then(|font| skrifa::MetadataProvider::charmap(&font).map(c))
            .is_some()
    })
    .unwrap_or(false)
}

/// Whether every visible character of `text` has a glyph in an embedded font, so the line
/// draws without a box. Characters Unicode says draw nothing (joiners, direction marks) pass:
/// the shaper hides them whatever the font.
pub fn covers(text: &str) -> bool {
    text.chars().all(|c| {
        // Noto Sans has every printable ASCII character; controls never reach the SVG.
        c.is_ascii() || c.is_whitespace() || c.is_control() || ignorable(c) || covered(c)
    })
}

/// Whether some embedded face maps `c` to a glyph: a lookup in each face's character map
/// (read once per process), which for the few characters of a card beyond ASCII costs less than
/// collecting every face's thousands of characters into a set.
fn covered(c: char) -> bool {
    static CHARMAPS: OnceLock<Vec<skrifa::charmap::Charmap<'static>>> = OnceLock::new();
    CHARMAPS
        .get_or_init(|| {
            faces()
                .into_iter()
                .filter_map(|face| skrifa::FontRef::new(face).ok())
                .map(|font| skrifa::MetadataProvider::charmap(&font))
                .collect()
        })
        .iter()
        .any(|charmap| charmap.map(c).is_some())
}

/// Unicode's Default_Ignorable_Code_Point: characters a shaper renders as nothing when the font
/// has no glyph for them.
fn ignorable(c: char) -> bool {
    matches!(u32::from(c),
        0x00AD | 0x034F | 0x061C | 0x115F..=0x1160 | 0x17B4..=0x17B5 | 0x180B..=0x180F
        | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F | 0x3164 | 0xFE00..=0xFE0F
        | 0xFEFF | 0xFFA0 | 0xFFF0..=0xFFF8 | 0x1BCA0..=0x1BCA3 | 0x1D173..=0x1D17A
        | 0xE0000..=0xE0FFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_fonts_cover_latin_greek_cyrillic_arabic_and_hebrew_only() {
        for text in [
            "Amara Okafor-Ní Bhriain",
            "Ελένη Παπαδοπούλου",
            "Анна Смирнова",
            "أمارة أوكافور",
            "عائشة ٣٤٪",
            "נועה כהן",
            "54% \u{2192} 68%\u{2026}",
            "a\u{200d}b\u{202e}c",
        ] {
            assert!(covers(text), "{text}");
        }
        for text in [
            "阿玛拉",
            "Amara 阿玛拉",
            "김민준",
            "さくら",
            "अमारा",
            "สมชาย",
        ] {
            assert!(!covers(text), "{text}");
        }
    }

    #[test]
    fn a_bold_fallback_stays_bold() {
        let mut db = database();
        let bold = db
            .faces()
            .find(|f| f.weight == fontdb::Weight::BOLD && f.families[0].0 == FAMILY)
            .map(|f| f.id)
            .unwrap();
        let picked = (resolver().select_fallback)('ب', &[bold], &mut db).unwrap();
        let face = db.face(picked).unwrap();
        assert_eq!(face.families[0].0, "Noto Sans Arabic");
        assert_eq!(face.weight, fontdb::Weight::BOLD);
    }
}
