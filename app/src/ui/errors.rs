//! What a resident reads when something fails: each [`AppError`] variant's i18n key
//! (`error_*` in `locales/`), resolved in the visitor's language. Used by pages, forms and the
//! server's own error responses, so the wording lives once.

use crate::AppError;
use crate::domain::refusal::Refusal;
use crate::i18n::{Locale, t, td_string, use_i18n};
use leptos::prelude::*;

/// The message for `error` in `locale`.
pub fn error_message(locale: Locale, error: &AppError) -> &'static str {
    match error {
        AppError::NotFound => td_string!(locale, error_not_found),
        AppError::InvalidInput { .. } => td_string!(locale, error_invalid_input),
        AppError::Unauthenticated => td_string!(locale, error_unauthenticated),
        AppError::Forbidden => td_string!(locale, error_forbidden),
        AppError::Conflict => td_string!(locale, error_conflict),
        AppError::TooManyAttempts => td_string!(locale, error_too_many_attempts),
        AppError::PayloadTooLarge => td_string!(locale, error_payload_too_large),
        AppError::BadOrigin => td_string!(locale, error_bad_origin),
        AppError::Unavailable => td_string!(locale, error_unavailable),
        AppError::Internal => td_string!(locale, error_internal),
        AppError::Refused(refusal) => refusal_message(locale, *refusal),
    }
}

