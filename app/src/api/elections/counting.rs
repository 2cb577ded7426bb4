//! Polling day and the count: opening and closing the polls (two officers each), finding a
//! voter on the roll and handing out a paper ballot, entering each box's tally sheet (twice,
//! by two officers), the officers' count view, and publishing the result with the rounds it
//! still needs.

// A server function takes its form's fields one by one, so a long form is a long signature.
#![allow(clippy::too_many_arguments)]

use super::ResultsView;
use crate::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A voter found on the roll at a polling station.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RollMatch {
    pub person: String,
    pub name: String,
    pub household: Option<String>,
    pub residents_group: Option<String>,
    /// `online` or `paper` if they already took part.
    pub took_part: Option<String>,
}

/// Asks for (first officer) or confirms (second officer) opening or closing the polls:
/// `step` is `open_polls` or `close_polls`. Answers whether the step was taken.
#[server(prefix = "/api", endpoint = "confirm_poll_step")]
pub async fn confirm_poll_step(election: String, step: String) -> Result<bool, AppError> {
    ssr::confirm_poll_step(election, step).await
}

/// Voters on the roll matching a name or household number (at most 20).
#[server(prefix = "/api", endpoint = "find_on_roll")]
pub async fn find_on_roll(election: String, text: String) -> Result<Vec<RollMatch>, AppError> {
    ssr::find_on_roll(election, text).await
}

/// Marks a paper ballot handed out to `voter` at `place`.
#[server(prefix = "/api", endpoint = "hand_out_paper")]
pub async fn hand_out_paper(
    election: String,
    place: String,
    voter: String,
) -> Result<(), AppError> {
    ssr::hand_out_paper(election, place, voter).await
}

/// Enters a box's tally sheet: totals, then per candidate `for[key]`, `against[key]`,
/// `abstain[key]`, per office `void[office]`, and write-ins as `write_in_name[office-n]` with
/// `write_in_votes[office-n]`. Answers the box's standing (`paper::SheetStanding` code).
#[server(prefix = "/api", endpoint = "enter_tally_sheet")]
pub async fn enter_tally_sheet(
    election: String,
    place: String,
    ballots_in_box: String,
    void_ballots: String,
    blank_ballots: String,
    counts: Option<HashMap<String, String>>,
    write_in_name: Option<HashMap<String, String>>,
    write_in_votes: Option<HashMap<String, String>>,
) -> Result<String, AppError> {
    ssr::enter_tally_sheet(ssr::SheetForm {
        election,
        place,
        ballots_in_box,
        void_ballots,
        blank_ballots,
        counts: counts.unwrap_or_default(),
        write_in_name: write_in_name.unwrap_or_default(),
        write_in_votes: write_in_votes.unwrap_or_default(),
    })
    .await
}

/// The live count for officers and scrutineers, once the polls have closed.
#[server(prefix = "/api", endpoint = "count_view")]
pub async fn count_view(election: String) -> Result<ResultsView, AppError> {
    ssr::count_view(election).await
}

