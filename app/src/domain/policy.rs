//! The one policy table: which roles, in force in the community concerned, may call which
//! server function. Deny by default: a function missing from the table is refused to everyone,
//! and every server function names its [`Action`] before doing anything else.

use super::roles::Role;

/// A server function, by what it does.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    serde::Serialize,
    serde::Deserialize,
    strum::VariantArray,
)]
pub enum Action {
    SetLanguage,
    SetTextSize,
    ViewInvitation,
    BeginEnrolment,
    FinishEnrolment,
    BeginSignIn,
    FinishSignIn,
    SignOut,
    /// End every session of one's own, on every device.
    SignOutEverywhere,
    ViewOwnAccount,
    AddPasskey,
    RemovePasskey,
    /// The staff office: staffing against the ratios, links to the registry's work.
    ViewStaffOffice,
    /// Search and read the registry's people.
    ListPeople,
    /// Preview and import a household-register extract.
    ImportPeople,
    /// Grant and end roles (which roles: `appointment`).
    ManageRoles,
    /// Issue enrolment invitations, one by one or as a printed sheet.
    IssueInvitation,
    /// Issue a recovery invitation to a person who lost their passkeys.
    IssueRecoveryInvitation,
    /// Read the community's audit log and check its chain.
    ViewAuditLog,
    /// Read the public notice board (no sign-in: L25 Art. 34 makes it public).
    ViewNotices,
    /// Draft, preview, publish, schedule and correct notices (which kinds: `notice`).
    PublishNotice,
    /// Read elections, their published lists, results and boards (public, L25 Art. 34).
    ViewElections,
    /// Prepare and run an election: plan, committee, roll, candidate list, the polls, results.
    RunElection,
    /// Nominate candidates for the community party organisation (L25 Art. 18).
    NominateForParty,
    /// A voter's part: the ballot, casting, proxies, endorsing, objecting (the roll decides
    /// whether they may; `domain::election`).
    TakePartInElection,
    /// Hand out paper ballots at a polling station.
    HandOutPaper,
    /// Enter a box's tally sheet and watch the count after the polls close.
    CountVotes,
    /// Read the numbers the community runs under (shown to everyone signed in).
    ViewCommunityRules,
    /// Change them, within what the law allows: the district sets provincial practice.
    SetCommunityRules,
    /// Read evaluation rounds, their reports, questions and, after the close, results (public,
    /// L25 Art. 34).
    ViewEvaluations,
    /// Plan, open and close an evaluation round, hand out paper forms, enter tallies, hide an
    /// abusive question (L25 Art. 37: the supervisory committee runs the evaluation).
    RunEvaluation,
    /// A subject's part: write their work report, answer questions (the round decides who is
    /// a subject).
    ReportInEvaluation,
    /// A rater's part: rate, ask questions (the round's frozen list decides who rates).
    RateInEvaluation,
}

/// Who may take an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not (display preferences, public pages).
    Anyone,
    /// Any signed-in person, whatever their roles.
    SignedIn,
    /// A signed-in person holding one of these roles in the community concerned.
    AnyOf(&'static [Role]),
}

/// Staff who run the registry day to day.
const REGISTRY_STAFF: &[Role] = Role::STAFF;

/// Registry staff and the supervisory committee, whose job is to watch them (L25 Art. 35).
const AUDIT_READERS: &[Role] = &[
    Role::PartySecretary,
    Role::CommitteeDirector,
    Role::DeputyDirector,
    Role::StationChief,
    Role::StationStaff,
    Role::DistrictAdmin,
    Role::SupervisoryCommitteeMember,
];

/// Everyone who publishes some kind of notice (`notice::publishers`).
const NOTICE_PUBLISHERS: &[Role] = &[
    Role::PartySecretary,
    Role::PartyCommitteeMember,
    Role::CommitteeDirector,
    Role::DeputyDirector,
    Role::StationChief,
    Role::StationStaff,
    Role::ElectionCommitteeMember,
    Role::DistrictAdmin,
];

/// Who runs elections: the election committee, with the party secretary who convenes it and
/// the district administrator who supervises (L25 Art. 15).
const ELECTION_OFFICERS: &[Role] = &[
    Role::ElectionCommitteeMember,
    Role::PartySecretary,
    Role::DistrictAdmin,
];

/// Who counts: the election committee and the scrutineers (EL Art. 43).
const COUNTERS: &[Role] = &[
    Role::ElectionCommitteeMember,
    Role::Scrutineer,
    Role::DistrictAdmin,
];

