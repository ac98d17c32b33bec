//! Real documents and images, made here, as a teacher's folder holds them.

use super::*;

fn published(dir: &Path, name: &str, bytes: &[u8]) -> Published {
    let source = dir.join(name);
    std::fs::write(&source, bytes).unwrap();
    Published {
        source,
        path: format!("artefacts/{name}"),
        asked_at: Location::new("artefacts/a.md", 3, 1),
    }
}

fn pdf_by(author: &str) -> Vec<u8> {
    use lopdf::{dictionary, Document, Object};
    let mut doc = Document::with_version("1.5");
    let pages = doc.new_object_id();
    let page = doc.add_object(dictionary! { "Type" => "Page", "Parent" => pages });
    doc.objects.insert(
        pages,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1,
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages });
    let info = doc.add_object(dictionary! { "Author" => Object::string_literal(author) });
    doc.trailer.set("Root", catalog);
    doc.trailer.set("Info", info);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    bytes
}

fn docx_by(creator: &str, last: &str) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("docProps/core.xml", stored).unwrap();
    let xml = format!(
        "<?xml version=\"1.0\"?><cp:coreProperties><dc:title>Notes</dc:title><dc:creator>{creator}</dc:creator><cp:lastModifiedBy>{last}</cp:lastModifiedBy></cp:coreProperties>"
    );
    zip.write_all(xml.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

#[test]
fn a_pdf_or_office_file_naming_its_author_is_a_warning_at_the_link() {
    let dir = tempfile::tempdir().unwrap();
    let files = [
        published(dir.path(), "report.pdf", &pdf_by("Pupil Jane Doe")),
        published(dir.path(), "plan.docx", &docx_by("A. Teacher &amp; Co", "")),
        published(dir.path(), "sheet.xlsx", &docx_by("", "Mr Smith")),
        published(dir.path(), "blank.pdf", &pdf_by("")),
        published(dir.path(), "blank.pptx", &docx_by("", "")),
        published(dir.path(), "notes.pdf", b"%PDF-1.4 not really"),
        published(dir.path(), "mine.pdf", &pdf_by("Amara  OKAFOR")),
    ];
    let found = warnings(&files, DEFAULT_IMAGE_BUDGET, "Amara Okafor");
    let said: Vec<(&str, &str)> = found
        .iter()
        .map(|d| (d.code, d.message.split('"').nth(1).unwrap_or_default()))
        .collect();
    assert_eq!(
        said,
        [
            (codes::DOCUMENT_NAMES_AUTHOR, "Pupil Jane Doe"),
            (codes::DOCUMENT_NAMES_AUTHOR, "A. Teacher & Co"),
            (codes::DOCUMENT_NAMES_AUTHOR, "Mr Smith"),
        ]
    );
    assert_eq!(found[0].location, Location::new("artefacts/a.md", 3, 1));
    assert!(found[0].message.contains("artefacts/report.pdf"));
}

#[test]
fn an_image_over_the_budget_or_unreadable_is_a_warning_and_a_dirty_one_is_reported_cleaned() {
    let dir = tempfile::tempdir().unwrap();
    let plain = include_bytes!("../../tests/fixtures/images/plain.jpg");
    let mut commented = plain[..2].to_vec();
    commented.extend_from_slice(b"\xFF\xFE\x00\x0Ataken by");
    commented.extend_from_slice(&plain[2..]);
    let files = [
        published(dir.path(), "big.png", &vec![0u8; 3000]),
        published(dir.path(), "broken.jpg", &plain[..30]),
        published(dir.path(), "commented.jpg", &commented),
        published(dir.path(), "plain.jpg", plain),
        published(dir.path(), "big.txt", &vec![b'a'; 3000]),
    ];
    let found = warnings(&files, 2000, "Amara Okafor");
    let codes: Vec<&str> = found.iter().map(|d| d.code).collect();
    assert_eq!(
        codes,
        [codes::IMAGE_OVER_BUDGET, codes::IMAGE_NOT_CLEANED],
        "{found:#?}"
    );
    assert!(found[0].message.contains("`artefacts/big.png` is 0.0 MB"));
    assert_eq!(
        cleaned(&files),
        [CleanedFile {
            path: "artefacts/commented.jpg".into(),
            removed: vec!["a comment".into()],
            orientation: None,
        }]
    );
}