/// What a rule's refusal says, in `locale`.
pub fn refusal_message(locale: Locale, refusal: Refusal) -> &'static str {
    match refusal {
        Refusal::OneDirector => td_string!(locale, refusal_one_director),
        Refusal::CommitteeSize => td_string!(locale, refusal_committee_size),
        Refusal::ElectionDayPassed => td_string!(locale, refusal_election_day_passed),
        Refusal::VotingWindow => td_string!(locale, refusal_voting_window),
        Refusal::NoPollingPlace => td_string!(locale, refusal_no_polling_place),
        Refusal::PollingPlacesTooMany => td_string!(locale, refusal_polling_places_too_many),
        Refusal::DeadlineMissed => td_string!(locale, refusal_deadline_missed),
        Refusal::RelativeNominated => td_string!(locale, refusal_relative_nominated),
        Refusal::RelativeOfCandidate => td_string!(locale, refusal_relative_of_candidate),
        Refusal::TooFewScrutineers => td_string!(locale, refusal_too_few_scrutineers),
        Refusal::Underage => td_string!(locale, refusal_underage),
        Refusal::NotApplied => td_string!(locale, refusal_not_applied),
        Refusal::ServiceTooShort => td_string!(locale, refusal_service_too_short),
        Refusal::NotOnRoll => td_string!(locale, refusal_not_on_roll),
        Refusal::AlreadyOnRoll => td_string!(locale, refusal_already_on_roll),
        Refusal::ObjectionPeriodOver => td_string!(locale, refusal_objection_period_over),
        Refusal::AlreadyDecided => td_string!(locale, refusal_already_decided),
        Refusal::RollNotPublished => td_string!(locale, refusal_roll_not_published),
        Refusal::RollAlreadyPublished => td_string!(locale, refusal_roll_already_published),
        Refusal::AlreadyNominated => td_string!(locale, refusal_already_nominated),
        Refusal::EndorsementsUsed => td_string!(locale, refusal_endorsements_used),
        Refusal::TooFewEndorsements => td_string!(locale, refusal_too_few_endorsements),
        Refusal::Barred => td_string!(locale, refusal_barred),
        Refusal::NotContested => td_string!(locale, refusal_not_contested),
        Refusal::NoWomanCandidate => td_string!(locale, refusal_no_woman_candidate),
        Refusal::CandidatesPublished => td_string!(locale, refusal_candidates_published),
        Refusal::CandidatesNotPublished => td_string!(locale, refusal_candidates_not_published),
        Refusal::NoProxiesInThisMode => td_string!(locale, refusal_no_proxies_in_this_mode),
        Refusal::ProxyIsCandidate => td_string!(locale, refusal_proxy_is_candidate),
        Refusal::ProxyFull => td_string!(locale, refusal_proxy_full),
        Refusal::OwnProxy => td_string!(locale, refusal_own_proxy),
        Refusal::ProxyAlreadyNamed => td_string!(locale, refusal_proxy_already_named),
        Refusal::NotTheirProxy => td_string!(locale, refusal_not_their_proxy),
        Refusal::PollsNotOpen => td_string!(locale, refusal_polls_not_open),
        Refusal::PollsAlreadyOpen => td_string!(locale, refusal_polls_already_open),
        Refusal::PollsClosed => td_string!(locale, refusal_polls_closed),
        Refusal::TooEarlyToOpen => td_string!(locale, refusal_too_early_to_open),
        Refusal::VotingWindowPassed => td_string!(locale, refusal_voting_window_passed),
        Refusal::VotingNotOver => td_string!(locale, refusal_voting_not_over),
        Refusal::SameOfficer => td_string!(locale, refusal_same_officer),
        Refusal::NotOnElectionCommittee => td_string!(locale, refusal_not_on_election_committee),
        Refusal::NotElectionConvener => td_string!(locale, refusal_not_election_convener),
        Refusal::AlreadyVoted => td_string!(locale, refusal_already_voted),
        Refusal::VoterAlreadyTookPart => td_string!(locale, refusal_voter_already_took_part),
        Refusal::ResultsHidden => td_string!(locale, refusal_results_hidden),
        Refusal::ResultsPublished => td_string!(locale, refusal_results_published),
        Refusal::UnknownCandidate => td_string!(locale, refusal_unknown_candidate),
        Refusal::BadWriteIn => td_string!(locale, refusal_bad_write_in),
        Refusal::WriteInIsCandidate => td_string!(locale, refusal_write_in_is_candidate),
        Refusal::VoidSectionUnconfirmed => td_string!(locale, refusal_void_section_unconfirmed),
        Refusal::NotAway => td_string!(locale, refusal_not_away),
        Refusal::SheetInconsistent => td_string!(locale, refusal_sheet_inconsistent),
        Refusal::EntriesDiffer => td_string!(locale, refusal_entries_differ),
        Refusal::AlreadyEntered => td_string!(locale, refusal_already_entered),
        Refusal::SheetsMissing => td_string!(locale, refusal_sheets_missing),
        Refusal::TooEarlyToTakeDown => td_string!(locale, refusal_too_early_to_take_down),
        Refusal::EmptyDraft => td_string!(locale, refusal_empty_draft),
        Refusal::TooManyDrafts => td_string!(locale, refusal_too_many_drafts),
        Refusal::InvitationAboveIssuer => td_string!(locale, refusal_invitation_above_issuer),
        Refusal::InvitationOutsideGrid => td_string!(locale, refusal_invitation_outside_grid),
        Refusal::AlreadyEnrolled => td_string!(locale, refusal_already_enrolled),
        Refusal::NotJoinedYet => td_string!(locale, refusal_not_joined_yet),
        Refusal::NotAssignedHere => td_string!(locale, refusal_not_assigned_here),
        Refusal::RulesBeyondLaw => td_string!(locale, refusal_rules_beyond_law),
        Refusal::ReportsMissing => td_string!(locale, refusal_reports_missing),
        Refusal::RoundWindowPassed => td_string!(locale, refusal_round_window_passed),
        Refusal::RoundAlreadyOpen => td_string!(locale, refusal_round_already_open),
        Refusal::RoundNotOpen => td_string!(locale, refusal_round_not_open),
        Refusal::RoundClosed => td_string!(locale, refusal_round_closed),
        Refusal::RoundWindowNotOver => td_string!(locale, refusal_round_window_not_over),
        Refusal::NotARater => td_string!(locale, refusal_not_a_rater),
        Refusal::AlreadyRated => td_string!(locale, refusal_already_rated),
        Refusal::NotTheSubject => td_string!(locale, refusal_not_the_subject),
        Refusal::ReportPublished => td_string!(locale, refusal_report_published),
        Refusal::QuestionAnswered => td_string!(locale, refusal_question_answered),
        Refusal::QuestionAlreadyHidden => td_string!(locale, refusal_question_already_hidden),
        Refusal::PeriodTaken => td_string!(locale, refusal_period_taken),
        Refusal::EvaluationResultsHidden => td_string!(locale, refusal_evaluation_results_hidden),
        Refusal::FormTallyInconsistent => td_string!(locale, refusal_form_tally_inconsistent),
        Refusal::RaterAlreadyTookPart => td_string!(locale, refusal_rater_already_took_part),
        Refusal::SubjectMayNotCount => td_string!(locale, refusal_subject_may_not_count),
        Refusal::EvaluationResultsPublished => {
            td_string!(locale, refusal_evaluation_results_published)
        }
    }
}

