//! Test builders: the community and the elections a test needs, made through the store as the
//! register import, the role grants and an election committee make them, small and explicit
//! (issue 18, item 6). Tests do not borrow the production demo's content, which may change for
//! a newcomer's sake; the demo has its own test (`elections::the_demo_...`).

use app::domain::clock::{at_hour, local_day, today};
use app::domain::election::ballot::{Ballot, BallotInput, Contest, tracker_code};
use app::domain::election::candidacy::NominatedBy;
use app::domain::election::plan::{ElectionPlan, Mode, Office, PollingPlace, Round, Seats};
use app::domain::election::polls::TwoOfficerStep;
use app::domain::keys::{CommunityKey, ElectionKey, PersonKey, PlaceKey};
use app::domain::notice::{NewNotice, NoticeInput, NoticeKind};
use app::domain::registry::{NewCommunity, parse_register_csv};
use app::domain::roles::{Role, Term};
use app::domain::rules::CommunityRules;
use app::store::elections::ElectionList;
use app::store::{Acting, Store};
use chrono::{DateTime, Days, Utc};

/// Who the builders act as in the audit log.
const ACTOR: &str = "cli:test";

/// The grids a [`Town`] spreads its people over, and the one its grid worker looks after.
pub const GRIDS: [&str; 4] = ["第一网格", "第二网格", "第三网格", "第四网格"];

/// A community made for one test.
pub struct Town {
    pub key: CommunityKey,
    /// Everyone, in register order: the first `Role::ALL.len()` hold one role each, in
    /// `Role::ALL`'s order; the rest hold none.
    pub people: Vec<PersonKey>,
}

impl Town {
    /// A community called `name` (青山区) of `size` adults, at least one per role: households of
    /// two, women and men in turn, spread over [`GRIDS`] and two residents' groups per grid.
    /// The first hold one role each from today; the grid worker looks after [`GRIDS`]`[0]`.
    pub async fn build(store: &Store, name: &str, size: usize) -> Town {
        let size = size.max(Role::ALL.len() + 2);
        let new = NewCommunity::parse(name, "青山区", 2_400).expect("valid community");
        let key = store
            .create_community(&new, ACTOR)
            .await
            .expect("community")
            .key;
        let mut csv = String::from("姓名,出生日期,性别,户号,网格,居民小组,党员,类别\n");
        for n in 0..size {
            let gender = if n % 2 == 0 { "女" } else { "男" };
            let grid = GRIDS[n % GRIDS.len()];
            let group = n % (2 * GRIDS.len()) + 1;
            csv.push_str(&format!(
                "居民{n:03},1970-01-01,{gender},H{:03},{grid},{group}组,否,户籍\n",
                n / 2
            ));
        }
        let people = parse_register_csv(&csv, today()).expect("valid register");
        let acting = Acting::new(&key, ACTOR);
        let people = store.add_people(&acting, &people).await.expect("people");
        let term = Term::new(today(), None).expect("term");
        for (person, role) in people.iter().zip(Role::ALL) {
            store
                .grant_role(&acting, person, *role, term)
                .await
                .expect("grant");
        }
        let town = Town { key, people };
        store
            .assign_grid_worker(&acting, GRIDS[0], town.holder(Role::StationStaff), today())
            .await
            .expect("grid worker");
        town
    }

    /// The one person holding `role`.
    pub fn holder(&self, role: Role) -> &PersonKey {
        let at = Role::ALL.iter().position(|r| *r == role).expect("a role");
        &self.people[at]
    }

    /// Those holding no role.
    pub fn residents(&self) -> &[PersonKey] {
        &self.people[Role::ALL.len()..]
    }

    pub fn acting(&self) -> Acting {
        Acting::new(&self.key, ACTOR)
    }
}

/// An election a builder made.
pub struct Election {
    pub key: ElectionKey,
    pub places: Vec<PlaceKey>,
    /// Voters on its roll who hold no role and stand for nothing, in register order.
    pub voters: Vec<PersonKey>,
}

/// How to make an election: seats, candidates and voting window.
pub struct ElectionBuilder {
    seats: Seats,
    closes: Option<DateTime<Utc>>,
}

impl Default for ElectionBuilder {
    fn default() -> Self {
        Self {
            seats: Seats {
                director: 1,
                deputies: 1,
                members: 1,
            },
            closes: None,
        }
    }
}

