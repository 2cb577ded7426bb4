//! The ballot form as a phone posts it (`application/x-www-form-urlencoded`, any bytes), read
//! as the server reads it. Whatever arrives: no panic; a ballot that is read has exactly the
//! published offices and candidates, no more write-ins than allowed, and survives being stored
//! and read back unchanged.

#![no_main]

use app::domain::election::ballot::{Ballot, BallotInput, Contest, MAX_WRITE_INS};
use app::domain::election::plan::Office;
use libfuzzer_sys::fuzz_target;

fn contests() -> Vec<Contest> {
    vec![
        Contest {
            office: Office::Director,
            seats: 1,
            candidates: vec!["a".into(), "b".into()],
        },
        Contest {
            office: Office::Member,
            seats: 3,
            candidates: vec!["c".into(), "d".into(), "e".into(), "f".into()],
        },
    ]
}

/// What a voter's written name resolves to on a small roll.
fn resolve(name: &str) -> Option<String> {
    match name {
        "王芳" => Some("w".into()),
        "李明 H12" => Some("l".into()),
        "赵丽" => Some("c".into()),
        _ => None,
    }
}

/// `marks[X]` and `write_ins[X]` fields, by what is inside the brackets.
fn field<'a>(name: &'a str, prefix: &str) -> Option<&'a str> {
    name.strip_prefix(prefix)?
        .strip_prefix('[')?
        .strip_suffix(']')
}

fuzz_target!(|body: &[u8]| {
    let mut marks = Vec::new();
    let mut write_ins = Vec::new();
    for (name, value) in form_urlencoded::parse(body) {
        if let Some(slot) = field(&name, "marks") {
            marks.push((slot.to_owned(), value.into_owned()));
        } else if let Some(slot) = field(&name, "write_ins") {
            write_ins.push((slot.to_owned(), value.into_owned()));
        }
    }
    let Ok(input) = BallotInput::from_form(marks, write_ins) else {
        return;
    };
    let contests = contests();
    let Ok(ballot) = Ballot::parse(&contests, &input, resolve) else {
        return;
    };
    assert_eq!(ballot.sections.len(), contests.len());
    for (section, contest) in ballot.sections.iter().zip(&contests) {
        assert_eq!(section.office, contest.office);
        assert!(section.marks.keys().eq(contest.candidates.iter()));
        assert!(section.write_ins.len() <= MAX_WRITE_INS);
        assert!(
            section
                .write_ins
                .iter()
                .all(|w| !contest.candidates.contains(w))
        );
    }
    assert_eq!(ballot.review(&contests).len(), contests.len());
    let stored = serde_json::to_string(&ballot).expect("a ballot serialises");
    let back: Ballot = serde_json::from_str(&stored).expect("a stored ballot reads back");
    assert_eq!(back, ballot);
});
