//! `/elections/new`: an officer creates an election. The form suggests the seats (one director
//! or deputy per 800 households, 5 to 9 in all) and the earliest day the roll's 20 days allow;
//! the server checks everything again.

use crate::api::elections::plan::{CreateElection, new_election_defaults};
use crate::i18n::{t, use_i18n};
use crate::ui::errors::Refused;
use crate::ui::forms::{FieldError, PostForm, chosen_or, keep, keep_or};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn NewElection() -> impl IntoView {
    let i18n = use_i18n();
    let defaults = Resource::new(|| (), |_| new_election_defaults());
    view! {
        <h1>{t!(i18n, el_new)}</h1>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match defaults.await {
                    Err(error) => view! { <Refused error /> }.into_any(),
                    Ok(d) => {
                        let opens = format!("{}T08:00", d.earliest_day);
                        let closes = format!("{}T18:00", d.earliest_day);
                        view! {
                            <p class="hint" data-testid="seat-suggestion">
                                {t!(i18n, el_households)} " " {d.households} " · " {t!(i18n, el_committee_size)} " "
                                {d.committee_min} "–" {d.committee_max}
                            </p>
                            <PostForm action=CreateElection::PATH attr:class="stack" attr:data-testid="create-election">
                                <label>
                                    {t!(i18n, el_title)}
                                    <input type="text" name="title" required maxlength="50" value=keep("title") /> <FieldError name="title" />
                                </label>
                                <label>
                                    {t!(i18n, el_mode)}
                                    <select name="mode">
                                        <option value="all_voters" selected=chosen_or("mode", "all_voters", true)>{t!(i18n, el_mode_all_voters)}</option>
                                        <option value="households" selected=chosen_or("mode", "households", false)>{t!(i18n, el_mode_households)}</option>
                                        <option value="representatives" selected=chosen_or("mode", "representatives", false)>{t!(i18n, el_mode_representatives)}</option>
                                    </select>
                                </label>
                                <div class="seats-row">
                                    <label>
                                        {t!(i18n, el_office_director)}
                                        <input type="number" name="director" value=keep_or("director", d.director.to_string()) min="1" max="1" /> <FieldError name="director" />
                                    </label>
                                    <label>
                                        {t!(i18n, el_office_deputy)}
                                        <input type="number" name="deputies" value=keep_or("deputies", d.deputies.to_string()) min="0" max="8" /> <FieldError name="deputies" />
                                    </label>
                                    <label>
                                        {t!(i18n, el_office_member)}
                                        <input type="number" name="members" value=keep_or("members", d.members.to_string()) min="0" max="8" /> <FieldError name="members" />
                                    </label>
                                </div>
                                <label>
                                    {t!(i18n, el_day)}
                                    <input type="date" name="election_day" value=keep_or("election_day", d.earliest_day.clone()) required /> <FieldError name="election_day" />
                                </label>
                                <label>
                                    {t!(i18n, el_opens)}
                                    <input type="datetime-local" name="voting_opens" value=keep_or("voting_opens", opens) required /> <FieldError name="voting_opens" />
                                </label>
                                <label>
                                    {t!(i18n, el_closes)}
                                    <input type="datetime-local" name="voting_closes" value=keep_or("voting_closes", closes) required /> <FieldError name="voting_closes" />
                                </label>
                                <label>
                                    {t!(i18n, el_stations)}
                                    <textarea name="stations" rows="2" required>{keep("stations")}</textarea> <FieldError name="stations" />
                                </label>
                                <label>
                                    {t!(i18n, el_roving_boxes)}
                                    <textarea name="roving" rows="2">{keep("roving")}</textarea> <FieldError name="roving" />
                                </label>
                                <p class="hint">{t!(i18n, el_places_hint)}</p>
                                <button type="submit" class="button">{t!(i18n, el_create)}</button>
                            </PostForm>
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}
