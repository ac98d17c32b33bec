//! What the build says about the files it copies as they are (files of `static/`, the photo,
//! attachments and linked files of public artefacts): images whose metadata it removes (the
//! removal itself happens on copy, `output::metadata`), images it cannot read and so cannot
//! clean, images over the size budget, and PDF or Office documents whose properties name an
//! author (they cannot be cleaned without rewriting them, so the author must re-export them).

use super::Site;
use crate::diag::{codes, display_path, Diagnostic, Location};
use crate::output::metadata::{self, Format};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Images larger than this are worth a warning: a phone photo straight from the camera is
/// 3 to 20 MB, which a visitor on a phone downloads for a picture shown 600 pixels wide.
pub const DEFAULT_IMAGE_BUDGET: u64 = 2 * 1024 * 1024;

/// One file the build publishes, and where the portfolio asks for it.
pub struct Published {
    pub source: PathBuf,
    /// The file, relative to the portfolio (`static/me.jpg`, `artefacts/2025/photo.jpg`).
    pub path: String,
    pub asked_at: Location,
}

/// An image published without its metadata: the report's "cleaned" entries (D0630).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CleanedFile {
    pub path: String,
    pub removed: Vec<String>,
    /// The EXIF orientation kept so the photo stays upright, when it had one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub orientation: Option<u16>,
}

/// Every file a build of `site` copies as it is, each once.
pub fn published(site: &Site<'_>, static_files: &[PathBuf]) -> Vec<Published> {
    let root = &site.portfolio.root;
    let mut all: Vec<Published> = static_files
        .iter()
        .map(|file| {
            let path = display_path(root, file);
            Published {
                source: file.clone(),
                asked_at: Location::file(&path),
                path,
            }
        })
        .collect();
    if let Some(photo) = &site.portfolio.person.photo {
        if super::static_path(root, &photo.source).is_none() {
            all.push(Published {
                path: display_path(root, &photo.source),
                source: photo.source.clone(),
                asked_at: photo.location.clone(),
            });
        }
    }
    for (id, artefact) in site.artefacts.iter().enumerate() {
        for (source, _) in &site.assets[id] {
            if all.iter().any(|p| p.source == *source) {
                continue;
            }
            all.push(Published {
                path: display_path(root, source),
                source: source.clone(),
                asked_at: super::copies::asset_location(artefact, source),
            });
        }
    }
    all
}

/// The warnings about published files: unreadable images (D0631), images over `budget` bytes
/// (D0632), documents naming an author other than `own_name` (D0633: the portfolio's owner is
/// named on every page already).
pub fn warnings(files: &[Published], budget: u64, own_name: &str) -> Vec<Diagnostic> {
    let own = comparable(own_name);
    let mut found = Vec::new();
    for file in files {
        // Only images and documents are read whole: a video may be large.
        let size = std::fs::metadata(&file.source).map_or(0, |m| m.len());
        if is_image(&file.source) && size > budget {
            found.push(over_budget(file, size, budget));
        }
        if metadata::may_be_image(&file.source).unwrap_or(false) {
            let Ok(bytes) = std::fs::read(&file.source) else {
                continue; // the copy reports a file that vanished
            };
            if let (Some(format), Err(why)) = (Format::of(&bytes), metadata::clean(&bytes)) {
                found.push(unreadable_image(file, format, &why));
            }
        }
        if let Some(author) = document_author(&file.source) {
            if comparable(&author) != own {
                found.push(names_author(file, &author));
            }
        }
    }
    found
}

/// The images whose metadata the copy removes, and what it removes from each.
pub fn cleaned(files: &[Published]) -> Vec<CleanedFile> {
    files
        .iter()
        .filter_map(|file| {
            if !metadata::may_be_image(&file.source).ok()? {
                return None;
            }
            let bytes = std::fs::read(&file.source).ok()?;
            let cleaned = metadata::clean(&bytes).ok()??;
            Some(CleanedFile {
                path: file.path.clone(),
                removed: cleaned.removed,
                orientation: cleaned.orientation,
            })
        })
        .collect()
}

