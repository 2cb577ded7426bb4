//! An audit entry's facts in the reader's words (issue 16, item 8): each fact's name, and each
//! code among the values said as what it means. Record keys arrive already named by the server.

use crate::api::audit::ShownFact;
use crate::domain::audit_detail::Fact;
use crate::domain::roles::Role;
use crate::i18n::{Locale, td_string};

/// What `fact` is called on the audit page.
pub(super) fn fact_name(locale: Locale, fact: Fact) -> &'static str {
    match fact {
        Fact::Community => td_string!(locale, audit_fact_community),
        Fact::Election => td_string!(locale, audit_fact_election),
        Fact::FollowsElection => td_string!(locale, audit_fact_follows_election),
        Fact::Notice => td_string!(locale, audit_fact_notice),
        Fact::Version => td_string!(locale, audit_fact_version),
        Fact::Title => td_string!(locale, audit_fact_title),
        Fact::Person => td_string!(locale, audit_fact_person),
        Fact::Relative => td_string!(locale, audit_fact_relative),
        Fact::Candidate => td_string!(locale, audit_fact_candidate),
        Fact::Nomination => td_string!(locale, audit_fact_nomination),
        Fact::Office => td_string!(locale, audit_fact_office),
        Fact::NominatedBy => td_string!(locale, audit_fact_nominated_by),
        Fact::Proxy => td_string!(locale, audit_fact_proxy),
        Fact::Voter => td_string!(locale, audit_fact_voter),
        Fact::Officer => td_string!(locale, audit_fact_officer),
        Fact::Place => td_string!(locale, audit_fact_place),
        Fact::Objection => td_string!(locale, audit_fact_objection),
        Fact::ObjectionKind => td_string!(locale, audit_fact_objection_kind),
        Fact::Decision => td_string!(locale, audit_fact_decision),
        Fact::Confirmed => td_string!(locale, audit_fact_confirmed),
        Fact::Role => td_string!(locale, audit_fact_role),
        Fact::Grant => td_string!(locale, audit_fact_grant),
        Fact::InvitationKind => td_string!(locale, audit_fact_invitation_kind),
        Fact::Invitation => td_string!(locale, audit_fact_invitation),
        Fact::IssuedBy => td_string!(locale, audit_fact_issued_by),
        Fact::OldPasskeysRevoked => td_string!(locale, audit_fact_old_passkeys_revoked),
        Fact::Grid => td_string!(locale, audit_fact_grid),
        Fact::Passkey => td_string!(locale, audit_fact_passkey),
        Fact::Label => td_string!(locale, audit_fact_label),
        Fact::Voters => td_string!(locale, audit_fact_voters),
        Fact::People => td_string!(locale, audit_fact_people),
        Fact::Candidates => td_string!(locale, audit_fact_candidates),
        Fact::Invitations => td_string!(locale, audit_fact_invitations),
        Fact::LastDay => td_string!(locale, audit_fact_last_day),
        Fact::Reason => td_string!(locale, audit_fact_reason),
        Fact::Record => td_string!(locale, audit_fact_record),
        Fact::Evaluation => td_string!(locale, audit_fact_evaluation),
        Fact::Question => td_string!(locale, audit_fact_question),
        Fact::PaperBox => td_string!(locale, audit_fact_paper_box),
    }
}

/// Who acted, in words: a person's name as the api resolved it, or the command line (`cli:` and
/// the system user who ran it, when known) said as such, never as its code.
pub(super) fn actor_words(locale: Locale, actor: &str) -> String {
    match actor.strip_prefix("cli:") {
        Some("" | "unknown") => td_string!(locale, audit_command_line).to_owned(),
        Some(user) => format!("{}（{user}）", td_string!(locale, audit_command_line)),
        None => actor.to_owned(),
    }
}