/// Who runs an evaluation round: the supervisory committee (L25 Art. 37), and the district
/// administrator who supervises. Not the party secretary or the committee's officers: they are
/// the ones rated.
const EVALUATION_OFFICERS: &[Role] = &[Role::SupervisoryCommitteeMember, Role::DistrictAdmin];

/// The table. Order does not matter; each action appears once (a test checks it).
pub const POLICY: &[(Action, Access)] = &[
    (Action::SetLanguage, Access::Anyone),
    (Action::SetTextSize, Access::Anyone),
    // The way in: holding the invitation code is the permission.
    (Action::ViewInvitation, Access::Anyone),
    (Action::BeginEnrolment, Access::Anyone),
    (Action::FinishEnrolment, Access::Anyone),
    (Action::BeginSignIn, Access::Anyone),
    (Action::FinishSignIn, Access::Anyone),
    (Action::SignOut, Access::SignedIn),
    (Action::SignOutEverywhere, Access::SignedIn),
    (Action::ViewOwnAccount, Access::SignedIn),
    (Action::AddPasskey, Access::SignedIn),
    (Action::RemovePasskey, Access::SignedIn),
    (Action::ViewStaffOffice, Access::AnyOf(REGISTRY_STAFF)),
    (Action::ListPeople, Access::AnyOf(REGISTRY_STAFF)),
    (Action::ImportPeople, Access::AnyOf(REGISTRY_STAFF)),
    // Which roles each may grant is narrowed further by `appointment`.
    (Action::ManageRoles, Access::AnyOf(REGISTRY_STAFF)),
    (Action::IssueInvitation, Access::AnyOf(REGISTRY_STAFF)),
    (
        Action::IssueRecoveryInvitation,
        // Not grid workers: recovering hands over a whole account (`appointment::check_recovery`).
        Access::AnyOf(super::appointment::APPOINTERS),
    ),
    (Action::ViewAuditLog, Access::AnyOf(AUDIT_READERS)),
    (Action::ViewNotices, Access::Anyone),
    (Action::PublishNotice, Access::AnyOf(NOTICE_PUBLISHERS)),
    (Action::ViewElections, Access::Anyone),
    (Action::RunElection, Access::AnyOf(ELECTION_OFFICERS)),
    (
        Action::NominateForParty,
        Access::AnyOf(&[Role::PartySecretary, Role::PartyCommitteeMember]),
    ),
    (Action::TakePartInElection, Access::SignedIn),
    (Action::HandOutPaper, Access::AnyOf(ELECTION_OFFICERS)),
    (Action::CountVotes, Access::AnyOf(COUNTERS)),
    (Action::ViewCommunityRules, Access::SignedIn),
    (
        Action::SetCommunityRules,
        Access::AnyOf(&[Role::DistrictAdmin]),
    ),
    (Action::ViewEvaluations, Access::Anyone),
    (Action::RunEvaluation, Access::AnyOf(EVALUATION_OFFICERS)),
    (Action::ReportInEvaluation, Access::SignedIn),
    (Action::RateInEvaluation, Access::SignedIn),
];

/// Every action, so tests can walk them all.
pub const ALL_ACTIONS: &[Action] = <Action as strum::VariantArray>::VARIANTS;

/// The actions `roles` allow a signed-in person, for their home page.
pub fn allowed_actions(roles: &[Role]) -> Vec<Action> {
    let caller = Caller::SignedIn { roles };
    ALL_ACTIONS
        .iter()
        .copied()
        .filter(|action| decide(*action, &caller) == Decision::Allow)
        .collect()
}

/// The caller as the policy sees them: not signed in, or signed in with the roles in force
/// in the community the action concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Caller<'a> {
    Anonymous,
    SignedIn { roles: &'a [Role] },
}

/// What the policy says about a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allow,
    /// Sign in first.
    Unauthenticated,
    /// Signed in, but no role allows it.
    Forbidden,
}

