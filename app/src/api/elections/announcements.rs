//! The notices an election puts on the notice board itself (the roll, the candidate list, the
//! result), written in the community's language from the locale files, with links that say
//! where they lead (issue 16, item 9: they were half English, with bare paths as links).
//! Communities are Chinese-speaking, so that language is zh-CN; a per-community language
//! would be read here. Each notice passes the notice rules before it is stored.

use super::ResultsView;
use crate::AppError;
use crate::domain::election::plan::Office;
use crate::domain::notice::{NewNotice, NoticeKind, markdown_literal};
use crate::i18n::{Locale, td_string};
use chrono::NaiveDate;

/// The language notices are written in.
const COMMUNITY: Locale = Locale::zh_CN;

/// An office's name in the community's language.
pub(crate) fn office_name(office: Office) -> &'static str {
    match office {
        Office::Director => td_string!(COMMUNITY, el_office_director),
        Office::DeputyDirector => td_string!(COMMUNITY, el_office_deputy),
        Office::Member => td_string!(COMMUNITY, el_office_member),
    }
}

/// Fills `%name%` places in a locale text.
fn fill(text: &str, values: &[(&str, &str)]) -> String {
    values.iter().fold(text.to_owned(), |text, (name, value)| {
        text.replace(&format!("%{name}%"), value)
    })
}

/// The voter roll's notice: title and Markdown body.
pub fn roll(title: &str, key: &str, voters: u64, objections_until: NaiveDate) -> (String, String) {
    (
        format!("{title}{}", td_string!(COMMUNITY, notice_roll_title)),
        fill(
            td_string!(COMMUNITY, notice_roll_body),
            &[
                ("voters", &voters.to_string()),
                ("roll", &format!("/elections/{key}/roll")),
                ("until", &objections_until.to_string()),
            ],
        ),
    )
}

/// The candidate list's notice: `contests` are each office's code, seats and candidates' names.
pub fn candidates(
    title: &str,
    key: &str,
    contests: &[(Office, u8, Vec<String>)],
) -> (String, String) {
    let mut body = format!("{}\n\n", td_string!(COMMUNITY, notice_candidates_intro));
    for (office, seats, names) in contests {
        let names: Vec<String> = names.iter().map(|n| markdown_literal(n)).collect();
        body.push_str(&fill(
            td_string!(COMMUNITY, notice_candidates_office),
            &[
                ("office", office_name(*office)),
                ("seats", &seats.to_string()),
                ("names", &names.join("、")),
            ],
        ));
        body.push_str("\n\n");
    }
    body.push_str(&fill(
        td_string!(COMMUNITY, notice_candidates_more),
        &[("election", &format!("/elections/{key}"))],
    ));
    (
        format!("{title}{}", td_string!(COMMUNITY, notice_candidates_title)),
        body,
    )
}

/// The result's notice.
pub(crate) fn result(title: &str, view: &ResultsView) -> (String, String) {
    let mut body = fill(
        td_string!(COMMUNITY, notice_result_figures),
        &[
            ("roll", &view.roll_size.to_string()),
            ("took_part", &view.participations.to_string()),
            ("cast", &view.ballots_cast.to_string()),
            ("blank", &view.blank_ballots.to_string()),
            ("void", &view.void_ballots.to_string()),
        ],
    );
    body.push_str(if view.turnout_valid {
        td_string!(COMMUNITY, notice_result_valid)
    } else {
        td_string!(COMMUNITY, notice_result_invalid)
    });
    body.push_str("\n\n");
    for office in &view.offices {
        let elected: Vec<String> = office
            .lines
            .iter()
            .filter(|l| l.elected)
            .map(|l| {
                fill(
                    td_string!(COMMUNITY, notice_result_elected),
                    &[
                        ("name", &markdown_literal(&l.name)),
                        ("votes", &l.for_votes.to_string()),
                    ],
                )
            })
            .collect();
        let elected = if elected.is_empty() {
            td_string!(COMMUNITY, notice_result_nobody).to_owned()
        } else {
            elected.join("、")
        };
        body.push_str(&format!(
            "**{}**：{elected}\n\n",
            office_name(office.office)
        ));
    }
    body.push_str(&fill(
        td_string!(COMMUNITY, notice_result_more),
        &[
            ("results", &format!("/elections/{}/results", view.key)),
            ("board", &format!("/elections/{}/board", view.key)),
        ],
    ));
    (
        format!("{title}{}", td_string!(COMMUNITY, notice_result_title)),
        body,
    )
}

/// A notice of `kind` for `community` with `title` and `body`, checked by the notice rules as
/// an officer's own notice is: what publishing the roll or the candidate list puts on the board.
pub(crate) async fn notice(
    community: &crate::domain::keys::CommunityKey,
    kind: NoticeKind,
    title: String,
    body: String,
) -> Result<NewNotice, AppError> {
    let input = crate::domain::notice::NoticeInput {
        kind: kind.code(),
        title: &title,
        body: &body,
        publish_at: None,
        ends_on: None,
    };
    NewNotice::parse(
        &input,
        &super::request::rules(community).await?,
        chrono::Utc::now(),
    )
    .map_err(|errors| {
        tracing::error!(?errors, "an election notice did not pass the notice rules");
        AppError::Internal
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue16_item9_notices_are_in_the_communitys_language_with_links_in_words() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 5).expect("day");
        let (title, body) = roll("第十二届换届选举", "abc", 324, day);
        let (_, list) = candidates(
            "第十二届换届选举",
            "abc",
            &[(Office::Director, 1, vec!["王*芳".into(), "李明".into()])],
        );
        for text in [&title, &body, &list] {
            // Outside link targets, no English: the notice is in the community's language.
            let mut words = text.to_string();
            while let Some(start) = words.find("](/") {
                let end = words[start..]
                    .find(')')
                    .map_or(words.len(), |e| start + e + 1);
                words.replace_range(start + 1..end, "");
            }
            assert!(!words.chars().any(|c| c.is_ascii_alphabetic()), "{words}");
            assert!(!text.contains('%'), "every place filled: {text}");
        }
        assert!(title.starts_with("第十二届换届选举："), "{title}");
        assert!(
            body.contains("**324**")
                && body.contains("](/elections/abc/roll)")
                && body.contains("2026-12-05"),
            "{body}"
        );
        assert!(
            list.contains("王\\*芳"),
            "names are literal Markdown: {list}"
        );
        // No link shows a bare path as its text.
        for text in [&body, &list] {
            assert!(!text.contains("[/"), "{text}");
        }
    }
}
