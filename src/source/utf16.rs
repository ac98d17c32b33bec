//! A file saved as UTF-16 (Word's and Notepad's "Unicode"), recognised so the teacher is told
//! what it is and how to save it again, rather than only that it is not UTF-8.

use crate::diag::{codes, Diagnostic, Location};

/// The diagnostic for a UTF-16 file: a byte-order mark, or the zero bytes every ASCII character
/// gets in UTF-16 (a YAML or Markdown file starts with ASCII: `---`, a field name).
pub fn diagnostic(path: &str, bytes: &[u8]) -> Option<Diagnostic> {
    let bom = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
    let head = &bytes[..bytes.len().min(64)];
    let zeros_at = |parity: usize| {
        head.len() >= 4
            && head.iter().skip(parity).step_by(2).all(|&b| b == 0)
            && head.iter().skip(1 - parity).step_by(2).all(|&b| b != 0)
    };
    if !(bom || zeros_at(0) || zeros_at(1)) {
        return None;
    }
    Some(
        Diagnostic::error(
            codes::NOT_UTF8,
            Location::file(path),
            "this file is saved as UTF-16 (\"Unicode\"), not UTF-8 text",
        )
        .with_hint(
            "save it again as UTF-8: in Word, File > Save As > Plain Text, then Text encoding: \
             Other encoding > Unicode (UTF-8); in Notepad, File > Save As > Encoding: UTF-8",
        ),
    )
}
