//! Elections (`/elections/…`): the public list and each election's page, the ballot (which
//! works as a plain form without JavaScript), the results with their printable protocol, the
//! public board, and the officers' pages: creating an election, the preparation desk, the
//! polling station and the count.

mod ballot;
mod board;
mod count;
mod create;
mod desk;
mod page;
mod results;
mod roll;
mod station;

pub use ballot::{BallotPage, Voted};
pub use board::Board;
pub use count::CountPage;
pub use create::NewElection;
pub use desk::Desk;
pub use page::ElectionPage;
pub use results::{Protocol, Results};
pub use roll::RollPage;
pub use station::PollingStationPage;

use crate::api::elections::plan::elections;
use crate::api::identity::my_account;
use crate::domain::calendar::Duty;
use crate::domain::election::paper::SheetStanding;
use crate::domain::election::plan::{Mode, Office, Round};
use crate::domain::election::polls::Phase;
use crate::domain::policy::Action;
use crate::i18n::{Locale, t, td_string, use_i18n};
use crate::ui::errors::Refused;
use leptos::prelude::*;

/// A calendar duty's name.
/// Where a duty comes from, in the visitor's words.
pub(crate) fn source_name(locale: Locale, source: crate::domain::calendar::Source) -> String {
    use crate::domain::calendar::Source;
    let article = |n: u8| {
        format!(
            "{}{n}{}",
            td_string!(locale, source_law_before),
            td_string!(locale, source_law_after)
        )
    };
    match source {
        Source::Law(n) => article(n),
        Source::LawAndPractice(n) => {
            format!("{}{}", article(n), td_string!(locale, source_and_practice))
        }
        Source::Practice => td_string!(locale, source_practice).to_owned(),
    }
}

/// A duty's name. Every duty of the calendar has one, those of the pillars still to come
/// included, so a new duty cannot show as "other" (issue 18, item 2).
pub(crate) fn duty_name(locale: Locale, duty: Duty) -> &'static str {
    match duty {
        Duty::PublishVoterRoll => td_string!(locale, el_duty_roll),
        Duty::PublishCandidateList => td_string!(locale, el_duty_candidates),
        Duty::ObjectToVoterRoll => td_string!(locale, el_duty_objections),
        Duty::DecideObjection => td_string!(locale, el_duty_decide_objection),
        Duty::AnnounceResults => td_string!(locale, el_duty_results),
        Duty::HandOver => td_string!(locale, el_duty_handover),
        Duty::PublishHearingNotice => td_string!(locale, el_duty_hearing_notice),
        Duty::SendJointMeetingAgenda => td_string!(locale, el_duty_joint_meeting_agenda),
        Duty::PublishEvaluationResults => td_string!(locale, el_duty_evaluation_results),
    }
}

/// An office's name.
pub(crate) fn office_name(locale: Locale, office: Office) -> &'static str {
    match office {
        Office::Director => td_string!(locale, el_office_director),
        Office::DeputyDirector => td_string!(locale, el_office_deputy),
        Office::Member => td_string!(locale, el_office_member),
    }
}

/// A box's standing.
pub(super) fn standing_name(locale: Locale, standing: &SheetStanding) -> &'static str {
    match standing {
        SheetStanding::AwaitingSecond => td_string!(locale, el_standing_awaiting_second),
        SheetStanding::Differ => td_string!(locale, el_standing_differ),
        SheetStanding::Confirmed => td_string!(locale, el_standing_confirmed),
        SheetStanding::VoidBox => td_string!(locale, el_standing_void_box),
        SheetStanding::Missing => td_string!(locale, el_standing_missing),
    }
}

/// A phase's name.
pub(super) fn phase_name(locale: Locale, phase: Phase) -> &'static str {
    match phase {
        Phase::Preparing => td_string!(locale, el_phase_preparing),
        Phase::Open => td_string!(locale, el_phase_open),
        Phase::Closed => td_string!(locale, el_phase_closed),
        Phase::Published => td_string!(locale, el_phase_published),
    }
}

/// A mode's name.
pub(super) fn mode_name(locale: Locale, mode: Mode) -> &'static str {
    match mode {
        Mode::AllVoters => td_string!(locale, el_mode_all_voters),
        Mode::Households => td_string!(locale, el_mode_households),
        Mode::Representatives => td_string!(locale, el_mode_representatives),
    }
}

/// A round's name, empty for the regular one.
pub(super) fn round_name(locale: Locale, round: Round) -> &'static str {
    match round {
        Round::Regular => "",
        Round::TieBreak => td_string!(locale, el_round_tie_break),
        Round::Runoff => td_string!(locale, el_round_runoff),
    }
}