impl ElectionBuilder {
    /// Its polls close at `closes` (UTC) rather than at the end of today.
    pub fn closing(mut self, closes: DateTime<Utc>) -> Self {
        self.closes = Some(closes);
        self
    }

    /// Prepared as a committee prepares one, polls open since an hour ago: every adult on the
    /// roll; the election committee member on the committee and, with the party secretary,
    /// at each of its two places (one roving); per office one candidate more than its seats,
    /// nominated by the party; roll and candidate list published.
    pub async fn open(self, store: &Store, town: &Town) -> Election {
        let day = today();
        let opens = Utc::now() - chrono::Duration::hours(1);
        let closes = self
            .closes
            .unwrap_or_else(|| at_hour(day, 23) + chrono::Duration::minutes(59));
        self.prepare(store, town, day, opens, closes).await
    }

    /// Held forty days ago: prepared as [`open`](Self::open) does, `ballots` of its voters
    /// voted by phone (for each office's first candidates), nothing on paper, the polls
    /// closed by two officers and the result published.
    pub async fn published(self, store: &Store, town: &Town, ballots: usize) -> Election {
        let day = today() - Days::new(40);
        let seats = self.seats;
        let election = self
            .prepare(store, town, day, at_hour(day, 8), at_hour(day, 18))
            .await;
        let contests = contests(store, &election.key, seats).await;
        for voter in election.voters.iter().take(ballots) {
            let marks = contests
                .iter()
                .flat_map(|contest| {
                    contest.candidates.iter().enumerate().map(|(n, candidate)| {
                        let mark = if n < usize::from(contest.seats) {
                            "for"
                        } else {
                            "against"
                        };
                        (candidate.clone(), mark.to_owned())
                    })
                })
                .collect();
            let ballot = Ballot::parse(
                &contests,
                &BallotInput {
                    marks,
                    write_ins: Vec::new(),
                },
                |_| None,
            )
            .expect("a valid ballot");
            store
                .cast_ballot(
                    &town.key,
                    &election.key,
                    voter,
                    None,
                    &serde_json::to_string(&ballot).expect("json"),
                    || tracker_code(rand::random()),
                )
                .await
                .expect("cast");
        }
        two_officer_step(store, town, &election.key, TwoOfficerStep::ClosePolls).await;
        app::api::elections::export::publish_result(
            store,
            &election.key,
            town.holder(Role::ElectionCommitteeMember),
        )
        .await
        .expect("published");
        election
    }

    async fn prepare(
        self,
        store: &Store,
        town: &Town,
        day: chrono::NaiveDate,
        opens: DateTime<Utc>,
        closes: DateTime<Utc>,
    ) -> Election {
        let plan = ElectionPlan {
            title: "居委会换届选举（测试）".into(),
            mode: Mode::AllVoters,
            seats: self.seats,
            election_day: day,
            places: vec![
                PollingPlace {
                    name: "活动中心".into(),
                    roving: false,
                },
                PollingPlace {
                    name: "流动票箱".into(),
                    roving: true,
                },
            ],
            voting_opens: opens,
            voting_closes: closes,
        };
        let acting = town.acting();
        let key = store
            .create_election(&acting, &plan, Round::Regular, &CommunityRules::default())
            .await
            .expect("election");
        store
            .write_roll(&acting, &key, &town.people)
            .await
            .expect("roll");
        let committee = town.holder(Role::ElectionCommitteeMember);
        store
            .add_committee_member(&acting, &key, committee)
            .await
            .expect("committee");
        let roll_day = local_day(Utc::now()).min(day - Days::new(25));
        store
            .publish_list(
                &acting,
                &key,
                ElectionList::Roll,
                roll_day,
                &notice("选民名单"),
            )
            .await
            .expect("roll published");
        let residents = town.residents();
        let mut standing = residents.iter();
        let mut candidates = Vec::new();
        for office in [Office::Director, Office::DeputyDirector, Office::Member] {
            for _ in 0..=self.seats.of(office) {
                let person = standing.next().expect("enough residents to stand");
                let nomination = store
                    .nominate(
                        &town.key,
                        &key,
                        person,
                        office,
                        NominatedBy::Party,
                        town.holder(Role::PartySecretary),
                        1,
                    )
                    .await
                    .expect("nominated");
                store
                    .list_candidate(&acting, &key, &nomination)
                    .await
                    .expect("listed");
                candidates.push(person.clone());
            }
        }
        store
            .publish_list(
                &acting,
                &key,
                ElectionList::Candidates,
                roll_day,
                &notice("正式候选人名单"),
            )
            .await
            .expect("candidates published");
        let places: Vec<PlaceKey> = store
            .polling_places(&key)
            .await
            .expect("places")
            .into_iter()
            .map(|place| place.key)
            .collect();
        for place in &places {
            for officer in [committee, town.holder(Role::PartySecretary)] {
                store
                    .assign_to_place(&acting, &key, place, officer)
                    .await
                    .expect("assigned");
            }
        }
        two_officer_step(store, town, &key, TwoOfficerStep::OpenPolls).await;
        Election {
            key,
            places,
            voters: residents
                .iter()
                .filter(|person| !candidates.contains(person))
                .cloned()
                .collect(),
        }
    }
}