/// The value of `shown` in words: codes said as what they mean, names and numbers as they are.
/// A code this version does not know (a damaged entry) is shown as stored.
pub(super) fn fact_value(locale: Locale, shown: &ShownFact) -> String {
    let value = shown.value.as_str();
    let said: Option<&'static str> = match shown.fact {
        Fact::Office => crate::domain::election::plan::Office::parse(value)
            .map(|office| crate::ui::elections::office_name(locale, office)),
        Fact::NominatedBy => match value {
            "party" => Some(td_string!(locale, el_by_party)),
            "voters" => Some(td_string!(locale, audit_by_voters)),
            _ => None,
        },
        Fact::ObjectionKind => match value {
            "missing" => Some(td_string!(locale, el_object_missing)),
            "wrongly_listed" => Some(td_string!(locale, el_object_wrongly_listed)),
            _ => None,
        },
        Fact::Decision => match value {
            "upheld" => Some(td_string!(locale, el_decision_upheld)),
            "rejected" => Some(td_string!(locale, el_decision_rejected)),
            _ => None,
        },
        Fact::InvitationKind => match value {
            "enrolment" => Some(td_string!(locale, audit_invitation_enrolment)),
            "recovery" => Some(td_string!(locale, audit_invitation_recovery)),
            _ => None,
        },
        Fact::Confirmed | Fact::OldPasskeysRevoked => match value {
            "true" => Some(td_string!(locale, audit_yes)),
            "false" => Some(td_string!(locale, audit_no)),
            _ => None,
        },
        Fact::IssuedBy => return actor_words(locale, value),
        Fact::Role => {
            return value
                .split(',')
                .filter(|code| !code.is_empty())
                .map(|code| {
                    Role::parse(code).map_or(code, |role| crate::ui::roles::role_name(locale, role))
                })
                .collect::<Vec<_>>()
                .join(td_string!(locale, list_separator));
        }
        Fact::Community
        | Fact::Election
        | Fact::FollowsElection
        | Fact::Notice
        | Fact::Version
        | Fact::Title
        | Fact::Person
        | Fact::Relative
        | Fact::Candidate
        | Fact::Nomination
        | Fact::Proxy
        | Fact::Voter
        | Fact::Officer
        | Fact::Place
        | Fact::Objection
        | Fact::Grant
        | Fact::Invitation
        | Fact::Grid
        | Fact::Passkey
        | Fact::Label
        | Fact::Voters
        | Fact::People
        | Fact::Candidates
        | Fact::Invitations
        | Fact::LastDay
        | Fact::Reason
        | Fact::Record
        | Fact::Evaluation
        | Fact::Question
        | Fact::PaperBox => None,
    };
    said.map_or_else(|| value.to_owned(), str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(fact: Fact, value: &str) -> ShownFact {
        ShownFact {
            fact,
            value: value.to_owned(),
        }
    }

    #[test]
    fn issue16_review_the_command_line_is_named_not_coded() {
        assert_eq!(actor_words(Locale::zh_CN, "cli:unknown"), "命令行");
        assert_eq!(actor_words(Locale::zh_CN, "cli:root"), "命令行（root）");
        assert_eq!(actor_words(Locale::en, "王文"), "王文");
    }

    #[test]
    fn issue16_item8_codes_in_facts_are_said_in_the_readers_language() {
        for locale in [Locale::zh_CN, Locale::en] {
            for (fact, code) in [
                (Fact::Office, "deputy_director"),
                (Fact::NominatedBy, "voters"),
                (Fact::ObjectionKind, "wrongly_listed"),
                (Fact::Decision, "upheld"),
                (Fact::InvitationKind, "recovery"),
                (Fact::Confirmed, "true"),
                (Fact::OldPasskeysRevoked, "false"),
                (Fact::Role, "station_chief,resident"),
                (Fact::IssuedBy, "cli:unknown"),
            ] {
                let said = fact_value(locale, &shown(fact, code));
                assert!(
                    said != code && !said.contains('_') && !said.is_empty(),
                    "{locale:?} {fact:?}: {said}"
                );
            }
        }
        assert_eq!(
            fact_value(Locale::zh_CN, &shown(Fact::Role, "station_chief,resident")),
            format!(
                "{}、{}",
                crate::ui::roles::role_name(Locale::zh_CN, Role::StationChief),
                crate::ui::roles::role_name(Locale::zh_CN, Role::Resident)
            )
        );
    }

    #[test]
    fn issue16_item8_names_and_words_in_facts_are_shown_as_they_are() {
        assert_eq!(
            fact_value(Locale::zh_CN, &shown(Fact::Person, "徐建华")),
            "徐建华"
        );
        assert_eq!(
            fact_value(Locale::en, &shown(Fact::LastDay, "2026-12-01")),
            "2026-12-01"
        );
    }

    #[test]
    fn issue16_item8_every_fact_has_a_name_in_each_language() {
        let every = serde_json::from_str::<Vec<Fact>>(
            r#"["community","election","follows_election","notice","version","title","person",
            "relative","candidate","nomination","office","nominated_by","proxy","voter","officer",
            "place","objection","objection_kind","decision","confirmed","role","grant",
            "invitation_kind","invitation","issued_by","old_passkeys_revoked","grid","passkey",
            "label","voters","people","candidates","invitations","last_day","reason","record",
            "evaluation","question"]"#,
        )
        .expect("every fact's stored name");
        for locale in [Locale::zh_CN, Locale::en] {
            let names: std::collections::BTreeSet<&str> =
                every.iter().map(|fact| fact_name(locale, *fact)).collect();
            assert_eq!(
                names.len(),
                every.len(),
                "{locale:?}: two facts share a name"
            );
        }
    }
}
