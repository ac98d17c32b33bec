//! What notes brought from other tools write that Markdown does not read: Obsidian's
//! `%%comments%%` (left out of the site, as Obsidian leaves them out of its preview: they are
//! private notes), Obsidian's `[[wikilinks]]` and `![[embeds]]`, and Hugo shortcodes and
//! Liquid tags (`{{< figure >}}`, `{% include %}`), which would show as their own text: each
//! of these gets a warning with the Markdown that does the same. Hand-written: pulldown-cmark
//! reads none of this syntax (its wikilinks option resolves no artefact), so these are
//! passes over the text that skip code, where such characters are meant literally.

use crate::diag::{codes, Diagnostic, Location};
use crate::markdown::options;
use pulldown_cmark::{Event, Parser, Tag};
use std::ops::Range;

/// The byte ranges of code spans and code blocks, in order: nothing in them is syntax.
fn code_ranges(text: &str) -> Vec<Range<usize>> {
    Parser::new_ext(text, options())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::CodeBlock(_)) | Event::Code(_) => Some(range),
            _ => None,
        })
        .collect()
}

fn in_code(code: &[Range<usize>], at: usize) -> bool {
    let i = code.partition_point(|r| r.end <= at);
    code.get(i).is_some_and(|r| r.contains(&at))
}

/// Starts of `needle` in `text` outside code.
fn outside_code<'a>(
    text: &'a str,
    code: &'a [Range<usize>],
    needle: &'a str,
) -> impl Iterator<Item = usize> + 'a {
    text.match_indices(needle)
        .map(|(i, _)| i)
        .filter(move |&i| !in_code(code, i))
}

/// `text` without its Obsidian comments (`%%…%%`, on one line or many). The newlines inside
/// a comment stay, so every later line number is still the file's; only columns after a
/// comment on its closing line move left. A `%%` without its pair is left as written.
/// `None` when there is no comment (most texts), so nothing is copied.
pub(super) fn without_comments(text: &str) -> Option<String> {
    if !text.contains("%%") {
        return None;
    }
    let code = code_ranges(text);
    let marks: Vec<usize> = {
        let mut marks = Vec::new();
        let mut next = 0;
        for i in outside_code(text, &code, "%%") {
            // `%%%%` is two marks, not three overlapping ones.
            if i >= next {
                marks.push(i);
                next = i + 2;
            }
        }
        marks
    };
    if marks.len() < 2 {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    for pair in marks.chunks_exact(2) {
        out.push_str(&text[from..pair[0]]);
        let end = pair[1] + 2;
        out.extend(text[pair[0]..end].chars().filter(|&c| c == '\n'));
        from = end;
    }
    out.push_str(&text[from..]);
    Some(out)
}

/// A warning for each wikilink, embed, shortcode and Liquid tag outside code; `at` turns a
/// byte offset of `text` into its place in the file.
pub(super) fn foreign_syntax(text: &str, at: &dyn Fn(usize) -> Location) -> Vec<Diagnostic> {
    let candidates = ["[[", "{{", "{%"];
    if !candidates.iter().any(|c| text.contains(c)) {
        return Vec::new();
    }
    let code = code_ranges(text);
    let mut found = Vec::new();
    for start in outside_code(text, &code, "[[") {
        if let Some(d) = wikilink(text, start, at) {
            found.push((start, d));
        }
    }
    for open in ["{{<", "{{%", "{{", "{%"] {
        for start in outside_code(text, &code, open) {
            // `{{%` also contains `{%`, and `{{<` and `{{%` start with `{{`: one warning each.
            let rest = &text[start + open.len()..];
            let longer = (open == "{%" && text[..start].ends_with('{'))
                || (open == "{{" && rest.starts_with(['<', '%']));
            if longer {
                continue;
            }
            if let Some(d) = template_tag(text, start, open, at) {
                found.push((start, d));
            }
        }
    }
    found.sort_by_key(|(start, _)| *start);
    found.into_iter().map(|(_, d)| d).collect()
}

/// The rest of the line from `start`, up to and including `close`.
fn closed_on_line<'t>(text: &'t str, start: usize, close: &str) -> Option<&'t str> {
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line = &text[start..line_end];
    line.find(close).map(|i| &line[..i + close.len()])
}

