//! `/notices/{key}/print`: a notice as an A4 poster for the paper board downstairs: the
//! community, the title, the text, the display period, and a QR code back to the online notice
//! (where corrections and earlier versions are). Laid out by the print rules in main.css; a
//! notice longer than a page carries title, period and QR code on every page, numbered.

use super::kind_name;
use crate::api::notices::notice;
use crate::i18n::{t, use_i18n};
use crate::ui::errors::ErrorLine;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn Poster() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let found = Resource::new(move || params.read().get("key").unwrap_or_default(), notice);
    view! {
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match found.await {
                    Err(error) => view! { <ErrorLine error /> }.into_any(),
                    Ok(notice) => {
                        let Some(latest) = notice.versions.first().cloned() else {
                            return view! { <p class="empty">{t!(i18n, notices_empty)}</p> }.into_any();
                        };
                        let kind = notice.kind;
                        let until = latest.ends_on.map_or_else(|| notice.shown_until_at_least.clone(), |day| day.to_string());
                        view! {
                            <p class="no-print">
                                <crate::ui::print::PrintButton label=crate::i18n::td_string!(i18n.get_locale_untracked(), staff_print).to_owned() />
                                " " <a href=format!("/notices/{}", notice.key)>{t!(i18n, notices_back)}</a>
                            </p>
                            // A table so that a long notice printed on several A4 pages
                            // carries its header on each (the print engine repeats a table's
                            // head): the community, the title, the display period and the QR
                            // code; the page margin says "n / m" (issue 16, item 18).
                            <table class="poster" data-testid="poster">
                                <thead>
                                    <tr>
                                        <td>
                                            <div class="poster-head">
                                                <span>{notice.community_name.clone()}</span>
                                                <span>{t!(i18n, notices_title)} " · " {move || kind_name(i18n.get_locale(), kind)}</span>
                                            </div>
                                            <div class="poster-running">
                                                <div class="qr" inner_html=notice.qr_svg.clone()></div>
                                                <div>
                                                    <p class="poster-running-title" data-testid="poster-running-title">{latest.title.clone()}</p>
                                                    <p>{t!(i18n, notices_period)} " " {until}</p>
                                                    <p class="hint">{t!(i18n, notices_scan)}</p>
                                                </div>
                                            </div>
                                        </td>
                                    </tr>
                                </thead>
                                <tbody>
                                    <tr>
                                        <td>
                                            <h1 class="poster-title">{latest.title.clone()}</h1>
                                            <div class="notice-body poster-body" inner_html=latest.body_html.clone()></div>
                                            <p class="poster-foot">{t!(i18n, notices_published)} " " {latest.published.clone()} " · " <span class="card-link">{notice.link.clone()}</span></p>
                                        </td>
                                    </tr>
                                </tbody>
                            </table>
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}
