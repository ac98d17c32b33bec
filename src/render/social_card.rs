//! The link-preview image (`social-card.png`, 1200×630): the person's name, role and strongest
//! outcome figure in the theme's colours, drawn once per build as SVG and rasterised by resvg.
//!
//! Nothing comes from the machine: the fonts are embedded ([`card_fonts`]: Noto Sans, Noto Sans
//! Arabic, Noto Sans Hebrew) and loaded into usvg's font database by hand, so every machine (CI
//! has no fonts at all) draws the same pixels, and resvg and its PNG encoder write the same bytes
//! for them. A line in a script no embedded font covers (Chinese, say) is left off the card
//! rather than drawn as boxes.

use super::card_fonts::{self, FAMILY};
use super::views::MetricView;
use super::{feeds::xml_text, Theme};
use crate::diag::{codes, Diagnostic, Location};
use crate::output::Output;
use crate::site::{self, Site};
use resvg::{tiny_skia, usvg};
use std::fmt::Write;
use std::sync::Mutex;

/// The size link previews ask for (Open Graph's and Twitter's large card, 1.91:1).
pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 630;

/// What the card says.
#[derive(Debug, Clone, PartialEq)]
struct Content {
    title: String,
    name: String,
    role: Option<String>,
    figure: Option<Figure>,
}

/// One headline outcome: "Pupils at the expected standard", "54%" → "68%", "+14 points".
#[derive(Debug, Clone, PartialEq)]
struct Figure {
    label: String,
    from: String,
    to: String,
    change: String,
}

/// The theme's colours, each a `#rgb` or `#rrggbb` taken from its stylesheet.
#[derive(Debug, Clone, PartialEq)]
struct Colours {
    bg: String,
    text: String,
    muted: String,
    accent: String,
}

/// Draws the card and writes it to its address; returns how many files it wrote (one).
pub fn write(site: &Site<'_>, theme: &Theme, out: &dyn Output) -> Result<usize, Diagnostic> {
    let svg = svg(&content(site), &colours(site, theme));
    let png = drawn(&svg).map_err(|e| {
        Diagnostic::error(
            codes::SOCIAL_CARD,
            Location::file("portfolio.yaml"),
            format!(
                "cannot draw the link-preview card `{}`: {e}",
                site::SOCIAL_CARD
            ),
        )
        .with_hint("this is a bug in dossier: please report it with the person's name and headline")
    })?;
    super::files::write(out, site::SOCIAL_CARD, &png)?;
    Ok(1)
}

/// The name, role and the impact strip's first figure: the strongest improved outcome among
/// the headline metrics (the same choice `parts/impact_strip.html` makes, ties going to the
/// later one as its stable sort then reverse does).
fn content(site: &Site<'_>) -> Content {
    let person = &site.portfolio.person;
    let metrics = super::page_kinds::headline_metrics(site, 0..site.artefacts.len());
    let figure = metrics
        .iter()
        .filter(|m| m.kind == "outcome" && m.improved)
        .max_by(|a, b| a.gain.total_cmp(&b.gain))
        .map(figure);
    Content {
        title: site.portfolio.title.clone(),
        name: person.name.clone(),
        role: person.headline.clone().filter(|h| !h.trim().is_empty()),
        figure,
    }
}

fn figure(m: &MetricView<'_>) -> Figure {
    Figure {
        label: m.label.to_string(),
        from: m.baseline_display.clone(),
        to: m.result_display.clone(),
        change: m.change_display.clone(),
    }
}

/// The theme's light colours from its stylesheet's first declarations of `--bg`, `--text`,
/// `--muted` and `--accent` (the `:root` block; dark mode comes later in the file), with the
/// portfolio's `accent` option on top: a `#rrggbb`, or a named accent the theme defines as
/// `.accent-NAME { --accent: … }`. Read from the CSS rather than kept in a second table so a
/// theme's colours live in one place; anything unreadable falls back to a neutral palette.
fn colours(site: &Site<'_>, theme: &Theme) -> Colours {
    let css = theme
        .static_files
        .iter()
        .find(|(rel, _)| rel == "style.css")
        .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
        .unwrap_or_default();
    let pick = |name: &str, fallback: &str| {
        declared_colour(&css, name).unwrap_or_else(|| fallback.to_string())
    };
    let mut colours = Colours {
        bg: pick("--bg", "#ffffff"),
        text: pick("--text", "#1b1f24"),
        muted: pick("--muted", "#4a535c"),
        accent: pick("--accent", "#2f4858"),
    };
    let option = site
        .portfolio
        .theme_options
        .iter()
        .find(|(k, _)| k == "accent")
        .map(|(_, v)| v.as_str());
    if let Some(accent) = option.and_then(|v| hex_colour(v).or_else(|| named_accent(&css, v))) {
        colours.accent = accent;
    }
    colours
}