/// A name as compared with another: lowercase, single spaces.
fn comparable(name: &str) -> String {
    name.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

fn is_image(path: &Path) -> bool {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    matches!(
        ext.as_str(),
        "jpg" | "jpeg" | "png" | "webp" | "gif" | "avif" | "heic" | "tif" | "tiff" | "bmp" | "svg"
    )
}

fn unreadable_image(file: &Published, format: Format, why: &str) -> Diagnostic {
    Diagnostic::warning(
        codes::IMAGE_NOT_CLEANED,
        file.asked_at.clone(),
        format!(
            "`{}` looks like a {} image but {why}, so its metadata (where and by whom it was taken) cannot be removed and it is published as it is",
            file.path,
            format.name()
        ),
    )
    .with_hint("open it in an image editor and export it again as JPEG, PNG or WebP")
}

fn over_budget(file: &Published, size: u64, budget: u64) -> Diagnostic {
    let mb = |bytes: u64| format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0));
    Diagnostic::warning(
        codes::IMAGE_OVER_BUDGET,
        file.asked_at.clone(),
        format!(
            "`{}` is {}, more than the {} an image should be: visitors on a phone download all of it",
            file.path,
            mb(size),
            mb(budget)
        ),
    )
    .with_hint("resize it to about 2000 pixels wide (any photo app's \"export\" or \"share smaller\" does) and save it as JPEG or WebP")
}

fn names_author(file: &Published, author: &str) -> Diagnostic {
    Diagnostic::warning(
        codes::DOCUMENT_NAMES_AUTHOR,
        file.asked_at.clone(),
        format!(
            "`{}` says in its document properties that its author is \"{author}\", and dossier cannot remove that without rewriting the file",
            file.path
        ),
    )
    .with_hint("clear the author in the program that made it (File > Properties, or \"Inspect document\" in Office) and save or export it again")
}

/// The author a PDF's Info dictionary or an Office file's docProps/core.xml names, if any.
fn document_author(path: &Path) -> Option<String> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())?;
    let read = || std::fs::read(path).ok();
    let author = match ext.as_str() {
        "pdf" => pdf_author(&read()?),
        "docx" | "xlsx" | "pptx" => office_author(&read()?),
        _ => None,
    }?;
    let author = author.trim().to_string();
    (!author.is_empty()).then_some(author)
}

fn pdf_author(bytes: &[u8]) -> Option<String> {
    let doc = lopdf::Document::load_mem(bytes).ok()?;
    let info = doc.trailer.get(b"Info").ok()?;
    let info = match info {
        lopdf::Object::Reference(id) => doc.get_object(*id).ok()?,
        other => other,
    };
    let author = info.as_dict().ok()?.get(b"Author").ok()?;
    lopdf::decode_text_string(author).ok()
}

/// `dc:creator` or `cp:lastModifiedBy` of docProps/core.xml. Read by hand: two elements of a
/// small, fixed file do not justify an XML parser.
fn office_author(bytes: &[u8]) -> Option<String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let mut core = String::new();
    zip.by_name("docProps/core.xml")
        .ok()?
        .take(1024 * 1024)
        .read_to_string(&mut core)
        .ok()?;
    ["dc:creator", "cp:lastModifiedBy"]
        .iter()
        .filter_map(|tag| element_text(&core, tag))
        .find(|text| !text.trim().is_empty())
}

fn element_text(xml: &str, tag: &str) -> Option<String> {
    let open = xml.find(&format!("<{tag}"))?;
    let start = open + xml[open..].find('>')? + 1;
    if xml[open..start].ends_with("/>") {
        return None;
    }
    let end = start + xml[start..].find(&format!("</{tag}>"))?;
    Some(unescape_xml(&xml[start..end]))
}

fn unescape_xml(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
#[path = "files_tests.rs"]
mod tests;
