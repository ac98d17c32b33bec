//! Reading a printed PDF back with lopdf: how many pages, on which page each named destination
//! (every target of a link inside the document) landed, and the bookmarks. `dossier pdf` uses
//! the destinations to write page numbers into the contents and cross-references; the tests use
//! all of it to check what was printed.

use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::BTreeMap;

/// What a printed PDF holds, as far as page numbers go.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Printed {
    pub pages: u32,
    /// Named destination (an element id) -> its 1-based page.
    pub destinations: BTreeMap<String, u32>,
    /// The bookmarks, depth first: (depth from 0, title, 1-based page).
    pub outline: Vec<(usize, String, u32)>,
}

/// Reads `bytes` as a PDF; `Err` says why it is not one.
pub fn read(bytes: &[u8]) -> Result<Printed, String> {
    let doc = Document::load_mem(bytes).map_err(|e| format!("not a readable PDF: {e}"))?;
    let page_of: BTreeMap<ObjectId, u32> =
        doc.get_pages().into_iter().map(|(n, id)| (id, n)).collect();
    let mut printed = Printed {
        pages: page_of.len() as u32,
        ..Printed::default()
    };
    let Ok(catalog) = doc.catalog() else {
        return Ok(printed);
    };
    let mut named = BTreeMap::new();
    if let Some(dests) = lookup(&doc, catalog, b"Dests").and_then(|o| o.as_dict().ok()) {
        for (name, dest) in dests.iter() {
            named.insert(String::from_utf8_lossy(name).into_owned(), dest.clone());
        }
    }
    if let Some(tree) = lookup(&doc, catalog, b"Names")
        .and_then(|o| o.as_dict().ok())
        .and_then(|names| lookup(&doc, names, b"Dests"))
        .and_then(|o| o.as_dict().ok())
    {
        name_tree(&doc, tree, &mut named, 0);
    }
    for (name, dest) in &named {
        if let Some(page) = dest_page(&doc, dest, &BTreeMap::new(), &page_of) {
            printed.destinations.insert(name.clone(), page);
        }
    }
    if let Some(first) = lookup(&doc, catalog, b"Outlines")
        .and_then(|o| o.as_dict().ok())
        .and_then(|o| o.get(b"First").ok())
    {
        outline(&doc, first, 0, &named, &page_of, &mut printed.outline);
    }
    Ok(printed)
}

/// `dict[key]`, following a reference.
fn lookup<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    dict.get(key)
        .ok()
        .and_then(|o| doc.dereference(o).ok())
        .map(|(_, o)| o)
}

/// The leaves of a name tree (`/Names [name value …]`, `/Kids […]`), depth-limited against loops.
fn name_tree(doc: &Document, node: &Dictionary, out: &mut BTreeMap<String, Object>, depth: usize) {
    if depth > 32 {
        return;
    }
    if let Some(pairs) = lookup(doc, node, b"Names").and_then(|o| o.as_array().ok()) {
        for pair in pairs.chunks(2) {
            if let [name, value] = pair {
                if let Ok(name) = name.as_str() {
                    out.insert(String::from_utf8_lossy(name).into_owned(), value.clone());
                }
            }
        }
    }
    if let Some(kids) = lookup(doc, node, b"Kids").and_then(|o| o.as_array().ok()) {
        for kid in kids {
            if let Some(kid) = doc
                .dereference(kid)
                .ok()
                .and_then(|(_, o)| o.as_dict().ok())
            {
                name_tree(doc, kid, out, depth + 1);
            }
        }
    }
}

/// The page a destination points at: an array `[page /XYZ …]`, a dictionary with `/D`, or
/// (in a bookmark) the name of a named destination.
fn dest_page(
    doc: &Document,
    dest: &Object,
    named: &BTreeMap<String, Object>,
    page_of: &BTreeMap<ObjectId, u32>,
) -> Option<u32> {
    let dest = doc.dereference(dest).ok()?.1;
    match dest {
        Object::Array(items) => items
            .first()
            .and_then(|o| o.as_reference().ok())
            .and_then(|id| page_of.get(&id).copied()),
        Object::Dictionary(d) => dest_page(doc, d.get(b"D").ok()?, named, page_of),
        Object::Name(name) | Object::String(name, _) => {
            let target = named.get(String::from_utf8_lossy(name).as_ref())?;
            dest_page(doc, target, &BTreeMap::new(), page_of)
        }
        _ => None,
    }
}

/// Walks the bookmarks from `item` (a `/First` or `/Next` entry), at most 10 000 of them.
fn outline(
    doc: &Document,
    item: &Object,
    depth: usize,
    named: &BTreeMap<String, Object>,
    page_of: &BTreeMap<ObjectId, u32>,
    out: &mut Vec<(usize, String, u32)>,
) {
    let mut next = Some(item.clone());
    while let Some(current) = next.take() {
        if out.len() > 10_000 || depth > 16 {
            return;
        }
        let Some(entry) = doc
            .dereference(&current)
            .ok()
            .and_then(|(_, o)| o.as_dict().ok())
        else {
            return;
        };
        let title = entry
            .get(b"Title")
            .ok()
            .map(text_string)
            .unwrap_or_default();
        let dest = entry.get(b"Dest").ok().or_else(|| {
            entry
                .get(b"A")
                .ok()
                .and_then(|a| doc.dereference(a).ok()?.1.as_dict().ok()?.get(b"D").ok())
        });
        let page = dest
            .and_then(|d| dest_page(doc, d, named, page_of))
            .unwrap_or(0);
        out.push((depth, title, page));
        if let Ok(first) = entry.get(b"First") {
            outline(doc, first, depth + 1, named, page_of, out);
        }
        next = entry.get(b"Next").ok().cloned();
    }
}

/// A PDF text string: UTF-16BE after a byte-order mark, else (near enough) Latin-1.
fn text_string(object: &Object) -> String {
    let Ok(bytes) = object.as_str() else {
        return String::new();
    };
    match bytes {
        [0xfe, 0xff, rest @ ..] => {
            let units: Vec<u16> = rest
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        _ => bytes.iter().map(|&b| b as char).collect(),
    }
}