/// The first hex colour in the value of the first `name:` declaration (`var(--x, #4338ca)`
/// gives its fallback).
fn declared_colour(css: &str, name: &str) -> Option<String> {
    let at = css.find(&format!("{name}:"))? + name.len() + 1;
    let value = css[at..].split(';').next()?;
    value
        .split(|c: char| c != '#' && !c.is_ascii_hexdigit())
        .find_map(hex_colour)
}

/// `.accent-navy { --accent: #1f3a5f; … }`: the accent a named option stands for.
fn named_accent(css: &str, name: &str) -> Option<String> {
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return None;
    }
    let at = css.find(&format!(".accent-{name}"))?;
    declared_colour(&css[at..], "--accent")
}

/// `#abc` or `#aabbcc`, nothing else: the colour goes into an SVG attribute.
fn hex_colour(text: &str) -> Option<String> {
    let digits = text.strip_prefix('#')?;
    let ok = matches!(digits.len(), 3 | 6) && digits.chars().all(|c| c.is_ascii_hexdigit());
    ok.then(|| text.to_ascii_lowercase())
}

/// The card as SVG. Every piece of text is escaped for XML (a name may hold `<`, `&` or
/// control characters) and cut to what fits on one line, since SVG text does not wrap.
fn svg(card: &Content, c: &Colours) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" font-family="{FAMILY}">"#
    );
    let _ = write!(
        s,
        r#"<rect width="{WIDTH}" height="{HEIGHT}" fill="{}"/><rect width="28" height="{HEIGHT}" fill="{}"/>"#,
        c.bg, c.accent
    );
    // Without a figure the name and role sit lower, in the middle of the card.
    let top = if card.figure.is_some() { 0 } else { 90 };
    text(&mut s, 80, 110 + top, 30, false, &c.muted, &card.title);
    text(&mut s, 80, 215 + top, 76, true, &c.text, &card.name);
    if let Some(role) = &card.role {
        text(&mut s, 80, 285 + top, 38, false, &c.muted, role);
    }
    if let Some(f) = &card.figure {
        let _ = write!(
            s,
            r#"<rect x="80" y="345" width="1040" height="215" rx="18" fill="{}"/>"#,
            c.accent
        );
        text(&mut s, 120, 405, 30, false, "#ffffff", &f.label);
        let figures = format!("{} \u{2192} {}", f.from, f.to);
        text(&mut s, 120, 480, 60, true, "#ffffff", &figures);
        text(&mut s, 120, 530, 30, false, "#ffffff", &f.change);
    }
    s.push_str("</svg>");
    s
}

/// One line of text at (`x`, `y`), cut to end 80 px before the card's right edge; left out when
/// an embedded font lacks one of its characters, which would otherwise draw as a box.
#[allow(clippy::too_many_arguments)] // one call per line of the card reads better than a struct
fn text(s: &mut String, x: u32, y: u32, size: u32, bold: bool, fill: &str, words: &str) {
    let room = f64::from(WIDTH - 80 - x) / f64::from(size);
    let line = one_line(words, room, bold);
    if line.is_empty() || !card_fonts::covers(&line) {
        return;
    }
    let weight = if bold { "700" } else { "400" };
    let _ = write!(
        s,
        r#"<text x="{x}" y="{y}" font-size="{size}" font-weight="{weight}" fill="{fill}">{}</text>"#,
        xml_text(&line)
    );
}

