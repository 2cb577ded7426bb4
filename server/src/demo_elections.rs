//! The demo's two elections, so a newcomer sees both ends of the pillar: one finished, with
//! ballots cast by phone and on paper, both boxes counted and the result published; and one
//! whose polls are open now, ready for the demo's voters. Both are seeded through the store as
//! history would be (roll and list published weeks ago), which the calendar would not let an
//! officer do today.

use app::domain::clock::local_day;
use app::domain::election::ballot::{Ballot, BallotInput, Contest, tracker_code};
use app::domain::election::paper::{Counts, SheetSection, TallySheet};
use app::domain::election::plan::{ElectionPlan, Mode, Office, PollingPlace, Round, Seats};
use app::domain::election::polls::TwoOfficerStep;
use app::domain::election::roll::{self, Application, Resident};
use app::domain::keys::{CommunityKey, ElectionKey, PersonKey};
use app::domain::notice::{NewNotice, NoticeInput, NoticeKind};
use app::domain::registry::Gender;
use app::domain::roles::Role;
use app::domain::rules::CommunityRules;
use app::store::Store;
use app::store::elections::ElectionList;
use chrono::{DateTime, Days, NaiveDate, Utc};
use std::collections::BTreeMap;

/// The keys of what was seeded.
pub struct Seeded {
    pub finished: ElectionKey,
    pub open: ElectionKey,
    /// Voters on the open election's roll who hold no office and stand for nothing.
    pub voters: Vec<PersonKey>,
}

/// The seats of both demo elections.
const SEATS: Seats = Seats {
    director: 1,
    deputies: 2,
    members: 2,
};

/// `n` filled-in ballots for an election [`seed`] made, as the store keeps them (JSON): what
/// the benchmarks cast straight through the store and count.
pub async fn sample_ballots(
    store: &Store,
    election: &ElectionKey,
    n: usize,
) -> anyhow::Result<Vec<String>> {
    let contests = contests(store, election, SEATS).await?;
    let mut random = Lcg(u64::try_from(n)?);
    (0..n)
        .map(|_| Ok(serde_json::to_string(&ballot(&contests, &mut random)?)?))
        .collect()
}

/// The officers the seeding acts as: an election committee member, the party secretary (the
/// second officer of each two-officer step) and a scrutineer (the second sheet entry).
struct Officers {
    committee: PersonKey,
    secretary: PersonKey,
    scrutineer: PersonKey,
}

/// A small deterministic generator, so the demo's count is the same on every machine.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n.max(1)
    }
}

fn notice((title, body): (String, String)) -> anyhow::Result<NewNotice> {
    NewNotice::parse(
        &NoticeInput {
            kind: NoticeKind::Election.code(),
            title: &title,
            body: &body,
            publish_at: None,
            ends_on: None,
        },
        &CommunityRules::default(),
        Utc::now(),
    )
    .map_err(|errors| anyhow::anyhow!("a demo notice is invalid: {errors:?}"))
}

/// Local `hour:00` on `day` as a moment.
fn at(day: NaiveDate, hour: u32) -> DateTime<Utc> {
    app::domain::clock::at_hour(day, hour)
}

async fn holder(store: &Store, community: &CommunityKey, role: Role) -> anyhow::Result<PersonKey> {
    store
        .role_holders(community, role)
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| anyhow::anyhow!("the demo has no {}", role.code()))
}

