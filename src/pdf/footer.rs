//! The running footer Chromium prints at the foot of every page: the person's name, "Page N of
//! M" and the portfolio's version. A printToPDF footer template is a separate little document:
//! it sees none of the page's CSS, so its style is inline, and its font size must be given.

use crate::render::html_text::escape;

/// The footer template for `name` and the short `version`.
pub fn template(name: &str, version: &str) -> String {
    format!(
        "<div style=\"box-sizing:border-box;width:100%;padding:0 0.6in;display:flex;\
         justify-content:space-between;gap:12pt;font:8pt/1.3 'DejaVu Sans',Helvetica,Arial,sans-serif;\
         color:#333;\"><span>{}</span><span>Page <span class=\"pageNumber\"></span> of \
         <span class=\"totalPages\"></span></span><span>Version {}</span></div>",
        escape(name),
        escape(version)
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_are_escaped() {
        let footer = super::template("Ana <b>&</b>", "0123456789ab");
        assert!(footer.contains("Ana &lt;b&gt;&amp;&lt;/b&gt;"));
        assert!(footer.contains("class=\"pageNumber\""));
        assert!(footer.contains("Version 0123456789ab"));
    }
}