fn wikilink(text: &str, start: usize, at: &dyn Fn(usize) -> Location) -> Option<Diagnostic> {
    let written = closed_on_line(text, start, "]]")?;
    let inner = written[2..written.len() - 2].trim();
    // `[[1]](https://…)` is a Markdown link whose text is `[1]`, not a wikilink.
    let after = &text[start + written.len()..];
    if inner.is_empty() || inner.contains('[') || after.starts_with(['(', '[']) {
        return None;
    }
    let embed = text[..start].ends_with('!');
    let (target, alias) = match inner.split_once('|') {
        Some((target, alias)) => (target.trim(), Some(alias.trim())),
        None => (inner, None),
    };
    let (file, heading) = match target.split_once('#') {
        Some((file, heading)) => (file.trim(), Some(heading.trim())),
        None => (target, None),
    };
    let has_extension = std::path::Path::new(file).extension().is_some();
    let address = crate::paths::path(&if has_extension || file.is_empty() {
        file.to_string()
    } else {
        format!("{file}.md")
    });
    let fragment = heading.map_or(String::new(), |h| {
        format!("#{}", crate::markdown::slugify(h))
    });
    let (place, written, example) = if embed {
        (
            at(start - 1),
            format!("!{written}"),
            format!("![{}]({address})", alias.unwrap_or("describe the picture")),
        )
    } else {
        (
            at(start),
            written.to_string(),
            format!("[{}]({address}{fragment})", alias.unwrap_or(file)),
        )
    };
    let what = if embed {
        "an Obsidian embed"
    } else {
        "an Obsidian wikilink"
    };
    Some(
        Diagnostic::warning(
            codes::WIKILINK,
            place,
            format!("`{written}` is {what}: dossier reads Markdown, so the page shows these brackets as text"),
        )
        .with_hint(format!(
            "write a Markdown {} with the file's path relative to this file, for example:\n{example}",
            if embed { "image" } else { "link" }
        )),
    )
}

fn template_tag(
    text: &str,
    start: usize,
    open: &str,
    at: &dyn Fn(usize) -> Location,
) -> Option<Diagnostic> {
    let close = match open {
        "{{<" => ">}}",
        "{{%" => "%}}",
        "{{" => "}}",
        _ => "%}",
    };
    let written = closed_on_line(text, start, close)?;
    let (what, tool) = match open {
        "{%" => ("a Liquid tag", "Jekyll"),
        "{{" => ("a template variable", "Jekyll or Hugo"),
        _ => ("a shortcode", "Hugo"),
    };
    Some(
        Diagnostic::warning(
            codes::TEMPLATE_TAG,
            at(start),
            format!("`{written}` is {what} ({tool}): dossier does not run it, so the page shows it as text"),
        )
        .with_hint("write the Markdown it stands for: an image as `![A description](photo.png)` (the path relative to this file), a link as `[text](other-artefact.md)`; or delete it"),
    )
}

/// An image in a format that most browsers do not show: a phone's photo (`.HEIC`), a video
/// (`.mov`, `.mp4`), a scan (`.tif`), a Photoshop file. The page would show a broken image.
pub(super) fn unshown_image(destination: &str, location: Location) -> Option<Diagnostic> {
    let path = destination.split(['?', '#']).next().unwrap_or(destination);
    let extension = std::path::Path::new(path)
        .extension()?
        .to_str()?
        .to_ascii_lowercase();
    let (what, fix) = match extension.as_str() {
        "heic" | "heif" => ("a HEIC photo (as iPhones take them), which only Safari shows", "export it as JPEG (in Photos: File > Export; on the iPhone: Settings > Camera > Formats > Most Compatible)"),
        "tif" | "tiff" => ("a TIFF image, which only Safari shows", "save it as JPEG or PNG"),
        "psd" | "ai" | "raw" | "cr2" | "nef" | "dng" => ("an editing or camera file, which browsers do not show", "export it as JPEG or PNG"),
        "mov" | "mp4" | "m4v" | "avi" | "wmv" | "webm" | "mkv" => ("a video: an image cannot play it", "link it instead, so a reader can download it: [Watch the lesson](clip.mov), or put it on a video site and link there"),
        _ => return None,
    };
    Some(
        Diagnostic::warning(
            codes::UNSHOWN_IMAGE,
            location,
            format!("`{destination}` is {what}: most readers would see a broken image"),
        )
        .with_hint(fix.to_string()),
    )
}

