//! The public notice board's rules (居务公开, L25 Art. 34): what a notice must look like, how
//! long it stays up, which attachments it may carry, and that a published notice is never
//! changed in place: a correction is a new version that starts its own display period, and the
//! earlier versions stay readable.

use super::clock::local_day;
use super::registry::{FieldError, Problem};
use super::roles::Role;
use super::rules::CommunityRules;
use chrono::{DateTime, Days, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
#[cfg(feature = "ssr")]
use surrealdb::types::SurrealValue;

/// Longest title, in characters.
pub const MAX_TITLE_CHARS: usize = 80;
/// Longest body (Markdown), in characters.
pub const MAX_BODY_CHARS: usize = 20_000;
/// Largest attachment, in bytes.
pub const MAX_ATTACHMENT_BYTES: usize = 5 * 1024 * 1024;
/// Most attachments on one notice.
pub const MAX_ATTACHMENTS: usize = 10;
/// Most bytes of all a notice's attachments together: a notice board's posters and scans,
/// not an archive. Sized so that one form with every file fits the server's upload limit
/// (`--upload-limit`, 28 MiB by default, as base64 on the API path).
pub const MAX_ATTACHMENTS_TOTAL_BYTES: usize = 20 * 1024 * 1024;
/// Furthest ahead a notice may be scheduled, in days.
pub const MAX_SCHEDULE_DAYS: i64 = 366;

/// What a notice is about; every pillar publishes under its own kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::EnumString, strum::VariantArray)]
#[strum(serialize_all = "snake_case")]
#[cfg_attr(
    feature = "ssr",
    derive(surrealdb::types::SurrealValue),
    surreal(untagged, rename_all = "snake_case"),
    surreal(crate = "surrealdb::types")
)]
pub enum NoticeKind {
    Election,
    Evaluation,
    Deliberation,
    General,
}

impl NoticeKind {
    /// Every kind, in declaration order.
    pub const ALL: &'static [NoticeKind] = <NoticeKind as strum::VariantArray>::VARIANTS;

    pub fn code(self) -> &'static str {
        self.into()
    }

    pub fn parse(code: &str) -> Option<Self> {
        code.trim().parse().ok()
    }
}

/// Who publishes which kind of notice: the election committee its election notices, the party
/// committee evaluations, the officers who convene deliberations theirs, and registry staff
/// general notices. The district administrator may publish any.
pub fn publishers(kind: NoticeKind) -> &'static [Role] {
    match kind {
        NoticeKind::Election => &[Role::ElectionCommitteeMember, Role::DistrictAdmin],
        NoticeKind::Evaluation => &[
            Role::PartySecretary,
            Role::PartyCommitteeMember,
            Role::DistrictAdmin,
        ],
        NoticeKind::Deliberation => &[
            Role::PartySecretary,
            Role::PartyCommitteeMember,
            Role::CommitteeDirector,
            Role::DeputyDirector,
            Role::StationChief,
            Role::DistrictAdmin,
        ],
        NoticeKind::General => Role::STAFF,
    }
}

pub fn may_publish(roles: &[Role], kind: NoticeKind) -> bool {
    roles.iter().any(|role| publishers(kind).contains(role))
}

/// The kinds `roles` may publish, for the form's choices.
pub fn publishable_kinds(roles: &[Role]) -> Vec<NoticeKind> {
    NoticeKind::ALL
        .iter()
        .copied()
        .filter(|kind| may_publish(roles, *kind))
        .collect()
}

/// A notice as staff submit it, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewNotice {
    pub kind: NoticeKind,
    pub title: String,
    pub body: String,
    /// When it goes up: now, or later (scheduled).
    pub publish_at: DateTime<Utc>,
    /// Last day it is shown; `None` keeps it up until taken down after the minimum period.
    pub ends_on: Option<NaiveDate>,
}

/// The raw fields of the notice form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NoticeInput<'a> {
    pub kind: &'a str,
    pub title: &'a str,
    pub body: &'a str,
    /// Empty for now.
    pub publish_at: Option<DateTime<Utc>>,
    pub ends_on: Option<NaiveDate>,
}

/// The last day a notice published at `published_at` must still be shown (L25 Art. 34),
/// counted in the community's local days.
pub fn earliest_end(rules: &CommunityRules, published_at: DateTime<Utc>) -> NaiveDate {
    local_day(published_at)
        .checked_add_days(Days::new(u64::from(rules.min_display_days)))
        .unwrap_or(NaiveDate::MAX)
}

