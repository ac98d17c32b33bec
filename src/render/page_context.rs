//! What a page's template receives: the site view every page shares, made into Tera data once
//! per build, and the page's own data beside it.

use super::views::{PageMeta, SiteView};
use super::Shared;
use serde::Serialize;

/// A page's whole context, as `render::reuse` hashes it.
#[derive(Serialize)]
pub(super) struct PageContext<'a, T: Serialize> {
    pub(super) root: &'a str,
    pub(super) site: &'a SiteView<'a>,
    #[serde(flatten)]
    pub(super) own: PageOwn<'a, T>,
}

/// What is this page's own: the site view goes into Tera's context once per build
/// ([`tera_context`]), not once per page.
#[derive(Serialize)]
pub(super) struct PageOwn<'a, T: Serialize> {
    pub(super) page: PageMeta<'a>,
    /// Open Graph, Twitter card and JSON-LD (`parts/head_meta.html`); none on application
    /// pages and the 404.
    pub(super) head_meta: Option<super::structured_data::HeadMeta>,
    #[serde(flatten)]
    pub(super) extra: T,
}

/// The same context as serialising the whole [`PageContext`], at the cost of a copy of the
/// shared part: the site view is made into Tera data by the first page that needs it, and
/// every page gets a copy with its own data added (serialising the site view afresh for every
/// page cost more than the copy).
pub(super) fn tera_context<T: Serialize>(
    shared: &Shared<'_>,
    root: &str,
    own: &PageOwn<'_, T>,
) -> Result<tera::Context, String> {
    let base = shared.site_context.get_or_init(|| {
        let mut base = tera::Context::new();
        base.try_insert("site", &shared.view)
            .map_err(|e| e.to_string())?;
        Ok(base)
    });
    let mut context = base.clone()?;
    context.insert("root", root);
    context.extend(tera::Context::from_serialize(own).map_err(|e| e.to_string())?);
    Ok(context)
}
