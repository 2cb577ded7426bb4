//! The one policy table: which roles, in force in the community concerned, may call which
//! server function. Deny by default: a function missing from the table is refused to everyone,
//! and every server function names its [`Action`] before doing anything else.

use super::roles::Role;

/// A server function, by what it does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    SetLanguage,
    SetTextSize,
    ViewInvitation,
    BeginEnrolment,
    FinishEnrolment,
    BeginSignIn,
    FinishSignIn,
    SignOut,
    ViewOwnAccount,
    AddPasskey,
    RemovePasskey,
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
    (Action::ViewOwnAccount, Access::SignedIn),
    (Action::AddPasskey, Access::SignedIn),
    (Action::RemovePasskey, Access::SignedIn),
];

/// Every action, so tests can walk them all.
pub const ALL_ACTIONS: &[Action] = &[
    Action::SetLanguage,
    Action::SetTextSize,
    Action::ViewInvitation,
    Action::BeginEnrolment,
    Action::FinishEnrolment,
    Action::BeginSignIn,
    Action::FinishSignIn,
    Action::SignOut,
    Action::ViewOwnAccount,
    Action::AddPasskey,
    Action::RemovePasskey,
];

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
            Action::ViewOwnAccount,
            Action::AddPasskey,
            Action::RemovePasskey,
        ] {
            assert_eq!(
                decide(action, &Caller::Anonymous),
                Decision::Unauthenticated
            );
            for role in Role::ALL {
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
            for role in Role::ALL {
                let roles = [role];
                assert_eq!(
                    decide(action, &Caller::SignedIn { roles: &roles }),
                    Decision::Allow
                );
            }
        }
    }
}