/// Whitespace collapsed to single spaces, and cut with an ellipsis where it would grow wider
/// than `room` ems.
fn one_line(words: &str, room: f64, bold: bool) -> String {
    let line = words.split_whitespace().collect::<Vec<_>>().join(" ");
    let scale = if bold { 1.07 } else { 1.0 };
    let mut width = 0.0;
    for (i, c) in line.char_indices() {
        width += em(c) * scale;
        if width > room {
            // Room for the ellipsis: drop characters until it fits.
            let mut cut: String = line[..i].to_string();
            while !cut.is_empty() && measure(&cut) * scale + em('\u{2026}') > room {
                cut.pop();
            }
            return format!("{}\u{2026}", cut.trim_end());
        }
    }
    line
}

fn measure(text: &str) -> f64 {
    text.chars().map(em).sum()
}

/// A generous guess at a character's advance in Noto Sans, in ems, so a cut line never runs off
/// the card (usvg lays text out but does not wrap or clip it, and measuring with the font
/// would mean shaping every candidate cut).
fn em(c: char) -> f64 {
    match c {
        ' ' | 'i' | 'j' | 'l' | 'I' | '.' | ',' | ':' | ';' | '\'' | '!' | '|' => 0.3,
        'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '-' => 0.4,
        'm' | 'w' | 'M' | 'W' | '@' | '%' => 0.95,
        'A'..='Z' => 0.7,
        c if c.is_ascii() => 0.6,
        // Wide scripts (CJK and the like) fill a whole em.
        c if u32::from(c) >= 0x1100 => 1.0,
        _ => 0.65,
    }
}

/// The PNG of `svg`, drawn again only when the SVG changed since the last call: a `serve`
/// session rebuilds after every save, and most saves leave the card as it was.
fn drawn(svg: &str) -> Result<Vec<u8>, String> {
    static LAST: Mutex<Option<(String, Vec<u8>)>> = Mutex::new(None);
    let last = || LAST.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, png)) = last().as_ref().filter(|(drawn, _)| drawn == svg) {
        return Ok(png.clone());
    }
    // Drawn outside the lock: `build --all` draws the cards of many portfolios at once.
    let png = rasterise(svg)?;
    *last() = Some((svg.to_string(), png.clone()));
    Ok(png)
}