/// Creates an election with its roll, committee and candidate list published, polls open.
async fn prepare(
    store: &Store,
    community: &CommunityKey,
    plan: &ElectionPlan,
    officers: &Officers,
    exclude: &[PersonKey],
    actor: &str,
) -> anyhow::Result<ElectionKey> {
    let key = store
        .create_election(
            &app::store::Acting::new(community, actor),
            plan,
            Round::Regular,
            &store.community_rules(community).await?,
        )
        .await?;
    let today = local_day(Utc::now());
    let residents: Vec<Resident<PersonKey>> = store
        .roll_residents(community, &key, today)
        .await?
        .into_iter()
        .map(|p| Resident {
            birth_date: p.birth_date,
            category: p.category,
            // The demo's permanent residents and workers all applied in time.
            application: Application::Confirmed {
                serving_since: NaiveDate::from_ymd_opt(2020, 1, 1).unwrap_or_default(),
            },
            household: p.household,
            household_rep: false,
            resident_rep: false,
            key: p.key,
        })
        .collect();
    let draft = roll::draft(
        plan.mode,
        &residents,
        plan.election_day,
        &CommunityRules::default(),
    );
    store
        .write_roll(
            &app::store::Acting::new(community, actor),
            &key,
            &draft.voters,
        )
        .await?;
    store
        .add_committee_member(
            &app::store::Acting::new(community, actor),
            &key,
            &officers.committee,
        )
        .await?;
    let roll_day = plan.election_day - Days::new(25);
    store
        .publish_list(
            &app::store::Acting::new(community, actor),
            &key,
            ElectionList::Roll,
            roll_day,
            &notice(app::api::elections::announcements::roll(
                &plan.title,
                &key,
                u64::try_from(draft.voters.len())?,
                roll_day + Days::new(u64::from(CommunityRules::default().objection_days)),
            ))?,
        )
        .await?;
    // Candidates: voters who hold no office, women and men, more than the seats everywhere.
    let roll = store.roll(&key).await?;
    let free: Vec<_> = roll
        .iter()
        .filter(|r| !exclude.contains(&r.person))
        .collect();
    let women: Vec<&PersonKey> = free
        .iter()
        .filter(|r| r.gender == Some(Gender::Female))
        .map(|r| &r.person)
        .collect();
    let men: Vec<&PersonKey> = free
        .iter()
        .filter(|r| r.gender == Some(Gender::Male))
        .map(|r| &r.person)
        .collect();
    let slate = [
        (Office::Director, women[0]),
        (Office::Director, men[0]),
        (Office::DeputyDirector, men[1]),
        (Office::DeputyDirector, women[1]),
        (Office::DeputyDirector, men[2]),
        (Office::Member, women[2]),
        (Office::Member, men[3]),
        (Office::Member, women[3]),
    ];
    for (office, person) in slate {
        let nomination = store
            .nominate(
                community,
                &key,
                person,
                office,
                app::domain::election::candidacy::NominatedBy::Party,
                &officers.secretary,
                1,
            )
            .await?;
        let candidate = store
            .list_candidate(
                &app::store::Acting::new(community, actor),
                &key,
                &nomination,
            )
            .await?;
        store
            .describe_candidate(
                &app::store::Acting::new(community, actor),
                &key,
                &candidate,
                "在社区工作多年，熟悉居民情况，愿意为大家服务。",
                None,
            )
            .await?;
    }
    let listed = store.candidates(&key).await?;
    let lists: Vec<(Office, u8, Vec<String>)> =
        [Office::Director, Office::DeputyDirector, Office::Member]
            .into_iter()
            .map(|office| {
                let names = listed
                    .iter()
                    .filter(|c| c.office == office)
                    .map(|c| c.name.clone())
                    .collect();
                (office, plan.seats.of(office), names)
            })
            .collect();
    store
        .publish_list(
            &app::store::Acting::new(community, actor),
            &key,
            ElectionList::Candidates,
            plan.election_day - Days::new(6),
            &notice(app::api::elections::announcements::candidates(
                &plan.title,
                &key,
                &lists,
            ))?,
        )
        .await?;
    for first in [None, Some(&officers.committee)] {
        let officer = if first.is_none() {
            &officers.committee
        } else {
            &officers.secretary
        };
        store
            .two_officer_step(
                community,
                &key,
                TwoOfficerStep::OpenPolls,
                first,
                officer,
                first.is_some(),
            )
            .await?;
    }
    Ok(key)
}

