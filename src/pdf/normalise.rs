//! Same input, same bytes: Chromium stamps every PDF with the time it was printed and a random
//! document ID (in the trailer and in the XMP metadata). These are rewritten after printing,
//! from `SOURCE_DATE_EPOCH` (or the newest artefact's date) and from the content, so two
//! prints of one portfolio are byte-identical and a pack can prove which PDF it holds.

use lopdf::{Document, Object, StringFormat};
use sha2::{Digest, Sha256};

/// What the fixed metadata is made of.
pub struct Stamp<'a> {
    /// Seconds since 1970 (UTC) for CreationDate and ModDate.
    pub epoch: i64,
    /// Hashed into the document ID: the content version and which document this is.
    pub identity: &'a str,
    /// The `file://` address of the built site the browser printed, and the portfolio's
    /// `base_url` that links under it are rewritten to, so the PDF links to the published
    /// pages and carries no path of this computer.
    pub printed_from: &'a str,
    pub base_url: &'a str,
}

const PRODUCER: &str = concat!("dossier ", env!("CARGO_PKG_VERSION"));

/// The PDF in `bytes` with its dates, ID, producer and XMP metadata fixed by `stamp`.
pub fn normalise(bytes: &[u8], stamp: &Stamp<'_>) -> Result<Vec<u8>, String> {
    let mut doc =
        Document::load_mem(bytes).map_err(|e| format!("cannot read the printed PDF: {e}"))?;
    let id: Vec<u8> = Sha256::digest(stamp.identity.as_bytes())[..16].to_vec();
    doc.trailer.set(
        "ID",
        Object::Array(vec![
            Object::String(id.clone(), StringFormat::Hexadecimal),
            Object::String(id.clone(), StringFormat::Hexadecimal),
        ]),
    );
    let date = pdf_date(stamp.epoch);
    if let Ok(info) = doc.trailer.get(b"Info").and_then(Object::as_reference) {
        if let Ok(info) = doc.get_object_mut(info).and_then(Object::as_dict_mut) {
            info.set("CreationDate", Object::string_literal(date.clone()));
            info.set("ModDate", Object::string_literal(date.clone()));
            info.set("Producer", Object::string_literal(PRODUCER));
            info.set("Creator", Object::string_literal("dossier"));
        }
    }
    rebase_links(&mut doc, stamp.printed_from, stamp.base_url);
    renumber_node_ids(&mut doc);
    normalise_xmp(&mut doc, stamp.epoch, &crate::pack::version::hex(&id));
    let mut out = Vec::with_capacity(bytes.len());
    doc.save_to(&mut out)
        .map_err(|e| format!("cannot write the PDF: {e}"))?;
    Ok(out)
}

/// Every link action to a file under `from` points under `to` instead.
fn rebase_links(doc: &mut Document, from: &str, to: &str) {
    for object in doc.objects.values_mut() {
        let Ok(dict) = object.as_dict_mut() else {
            continue;
        };
        let action = match dict.get_mut(b"A").and_then(Object::as_dict_mut) {
            Ok(action) => action,
            Err(_) => dict,
        };
        if let Ok(Object::String(uri, _)) = action.get_mut(b"URI") {
            if let Some(rest) = uri.strip_prefix(from.as_bytes()) {
                *uri = [to.as_bytes(), rest].concat();
            }
        }
    }
}

/// The tagged structure names table cells `nodeNNNNNNNN` after the browser's DOM node numbers,
/// which shift from run to run. They are renumbered 1, 2, 3… in their original order (same
/// width, so the ID name tree stays sorted), everywhere they appear (IDs, table headers, the
/// ID tree).
fn renumber_node_ids(doc: &mut Document) {
    let mut found = std::collections::BTreeSet::new();
    for object in doc.objects.values_mut() {
        visit_strings(object, &mut |s| {
            if is_node_id(s) {
                found.insert(s.clone());
            }
        });
    }
    let renumbered: std::collections::BTreeMap<Vec<u8>, Vec<u8>> = found
        .into_iter()
        .enumerate()
        .map(|(n, old)| (old, format!("node{:08}", n + 1).into_bytes()))
        .collect();
    for object in doc.objects.values_mut() {
        visit_strings(object, &mut |s| {
            if let Some(new) = renumbered.get(s.as_slice()) {
                *s = new.clone();
            }
        });
    }
}

