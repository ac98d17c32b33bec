use super::*;

#[test]
fn the_label_is_stable_and_short() {
    let a = label("0123abcd");
    assert_eq!(a, label("0123abcd"));
    assert_ne!(a, label("0123abce"));
    assert!(
        a.starts_with("Candidate ") && a.len() == "Candidate 7F3A".len(),
        "{a}"
    );
}

#[test]
fn only_testimonials_that_name_a_person_are_referees() {
    for name in [
        "Dr Lena Fischer",
        "Gwenllian ap Rhys",
        "Mrs Jones",
        "יעל כהן",
        "Tom Hargreaves",
    ] {
        assert!(is_a_name(name), "{name}");
    }
    for name in [
        "A Year 9 pupil",
        "Partner org",
        "Someone",
        "A colleague at Riverside Academy",
    ] {
        assert!(!is_a_name(name), "{name}");
    }
}

#[test]
fn several_names_and_markup_are_read_as_people() {
    let person = strip_tags("Amara <b onmouseover=alert(1)>Okafor</b> & Siân ap Gruffudd");
    assert_eq!(person, "Amara Okafor & Siân ap Gruffudd");
    assert_eq!(split_names(&person), ["Amara Okafor", "Siân ap Gruffudd"]);
    assert_eq!(organisation_letter(0), "A");
    assert_eq!(organisation_letter(27), "AB");
}

#[test]
fn an_address_naming_the_person_moves_to_the_label() {
    let mut r = Replacer::default();
    r.add_name("Amara Okafor", "Candidate 7F3A");
    assert_eq!(
        base_url(
            "https://example.org/~amara/portfolio/",
            &r,
            "Candidate 7F3A"
        ),
        "https://candidate-7f3a.invalid/~candidate-7f3a/portfolio/"
    );
    assert_eq!(
        base_url("https://example.org/", &r, "Candidate 7F3A"),
        "https://example.org/"
    );
}