/// The election pages' own small navigation: only links the visitor can use now (issue 16,
/// item 6: the results and the board led to an error page during voting, and 计票 gave a
/// party secretary a 403). The results once published, the board once the polls closed; the
/// officers' pages by what the visitor's roles allow.
#[component]
pub(super) fn ElectionNav(key: String) -> impl IntoView {
    let i18n = use_i18n();
    let account = Resource::new(|| (), |_| my_account());
    let found = Resource::new(
        {
            let key = key.clone();
            move || key.clone()
        },
        crate::api::elections::plan::election_phase,
    );
    let link = move |tail: &str| format!("/elections/{key}{tail}");
    view! {
        <nav class="sub-nav no-print" data-testid="election-nav">
            <a href=link("")>{t!(i18n, el_nav_election)}</a>
            <Suspense fallback=|| ()>
                {move || {
                    let link = link.clone();
                    Suspend::new(async move {
                        let can = account.await.ok().flatten().map(|a| a.can).unwrap_or_default();
                        let phase = found.await.ok();
                        let published = phase == Some(Phase::Published);
                        let closed = published || phase == Some(Phase::Closed);
                        view! {
                            {published.then(|| view! { <a href=link("/results")>{t!(i18n, el_nav_results)}</a> })}
                            {closed.then(|| view! { <a href=link("/board")>{t!(i18n, el_nav_board)}</a> })}
                            {can.contains(&Action::RunElection).then(|| view! { <a href=link("/office")>{t!(i18n, el_nav_office)}</a> })}
                            // Paper ballots are handed out while the polls are open, and
                            // counted once they close: no link to a page that would refuse.
                            {(phase == Some(Phase::Open) && can.contains(&Action::HandOutPaper)).then(|| view! { <a href=link("/station")>{t!(i18n, el_nav_station)}</a> })}
                            {(closed && can.contains(&Action::CountVotes)).then(|| view! { <a href=link("/count")>{t!(i18n, el_nav_count)}</a> })}
                        }
                    })
                }}
            </Suspense>
        </nav>
    }
}

/// `/elections`: every election, latest first.
#[component]
pub fn ElectionList() -> impl IntoView {
    let i18n = use_i18n();
    let list = Resource::new(|| (), |_| elections());
    let account = Resource::new(|| (), |_| my_account());
    view! {
        <h1>{t!(i18n, elections_title)}</h1>
        <p class="lead">{t!(i18n, elections_intro)}</p>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Err(error) => view! { <Refused error /> }.into_any(),
                    Ok(lines) if lines.is_empty() => {
                        view! { <p class="empty">{t!(i18n, elections_empty)}</p> }.into_any()
                    }
                    Ok(lines) => {
                        view! {
                            <ul class="notices" data-testid="elections">
                                {lines
                                    .into_iter()
                                    .map(|line| {
                                        let phase = line.phase;
                                        let round = line.round;
                                        view! {
                                            <li>
                                                <a class="notice-line" href=format!("/elections/{}", line.key)>
                                                    <strong>{line.title.clone()}</strong>
                                                    <span class="hint">
                                                        {line.community_name.clone()} " · " {line.election_day.clone()}
                                                        " " {move || round_name(i18n.get_locale(), round)}
                                                    </span>
                                                    <span class="badge">{move || phase_name(i18n.get_locale(), phase)}</span>
                                                </a>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let may = account
                    .await
                    .ok()
                    .flatten()
                    .is_some_and(|a| a.can.contains(&Action::RunElection));
                may.then(|| {
                    view! {
                        <p>
                            <a href="/elections/new" class="button secondary" data-testid="new-election">
                                {t!(i18n, el_new)}
                            </a>
                        </p>
                    }
                })
            })}
        </Suspense>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::Source;

    #[test]
    fn issue16_item8_a_duty_cites_the_law_in_the_visitors_language() {
        assert_eq!(
            source_name(Locale::zh_CN, Source::Law(17)),
            "《居委会组织法》第17条"
        );
        assert_eq!(
            source_name(Locale::en, Source::Law(17)),
            "Organic Law, Art. 17"
        );
        assert_eq!(
            source_name(Locale::zh_CN, Source::LawAndPractice(37)),
            "《居委会组织法》第37条及地方惯例"
        );
        assert!(!source_name(Locale::zh_CN, Source::Practice).is_ascii());
    }
}
