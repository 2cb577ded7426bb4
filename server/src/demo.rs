//! `gongshang demo`: a realistic demo community to try every role on a laptop: 青山区 示例社区
//! with 2,400 households, six grids, twelve residents' groups, a few hundred residents with
//! Chinese names, an officer for every role, one finished election and one whose polls are open
//! (`demo_elections`). It prints one invitation link per role and per demo voter.
//! Running it again adds nobody: it finds the community and only prints fresh invitations
//! (invitation codes are stored hashed, so old ones cannot be shown again).

use crate::cli::DbArgs;
use app::domain::invitation::InvitationKind;
use app::domain::registry::{Category, Gender, NewCommunity, NewPerson};
use app::domain::roles::{Role, Term};
use app::store::Store;
use app::store::invitations::InvitationRequest;
use chrono::NaiveDate;

const DISTRICT: &str = "青山区";
const NAME: &str = "示例社区";
const HOUSEHOLDS: u32 = 2_400;
const GRIDS: usize = 6;
const RESIDENTS: usize = 360;

const SURNAMES: [&str; 20] = [
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林",
    "何", "郭", "马", "罗",
];
const GIVEN: [&str; 40] = [
    "秀英", "桂英", "秀兰", "玉兰", "建华", "建国", "志强", "伟", "芳", "娜", "敏", "静", "丽",
    "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "霞", "平", "刚", "辉", "鹏",
    "华", "红", "玲", "波", "斌", "宇", "浩", "凯", "文", "欣", "婷",
];
const NUMERALS: [&str; 12] = [
    "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二",
];

/// A small deterministic generator: the demo looks the same on every machine.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % below.max(1)
    }
}

/// The residents of the demo community, adults first so officers are grown-ups.
pub fn residents() -> Vec<NewPerson> {
    residents_of(RESIDENTS)
}

/// `count` residents made the demo's way (the benchmarks want more of them).
pub fn residents_of(count: usize) -> Vec<NewPerson> {
    let mut random = Lcg(2026);
    (0..count)
        .map(|i| {
            let grid = i % GRIDS;
            let group = grid * 2 + random.next(2);
            let age = if i < count * 9 / 10 {
                20 + random.next(66)
            } else {
                2 + random.next(16)
            };
            let birth_year = 2026 - i32::try_from(age).unwrap_or(40);
            let month = u32::try_from(1 + random.next(12)).unwrap_or(1);
            let day = u32::try_from(1 + random.next(28)).unwrap_or(1);
            let category = match random.next(20) {
                0 | 1 => Category::Permanent,
                2 => Category::Worker,
                _ => Category::Registered,
            };
            NewPerson {
                name: format!(
                    "{}{}",
                    SURNAMES[random.next(SURNAMES.len())],
                    GIVEN[random.next(GIVEN.len())]
                ),
                birth_date: NaiveDate::from_ymd_opt(birth_year, month, day)
                    .unwrap_or(NaiveDate::MIN),
                gender: if random.next(2) == 0 {
                    Gender::Female
                } else {
                    Gender::Male
                },
                household: format!("H{:04}", i * 2 / 5 + 1),
                grid: format!("第{}网格", NUMERALS[grid]),
                residents_group: format!("第{}居民小组", NUMERALS[group % NUMERALS.len()]),
                party_member: random.next(7) == 0,
                category,
            }
        })
        .collect()
}

/// The demo community with `count` residents and an officer for each role, created unless it
/// is there already. Answers its key.
pub async fn community_with(
    store: &Store,
    count: usize,
    actor: &str,
) -> anyhow::Result<app::domain::keys::CommunityKey> {
    community_named_with(store, NAME, count, actor).await
}

/// Like [`community_with`], under another name in the same district: a second community for
/// the tests that check one community never reaches into another.
pub async fn community_named_with(
    store: &Store,
    name: &str,
    count: usize,
    actor: &str,
) -> anyhow::Result<app::domain::keys::CommunityKey> {
    let community = match store.community_named(DISTRICT, name).await? {
        Some(community) => {
            println!(
                "found the demo community {} {} ({})",
                DISTRICT, name, community.key
            );
            community
        }
        None => {
            let new = NewCommunity::parse(name, DISTRICT, HOUSEHOLDS)
                .map_err(|e| anyhow::anyhow!("{}: {}", e.field, e.problem.code()))?;
            let created = store.create_community(&new, actor).await?;
            println!(
                "created the demo community {} {} ({})",
                DISTRICT, name, created.key
            );
            created
        }
    };
    if store.people_count(&community.key).await? == 0 {
        let people = residents_of(count);
        let keys = store
            .add_people(&app::store::Acting::new(&community.key, actor), &people)
            .await?;
        let term_start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or(NaiveDate::MIN);
        let term_end = NaiveDate::from_ymd_opt(2030, 12, 31);
        let term = Term::new(term_start, term_end)?;
        for (role, person) in Role::ALL.iter().zip(&keys) {
            store
                .grant_role(
                    &app::store::Acting::new(&community.key, actor),
                    person,
                    *role,
                    term,
                )
                .await?;
        }
        // More grid workers, one short of a grid each, so the staffing dashboard has
        // something to say.
        let extra: Vec<_> = keys.iter().skip(Role::ALL.len()).take(GRIDS - 2).collect();
        for person in &extra {
            store
                .grant_role(
                    &app::store::Acting::new(&community.key, actor),
                    person,
                    Role::StationStaff,
                    term,
                )
                .await?;
        }
        // Each grid worker looks after a grid; the last grid waits for one.
        let first_worker = Role::ALL
            .iter()
            .position(|r| *r == Role::StationStaff)
            .and_then(|i| keys.get(i));
        let today = app::domain::clock::today();
        for (grid, person) in first_worker.into_iter().chain(extra).enumerate() {
            let name = format!("第{}网格", NUMERALS[grid]);
            store
                .assign_grid_worker(
                    &app::store::Acting::new(&community.key, actor),
                    &name,
                    person,
                    today,
                )
                .await?;
        }
        println!(
            "added {} residents, an officer for each of {} roles and {} grid workers",
            keys.len(),
            Role::ALL.len(),
            GRIDS - 1
        );
    } else {
        println!("residents already there: nothing added");
    }
    Ok(community.key)
}

