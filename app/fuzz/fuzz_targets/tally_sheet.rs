//! A paper tally sheet as an officer's entry is stored and read back (JSON, any bytes: numbers
//! up to u64::MAX). Whatever is there: checking it against the contests, deciding whether its
//! box is void and adding it to a count never panic (no overflow), and a sheet the check
//! accepts adds exactly its ballots to the count.

#![no_main]

use app::domain::election::ballot::Contest;
use app::domain::election::paper::{TallySheet, box_is_void};
use app::domain::election::plan::Office;
use app::domain::election::tally;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(sheet) = serde_json::from_slice::<TallySheet>(data) else {
        return;
    };
    let contests = vec![Contest {
        office: Office::Member,
        seats: 2,
        candidates: vec!["c".into(), "d".into(), "e".into()],
    }];
    let _ = sheet.read_ballots();
    let _ = box_is_void(&sheet, 100);
    if sheet.check(&contests).is_ok() {
        let count = tally::count(&contests, [], [&sheet, &sheet]);
        assert_eq!(
            Some(count.ballots_cast),
            sheet.ballots_in_box.checked_mul(2)
        );
    }
});
