//! Cross-site request refusal: a state-changing request must show it comes from a page of our
//! own origin (DESIGN.md, Identity). `Origin` decides when present. Some browsers and privacy
//! proxies leave it out of same-origin form posts, so without it `Sec-Fetch-Site` decides, and
//! without both a `Referer` of our own origin (pages are served with `Referrer-Policy:
//! same-origin`, so ours carry one). A request showing none of the three is refused: it cannot
//! be told apart from a forged one (issue 15, item 11).

/// What a request says about where it comes from: its `Origin`, `Sec-Fetch-Site` and
/// `Referer` headers, each as sent (`None` when absent).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RequestSource<'a> {
    pub origin: Option<&'a str>,
    pub sec_fetch_site: Option<&'a str>,
    pub referer: Option<&'a str>,
}

/// Decides whether a request from `source` may change state on a site served at
/// `public_origin` (scheme, host and port, e.g. `http://localhost:3000`).
pub fn origin_allowed(source: RequestSource<'_>, public_origin: &str) -> bool {
    if let Some(origin) = source.origin {
        return same_origin(origin, public_origin);
    }
    if let Some(site) = source.sec_fetch_site {
        return site.trim().eq_ignore_ascii_case("same-origin");
    }
    match source
        .referer
        .and_then(|referer| url::Url::parse(referer).ok())
    {
        Some(referer) => same_origin(&referer.origin().ascii_serialization(), public_origin),
        None => false,
    }
}

/// Whether `origin` (`scheme://host[:port]`) is the site's public origin.
pub fn same_origin(origin: &str, public_origin: &str) -> bool {
    origin
        .trim_end_matches('/')
        .eq_ignore_ascii_case(public_origin)
}

/// True for methods that may change state and so must pass the origin check.
pub fn changes_state(method: &str) -> bool {
    !matches!(method, "GET" | "HEAD" | "OPTIONS" | "TRACE")
}

#[cfg(test)]
mod tests {
    use super::*;

    const SITE: &str = "http://localhost:3000";

    fn origin(value: &str) -> RequestSource<'_> {
        RequestSource {
            origin: Some(value),
            ..RequestSource::default()
        }
    }

    #[test]
    fn same_origin_post_is_allowed() {
        assert!(origin_allowed(origin("http://localhost:3000"), SITE));
    }

    #[test]
    fn foreign_origin_is_refused() {
        assert!(!origin_allowed(origin("https://evil.example"), SITE));
        assert!(!origin_allowed(origin("http://localhost:3001"), SITE));
        assert!(!origin_allowed(origin("http://127.0.0.1:3000"), SITE));
    }

    #[test]
    fn opaque_null_origin_is_refused() {
        assert!(!origin_allowed(origin("null"), SITE));
    }

    #[test]
    fn a_request_without_origin_fetch_site_or_referer_is_refused() {
        // Issue 15, item 11: a state-changing request with no Origin used to be let through.
        assert!(!origin_allowed(RequestSource::default(), SITE));
    }

    #[test]
    fn without_origin_sec_fetch_site_decides() {
        let site = |value| RequestSource {
            sec_fetch_site: Some(value),
            referer: Some("http://localhost:3000/me"),
            ..RequestSource::default()
        };
        assert!(origin_allowed(site("same-origin"), SITE));
        assert!(!origin_allowed(site("same-site"), SITE));
        assert!(!origin_allowed(site("cross-site"), SITE));
        assert!(!origin_allowed(site("none"), SITE));
    }

    #[test]
    fn without_origin_and_fetch_site_a_same_origin_referer_decides() {
        let referer = |value| RequestSource {
            referer: Some(value),
            ..RequestSource::default()
        };
        assert!(origin_allowed(
            referer("http://localhost:3000/elections/x?y=1"),
            SITE
        ));
        assert!(!origin_allowed(
            referer("http://localhost:3000.evil.example/"),
            SITE
        ));
        assert!(!origin_allowed(
            referer("https://evil.example/http://localhost:3000"),
            SITE
        ));
        assert!(!origin_allowed(referer("not a url"), SITE));
    }

    #[test]
    fn origin_wins_over_the_other_headers() {
        let forged = RequestSource {
            origin: Some("https://evil.example"),
            sec_fetch_site: Some("same-origin"),
            referer: Some("http://localhost:3000/"),
        };
        assert!(!origin_allowed(forged, SITE));
    }

    #[test]
    fn only_unsafe_methods_are_checked() {
        assert!(changes_state("POST"));
        assert!(changes_state("DELETE"));
        assert!(!changes_state("GET"));
        assert!(!changes_state("HEAD"));
    }
}
