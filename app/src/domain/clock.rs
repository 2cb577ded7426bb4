//! The community's clock: China Standard Time, UTC+8 all year (no daylight saving), in which
//! people read and type every date and time. Stored moments are UTC; they are shown, and
//! typed ones read, here only (issue 16, item 10: the audit log said 13:25 where the notice
//! said 21:25). A deployment elsewhere sets its own whole-hour offset once at start-up
//! (`gongshang --utc-offset-hours`, issue 18, item 1); a zone with daylight saving would need
//! chrono-tz, which no community we serve has.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc};
use std::sync::OnceLock;

/// China Standard Time, hours east of UTC: the clock unless the deployment sets another.
pub const CHINA_STANDARD_HOURS: i32 = 8;

static OFFSET: OnceLock<FixedOffset> = OnceLock::new();

/// Sets the community's offset, `hours` east of UTC (−12 to +14), before anything reads the
/// clock. Answers `false` when the hours are out of range or the clock was already read or
/// set, in which case it keeps what it had.
pub fn configure(hours: i32) -> bool {
    match FixedOffset::east_opt(hours.saturating_mul(3600)).filter(|_| (-12..=14).contains(&hours))
    {
        Some(offset) => OFFSET.set(offset).is_ok(),
        None => false,
    }
}

/// The community's offset from UTC (for a feed's timestamps, which carry it).
pub fn offset() -> FixedOffset {
    *OFFSET.get_or_init(|| {
        FixedOffset::east_opt(CHINA_STANDARD_HOURS * 3600).unwrap_or_else(|| Utc.fix())
    })
}

/// `at` on the community's clock, as a wall-clock reading. Total: at the very end of time
/// (a hostile date) it stays on UTC's rather than overflow.
pub fn local(at: DateTime<Utc>) -> NaiveDateTime {
    let utc = at.naive_utc();
    utc.checked_add_signed(chrono::Duration::seconds(i64::from(
        offset().local_minus_utc(),
    )))
    .unwrap_or(utc)
}

/// The moment of local `hour:00` on `day` (a day and hour in range; midnight otherwise).
pub fn at_hour(day: NaiveDate, hour: u32) -> DateTime<Utc> {
    let local = day
        .and_hms_opt(hour, 0, 0)
        .unwrap_or_else(|| day.and_time(chrono::NaiveTime::MIN));
    offset()
        .from_local_datetime(&local)
        .single()
        .map_or_else(|| local.and_utc(), |at| at.with_timezone(&Utc))
}

/// The community's calendar day at `at`.
pub fn local_day(at: DateTime<Utc>) -> NaiveDate {
    local(at).date()
}

/// The community's calendar day now: roles in force, notices, invitations and elections all
/// count days by it (issue 18, item 1: some counted UTC days, eight hours behind at dawn).
pub fn today() -> NaiveDate {
    local_day(Utc::now())
}

/// `at` as people read it: `YYYY-MM-DD HH:MM`, local.
pub fn show_minute(at: DateTime<Utc>) -> String {
    local(at).format("%Y-%m-%d %H:%M").to_string()
}

/// The local day of `at`, `YYYY-MM-DD`.
pub fn show_day(at: DateTime<Utc>) -> String {
    local_day(at).to_string()
}

/// A local `YYYY-MM-DDTHH:MM` (what an `<input type=datetime-local>` sends; typed by hand,
/// full-width digits too) as a moment; `None` when it is not one.
pub fn parse_minute(raw: &str) -> Option<DateTime<Utc>> {
    let local = NaiveDateTime::parse_from_str(&super::text::code(raw), "%Y-%m-%dT%H:%M").ok()?;
    offset()
        .from_local_datetime(&local)
        .single()
        .map(|at| at.with_timezone(&Utc))
}

