//! Staffing against the community's ratios: one grid worker per grid of about 400 households,
//! and one director or deputy director per 800 households (`CommunityRules`). The staff
//! dashboard shows where the community stands and which grids have outgrown their size.

use super::rules::CommunityRules;
use serde::{Deserialize, Serialize};

/// One ratio: how many the community needs and how many it has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ratio {
    pub needed: u32,
    pub have: u32,
}

impl Ratio {
    /// How many are missing (0 when the community has enough).
    pub fn shortfall(&self) -> u32 {
        self.needed.saturating_sub(self.have)
    }
}

/// A grid as the registry knows it: its name, the households registered in it, and the name
/// of its grid worker if one is assigned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GridLoad {
    pub grid: String,
    pub households: u32,
    pub worker: Option<String>,
}

/// A grid and what is wrong with it, if anything.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GridStatus {
    pub load: GridLoad,
    /// More households than a grid should hold.
    pub too_big: bool,
    /// No grid worker assigned.
    pub unstaffed: bool,
}

/// Where a community stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Staffing {
    pub households: u32,
    pub grid_workers: Ratio,
    /// Directors and deputy directors of the residents' committee.
    pub directors_and_deputies: Ratio,
    /// Grids in the registry, largest first.
    pub grids: Vec<GridStatus>,
}

/// Computes the staffing of a community of `households` with the officers it has in force.
pub fn staffing(
    rules: &CommunityRules,
    households: u32,
    grid_workers: u32,
    directors_and_deputies: u32,
    mut grids: Vec<GridLoad>,
) -> Staffing {
    grids.sort_by(|a, b| b.households.cmp(&a.households).then(a.grid.cmp(&b.grid)));
    Staffing {
        households,
        grid_workers: Ratio {
            needed: households.div_ceil(rules.households_per_grid.max(1)),
            have: grid_workers,
        },
        directors_and_deputies: Ratio {
            needed: rules.suggested_directors_and_deputies(households),
            have: directors_and_deputies,
        },
        grids: grids
            .into_iter()
            .map(|load| GridStatus {
                too_big: load.households > rules.households_per_grid,
                unstaffed: load.worker.is_none(),
                load,
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(name: &str, households: u32) -> GridLoad {
        GridLoad {
            grid: name.to_owned(),
            households,
            worker: Some("网格员".to_owned()),
        }
    }

    #[test]
    fn one_grid_worker_per_400_households() {
        let s = staffing(&CommunityRules::default(), 2_400, 4, 3, vec![]);
        assert_eq!(s.grid_workers, Ratio { needed: 6, have: 4 });
        assert_eq!(s.grid_workers.shortfall(), 2);
        let s = staffing(&CommunityRules::default(), 2_401, 7, 3, vec![]);
        assert_eq!(s.grid_workers.needed, 7);
        assert_eq!(s.grid_workers.shortfall(), 0);
    }

    #[test]
    fn one_director_or_deputy_per_800_households() {
        let s = staffing(&CommunityRules::default(), 2_400, 6, 2, vec![]);
        assert_eq!(s.directors_and_deputies, Ratio { needed: 3, have: 2 });
        assert_eq!(s.directors_and_deputies.shortfall(), 1);
        let small = staffing(&CommunityRules::default(), 300, 1, 1, vec![]);
        assert_eq!(small.directors_and_deputies.needed, 1);
    }

    #[test]
    fn a_grid_over_400_households_is_flagged_and_the_largest_comes_first() {
        let s = staffing(
            &CommunityRules::default(),
            1_000,
            3,
            2,
            vec![
                grid("第二网格", 380),
                grid("第一网格", 420),
                grid("第三网格", 400),
            ],
        );
        let flags: Vec<_> = s
            .grids
            .iter()
            .map(|g| (g.load.grid.as_str(), g.too_big))
            .collect();
        assert_eq!(
            flags,
            [("第一网格", true), ("第三网格", false), ("第二网格", false)]
        );
    }

    #[test]
    fn the_ratios_follow_the_community_rules() {
        let rules = CommunityRules {
            households_per_grid: 300,
            households_per_director_or_deputy: 600,
            ..CommunityRules::default()
        };
        let s = staffing(&rules, 1_200, 0, 0, vec![]);
        assert_eq!(s.grid_workers.needed, 4);
        assert_eq!(s.directors_and_deputies.needed, 2);
    }

    #[test]
    fn every_grid_has_a_grid_worker_or_is_flagged() {
        let mut unstaffed = grid("第四网格", 350);
        unstaffed.worker = None;
        let s = staffing(
            &CommunityRules::default(),
            700,
            1,
            1,
            vec![grid("第三网格", 350), unstaffed],
        );
        let flags: Vec<_> = s
            .grids
            .iter()
            .map(|g| (g.load.grid.as_str(), g.unstaffed))
            .collect();
        assert_eq!(flags, [("第三网格", false), ("第四网格", true)]);
    }
}