impl NewNotice {
    /// Checks every field, reporting all problems. A publication time in the past means now;
    /// an end earlier than the minimum display period is refused.
    pub fn parse(
        input: &NoticeInput<'_>,
        rules: &CommunityRules,
        now: DateTime<Utc>,
    ) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let kind = NoticeKind::parse(input.kind);
        if kind.is_none() {
            errors.push(FieldError::new("kind", Problem::UnknownValue));
        }
        let title = super::text::line(input.title);
        let title = title.as_str();
        if title.is_empty() {
            errors.push(FieldError::new("title", Problem::Missing));
        } else if title.chars().count() > MAX_TITLE_CHARS {
            errors.push(FieldError::new("title", Problem::TooLong));
        }
        let body = super::text::paragraphs(input.body);
        let body = body.as_str();
        if body.is_empty() {
            errors.push(FieldError::new("body", Problem::Missing));
        } else if body.chars().count() > MAX_BODY_CHARS {
            errors.push(FieldError::new("body", Problem::TooLong));
        }
        let publish_at = input.publish_at.filter(|at| *at > now).unwrap_or(now);
        if publish_at - now > chrono::Duration::days(MAX_SCHEDULE_DAYS) {
            errors.push(FieldError::new("publish_at", Problem::OutOfRange));
        }
        if let Some(ends_on) = input.ends_on
            && ends_on < earliest_end(rules, publish_at)
        {
            errors.push(FieldError::new("ends_on", Problem::TooShort));
        }
        match kind {
            Some(kind) if errors.is_empty() => Ok(Self {
                kind,
                title: title.to_owned(),
                body: body.to_owned(),
                publish_at,
                ends_on: input.ends_on,
            }),
            _ => Err(errors),
        }
    }
}

/// Where a notice stands at a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Standing {
    /// Scheduled: not public yet.
    Scheduled,
    /// On the board.
    Current,
    /// Past its end: in the archive, still public.
    Archived,
    /// Replaced by a later version; shown in that version's history.
    Superseded,
}

/// A published version as the board needs to place it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Placement {
    pub publish_at: DateTime<Utc>,
    pub ends_on: Option<NaiveDate>,
    pub superseded: bool,
}

/// Where a version stands at `now` (the day compared in UTC+8, the community's own day).
pub fn standing(placement: &Placement, now: DateTime<Utc>) -> Standing {
    if placement.superseded {
        return Standing::Superseded;
    }
    if now < placement.publish_at {
        return Standing::Scheduled;
    }
    let today = local_day(now);
    match placement.ends_on {
        Some(last) if today > last => Standing::Archived,
        _ => Standing::Current,
    }
}

/// The first local day a notice may be taken down: taking it down ends its display the day
/// before, which must not come before the last day of its minimum display period (L25 Art. 34).
pub fn take_down_from(rules: &CommunityRules, placement: &Placement) -> NaiveDate {
    earliest_end(rules, placement.publish_at)
        .succ_opt()
        .unwrap_or(NaiveDate::MAX)
}

/// Taking a notice down on the local day `today`: answers the last day it was shown (the day
/// before). Errors: `TooEarlyToTakeDown` before [`take_down_from`].
pub fn take_down_on(
    rules: &CommunityRules,
    placement: &Placement,
    today: NaiveDate,
) -> Result<NaiveDate, super::refusal::Refusal> {
    if today < take_down_from(rules, placement) {
        return Err(super::refusal::Refusal::TooEarlyToTakeDown);
    }
    today
        .pred_opt()
        .ok_or(super::refusal::Refusal::TooEarlyToTakeDown)
}

/// Where the record a notice is about (`table:key`) is shown, if it is one a page shows.
pub fn about_path(about: &str) -> Option<String> {
    let (table, key) = about.split_once(':')?;
    let plain =
        !key.is_empty() && key.len() <= 64 && key.chars().all(|c| c.is_ascii_alphanumeric());
    match table {
        "election" if plain => Some(format!("/elections/{key}")),
        _ => None,
    }
}

/// The number the next version of a notice gets; the first is 1.
pub fn next_version(latest: Option<u32>) -> u32 {
    latest.map_or(1, |v| v.saturating_add(1))
}

/// What an attachment is, read from its first bytes (never from its name or declared type).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttachmentKind {
    Pdf,
    Png,
    Jpeg,
    Webp,
}