/// The committee member asks for `step` and the party secretary, standing in, confirms it.
async fn two_officer_step(store: &Store, town: &Town, key: &ElectionKey, step: TwoOfficerStep) {
    let first = town.holder(Role::ElectionCommitteeMember);
    store
        .two_officer_step(&town.key, key, step, None, first, false)
        .await
        .expect("asked");
    store
        .two_officer_step(
            &town.key,
            key,
            step,
            Some(first),
            town.holder(Role::PartySecretary),
            true,
        )
        .await
        .expect("confirmed");
}

/// The election's contests, candidates in list order.
pub async fn contests(store: &Store, key: &ElectionKey, seats: Seats) -> Vec<Contest> {
    let candidates = store.candidates(key).await.expect("candidates");
    seats
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
        .collect()
}

fn notice(title: &str) -> NewNotice {
    NewNotice::parse(
        &NoticeInput {
            kind: NoticeKind::Election.code(),
            title,
            body: "请各位选民查看。",
            publish_at: None,
            ends_on: None,
        },
        &CommunityRules::default(),
        Utc::now(),
    )
    .expect("a valid notice")
}

/// An open evaluation round of `town`: the party secretary and the committee member rated by
/// the representatives, reports published, one question asked of the secretary. Answers the
/// round's key and the question's.
pub async fn open_round(
    store: &Store,
    town: &Town,
) -> (
    app::domain::keys::EvaluationKey,
    app::domain::keys::QuestionKey,
) {
    use app::domain::evaluation::grading::{EvaluationRules, GradingChoice};
    use app::domain::evaluation::round::{Raters, RoundPlan, SubjectPlan};
    use app::domain::evaluation::scale::Scale;
    let subjects = [
        (Role::PartySecretary, Scale::Satisfaction),
        (Role::CommitteeMember, Scale::Competence),
    ];
    let plan = RoundPlan {
        period: "2026年度".into(),
        subjects: subjects
            .iter()
            .map(|(role, scale)| SubjectPlan {
                person: town.holder(*role).clone(),
                posts: vec![*role],
                scale: *scale,
            })
            .collect(),
        raters: Raters::Representatives,
        opens_at: Utc::now() - chrono::Duration::minutes(1),
        closes_at: Utc::now() + chrono::Duration::hours(2),
        grading: GradingChoice::Thresholds,
    };
    let round = store
        .create_evaluation(&town.acting(), &plan, &EvaluationRules::default())
        .await
        .expect("round");
    for (role, _) in subjects {
        let notice = NewNotice {
            kind: NoticeKind::Evaluation,
            title: "述职报告".into(),
            body: "一年来……".into(),
            publish_at: Utc::now(),
            ends_on: None,
        };
        store
            .publish_report(&town.acting(), &round, town.holder(role), &notice, &[])
            .await
            .expect("report");
    }
    let raters = [
        town.holder(Role::ResidentRep).clone(),
        town.holder(Role::PartyMemberRep).clone(),
    ];
    store
        .open_evaluation(&town.acting(), &round, &raters)
        .await
        .expect("open");
    let question = store
        .ask_question(
            &town.key,
            &round,
            &raters[0],
            town.holder(Role::PartySecretary),
            "楼道灯什么时候修？",
        )
        .await
        .expect("question");
    (round, question)
}
