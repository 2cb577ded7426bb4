//! Invitations: the one way in. Staff hand a person a one-time code (and its QR) after checking
//! them against the household register; it fixes their community, household and roles.
//! Invitations are single use and expire; a recovery invitation adds a passkey to an existing
//! person instead of enrolling a new one.
//!
//! A person has at most one open invitation of each kind: issuing one voids their earlier open
//! ones of that kind, in the same transaction (`store::invitations`). A card reprinted, or
//! issued twice because a reload posted the form again, leaves only the newest code usable: no
//! forgotten code stays valid beside it.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// Days an invitation stays usable unless the community configures otherwise.
pub const DEFAULT_VALIDITY_DAYS: i64 = 7;

/// Length of an invitation code: 20 characters of a 32-letter alphabet, 100 bits.
pub const CODE_LENGTH: usize = 20;

/// Longest an invitation may stay usable.
pub const MAX_VALIDITY_DAYS: i64 = 90;

/// Letters of a code: digits and capitals without 0/O and 1/I, so a code read aloud or typed
/// from paper survives; lower case is accepted and read as upper case.
pub const CODE_ALPHABET: &[u8; 32] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/// What an invitation is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvitationKind {
    /// First passkey of a person.
    Enrolment,
    /// A new passkey for a person who lost theirs.
    Recovery,
}

/// Why an invitation cannot be used; each has its own page telling the person what to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum InvitationProblem {
    #[error("no such invitation")]
    Unknown,
    /// Expired on `on` (the community's local day): the page states that day rather than a
    /// validity the invitation may not have had (issue 16, item 11).
    #[error("the invitation expired on {on}")]
    Expired { on: chrono::NaiveDate },
    #[error("the invitation was already used")]
    Used,
    /// Another invitation of the same person was used first, which voids the rest: one
    /// account, one way in (issue 15, item 1); or a newer one of the same kind was issued
    /// (one open invitation per person and kind: see the module's comment).
    #[error("the invitation was voided")]
    Voided,
}

/// The state of an invitation that decides whether it may be used now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvitationState {
    pub expires_at: DateTime<Utc>,
    pub used_at: Option<DateTime<Utc>>,
    /// Set when another invitation of the same person was used.
    pub voided_at: Option<DateTime<Utc>>,
}

impl InvitationState {
    /// An invitation issued at `now`, usable for `validity_days` (0: already expired, which
    /// staff use to rehearse what a resident holding a stale invitation sees).
    pub fn issued(now: DateTime<Utc>, validity_days: i64) -> Self {
        Self {
            expires_at: now + Duration::days(validity_days.clamp(0, MAX_VALIDITY_DAYS)),
            used_at: None,
            voided_at: None,
        }
    }

    /// May the invitation be used at `now`? A used one stays used even after it expires.
    pub fn check(&self, now: DateTime<Utc>) -> Result<(), InvitationProblem> {
        if self.used_at.is_some() {
            return Err(InvitationProblem::Used);
        }
        if self.voided_at.is_some() {
            return Err(InvitationProblem::Voided);
        }
        if now >= self.expires_at {
            return Err(InvitationProblem::Expired {
                on: super::clock::local_day(self.expires_at),
            });
        }
        Ok(())
    }
}

/// Normalises what a person typed or scanned into a code, or says it cannot be one.
pub fn parse_code(input: &str) -> Option<String> {
    let code: String = super::text::code(input)
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let valid = code.len() == CODE_LENGTH && code.bytes().all(|b| CODE_ALPHABET.contains(&b));
    valid.then_some(code)
}

/// Turns random bytes into a code; the caller supplies the randomness (a CSPRNG).
pub fn code_from_random(random: &[u8; CODE_LENGTH]) -> String {
    random
        .iter()
        .map(|byte| char::from(CODE_ALPHABET[usize::from(byte % 32)]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(hour: u32) -> DateTime<Utc> {
        DateTime::from_timestamp(1_767_225_600 + i64::from(hour) * 3600, 0).expect("time")
    }

    #[test]
    fn an_invitation_expires_after_seven_days_by_default() {
        let state = InvitationState::issued(at(0), DEFAULT_VALIDITY_DAYS);
        assert_eq!(state.check(at(7 * 24 - 1)), Ok(()));
        // Issued 2026-01-01 08:00 Beijing time: expired on the 8th, the day the page states.
        let on = chrono::NaiveDate::from_ymd_opt(2026, 1, 8).expect("day");
        assert_eq!(
            state.check(at(7 * 24)),
            Err(InvitationProblem::Expired { on })
        );
    }

    #[test]
    fn an_invitation_is_single_use() {
        let mut state = InvitationState::issued(at(0), 7);
        state.used_at = Some(at(1));
        assert_eq!(state.check(at(2)), Err(InvitationProblem::Used));
        assert_eq!(state.check(at(24 * 30)), Err(InvitationProblem::Used));
    }

    #[test]
    fn a_voided_invitation_cannot_be_used() {
        let mut state = InvitationState::issued(at(0), 7);
        state.voided_at = Some(at(1));
        assert_eq!(state.check(at(2)), Err(InvitationProblem::Voided));
    }

    #[test]
    fn codes_survive_spaces_and_dashes_but_not_confusable_letters() {
        let code = code_from_random(&[7; CODE_LENGTH]);
        assert_eq!(parse_code(&code), Some(code.clone()));
        let spaced = format!("{}-{} {}", &code[..5], &code[5..10], &code[10..]);
        assert_eq!(parse_code(&spaced), Some(code.clone()));
        assert_eq!(parse_code(&code.to_lowercase()), Some(code.clone()));
        assert_eq!(parse_code("0OI10OI10OI10OI10OI1"), None);
        assert_eq!(parse_code("short"), None);
        let wide: String = code
            .chars()
            .map(|c| char::from_u32(u32::from(c) + 0xFEE0).unwrap_or(c))
            .collect();
        assert_eq!(
            parse_code(&wide),
            Some(code),
            "issue 16, item 20: full-width"
        );
    }

    #[test]
    fn every_alphabet_letter_can_appear() {
        let all: Vec<u8> = (0..32u8).collect();
        let mut seen = std::collections::HashSet::new();
        for chunk in all.chunks(CODE_LENGTH) {
            let mut random = [0u8; CODE_LENGTH];
            random[..chunk.len()].copy_from_slice(chunk);
            seen.extend(code_from_random(&random).chars());
        }
        assert_eq!(seen.len(), 32);
    }

    #[test]
    fn an_invitation_of_zero_days_is_expired_from_the_start() {
        let state = InvitationState::issued(at(0), 0);
        assert_eq!(
            state.check(at(0)),
            Err(InvitationProblem::Expired {
                on: crate::domain::clock::local_day(state.expires_at)
            })
        );
        let long = InvitationState::issued(at(0), 10_000);
        assert_eq!(long.expires_at, at(0) + Duration::days(MAX_VALIDITY_DAYS));
    }
}
