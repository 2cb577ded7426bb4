//! A stored ballot as the count reads it back (JSON, any bytes: a damaged or forged record).
//! Whatever is there: no panic in reviewing or counting it, and the count never says more
//! ballots were cast than it was given.

#![no_main]

use app::domain::election::ballot::{Ballot, Contest};
use app::domain::election::plan::Office;
use app::domain::election::tally;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(ballot) = serde_json::from_slice::<Ballot>(data) else {
        return;
    };
    let contests = vec![
        Contest {
            office: Office::Director,
            seats: 1,
            candidates: vec!["a".into(), "b".into()],
        },
        Contest {
            office: Office::DeputyDirector,
            seats: 2,
            candidates: vec!["c".into(), "d".into(), "e".into()],
        },
    ];
    let _ = ballot.review(&contests);
    let _ = ballot.is_blank(&contests);
    let count = tally::count(&contests, [&ballot, &ballot], []);
    assert_eq!(count.ballots_cast, 2);
    assert!(count.blank_ballots <= 2);
    for office in &count.offices {
        for counts in office.candidates.values() {
            assert!(counts.total() <= 2);
        }
    }
});