impl AttachmentKind {
    pub fn media_type(self) -> &'static str {
        match self {
            AttachmentKind::Pdf => "application/pdf",
            AttachmentKind::Png => "image/png",
            AttachmentKind::Jpeg => "image/jpeg",
            AttachmentKind::Webp => "image/webp",
        }
    }

    /// Recognises the file by its signature; anything else is refused.
    pub fn sniff(bytes: &[u8]) -> Option<Self> {
        if bytes.starts_with(b"%PDF-") {
            Some(AttachmentKind::Pdf)
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(AttachmentKind::Png)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(AttachmentKind::Jpeg)
        } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
            Some(AttachmentKind::Webp)
        } else {
            None
        }
    }
}

/// Checks an attachment: a known type by content, not empty, not over the limit, and a
/// file name without paths or control characters. Answers its kind and a clean name.
pub fn check_attachment(name: &str, bytes: &[u8]) -> Result<(AttachmentKind, String), FieldError> {
    if bytes.is_empty() {
        return Err(FieldError::new("attachment", Problem::Missing));
    }
    if bytes.len() > MAX_ATTACHMENT_BYTES {
        return Err(FieldError::new("attachment", Problem::TooLong));
    }
    let kind = AttachmentKind::sniff(bytes)
        .ok_or(FieldError::new("attachment", Problem::UnsupportedFile))?;
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = base.chars().filter(|c| !c.is_control()).take(80).collect();
    let clean = clean.trim().trim_start_matches('.').to_owned();
    let clean = if clean.is_empty() {
        format!("attachment.{}", kind_extension(kind))
    } else {
        clean
    };
    Ok((kind, clean))
}

/// Checks a notice's attachments together, given each file's size in bytes: at most
/// [`MAX_ATTACHMENTS`] files and [`MAX_ATTACHMENTS_TOTAL_BYTES`] in all. Errors: field
/// `attachments`, out of range (too many files) or too long (too many bytes).
pub fn check_attachment_set(sizes: &[usize]) -> Result<(), FieldError> {
    if sizes.len() > MAX_ATTACHMENTS {
        return Err(FieldError::new("attachments", Problem::OutOfRange));
    }
    if sizes.iter().sum::<usize>() > MAX_ATTACHMENTS_TOTAL_BYTES {
        return Err(FieldError::new("attachments", Problem::TooLong));
    }
    Ok(())
}

/// `text` (a person's name, an election's title) as Markdown that shows exactly that text:
/// every ASCII punctuation character backslash-escaped (CommonMark lets any be), line breaks
/// as spaces. Notices the app writes itself put names into Markdown; unescaped, a name such as
/// `[点我](https://…)` became a link on an official notice (issue 15, item 15).
pub fn markdown_literal(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\r' | '\n' => escaped.push(' '),
            c if c.is_ascii_punctuation() => {
                escaped.push('\\');
                escaped.push(c);
            }
            c => escaped.push(c),
        }
    }
    escaped
}