/// A form field's name in `locale`, for the fields the server names in an input error
/// ([`AppError::InvalidInput`]); `None` for a name that is no field a person fills in.
pub fn field_label(locale: Locale, field: &str) -> Option<&'static str> {
    Some(match field {
        "name" => td_string!(locale, field_name),
        "passkey_name" => td_string!(locale, field_passkey_name),
        "birth_date" => td_string!(locale, field_birth_date),
        "gender" => td_string!(locale, field_gender),
        "household" => td_string!(locale, field_household),
        "grid" => td_string!(locale, field_grid),
        "residents_group" => td_string!(locale, field_residents_group),
        "party_member" => td_string!(locale, field_party_member),
        "category" => td_string!(locale, field_category),
        "role" => td_string!(locale, field_role),
        "csv" | "file" => td_string!(locale, field_file),
        "title" => td_string!(locale, field_title),
        "body" | "text" => td_string!(locale, field_body),
        "kind" => td_string!(locale, field_kind),
        "publish_at" => td_string!(locale, field_publish_at),
        "ends_on" => td_string!(locale, field_ends_on),
        "attachment" | "attachments" => td_string!(locale, field_attachments),
        "photo" => td_string!(locale, field_photo),
        "statement" => td_string!(locale, field_statement),
        "reason" => td_string!(locale, field_reason),
        "from" => td_string!(locale, field_from),
        "until" => td_string!(locale, field_until),
        "serving_since" => td_string!(locale, field_serving_since),
        "election_day" => td_string!(locale, field_election_day),
        "person" | "relative" | "officer" => td_string!(locale, field_person),
        "office" => td_string!(locale, field_office),
        "counts" => td_string!(locale, field_counts),
        "director" => td_string!(locale, el_office_director),
        "deputies" => td_string!(locale, el_office_deputy),
        "members" => td_string!(locale, el_office_member),
        "mode" => td_string!(locale, el_mode),
        "voting_opens" => td_string!(locale, el_opens),
        "voting_closes" => td_string!(locale, el_closes),
        "stations" => td_string!(locale, el_stations),
        "roving" => td_string!(locale, el_roving_boxes),
        "ballots_in_box" => td_string!(locale, el_in_box),
        "void_ballots" => td_string!(locale, el_void),
        "blank_ballots" => td_string!(locale, el_blank),
        "holder" => td_string!(locale, el_proxy_holder),
        // A community rule, by the name the rules page gives it.
        rule => match crate::ui::staff::rules::rule_name(locale, rule) {
            "" => return None,
            name => name,
        },
    })
}

/// What is wrong with a field, in `locale`, by the problem's code
/// ([`crate::domain::registry::Problem::code`] and the reasons server functions give);
/// `None` for a code without words.
pub fn problem_words(locale: Locale, code: &str) -> Option<&'static str> {
    Some(match code {
        "missing" => td_string!(locale, problem_missing),
        "too_long" => td_string!(locale, problem_too_long),
        "too_short" => td_string!(locale, problem_too_short),
        "not_a_date" => td_string!(locale, problem_not_a_date),
        "not_a_number" => td_string!(locale, problem_not_a_number),
        "in_the_future" => td_string!(locale, problem_in_the_future),
        "out_of_range" => td_string!(locale, problem_out_of_range),
        "already_registered" => td_string!(locale, problem_already_registered),
        "unknown_value" => td_string!(locale, problem_unknown_value),
        "encoding" => td_string!(locale, problem_encoding),
        "unsupported_file" => td_string!(locale, problem_unsupported_file),
        "unreadable" => td_string!(locale, problem_unreadable),
        "invalid_rows" => td_string!(locale, problem_invalid_rows),
        "ambiguous" => td_string!(locale, problem_ambiguous),
        "not_a_grid_worker" => td_string!(locale, problem_not_a_grid_worker),
        "before_start" => td_string!(locale, problem_before_start),
        _ => return None,
    })
}

/// "Last day: too short", in `locale`, for an input error whose field and problem have words
/// (issue 16: a refusal names the field it is about); `None` for any other error.
pub fn input_problem(locale: Locale, error: &AppError) -> Option<String> {
    let AppError::InvalidInput { field, reason, .. } = error else {
        return None;
    };
    let separator = td_string!(locale, field_separator);
    Some(format!(
        "{}{separator}{}",
        field_label(locale, field)?,
        problem_words(locale, reason)?
    ))
}

/// One failure, said in the visitor's language: for an input error, also which field and
/// what is wrong with it.
#[component]
pub fn ErrorLine(error: AppError) -> impl IntoView {
    let i18n = crate::i18n::use_i18n();
    let locale = i18n.get_locale_untracked();
    let detail = input_problem(locale, &error);
    view! {
        <p class="form-error" role="alert">
            {error_message(locale, &error)}
            {detail.map(|detail| view! { " " <span data-testid="error-field">{detail}</span> })}
        </p>
    }
}

