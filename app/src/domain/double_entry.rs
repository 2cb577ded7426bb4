//! Double entry of a paper box's tally: after the polls close each box's tally is entered by
//! two officers and counts only when both entries agree, and a box holding more forms than
//! were handed out at it is void (EL Arts. 38, 43 for ballots; DESIGN.md "Democratic
//! evaluation" applies the same practice to paper rating forms). Generic over what the tally
//! holds: the election's [`crate::domain::election::paper::TallySheet`] and the evaluation's
//! [`crate::domain::evaluation::paper::FormTally`].

use crate::domain::refusal::Refusal;
use crate::domain::registry::{FieldError, Problem};
use crate::domain::text;
use serde::{Deserialize, Serialize};

/// Largest number a box's tally may hold anywhere. No box holds more forms than the largest
/// community has voters; keeping every number this small also keeps every sum of them exact
/// (an entry of 2⁶⁴−1 would otherwise wrap around and pass the checks).
pub const MAX_BOX_NUMBER: u64 = 1_000_000;

/// A count as an officer typed it into a box's tally: empty is 0, full-width digits are read
/// as digits, and nothing above [`MAX_BOX_NUMBER`].
///
/// Errors: `not_a_number` or `out_of_range` under `field`.
pub fn parse_count(field: &str, raw: &str) -> Result<u64, FieldError> {
    let problem = |problem| FieldError {
        field: field.to_owned(),
        problem,
    };
    if raw.trim().is_empty() {
        return Ok(0);
    }
    let value = text::number::<u64>(raw).map_err(|p| problem(Problem::from(p)))?;
    if value > MAX_BOX_NUMBER {
        return Err(problem(Problem::OutOfRange));
    }
    Ok(value)
}

/// A box's tally as the counters read it out.
pub trait BoxTally: PartialEq {
    /// Forms (ballots) found in the box, void ones included.
    fn forms_in_box(&self) -> u64;
}

/// More forms in the box than handed out there voids the box (EL practice).
pub fn box_is_void<S: BoxTally>(tally: &S, handed_out: u64) -> bool {
    tally.forms_in_box() > handed_out
}

/// Where a box's double entry stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SheetStanding {
    /// Nobody entered it yet.
    Missing,
    /// One officer entered it; a second must.
    AwaitingSecond,
    /// Two officers entered different numbers; either re-enters.
    Differ,
    /// Two officers agree: it counts.
    Confirmed,
    /// Two officers agree, but the box holds more forms than were handed out.
    VoidBox,
}

impl SheetStanding {
    /// Whether the box needs nothing more: it counts, or it is void.
    pub fn settled(&self) -> bool {
        matches!(self, Self::Confirmed | Self::VoidBox)
    }
}

/// Where a box stands given each officer's latest entry (at most one per officer, in the order
/// entered).
pub fn standing<K: PartialEq, S: BoxTally>(entries: &[(K, S)], handed_out: u64) -> SheetStanding {
    match entries {
        [] => SheetStanding::Missing,
        [_] => SheetStanding::AwaitingSecond,
        [(a, first), (b, second), ..] if a != b && first == second => {
            if box_is_void(first, handed_out) {
                SheetStanding::VoidBox
            } else {
                SheetStanding::Confirmed
            }
        }
        _ => SheetStanding::Differ,
    }
}

/// May `officer` enter the box's tally now? Each officer keeps one entry (re-entering replaces
/// it); a third officer is not needed, and once two agree the box is settled.
///
/// Errors: [`Refusal::AlreadyEntered`].
pub fn may_enter<K: PartialEq, S: BoxTally>(
    entries: &[(K, S)],
    officer: &K,
    handed_out: u64,
) -> Result<(), Refusal> {
    let settled = standing(entries, handed_out).settled();
    let known = entries.iter().any(|(k, _)| k == officer);
    if settled || (entries.len() >= 2 && !known) {
        Err(Refusal::AlreadyEntered)
    } else {
        Ok(())
    }
}

/// Where the box stands once `officer`'s `tally` replaces their earlier entry, if any.
///
/// Errors: [`Refusal::EntriesDiffer`] when it disagrees with the other officer's entry (the
/// entry stays: either officer re-enters).
pub fn after_entry<K: PartialEq, S: BoxTally>(
    mut entries: Vec<(K, S)>,
    officer: K,
    tally: S,
    handed_out: u64,
) -> Result<SheetStanding, Refusal> {
    entries.retain(|(k, _)| *k != officer);
    entries.push((officer, tally));
    match standing(&entries, handed_out) {
        SheetStanding::Differ => Err(Refusal::EntriesDiffer),
        settled => Ok(settled),
    }
}