async fn contests(store: &Store, key: &ElectionKey, seats: Seats) -> anyhow::Result<Vec<Contest>> {
    let candidates = store.candidates(key).await?;
    Ok(seats
        .offices()
        .map(|office| Contest {
            office,
            seats: seats.of(office),
            candidates: candidates
                .iter()
                .filter(|c| c.office == office)
                .map(|c| c.key.clone())
                .collect(),
        })
        .collect())
}

/// A ballot leaning to each office's first candidates, now and then blank or over-marked.
fn ballot(contests: &[Contest], random: &mut Lcg) -> anyhow::Result<Ballot> {
    let mut marks = Vec::new();
    let spoil = random.below(30) == 0;
    let blank = random.below(40) == 0;
    for contest in contests {
        let mut fors = 0;
        for (rank, candidate) in contest.candidates.iter().enumerate() {
            let lean = 75 - 20 * u64::try_from(rank).unwrap_or(3);
            let roll = random.below(100);
            let mark = if blank {
                "abstain"
            } else if spoil || (roll < lean && fors < contest.seats) {
                fors += 1;
                "for"
            } else if roll < 90 {
                "against"
            } else {
                "abstain"
            };
            marks.push((candidate.clone(), mark.to_owned()));
        }
    }
    Ok(Ballot::parse(
        contests,
        &BallotInput {
            marks,
            write_ins: Vec::new(),
        },
        |_| None,
    )?)
}

/// A box's sheet that adds up: `read` ballots read, every candidate's marks summing to them.
fn sheet(contests: &[Contest], in_box: u64) -> TallySheet {
    let read = in_box - 1;
    TallySheet {
        ballots_in_box: in_box,
        void_ballots: 1,
        blank_ballots: 1,
        sections: contests
            .iter()
            .map(|contest| {
                let n = u64::try_from(contest.candidates.len()).unwrap_or(1).max(1);
                let share = read * u64::from(contest.seats) / n;
                SheetSection {
                    blank_sections: 0,
                    office: contest.office,
                    candidates: contest
                        .candidates
                        .iter()
                        .enumerate()
                        .map(|(rank, key)| {
                            let for_ = share
                                .saturating_sub(u64::try_from(rank).unwrap_or(0))
                                .min(read);
                            let against = (read - for_) / 2;
                            (
                                key.clone(),
                                Counts {
                                    for_,
                                    against,
                                    abstain: read - for_ - against,
                                },
                            )
                        })
                        .collect::<BTreeMap<_, _>>(),
                    write_ins: BTreeMap::new(),
                    void_sections: 0,
                }
            })
            .collect(),
    }
}

/// Seeds both elections, unless the community already has elections.
/// Puts the demo's election committee member and party secretary at every polling place.
async fn assign_stations(
    store: &Store,
    community: &CommunityKey,
    election: &ElectionKey,
    officers: &Officers,
    actor: &str,
) -> anyhow::Result<()> {
    for place in store.polling_places(election).await? {
        for officer in [&officers.committee, &officers.secretary] {
            store
                .assign_to_place(
                    &app::store::Acting::new(community, actor),
                    election,
                    &place.key,
                    officer,
                )
                .await?;
        }
    }
    Ok(())
}

/// Seeds the demo's elections: one finished forty days ago, and one whose polls are open from
/// an hour ago until the end of the local day. Nothing when the community has elections.
pub async fn seed(
    store: &Store,
    community: &CommunityKey,
    actor: &str,
) -> anyhow::Result<Option<Seeded>> {
    seed_closing(store, community, actor, None).await
}