/// For a front matter field that Obsidian, Hugo or Jekyll writes and dossier has not, what
/// dossier does instead: these users copy whole notes across and need to know what to do with
/// each line, which "did you mean" on the spelling would not tell them.
pub(super) fn field_hint(name: &str) -> Option<&'static str> {
    Some(match name.to_ascii_lowercase().as_str() {
        "aliases" | "alias" => "`aliases` (Obsidian's other names, Hugo's old addresses) has no use here: an artefact has one address, from its file name or `slug:`: delete the line",
        "cssclasses" | "cssclass" | "publish" => "this is an Obsidian setting that dossier has no use for: delete the line",
        "layout" => "`layout` chooses a Hugo or Jekyll template; dossier lays out each artefact by its `kind` (and `theme:` in portfolio.yaml): delete the line",
        "weight" => "`weight` orders Hugo pages; dossier orders artefacts by `date`, and `featured: true` puts one on the home page: delete the line",
        "categories" | "category" => "dossier groups artefacts by `tags:`; rename the field to `tags`, for example:\ntags: [coaching, assessment]",
        "description" | "excerpt" | "abstract" => "the sentence a reader sees first is `summary:`; rename the field, for example:\nsummary: Ten-week pilot aligning formative assessment with PLC coaching.",
        "permalink" | "url" | "aliases_url" => "an artefact's address comes from its file name, or from `slug:`; for example:\nslug: reading-project",
        "author" | "authors" => "the portfolio is yours (`person:` in portfolio.yaml); your own part in this work is `role:`, for example:\nrole: Project lead",
        "lastmod" | "updated" | "modified" | "last_modified_at" | "created" => "dossier has `date:` (when the work ended) and `start:` (when it began): keep the one you mean as `date:` and delete the other",
        "type" => "what sort of artefact this is is `kind:`, for example:\nkind: project",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(offset: usize) -> Location {
        Location::new("a.md", 1, offset + 1)
    }

    #[test]
    fn drops_comments_but_keeps_their_lines_and_code() {
        let text = "a %%secret%% b\n%%\nmany\nlines\n%%\nc `%%kept%%` 50%% off\n";
        let out = without_comments(text).unwrap();
        assert_eq!(out, "a  b\n\n\n\n\nc `%%kept%%` 50%% off\n");
        assert_eq!(out.lines().count(), text.lines().count());
        assert_eq!(without_comments("no comment, 50%% off"), None);
    }

    #[test]
    fn warns_about_wikilinks_with_the_markdown_to_write() {
        let found = foreign_syntax(
            "See [[Coaching Log|my notes]] and ![[photo.png]].\n`[[code]]` [[1]](https://example.org/) [[2]][ref]\n",
            &at,
        );
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].code, codes::WIKILINK);
        assert!(found[0]
            .hint
            .as_deref()
            .unwrap()
            .contains("[my notes](Coaching%20Log.md)"));
        assert_eq!(found[1].location, at(34));
        assert!(found[1].hint.as_deref().unwrap().contains("](photo.png)"));
    }

    #[test]
    fn warns_about_images_browsers_do_not_show() {
        let heic = unshown_image("IMG_0042.HEIC", at(0)).unwrap();
        assert_eq!(heic.code, codes::UNSHOWN_IMAGE);
        assert!(heic.hint.unwrap().contains("JPEG"));
        assert!(unshown_image("clip.mov", at(0))
            .unwrap()
            .message
            .contains("video"));
        assert!(unshown_image("photo.JPG", at(0)).is_none());
        assert!(unshown_image("chart.svg#x", at(0)).is_none());
    }

    #[test]
    fn warns_about_shortcodes_and_liquid_once_each() {
        let found = foreign_syntax("{{< figure src=\"a.png\" >}}\n\n{{% notice %}}\n{% include x.html %}\n![a]({{ site.baseurl }}/a.png)\n", &at);
        let codes: Vec<_> = found.iter().map(|d| d.code).collect();
        assert_eq!(codes, [codes::TEMPLATE_TAG; 4]);
        assert!(found[2].message.contains("Liquid"));
        assert!(found[3]
            .message
            .contains("`{{ site.baseurl }}` is a template variable"));
    }
}
