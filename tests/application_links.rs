//! The way in to an application's panel brief: the application page links its brief, and the
//! home page links every public application (`public: true`) and its brief. A private
//! application's address (with its token) is linked from no page but its own.

mod common;

use std::path::Path;

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap()
}

#[test]
fn the_home_page_links_public_applications_and_their_briefs_and_never_a_private_one() {
    for theme in ["classic", "modern", "compact"] {
        // The rich portfolio has one public application and one private.
        let dir = common::copy_in_theme("tests/portfolios/rich", theme);
        let run = common::build(dir.path(), &[]);
        assert_eq!(run.code, 0, "{theme}: {}", run.stderr);
        let home = read(&run.out, "index.html");
        assert!(
            home.contains(
                r#"<nav class="public-applications screen-only" aria-label="Applications">"#
            ),
            "{theme}"
        );
        assert!(
            home.contains(r#"<a href="for/head-of-maths-northfield/">"#),
            "{theme}"
        );
        assert!(
            home.contains(r#"<a href="for/head-of-maths-northfield/brief/">Panel brief"#),
            "{theme}"
        );

        let private = std::fs::read_dir(run.out.join("for"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .find(|name| name.starts_with("deputy-head-ysgol-y-bryn-"))
            .expect("the private application's folder");
        for (path, bytes) in common::files(&run.out) {
            if path.starts_with(&format!("for/{private}/")) {
                continue;
            }
            let text = String::from_utf8_lossy(&bytes);
            assert!(
                !text.contains(&private),
                "{theme}: {path} gives away {private}"
            );
        }
        assert!(!home.contains("deputy-head-ysgol-y-bryn"), "{theme}");
    }
}

#[test]
fn with_only_private_applications_the_home_page_has_no_application_links() {
    let dir = common::copy_in_theme("sample-portfolio", "classic");
    let run = common::build(dir.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let home = read(&run.out, "index.html");
    assert!(!home.contains("public-applications"));
    assert!(!home.contains("href=\"for/"));
    // Made public, the same application is linked, with its brief.
    let config = dir.path().join("portfolio.yaml");
    let yaml = std::fs::read_to_string(&config).unwrap().replace(
        "  - slug: deputy-head-northfield\n",
        "  - slug: deputy-head-northfield\n    public: true\n",
    );
    std::fs::write(&config, yaml).unwrap();
    let run = common::build(dir.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let home = read(&run.out, "index.html");
    assert!(
        home.contains(r#"<a href="for/deputy-head-northfield/brief/">Panel brief"#),
        "{home}"
    );
}