/// As [`seed`], with the open election's voting window ending at `polls_close` (UTC) when
/// given, so a rehearsal or a browser test can close its polls without waiting for midnight.
pub async fn seed_closing(
    store: &Store,
    community: &CommunityKey,
    actor: &str,
    polls_close: Option<DateTime<Utc>>,
) -> anyhow::Result<Option<Seeded>> {
    if !store.elections(Some(community)).await?.is_empty() {
        return Ok(None);
    }
    let officers = Officers {
        committee: holder(store, community, Role::ElectionCommitteeMember).await?,
        secretary: holder(store, community, Role::PartySecretary).await?,
        scrutineer: holder(store, community, Role::Scrutineer).await?,
    };
    let mut office_holders = Vec::new();
    for &role in Role::ALL {
        office_holders.extend(store.role_holders(community, role).await?);
    }
    let today = local_day(Utc::now());
    let seats = SEATS;
    let places = vec![
        PollingPlace {
            name: "社区活动中心投票站".into(),
            roving: false,
        },
        PollingPlace {
            // The roving box visits those who cannot come; its name says where it goes, the
            // page adds that it is a roving box.
            name: "老年公寓及行动不便居民".into(),
            roving: true,
        },
    ];
    // The finished election, forty days ago.
    let past = today - Days::new(40);
    let finished_plan = ElectionPlan {
        title: "示例社区居委会换届选举（演示）".into(),
        mode: Mode::AllVoters,
        seats,
        election_day: past,
        places: places.clone(),
        voting_opens: at(past, 8),
        voting_closes: at(past, 18),
    };
    let finished = prepare(
        store,
        community,
        &finished_plan,
        &officers,
        &office_holders,
        actor,
    )
    .await?;
    let contests_then = contests(store, &finished, seats).await?;
    let roll = store.roll(&finished).await?;
    let mut random = Lcg(2027);
    let online = roll.len() * 3 / 5;
    for entry in &roll[..online] {
        let content = serde_json::to_string(&ballot(&contests_then, &mut random)?)?;
        store
            .cast_ballot(community, &finished, &entry.person, None, &content, || {
                tracker_code(rand::random())
            })
            .await?;
    }
    assign_stations(store, community, &finished, &officers, actor).await?;
    let station = store.polling_places(&finished).await?[0].key.clone();
    let paper = 20.min(roll.len() - online);
    for entry in &roll[online..online + paper] {
        store
            .hand_out_paper(
                community,
                &finished,
                &entry.person,
                &station,
                &officers.committee,
            )
            .await?;
    }
    for first in [None, Some(&officers.committee)] {
        let officer = if first.is_none() {
            &officers.committee
        } else {
            &officers.secretary
        };
        store
            .two_officer_step(
                community,
                &finished,
                TwoOfficerStep::ClosePolls,
                first,
                officer,
                first.is_some(),
            )
            .await?;
    }
    let counted = serde_json::to_string(&sheet(&contests_then, u64::try_from(paper)?))?;
    for officer in [&officers.committee, &officers.scrutineer] {
        store
            .enter_sheet(community, &finished, &station, officer, &counted)
            .await?;
    }
    app::api::elections::export::publish_result(store, &finished, &officers.committee)
        .await
        .map_err(|error| anyhow::anyhow!("cannot publish the demo result: {error}"))?;
    // The election whose polls are open now, until the end of the local day.
    let open_plan = ElectionPlan {
        title: "示例社区居委会补选（演示，正在投票）".into(),
        mode: Mode::AllVoters,
        seats,
        election_day: today,
        places,
        voting_opens: Utc::now() - chrono::Duration::hours(1),
        voting_closes: polls_close.unwrap_or_else(|| at(today, 23) + chrono::Duration::minutes(59)),
    };
    let open = prepare(
        store,
        community,
        &open_plan,
        &officers,
        &office_holders,
        actor,
    )
    .await?;
    assign_stations(store, community, &open, &officers, actor).await?;
    let candidates: Vec<PersonKey> = store
        .candidates(&open)
        .await?
        .into_iter()
        .map(|c| c.person)
        .collect();
    let voters = store
        .roll(&open)
        .await?
        .into_iter()
        .map(|r| r.person)
        .filter(|p| !office_holders.contains(p) && !candidates.contains(p))
        .collect();
    Ok(Some(Seeded {
        finished,
        open,
        voters,
    }))
}