/// Publishes the result on the notice board and creates the rounds it still needs; answers the
/// notice's key and sends a plain form post to the results page.
#[server(prefix = "/api", endpoint = "publish_result")]
pub async fn publish_result(election: String) -> Result<String, AppError> {
    let notice = ssr::publish_result(election.clone()).await?;
    // A plain form post lands on the published result, saying so (issue 16, item 7).
    leptos_axum::redirect(&format!(
        "/elections/{}/results?done=publish_result",
        election.trim()
    ));
    Ok(notice)
}

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use super::super::ssr::{
        election_rules_with, now, own_election, parse_key, results_view, round_code, signed_in,
        store, tally, today,
    };
    use super::*;
    use crate::domain::election::Office;
    use crate::domain::election::ballot::Contest;
    use crate::domain::election::candidacy::Relatives;
    use crate::domain::election::paper::{self, Counts, SheetSection, TallySheet};
    use crate::domain::election::plan::{ElectionPlan, PollingPlace, Round, Seats};
    use crate::domain::election::polls::{self, Confirmation, Phase, TwoOfficerStep};
    use crate::domain::election::roll::written_in;
    use crate::domain::notice::{NewNotice, NoticeInput, NoticeKind};
    use crate::domain::policy::Action;
    use crate::domain::refusal::Refusal;
    use std::collections::BTreeMap;

    /// Largest count a sheet field may hold.
    const MAX_COUNT: u64 = 1_000_000;

    pub async fn confirm_poll_step(election: String, step: String) -> Result<bool, AppError> {
        let caller = signed_in(Action::RunElection).await?;
        let row = own_election(&caller, &election).await?;
        let step = match step.trim() {
            "open_polls" => TwoOfficerStep::OpenPolls,
            "close_polls" => TwoOfficerStep::ClosePolls,
            _ => return Err(AppError::invalid("step", "unknown_value")),
        };
        if step == TwoOfficerStep::OpenPolls && row.candidates_published_on.is_none() {
            return Err(Refusal::CandidatesNotPublished.into());
        }
        let first = match (&row.pending_step, &row.pending_by) {
            (Some(pending), Some(by)) if pending == step.code() => Some(by.clone()),
            _ => None,
        };
        let confirmation = polls::confirm(
            step,
            row.phase(),
            row.window(),
            now(),
            first.as_ref(),
            &caller.key,
        )?;
        let store = store()?;
        match confirmation {
            Confirmation::Awaiting => {
                store
                    .two_officer_step(&caller.community, &row.key, step, None, &caller.key)
                    .await?;
                Ok(false)
            }
            Confirmation::Taken => {
                store
                    .two_officer_step(
                        &caller.community,
                        &row.key,
                        step,
                        first.as_deref(),
                        &caller.key,
                    )
                    .await?;
                Ok(true)
            }
        }
    }

    pub async fn find_on_roll(election: String, text: String) -> Result<Vec<RollMatch>, AppError> {
        let caller = signed_in(Action::HandOutPaper).await?;
        let row = own_election(&caller, &election).await?;
        if text.chars().count() > 40 {
            return Err(AppError::invalid("text", "too_long"));
        }
        let store = store()?;
        let found: Vec<_> = store
            .roll(&row.key)
            .await?
            .into_iter()
            .filter(|r| {
                !r.struck
                    && crate::domain::election::roll::answers_search(
                        &crate::domain::election::roll::RollName {
                            person: &r.person,
                            name: &r.name,
                            household: r.household.as_deref(),
                        },
                        &text,
                    )
            })
            .take(20)
            .collect();
        let mut matches = Vec::with_capacity(found.len());
        for r in found {
            let took_part = store
                .participation(&row.key, &r.person)
                .await?
                .map(|(c, _)| c);
            matches.push(RollMatch {
                person: r.person,
                name: r.name,
                household: r.household,
                residents_group: r.residents_group,
                took_part,
            });
        }
        Ok(matches)
    }

    pub async fn hand_out_paper(
        election: String,
        place: String,
        voter: String,
    ) -> Result<(), AppError> {
        let caller = signed_in(Action::HandOutPaper).await?;
        let row = own_election(&caller, &election).await?;
        polls::may_cast(row.phase(), row.window(), now())?;
        let place = parse_key("place", &place)?;
        let voter = parse_key("voter", &voter)?;
        let store = store()?;
        super::super::ssr::place_of(&store, &row, &place).await?;
        store
            .hand_out_paper(&caller.community, &row.key, &voter, &place, &caller.key)
            .await?;
        Ok(())
    }

    pub struct SheetForm {
        pub election: String,
        pub place: String,
        pub ballots_in_box: String,
        pub void_ballots: String,
        pub blank_ballots: String,
        pub counts: HashMap<String, String>,
        pub write_in_name: HashMap<String, String>,
        pub write_in_votes: HashMap<String, String>,
    }

    fn number(field: &str, raw: &str) -> Result<u64, AppError> {
        let value = if raw.trim().is_empty() {
            0
        } else {
            crate::domain::text::number::<u64>(raw)
                .ok_or_else(|| AppError::invalid(field, "not_a_number"))?
        };
        if value > MAX_COUNT {
            return Err(AppError::invalid(field, "out_of_range"));
        }
        Ok(value)
    }

    /// Reads the sheet form against the published contests.
    fn sheet(
        form: &SheetForm,
        contests: &[Contest],
        roll: &[crate::store::elections::RollRow],
    ) -> Result<TallySheet, AppError> {
        let get = |key: String| number(&key, form.counts.get(&key).map_or("", String::as_str));
        let names = super::super::ssr::roll_names(roll);
        let mut sections = Vec::new();
        for contest in contests {
            let office = contest.office.code();
            let mut candidates = BTreeMap::new();
            for candidate in &contest.candidates {
                candidates.insert(
                    candidate.clone(),
                    Counts {
                        for_: get(format!("for-{candidate}"))?,
                        against: get(format!("against-{candidate}"))?,
                        abstain: get(format!("abstain-{candidate}"))?,
                    },
                );
            }
            let mut write_ins = BTreeMap::new();
            for (slot, name) in &form.write_in_name {
                if name.trim().is_empty() || slot.split('-').next() != Some(office) {
                    continue;
                }
                // Exactly as on the phone: one voter, or the household tells them apart.
                let person = written_in(&names, name)
                    .map(str::to_owned)
                    .ok_or(Refusal::BadWriteIn)?;
                if contest.candidates.contains(&person) {
                    return Err(Refusal::WriteInIsCandidate.into());
                }
                let votes = number(
                    slot,
                    form.write_in_votes.get(slot).map_or("", String::as_str),
                )?;
                *write_ins.entry(person).or_insert(0) += votes;
            }
            sections.push(SheetSection {
                blank_sections: 0,
                office: contest.office,
                candidates,
                write_ins,
                void_sections: get(format!("void-{office}"))?,
            });
        }
        Ok(TallySheet {
            ballots_in_box: number("ballots_in_box", &form.ballots_in_box)?,
            void_ballots: number("void_ballots", &form.void_ballots)?,
            blank_ballots: number("blank_ballots", &form.blank_ballots)?,
            sections,
        })
    }

    pub async fn enter_tally_sheet(form: SheetForm) -> Result<String, AppError> {
        let caller = signed_in(Action::CountVotes).await?;
        if form.counts.len() + form.write_in_name.len() > 400 {
            return Err(AppError::invalid("counts", "too_long"));
        }
        let row = own_election(&caller, &form.election).await?;
        if row.phase() != Phase::Closed {
            polls::may_see_count(row.phase())?;
            return Err(Refusal::ResultsPublished.into());
        }
        let place = parse_key("place", &form.place)?;
        let store = store()?;
        // Candidates and their close relatives may not count (EL Art. 43).
        let relatives = Relatives::new(store.relatives(&row.key).await?);
        let candidates: Vec<String> = store
            .candidates(&row.key)
            .await?
            .into_iter()
            .map(|c| c.person)
            .collect();
        if candidates.contains(&caller.key)
            || candidates.iter().any(|c| relatives.related(c, &caller.key))
        {
            return Err(Refusal::RelativeOfCandidate.into());
        }
        super::super::ssr::place_of(&store, &row, &place).await?;
        let contests = super::super::ssr::slate(&store, &row).await?;
        let roll = store.roll(&row.key).await?;
        let sheet = sheet(&form, &contests, &roll)?;
        sheet.check(&contests)?;
        let (_, _, handed_out) = store.participation_counts(&row.key).await?;
        let out = handed_out.get(&place).copied().unwrap_or(0);
        let mut entries: Vec<(String, TallySheet)> = store
            .sheet_entries(&row.key)
            .await?
            .into_iter()
            .filter(|e| e.place == place)
            .filter_map(|e| Some((e.officer, serde_json::from_str(&e.sheet).ok()?)))
            .collect();
        paper::may_enter(&entries, &caller.key, out)?;
        let json = serde_json::to_string(&sheet).map_err(|_| AppError::Internal)?;
        store
            .enter_sheet(&caller.community, &row.key, &place, &caller.key, &json)
            .await?;
        entries.retain(|(officer, _)| *officer != caller.key);
        entries.push((caller.key.clone(), sheet));
        let standing = paper::standing(&entries, out);
        if standing == paper::SheetStanding::Differ {
            return Err(Refusal::EntriesDiffer.into());
        }
        Ok(serde_json::to_value(&standing)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default())
    }

    pub async fn count_view(election: String) -> Result<ResultsView, AppError> {
        let caller = signed_in(Action::CountVotes).await?;
        let row = own_election(&caller, &election).await?;
        polls::may_see_count(row.phase())?;
        let community = store()?
            .community(&row.community)
            .await?
            .map(|c| c.name)
            .unwrap_or_default();
        let tally = tally(&store()?, &row).await?;
        Ok(results_view(&row, community, &tally))
    }

    /// The plan of a follow-up round: a week on, 08:00 to 18:00 local, the parent's places.
    fn next_plan(
        row: &crate::store::elections::ElectionRow,
        round: Round,
        seats: Seats,
        places: Vec<PollingPlace>,
    ) -> ElectionPlan {
        let day = today()
            .checked_add_days(chrono::Days::new(7))
            .unwrap_or_else(today);
        let at = |hour: u32| {
            crate::domain::clock::parse_minute(&format!("{day}T{hour:02}:00")).unwrap_or_default()
        };
        let suffix = match round {
            Round::TieBreak => "（再次投票）",
            _ => "（另行选举）",
        };
        ElectionPlan {
            title: format!("{}{suffix}", row.title),
            mode: row.mode(),
            seats,
            election_day: day,
            places,
            voting_opens: at(8),
            voting_closes: at(18),
        }
    }

    pub async fn publish_result(election: String) -> Result<String, AppError> {
        let caller = signed_in(Action::RunElection).await?;
        let row = own_election(&caller, &election).await?;
        publish_with(&store()?, &row, &caller.key).await
    }

    /// Publishes `row`'s result as `officer` (a person's key): the count, the rounds still
    /// needed, the notice. Shared by the server function and the demo's seeding.
    pub async fn publish_with(
        store: &crate::store::Store,
        row: &crate::store::elections::ElectionRow,
        officer: &str,
    ) -> Result<String, AppError> {
        if row.phase() == Phase::Published {
            return Err(Refusal::ResultsPublished.into());
        }
        polls::may_see_count(row.phase())?;
        let row = row.clone();
        let actor_key = format!("person:{officer}");
        let community = store
            .community(&row.community)
            .await?
            .map(|c| c.name)
            .unwrap_or_default();
        let tally = tally(store, &row).await?;
        if !tally.complete {
            return Err(Refusal::SheetsMissing.into());
        }
        let mut view = results_view(&row, community, &tally);
        // A next round runs under the rules this one was created with.
        let frozen = election_rules_with(store, &row).await?;
        // The rounds still needed, one election per kind of round.
        let candidates = store.candidates(&row.key).await?;
        let person_of = |key: &str| {
            candidates
                .iter()
                .find(|c| c.key == key)
                .map_or_else(|| key.to_owned(), |c| c.person.clone())
        };
        let places: Vec<PollingPlace> = store
            .polling_places(&row.key)
            .await?
            .into_iter()
            .map(|p| PollingPlace {
                name: p.name,
                roving: p.roving,
            })
            .collect();
        for round in [Round::TieBreak, Round::Runoff] {
            let mut seats = Seats {
                director: 0,
                deputies: 0,
                members: 0,
            };
            let mut standing = Vec::new();
            for office in &tally.outcome.offices {
                if let Some((needed, n, names)) = office.next_round()
                    && needed == round
                {
                    match office.office {
                        Office::Director => seats.director = n,
                        Office::DeputyDirector => seats.deputies = n,
                        Office::Member => seats.members = n,
                    }
                    standing.extend(
                        names
                            .iter()
                            .map(|k| (person_of(k), office.office.code().to_owned())),
                    );
                }
            }
            if seats.total() > 0 {
                let plan = next_plan(&row, round, seats, places.clone());
                let key = store
                    .create_next_round(
                        &row.community,
                        &row.key,
                        &plan,
                        round,
                        &frozen,
                        &standing,
                        today(),
                        &actor_key,
                    )
                    .await?;
                view.next_rounds
                    .push(format!("{}:{key}", round_code(round)));
            }
        }
        view.phase = Phase::Published.code().to_owned();
        let json = serde_json::to_string(&view).map_err(|_| AppError::Internal)?;
        let (title, body) = super::super::announcements::result(&row.title, &view);
        let input = NoticeInput {
            kind: NoticeKind::Election.code(),
            title: &title,
            body: &body,
            publish_at: None,
            ends_on: None,
        };
        let notice = NewNotice::parse(
            &input,
            &election_rules_with(store, &row).await?,
            chrono::Utc::now(),
        )
        .map_err(|errors| {
            tracing::error!(?errors, "the result notice did not pass the notice rules");
            AppError::Internal
        })?;
        Ok(store
            .publish_result(&row.community, &row.key, &json, &notice, &actor_key)
            .await?)
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use crate::store::elections::RollRow;

        fn voter(person: &str, name: &str, household: &str) -> RollRow {
            RollRow {
                person: person.into(),
                name: name.into(),
                gender: None,
                household: Some(household.into()),
                residents_group: None,
                struck: false,
            }
        }

        /// A box of 10 ballots, each "for" candidate c, with a write-in line for `name`.
        fn form(name: &str) -> SheetForm {
            let counts = [
                ("for-c", "10"),
                ("against-c", "0"),
                ("abstain-c", "0"),
                ("void-member", "0"),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
            SheetForm {
                election: "e".into(),
                place: "p".into(),
                ballots_in_box: "10".into(),
                void_ballots: "0".into(),
                blank_ballots: "0".into(),
                counts,
                write_in_name: [("member-0".to_owned(), name.to_owned())].into(),
                write_in_votes: [("member-0".to_owned(), "1".to_owned())].into(),
            }
        }

        #[test]
        fn issue16_item23_paper_write_ins_are_resolved_as_on_the_phone() {
            let contests = vec![Contest {
                office: Office::Member,
                seats: 2,
                candidates: vec!["c".into()],
            }];
            let roll = vec![
                voter("p1", "张伟", "9101"),
                voter("p2", "张伟", "9102"),
                voter("c", "候选人", "9103"),
            ];
            let refusal = |name: &str| match sheet(&form(name), &contests, &roll) {
                Err(AppError::Refused(refusal)) => Some(refusal),
                _ => None,
            };
            assert_eq!(
                refusal("张伟"),
                Some(Refusal::BadWriteIn),
                "never the first of two"
            );
            let resolved = sheet(&form("张伟 ９１０２"), &contests, &roll).expect("resolved");
            assert_eq!(resolved.sections[0].write_ins.get("p2"), Some(&1));
            assert_eq!(refusal("候选人"), Some(Refusal::WriteInIsCandidate));
        }
    }
}