/// `node` and eight digits: sorting them as bytes sorts them as numbers.
fn is_node_id(s: &[u8]) -> bool {
    s.len() == 12 && s.starts_with(b"node") && s[4..].iter().all(u8::is_ascii_digit)
}

/// Calls `f` on every string inside `object`, however deep.
fn visit_strings(object: &mut Object, f: &mut dyn FnMut(&mut Vec<u8>)) {
    match object {
        Object::String(s, _) => f(s),
        Object::Array(items) => items.iter_mut().for_each(|o| visit_strings(o, f)),
        Object::Dictionary(dict) => dict.iter_mut().for_each(|(_, o)| visit_strings(o, f)),
        Object::Stream(stream) => stream
            .dict
            .iter_mut()
            .for_each(|(_, o)| visit_strings(o, f)),
        _ => {}
    }
}

/// Rewrites the dates, IDs and tool names of the catalog's XMP packet, if there is one.
fn normalise_xmp(doc: &mut Document, epoch: i64, id: &str) {
    let Some(metadata) = doc
        .catalog()
        .ok()
        .and_then(|c| c.get(b"Metadata").ok())
        .and_then(|m| m.as_reference().ok())
    else {
        return;
    };
    let Ok(Object::Stream(stream)) = doc.get_object_mut(metadata) else {
        return;
    };
    let xml = stream
        .decompressed_content()
        .unwrap_or_else(|_| stream.content.clone());
    let mut xml = String::from_utf8_lossy(&xml).into_owned();
    let iso = iso_date(epoch);
    for tag in ["xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate"] {
        xml = replace_element(&xml, tag, &iso);
    }
    for tag in ["xmpMM:DocumentID", "xmpMM:InstanceID"] {
        xml = replace_element(&xml, tag, &format!("uuid:{id}"));
    }
    xml = replace_element(&xml, "pdf:Producer", PRODUCER);
    xml = replace_element(&xml, "xmp:CreatorTool", "dossier");
    stream.dict.remove(b"Filter");
    stream.set_content(xml.into_bytes());
}

/// `<tag>…</tag>` with its text replaced by `value`, everywhere in `xml`.
fn replace_element(xml: &str, tag: &str, value: &str) -> String {
    let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(start) = rest.find(&open) {
        let after = start + open.len();
        let Some(end) = rest[after..].find(&close) else {
            break;
        };
        out.push_str(&rest[..after]);
        out.push_str(value);
        rest = &rest[after + end..];
    }
    out.push_str(rest);
    out
}

fn datetime(epoch: i64) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(epoch, 0).unwrap_or_default()
}

/// `D:YYYYMMDDHHmmSSZ`, the PDF date form.
fn pdf_date(epoch: i64) -> String {
    datetime(epoch).format("D:%Y%m%d%H%M%SZ").to_string()
}

/// `YYYY-MM-DDTHH:mm:SSZ`, the XMP date form.
fn iso_date(epoch: i64) -> String {
    datetime(epoch).format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_both_forms() {
        assert_eq!(pdf_date(0), "D:19700101000000Z");
        assert_eq!(iso_date(1_700_000_000), "2023-11-14T22:13:20Z");
    }

    #[test]
    fn replaces_every_element_text() {
        let xml =
            "<a><xmp:CreateDate>2026-01-01</xmp:CreateDate><xmp:CreateDate>x</xmp:CreateDate></a>";
        assert_eq!(
            replace_element(xml, "xmp:CreateDate", "Z"),
            "<a><xmp:CreateDate>Z</xmp:CreateDate><xmp:CreateDate>Z</xmp:CreateDate></a>"
        );
    }
}