/// SVG to PNG bytes.
fn rasterise(svg: &str) -> Result<Vec<u8>, String> {
    let options = usvg::Options {
        font_family: FAMILY.to_string(),
        font_resolver: card_fonts::resolver(),
        fontdb: card_fonts::database(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| e.to_string())?;
    let mut pixmap = tiny_skia::Pixmap::new(WIDTH, HEIGHT).ok_or("no room for the image")?;
    resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(name: &str) -> Content {
        Content {
            title: "Portfolio".into(),
            name: name.into(),
            role: Some("Head of <Maths> & \"more\"".into()),
            figure: Some(Figure {
                label: "Pupils at the expected standard".into(),
                from: "54%".into(),
                to: "68%".into(),
                change: "+14 points".into(),
            }),
        }
    }

    fn palette() -> Colours {
        Colours {
            bg: "#fbfaf7".into(),
            text: "#1c2024".into(),
            muted: "#4d545c".into(),
            accent: "#0b5563".into(),
        }
    }

    #[test]
    fn hostile_text_is_escaped_and_still_draws() {
        let name = "</text><image href=\"file:///etc/passwd\"/>&\u{1}\u{202e} أمارة 阿玛拉";
        let svg = svg(&card(name), &palette());
        assert!(!svg.contains("<image"), "{svg}");
        assert!(svg.contains("&lt;/text&gt;&lt;image"), "{svg}");
        assert!(!svg.contains('\u{1}'));
        let png = rasterise(&svg).expect("the card draws");
        assert_eq!(&png[1..4], b"PNG");
    }

    #[test]
    fn the_card_is_1200_by_630_and_the_same_bytes_every_time() {
        let svg = svg(&card("Amara Okafor"), &palette());
        let first = rasterise(&svg).unwrap();
        assert_eq!(first, rasterise(&svg).unwrap());
        // The IHDR chunk: width then height, big-endian, after the 8-byte signature and the
        // chunk's length and type.
        assert_eq!(&first[16..20], &WIDTH.to_be_bytes());
        assert_eq!(&first[20..24], &HEIGHT.to_be_bytes());
    }

    #[test]
    fn text_is_drawn_with_the_embedded_font() {
        // With no font, usvg drops the text and only the rectangles remain: a card whose only
        // text is the name must differ from the same card without it.
        let mut blank = card("");
        blank.title.clear();
        blank.role = None;
        blank.figure = None;
        let named = Content {
            name: "Amara Okafor".into(),
            ..blank.clone()
        };
        let blank = rasterise(&svg(&blank, &palette())).unwrap();
        let named = rasterise(&svg(&named, &palette())).unwrap();
        assert_ne!(blank, named);
    }

    /// Every glyph the card draws: its id (0 is `.notdef`, the empty box), its font's family,
    /// the text it stands for and where it starts across the card.
    fn glyphs(svg: &str) -> Vec<(u32, String, String, f32)> {
        let options = usvg::Options {
            font_family: FAMILY.to_string(),
            font_resolver: card_fonts::resolver(),
            fontdb: card_fonts::database(),
            ..usvg::Options::default()
        };
        let tree = usvg::Tree::from_str(svg, &options).unwrap();
        let mut found = Vec::new();
        for node in tree.root().children() {
            if let usvg::Node::Text(text) = node {
                for glyph in text.layouted().iter().flat_map(|s| &s.positioned_glyphs) {
                    let face = tree.fontdb().face(glyph.font).unwrap();
                    let x = glyph.transform().tx;
                    found.push((
                        glyph.id.0,
                        face.families[0].0.clone(),
                        glyph.text.clone(),
                        x,
                    ));
                }
            }
        }
        found
    }

    #[test]
    fn arabic_and_hebrew_are_drawn_with_their_own_fonts_not_boxes() {
        for (name, family) in [
            ("أمارة أوكافور", "Noto Sans Arabic"),
            ("נועה כהן", "Noto Sans Hebrew"),
        ] {
            let mut content = card(name);
            content.role = Some(format!("Head of Maths — {name}"));
            let drawn = glyphs(&svg(&content, &palette()));
            assert!(drawn.iter().all(|g| g.0 != 0), "{name}: {drawn:?}");
            assert!(drawn.iter().any(|g| g.1 == family), "{name}: {drawn:?}");
            // Right to left: the name's first letter is drawn right of its last.
            let x = |c: char| {
                let glyph = drawn
                    .iter()
                    .find(|g| g.2.starts_with(c) || g.2.ends_with(c));
                glyph.map(|g| g.3).unwrap()
            };
            let first = name.chars().next().unwrap();
            assert!(x(first) > x(name.chars().last().unwrap()), "{drawn:?}");
        }
    }

    #[test]
    fn a_line_no_embedded_font_covers_is_left_out_not_drawn_as_boxes() {
        let mut chinese = card("Amara Okafor");
        chinese.title = "阿玛拉的作品集".into();
        let drawn = svg(&chinese, &palette());
        assert!(!drawn.contains("阿玛拉"), "{drawn}");
        assert!(glyphs(&drawn).iter().all(|g| g.0 != 0));
        // The rest of the card is as it would be without the title.
        let untitled = Content {
            title: String::new(),
            ..chinese.clone()
        };
        assert_eq!(drawn, svg(&untitled, &palette()));
        assert!(drawn.contains("Amara Okafor"));
    }

    #[test]
    fn long_lines_are_cut_with_an_ellipsis() {
        assert_eq!(one_line("  a\n b  ", 10.0, false), "a b");
        let cut = one_line(&"W".repeat(40), 10.0, true);
        assert!(
            cut.ends_with('\u{2026}') && cut.chars().count() < 12,
            "{cut}"
        );
        assert!(measure(&cut) * 1.07 <= 10.0 + 0.95);
    }

    #[test]
    fn colours_come_from_the_stylesheet_and_the_accent_option() {
        let css = ":root {\n  --bg: #fbfaf7;\n  --accent: var(--accent-custom, #4338CA); }\n.accent-navy { --accent: #1f3a5f; }\n@media (prefers-color-scheme: dark) { :root { --bg: #000; } }";
        assert_eq!(declared_colour(css, "--bg").as_deref(), Some("#fbfaf7"));
        assert_eq!(declared_colour(css, "--accent").as_deref(), Some("#4338ca"));
        assert_eq!(named_accent(css, "navy").as_deref(), Some("#1f3a5f"));
        assert_eq!(named_accent(css, "x\"/>"), None);
        assert_eq!(hex_colour("#12345g"), None);
        assert_eq!(hex_colour("red"), None);
    }
}