/// Seeds the demo community and its elections (the open one's polls closing at `polls_close`,
/// UTC, or at the end of the local day) and prints an invitation link per role and voter.
pub async fn run(
    store: &Store,
    public_url: &url::Url,
    actor: &str,
    polls_close: Option<chrono::DateTime<chrono::Utc>>,
) -> anyhow::Result<()> {
    let community = community_with(store, RESIDENTS, actor).await?;
    let elections =
        crate::demo_elections::seed_closing(store, &community, actor, polls_close).await?;
    if let Some(seeded) = &elections {
        println!("finished election: {}", seeded.finished);
        println!("open election: {}", seeded.open);
    }
    crate::demo_evaluations::seed(store, &community, actor).await?;
    println!();
    for &role in Role::ALL {
        let Some(person) = store
            .role_holders(&community, role)
            .await?
            .into_iter()
            .next()
        else {
            continue;
        };
        let issued = store
            .issue_invitation(
                &InvitationRequest {
                    community: &community,
                    person: Some(&person),
                    roles: &[],
                    kind: InvitationKind::Enrolment,
                    validity_days: app::domain::invitation::DEFAULT_VALIDITY_DAYS,
                    may_carry: app::domain::roles::Role::ALL,
                },
                actor,
            )
            .await?;
        let link = public_url.join(&format!("join/{}", issued.code))?;
        println!("{:<30} {link}", role.code());
    }
    // Voters of the open election, to cast a ballot as a resident would.
    if let Some(seeded) = elections {
        for (n, person) in seeded.voters.iter().take(VOTER_INVITATIONS).enumerate() {
            let issued = store
                .issue_invitation(
                    &InvitationRequest {
                        community: &community,
                        person: Some(person),
                        roles: &[],
                        kind: InvitationKind::Enrolment,
                        validity_days: app::domain::invitation::DEFAULT_VALIDITY_DAYS,
                        may_carry: app::domain::roles::Role::ALL,
                    },
                    actor,
                )
                .await?;
            let link = public_url.join(&format!("join/{}", issued.code))?;
            println!("{:<30} {link}", format!("voter_{}", n + 1));
        }
    }
    Ok(())
}

/// Invitations printed for voters of the open election.
const VOTER_INVITATIONS: usize = 6;

/// Opens the store named by `db` and seeds it; the open election's polls close
/// `polls_close_in` minutes from now when given.
pub async fn command(
    db: &DbArgs,
    public_url: &url::Url,
    polls_close_in: Option<u32>,
) -> anyhow::Result<()> {
    let store = crate::commands::open(db).await?;
    let polls_close = polls_close_in
        .map(|minutes| chrono::Utc::now() + chrono::Duration::minutes(i64::from(minutes)));
    run(
        &store,
        public_url,
        &crate::commands::cli_actor(),
        polls_close,
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Datelike;

    #[test]
    fn the_demo_residents_are_valid_and_the_same_every_time() {
        let people = residents();
        assert_eq!(people.len(), RESIDENTS);
        assert_eq!(people, residents());
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).expect("date");
        for person in &people {
            assert!(
                person.birth_date < today && person.birth_date.year_ce().1 > 1900,
                "{person:?}"
            );
            assert!(!person.name.is_empty());
        }
        let adults = people
            .iter()
            .take(Role::ALL.len())
            .all(|p| p.birth_date.year_ce().1 <= 2008);
        assert!(adults, "officers are adults");
    }

    #[tokio::test]
    async fn running_the_demo_twice_adds_nobody_twice() {
        let store = Store::open("mem://").await.expect("store");
        let url: url::Url = "http://localhost:3000".parse().expect("url");
        run(&store, &url, "cli:test", None)
            .await
            .expect("first run");
        run(&store, &url, "cli:test", None)
            .await
            .expect("second run");
        let communities = store.communities().await.expect("list");
        assert_eq!(communities.len(), 1);
        let key = &communities[0].key;
        assert_eq!(
            store.people_count(key).await.expect("count"),
            RESIDENTS as i64
        );
        for &role in Role::ALL {
            let expected = match role {
                Role::StationStaff => GRIDS - 1,
                // The evaluation rounds' raters (`demo_evaluations`).
                Role::ResidentRep => 1 + crate::demo_evaluations::EXTRA_REPRESENTATIVES,
                _ => 1,
            };
            assert_eq!(
                store.role_holders(key, role).await.expect("holders").len(),
                expected,
                "{role:?}"
            );
        }
        assert_eq!(
            store.evaluations(key).await.expect("rounds").len(),
            3,
            "two closed rounds and an open one, once"
        );
        let workers = store.grid_workers(key).await.expect("workers");
        assert_eq!(
            workers.len(),
            GRIDS - 1,
            "every grid but the last has its worker"
        );
    }
}