impl SheetStanding {
    /// The standing's code, as a form's answer says it.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Missing => "missing",
            Self::AwaitingSecond => "awaiting_second",
            Self::Differ => "differ",
            Self::Confirmed => "confirmed",
            Self::VoidBox => "void_box",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A box's tally reduced to what double entry looks at: forms in the box, and one more
    /// figure that two officers may read differently.
    #[derive(Debug, Clone, Copy, PartialEq)]
    struct Read(u64, u64);

    impl BoxTally for Read {
        fn forms_in_box(&self) -> u64 {
            self.0
        }
    }

    const TEN: Read = Read(10, 3);

    #[test]
    fn a_count_is_read_as_typed_on_a_phone_and_bounded() {
        assert_eq!(parse_count("n", ""), Ok(0));
        assert_eq!(parse_count("n", " １２ "), Ok(12), "full-width digits");
        assert_eq!(parse_count("n", "1000000"), Ok(MAX_BOX_NUMBER));
        let refused = |raw: &str| parse_count("n", raw).map_err(|e| (e.field, e.problem));
        assert_eq!(refused("1000001"), Err(("n".into(), Problem::OutOfRange)));
        assert_eq!(
            refused("99999999999999999999999"),
            Err(("n".into(), Problem::OutOfRange))
        );
        assert_eq!(refused("-1"), Err(("n".into(), Problem::OutOfRange)));
        assert_eq!(refused("十二"), Err(("n".into(), Problem::NotANumber)));
    }

    #[test]
    fn el_art43_a_box_counts_when_two_officers_agree() {
        assert_eq!(standing::<u32, Read>(&[], 10), SheetStanding::Missing);
        assert_eq!(standing(&[(1, TEN)], 10), SheetStanding::AwaitingSecond);
        assert_eq!(
            standing(&[(1, TEN), (2, TEN)], 10),
            SheetStanding::Confirmed
        );
        assert_eq!(
            standing(&[(1, TEN), (2, Read(10, 4))], 10),
            SheetStanding::Differ
        );
        assert_eq!(
            standing(&[(1, TEN), (1, TEN)], 10),
            SheetStanding::Differ,
            "one officer twice is not two officers"
        );
    }

    #[test]
    fn a_new_entry_replaces_the_officers_own_and_a_disagreement_is_refused() {
        assert_eq!(
            after_entry(vec![(1, TEN)], 2, TEN, 10),
            Ok(SheetStanding::Confirmed)
        );
        assert_eq!(
            after_entry(vec![(1, TEN)], 2, Read(10, 4), 10),
            Err(Refusal::EntriesDiffer)
        );
        assert_eq!(
            after_entry(vec![(1, TEN), (2, Read(10, 4))], 2, TEN, 10),
            Ok(SheetStanding::Confirmed),
            "the second officer corrects their entry"
        );
        assert_eq!(
            after_entry(vec![(1, TEN)], 1, Read(10, 4), 10),
            Ok(SheetStanding::AwaitingSecond),
            "re-entering alone still waits for a second officer"
        );
        for standing in [
            SheetStanding::Missing,
            SheetStanding::AwaitingSecond,
            SheetStanding::Differ,
            SheetStanding::Confirmed,
            SheetStanding::VoidBox,
        ] {
            assert_eq!(
                serde_json::to_value(&standing).ok(),
                Some(serde_json::Value::from(standing.code()))
            );
        }
    }

    #[test]
    fn more_forms_in_the_box_than_handed_out_voids_the_box() {
        assert!(box_is_void(&TEN, 9));
        assert!(!box_is_void(&TEN, 10));
        assert_eq!(standing(&[(1, TEN), (2, TEN)], 9), SheetStanding::VoidBox);
        assert!(SheetStanding::VoidBox.settled() && SheetStanding::Confirmed.settled());
        assert!(!SheetStanding::Differ.settled());
    }

    #[test]
    fn entries_are_one_per_officer_and_settle_once_agreed() {
        assert_eq!(may_enter::<u32, Read>(&[], &1, 10), Ok(()));
        assert_eq!(may_enter(&[(1, TEN)], &1, 10), Ok(()), "re-entering");
        let differing = [(1, TEN), (2, Read(10, 4))];
        assert_eq!(may_enter(&differing, &2, 10), Ok(()));
        assert_eq!(may_enter(&differing, &3, 10), Err(Refusal::AlreadyEntered));
        let agreed = [(1, TEN), (2, TEN)];
        assert_eq!(may_enter(&agreed, &1, 10), Err(Refusal::AlreadyEntered));
        let void = [(1, TEN), (2, TEN)];
        assert_eq!(may_enter(&void, &3, 9), Err(Refusal::AlreadyEntered));
    }
}