pub fn decide(action: Action, caller: &Caller<'_>) -> Decision {
    let Some((_, access)) = POLICY.iter().find(|(a, _)| *a == action) else {
        return match caller {
            Caller::Anonymous => Decision::Unauthenticated,
            Caller::SignedIn { .. } => Decision::Forbidden,
        };
    };
    match (access, caller) {
        (Access::Anyone, _) => Decision::Allow,
        (_, Caller::Anonymous) => Decision::Unauthenticated,
        (Access::SignedIn, Caller::SignedIn { .. }) => Decision::Allow,
        (Access::AnyOf(allowed), Caller::SignedIn { roles }) => {
            if roles.iter().any(|role| allowed.contains(role)) {
                Decision::Allow
            } else {
                Decision::Forbidden
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_is_in_the_table_exactly_once() {
        for action in ALL_ACTIONS {
            let rows = POLICY.iter().filter(|(a, _)| a == action).count();
            assert_eq!(rows, 1, "{action:?}");
        }
        assert_eq!(POLICY.len(), ALL_ACTIONS.len());
    }

    #[test]
    fn ones_own_account_needs_signing_in_whatever_the_role() {
        for action in [
            Action::SignOut,
            Action::SignOutEverywhere,
            Action::ViewOwnAccount,
            Action::AddPasskey,
            Action::RemovePasskey,
        ] {
            assert_eq!(
                decide(action, &Caller::Anonymous),
                Decision::Unauthenticated
            );
            for &role in Role::ALL {
                let roles = [role];
                assert_eq!(
                    decide(action, &Caller::SignedIn { roles: &roles }),
                    Decision::Allow
                );
            }
            assert_eq!(
                decide(action, &Caller::SignedIn { roles: &[] }),
                Decision::Allow
            );
        }
    }

    #[test]
    fn display_preferences_are_open_to_everyone() {
        for action in [Action::SetLanguage, Action::SetTextSize] {
            assert_eq!(decide(action, &Caller::Anonymous), Decision::Allow);
            for &role in Role::ALL {
                let roles = [role];
                assert_eq!(
                    decide(action, &Caller::SignedIn { roles: &roles }),
                    Decision::Allow
                );
            }
        }
    }

    #[test]
    fn review_only_appointers_recover_accounts() {
        for &role in Role::ALL {
            let expected = if super::super::appointment::APPOINTERS.contains(&role) {
                Decision::Allow
            } else {
                Decision::Forbidden
            };
            assert_eq!(
                decide(
                    Action::IssueRecoveryInvitation,
                    &Caller::SignedIn { roles: &[role] }
                ),
                expected,
                "{role:?}"
            );
        }
    }

    #[test]
    fn the_registry_is_for_staff_only() {
        for action in [
            Action::ViewStaffOffice,
            Action::ListPeople,
            Action::ImportPeople,
            Action::ManageRoles,
            Action::IssueInvitation,
        ] {
            assert_eq!(
                decide(action, &Caller::Anonymous),
                Decision::Unauthenticated
            );
            for &role in Role::ALL {
                let roles = [role];
                let expected = if role.is_staff() {
                    Decision::Allow
                } else {
                    Decision::Forbidden
                };
                assert_eq!(
                    decide(action, &Caller::SignedIn { roles: &roles }),
                    expected,
                    "{action:?} {role:?}"
                );
            }
        }
    }

    #[test]
    fn the_supervisory_committee_reads_the_audit_log_but_not_the_registry() {
        let roles = [Role::SupervisoryCommitteeMember];
        let caller = Caller::SignedIn { roles: &roles };
        assert_eq!(decide(Action::ViewAuditLog, &caller), Decision::Allow);
        assert_eq!(decide(Action::ListPeople, &caller), Decision::Forbidden);
        let resident = [Role::Resident];
        assert_eq!(
            decide(Action::ViewAuditLog, &Caller::SignedIn { roles: &resident }),
            Decision::Forbidden
        );
    }

    #[test]
    fn a_person_is_told_what_their_roles_allow() {
        let resident = allowed_actions(&[Role::Resident]);
        assert!(resident.contains(&Action::ViewOwnAccount));
        assert!(!resident.contains(&Action::ListPeople));
        let chief = allowed_actions(&[Role::StationChief]);
        assert!(chief.contains(&Action::ListPeople));
        assert!(chief.contains(&Action::ViewAuditLog));
    }

    #[test]
    fn whoever_publishes_some_kind_of_notice_may_reach_publishing() {
        use crate::domain::notice::{NoticeKind, publishers};
        for &kind in NoticeKind::ALL {
            for role in publishers(kind) {
                let roles = [*role];
                assert_eq!(
                    decide(Action::PublishNotice, &Caller::SignedIn { roles: &roles }),
                    Decision::Allow,
                    "{role:?} publishes {kind:?}"
                );
            }
        }
        assert_eq!(
            decide(Action::ViewNotices, &Caller::Anonymous),
            Decision::Allow
        );
    }
}