fn kind_extension(kind: AttachmentKind) -> &'static str {
    match kind {
        AttachmentKind::Pdf => "pdf",
        AttachmentKind::Png => "png",
        AttachmentKind::Jpeg => "jpg",
        AttachmentKind::Webp => "webp",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(day: u32, hour: u32) -> DateTime<Utc> {
        NaiveDate::from_ymd_opt(2027, 3, day)
            .and_then(|d| d.and_hms_opt(hour, 0, 0))
            .expect("time")
            .and_utc()
    }

    fn date(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, 3, day).expect("date")
    }

    fn input<'a>() -> NoticeInput<'a> {
        NoticeInput {
            kind: "general",
            title: "关于更换小区门禁的通知",
            body: "各位居民：**3月20日**起启用新门禁。",
            publish_at: None,
            ends_on: None,
        }
    }

    #[test]
    fn a_notice_stays_up_at_least_15_days() {
        let rules = CommunityRules::default();
        assert_eq!(earliest_end(&rules, at(1, 2)), date(16));
        let short = NoticeInput {
            ends_on: Some(date(15)),
            ..input()
        };
        assert_eq!(
            NewNotice::parse(&short, &rules, at(1, 2)),
            Err(vec![FieldError::new("ends_on", Problem::TooShort)])
        );
        let enough = NoticeInput {
            ends_on: Some(date(16)),
            ..input()
        };
        assert!(NewNotice::parse(&enough, &rules, at(1, 2)).is_ok());
    }

    #[test]
    fn the_period_counts_local_days() {
        // 20:00 UTC on the 1st is 04:00 on the 2nd in the community.
        assert_eq!(
            earliest_end(&CommunityRules::default(), at(1, 20)),
            date(17)
        );
    }

    #[test]
    fn the_display_period_follows_the_community_rules() {
        let rules = CommunityRules {
            min_display_days: 30,
            ..CommunityRules::default()
        };
        assert_eq!(earliest_end(&rules, at(1, 2)), date(31));
    }

    #[test]
    fn every_bad_field_is_reported() {
        let long = "字".repeat(MAX_TITLE_CHARS + 1);
        let bad = NoticeInput {
            kind: "gossip",
            title: &long,
            body: "  ",
            ..input()
        };
        let errors =
            NewNotice::parse(&bad, &CommunityRules::default(), at(1, 2)).expect_err("invalid");
        assert_eq!(
            errors,
            [
                FieldError::new("kind", Problem::UnknownValue),
                FieldError::new("title", Problem::TooLong),
                FieldError::new("body", Problem::Missing),
            ]
        );
    }

    #[test]
    fn a_scheduled_notice_is_not_public_until_its_time_and_its_period_runs_from_then() {
        let rules = CommunityRules::default();
        let later = NoticeInput {
            publish_at: Some(at(10, 0)),
            ends_on: Some(date(20)),
            ..input()
        };
        assert_eq!(
            NewNotice::parse(&later, &rules, at(1, 2)),
            Err(vec![FieldError::new("ends_on", Problem::TooShort)]),
            "15 days from the 10th, not from today"
        );
        let placement = Placement {
            publish_at: at(10, 0),
            ends_on: None,
            superseded: false,
        };
        assert_eq!(standing(&placement, at(9, 23)), Standing::Scheduled);
        assert_eq!(standing(&placement, at(10, 0)), Standing::Current);
        let past = NoticeInput {
            publish_at: Some(at(1, 0)),
            ..input()
        };
        let parsed = NewNotice::parse(&past, &rules, at(1, 2)).expect("valid");
        assert_eq!(parsed.publish_at, at(1, 2), "a time in the past means now");
    }

    #[test]
    fn a_notice_is_scheduled_at_most_a_year_ahead() {
        let rules = CommunityRules::default();
        let far = NoticeInput {
            publish_at: Some(at(1, 2) + chrono::Duration::days(MAX_SCHEDULE_DAYS + 1)),
            ..input()
        };
        assert_eq!(
            NewNotice::parse(&far, &rules, at(1, 2)),
            Err(vec![FieldError::new("publish_at", Problem::OutOfRange)])
        );
        // The end of time neither overflows nor is accepted.
        let end = NoticeInput {
            publish_at: Some(DateTime::<Utc>::MAX_UTC),
            ..input()
        };
        assert!(NewNotice::parse(&end, &rules, at(1, 2)).is_err());
        assert_eq!(
            local_day(DateTime::<Utc>::MAX_UTC),
            DateTime::<Utc>::MAX_UTC.date_naive()
        );
    }

    #[test]
    fn a_notice_past_its_last_local_day_goes_to_the_archive() {
        let placement = Placement {
            publish_at: at(1, 2),
            ends_on: Some(date(16)),
            superseded: false,
        };
        assert_eq!(standing(&placement, at(16, 15)), Standing::Current);
        assert_eq!(
            standing(&placement, at(16, 16)),
            Standing::Archived,
            "midnight of the 17th in UTC+8"
        );
        let rules = CommunityRules::default();
        // Shown through the 16th at least: taken down on the 17th, it was shown until the 16th.
        assert_eq!(take_down_from(&rules, &placement), date(17));
        assert_eq!(
            take_down_on(&rules, &placement, date(16)),
            Err(super::super::refusal::Refusal::TooEarlyToTakeDown),
            "issue 16, item 6: not offered, and refused, before the earliest day"
        );
        assert_eq!(take_down_on(&rules, &placement, date(17)), Ok(date(16)));
    }

    #[test]
    fn a_correction_is_a_new_version_and_the_old_one_is_superseded() {
        assert_eq!(next_version(None), 1);
        assert_eq!(next_version(Some(1)), 2);
        let old = Placement {
            publish_at: at(1, 2),
            ends_on: None,
            superseded: true,
        };
        assert_eq!(standing(&old, at(2, 0)), Standing::Superseded);
    }

    #[test]
    fn attachments_are_recognised_by_content_and_size_limited() {
        assert_eq!(
            check_attachment("名单.pdf", b"%PDF-1.7 ..."),
            Ok((AttachmentKind::Pdf, "名单.pdf".to_owned()))
        );
        assert_eq!(
            check_attachment("photo.png", b"\x89PNG\r\n\x1a\n...").map(|a| a.0),
            Ok(AttachmentKind::Png)
        );
        assert_eq!(
            check_attachment("x.jpg", &[0xFF, 0xD8, 0xFF, 0xE0]).map(|a| a.0),
            Ok(AttachmentKind::Jpeg)
        );
        assert_eq!(
            check_attachment("x.webp", b"RIFF\0\0\0\0WEBPVP8 ").map(|a| a.0),
            Ok(AttachmentKind::Webp)
        );
        assert_eq!(
            check_attachment("evil.pdf", b"<script>alert(1)</script>"),
            Err(FieldError::new("attachment", Problem::UnsupportedFile)),
            "a name does not make a PDF"
        );
        assert_eq!(
            check_attachment("empty.pdf", b""),
            Err(FieldError::new("attachment", Problem::Missing))
        );
        let big = vec![b'%'; MAX_ATTACHMENT_BYTES + 1];
        assert_eq!(
            check_attachment("big.pdf", &big),
            Err(FieldError::new("attachment", Problem::TooLong))
        );
    }

    #[test]
    fn a_notice_takes_ten_files_of_twenty_megabytes_in_all() {
        assert_eq!(check_attachment_set(&[MAX_ATTACHMENT_BYTES; 4]), Ok(()));
        assert_eq!(
            check_attachment_set(&[MAX_ATTACHMENT_BYTES; 5]),
            Err(FieldError::new("attachments", Problem::TooLong)),
            "five files of 5 MB are more than 20 MB"
        );
        assert_eq!(
            check_attachment_set(&[1; MAX_ATTACHMENTS + 1]),
            Err(FieldError::new("attachments", Problem::OutOfRange))
        );
        assert_eq!(check_attachment_set(&[]), Ok(()));
    }

    #[test]
    fn attachment_names_lose_paths_and_control_characters() {
        let (_, name) = check_attachment("../../etc/\u{7}passwd.pdf", b"%PDF-1.4").expect("ok");
        assert_eq!(name, "passwd.pdf");
        let (_, name) = check_attachment("C:\\docs\\.hidden", b"%PDF-1.4").expect("ok");
        assert_eq!(name, "hidden");
        let (_, name) = check_attachment("///", b"%PDF-1.4").expect("ok");
        assert_eq!(name, "attachment.pdf");
    }

    #[test]
    fn a_notice_links_to_the_election_it_is_about() {
        assert_eq!(
            about_path("election:abc123"),
            Some("/elections/abc123".to_owned())
        );
        assert_eq!(about_path("election:../x"), None);
        assert_eq!(about_path("hearing:abc"), None, "no page for it yet");
        assert_eq!(about_path("nonsense"), None);
    }

    #[test]
    fn kinds_round_trip() {
        for &kind in NoticeKind::ALL {
            assert_eq!(NoticeKind::parse(kind.code()), Some(kind));
        }
        assert_eq!(NoticeKind::parse("gossip"), None);
    }

    #[test]
    fn issue18_item2_codes_are_unchanged() {
        let codes: Vec<&str> = NoticeKind::ALL.iter().map(|k| k.code()).collect();
        assert_eq!(codes, ["election", "evaluation", "deliberation", "general"]);
        for &kind in NoticeKind::ALL {
            assert_eq!(NoticeKind::parse(kind.code()), Some(kind));
            assert_eq!(NoticeKind::parse(&format!(" {} ", kind.code())), Some(kind));
            let json = serde_json::to_string(&kind).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", kind.code()));
        }
        assert_eq!(
            NoticeKind::parse("General"),
            None,
            "codes are case-sensitive"
        );
    }

    #[test]
    fn each_kind_is_published_by_those_who_run_it() {
        assert!(may_publish(
            &[Role::ElectionCommitteeMember],
            NoticeKind::Election
        ));
        assert!(!may_publish(&[Role::StationChief], NoticeKind::Election));
        assert!(may_publish(&[Role::StationStaff], NoticeKind::General));
        assert!(!may_publish(
            &[Role::StationStaff],
            NoticeKind::Deliberation
        ));
        assert!(!may_publish(&[Role::Resident], NoticeKind::General));
        assert_eq!(publishable_kinds(&[Role::DistrictAdmin]).len(), 4);
        assert!(publishable_kinds(&[Role::Scrutineer]).is_empty());
    }
}