/// The heading of a page that could not be shown, by what stopped it.
pub fn refused_heading(locale: Locale, error: &AppError) -> &'static str {
    match error {
        AppError::Unauthenticated => td_string!(locale, refused_heading_sign_in),
        AppError::Forbidden => td_string!(locale, refused_heading_forbidden),
        AppError::NotFound => td_string!(locale, refused_heading_not_found),
        AppError::Refused(_) | AppError::Conflict | AppError::TooManyAttempts => {
            td_string!(locale, refused_heading_not_now)
        }
        _ => td_string!(locale, refused_heading_error),
    }
}

/// What a page shows instead of its content when the server refused: the reason, with the
/// right HTTP status, and the way to sign in when signed out. `heading`: the page has no
/// heading of its own outside its content (its title comes with the content), so this gives
/// it one; every page has one (issue 16, item 6: 结果 during voting led to a page without).
#[component]
pub fn Refused(error: AppError, #[prop(optional)] heading: bool) -> impl IntoView {
    let i18n = use_i18n();
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>()
        && let Ok(status) = http::StatusCode::from_u16(error.status())
    {
        response.set_status(status);
    }
    let sign_in = error == AppError::Unauthenticated;
    // Back here once signed in (issue 16, item 5).
    let location = leptos_router::hooks::use_location();
    let here = format!(
        "{}{}",
        location.pathname.get_untracked(),
        location.search.get_untracked()
    );
    let sign_in_at = format!(
        "/me?next={}",
        percent_encoding::utf8_percent_encode(&here, percent_encoding::NON_ALPHANUMERIC)
    );
    view! {
        <div class="error-page" data-testid="refused">
            {heading.then(|| {
                let error = error.clone();
                view! { <h1>{move || refused_heading(i18n.get_locale(), &error)}</h1> }
            })}
            <ErrorLine error />
            {sign_in
                .then(|| {
                    view! {
                        <a href=sign_in_at.clone() class="button" data-testid="sign-in-to-continue">
                            {t!(i18n, me_sign_in)}
                        </a>
                    }
                })}
            // Never a dead end (the second 2026-12-07 review): a way back in the page itself.
            <p><a href="/" class="button secondary" data-testid="back-home">{t!(i18n, back_home)}</a></p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::tests::ALL;

    #[test]
    fn every_error_has_a_message_in_both_languages() {
        for error in ALL {
            let zh = error_message(Locale::zh_CN, &error);
            let en = error_message(Locale::en, &error);
            assert!(!zh.is_empty() && !en.is_empty(), "{error:?}");
            assert_ne!(zh, en, "{error:?} is not translated");
        }
    }

    #[test]
    fn every_refusal_has_a_message_in_both_languages() {
        for &refusal in Refusal::ALL {
            let zh = refusal_message(Locale::zh_CN, refusal);
            let en = refusal_message(Locale::en, refusal);
            assert!(!zh.is_empty() && !en.is_empty(), "{refusal:?}");
            assert_ne!(zh, en, "{refusal:?} is not translated");
        }
    }

    #[test]
    fn messages_never_carry_internal_detail() {
        let detail = AppError::invalid("secret_field", "secret_reason");
        for locale in [Locale::zh_CN, Locale::en] {
            let message = error_message(locale, &detail);
            assert!(!message.contains("secret"), "{message}");
        }
    }

    #[test]
    fn issue16_a_refused_field_is_named_with_what_is_wrong() {
        assert_eq!(
            input_problem(Locale::zh_CN, &AppError::invalid("ends_on", "too_short")).as_deref(),
            Some("公示截止日期：太短了（公示期不足）")
        );
        assert_eq!(
            input_problem(Locale::en, &AppError::invalid("title", "missing")).as_deref(),
            Some("Title: missing")
        );
        assert_eq!(
            input_problem(Locale::zh_CN, &AppError::invalid("request", "malformed")),
            None,
            "no field a person fills in"
        );
        assert_eq!(input_problem(Locale::zh_CN, &AppError::Forbidden), None);
    }

    #[test]
    fn issue16_every_problem_of_the_registry_has_words_in_both_languages() {
        use crate::domain::registry::Problem;
        for problem in [
            Problem::Missing,
            Problem::TooLong,
            Problem::NotADate,
            Problem::InTheFuture,
            Problem::NotANumber,
            Problem::OutOfRange,
            Problem::UnknownValue,
            Problem::AlreadyRegistered,
            Problem::TooShort,
            Problem::Encoding,
        ] {
            for locale in [Locale::zh_CN, Locale::en] {
                assert!(
                    problem_words(locale, problem.code()).is_some(),
                    "{problem:?} in {locale:?}"
                );
            }
        }
    }
}
