//! Cross-site request refusal: a state-changing request must come from a page of our own
//! origin (DESIGN.md, Identity). Browsers always send `Origin` on cross-site POSTs, so a
//! missing header means a non-browser client, which cookies cannot be stolen through.

/// Decides whether a request's `Origin` header may change state on a site served at
/// `public_origin` (scheme, host and port, e.g. `http://localhost:3000`).
pub fn origin_allowed(origin_header: Option<&str>, public_origin: &str) -> bool {
    match origin_header {
        None => true,
        Some(origin) => origin
            .trim_end_matches('/')
            .eq_ignore_ascii_case(public_origin),
    }
}

/// True for methods that may change state and so must pass the origin check.
pub fn changes_state(method: &str) -> bool {
    !matches!(method, "GET" | "HEAD" | "OPTIONS" | "TRACE")
}

#[cfg(test)]
mod tests {
    use super::*;

    const SITE: &str = "http://localhost:3000";

    #[test]
    fn same_origin_post_is_allowed() {
        assert!(origin_allowed(Some("http://localhost:3000"), SITE));
    }

    #[test]
    fn foreign_origin_is_refused() {
        assert!(!origin_allowed(Some("https://evil.example"), SITE));
        assert!(!origin_allowed(Some("http://localhost:3001"), SITE));
        assert!(!origin_allowed(Some("http://127.0.0.1:3000"), SITE));
    }

    #[test]
    fn opaque_null_origin_is_refused() {
        assert!(!origin_allowed(Some("null"), SITE));
    }

    #[test]
    fn no_origin_header_is_a_non_browser_client() {
        assert!(origin_allowed(None, SITE));
    }

    #[test]
    fn only_unsafe_methods_are_checked() {
        assert!(changes_state("POST"));
        assert!(changes_state("DELETE"));
        assert!(!changes_state("GET"));
        assert!(!changes_state("HEAD"));
    }
}