/// A day as a `date` input sends it (`YYYY-MM-DD`) or as people type it (`YYYY/MM/DD`,
/// full-width digits too); `None` when it is not one.
pub fn parse_day(raw: &str) -> Option<NaiveDate> {
    let raw = super::text::code(raw);
    NaiveDate::parse_from_str(&raw, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(&raw, "%Y/%m/%d"))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::notice::{Placement, Standing, standing};
    use crate::domain::roles::{Role, Term, roles_in_force};

    fn utc(rfc3339: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(rfc3339)
            .expect("time")
            .with_timezone(&Utc)
    }

    #[test]
    fn issue18_item1_between_midnight_and_eight_roles_and_notices_count_the_communitys_day() {
        // 01:30 on 7 December in Beijing is still 6 December on UTC's calendar.
        let dawn = utc("2026-12-06T17:30:00Z");
        let seventh = NaiveDate::from_ymd_opt(2026, 12, 7).expect("day");
        assert_eq!(local_day(dawn), seventh);

        let from_today = Term::new(seventh, None).expect("term");
        assert_eq!(
            roles_in_force(
                &[(Role::ElectionCommitteeMember, from_today)],
                local_day(dawn)
            ),
            vec![Role::ElectionCommitteeMember],
            "a role granted from today is in force at half past one"
        );

        let last_shown_yesterday = Placement {
            publish_at: utc("2026-11-20T02:00:00Z"),
            ends_on: NaiveDate::from_ymd_opt(2026, 12, 6),
            superseded: false,
        };
        assert_eq!(
            standing(&last_shown_yesterday, dawn),
            Standing::Archived,
            "a notice whose last day was the 6th is archived at half past one on the 7th"
        );
        let publish_at_one = Placement {
            publish_at: utc("2026-12-06T17:00:00Z"),
            ends_on: Some(seventh),
            superseded: false,
        };
        assert_eq!(standing(&publish_at_one, dawn), Standing::Current);
    }

    #[test]
    fn issue18_item1_the_offset_is_set_once_and_only_to_a_real_zone() {
        assert!(!configure(15), "no zone is 15 hours east");
        assert!(!configure(-13));
        let _ = offset();
        assert!(!configure(9), "set once, before anything reads the clock");
        assert_eq!(offset().local_minus_utc(), CHINA_STANDARD_HOURS * 3600);
    }

    #[test]
    fn local_hour_on_a_day_is_eight_hours_before_on_utc() {
        let day = NaiveDate::from_ymd_opt(2027, 3, 20).expect("day");
        assert_eq!(show_minute(at_hour(day, 7)), "2027-03-20 07:00");
        assert_eq!(
            at_hour(day, 7).naive_utc(),
            NaiveDate::from_ymd_opt(2027, 3, 19)
                .and_then(|d| d.and_hms_opt(23, 0, 0))
                .expect("time")
        );
        assert_eq!(show_minute(at_hour(day, 99)), "2027-03-20 00:00");
    }

    #[test]
    fn issue16_item20_days_and_times_typed_full_width_are_read() {
        let day = NaiveDate::from_ymd_opt(2027, 3, 20).expect("day");
        assert_eq!(parse_day("２０２７-０３-２０"), Some(day));
        assert_eq!(parse_day(" 2027/3/20 "), Some(day));
        assert_eq!(parse_day("2027-02-30"), None);
        assert_eq!(parse_day("明天"), None);
        assert_eq!(
            parse_minute("２０２７-０３-２０Ｔ０８:００").map(show_minute),
            Some("2027-03-20 08:00".to_owned())
        );
    }

    #[test]
    fn issue16_item10_times_are_shown_and_read_on_the_communitys_clock() {
        let at = DateTime::parse_from_rfc3339("2026-11-30T13:25:00Z")
            .expect("time")
            .with_timezone(&Utc);
        assert_eq!(show_minute(at), "2026-11-30 21:25");
        let late = DateTime::parse_from_rfc3339("2026-11-30T16:30:00Z")
            .expect("time")
            .with_timezone(&Utc);
        assert_eq!(
            show_day(late),
            "2026-12-01",
            "half past midnight in Beijing"
        );
        assert_eq!(parse_minute("2026-11-30T21:25"), Some(at));
        assert_eq!(parse_minute("30/11/2026 21:25"), None);
    }
}
