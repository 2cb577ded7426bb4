//! Where a visitor goes back to after signing in (issue 16, item 5: a voter who opened a ballot
//! link signed out was left on 我的 after signing in).

/// The page to return to, from a `next` parameter: only a path on this site (`/…`), never
/// another site (`//host`, `/\host`, `https:`), nor anything with control characters, and not
/// `/me` itself. `None` means stay.
pub fn return_path(next: &str) -> Option<&str> {
    let local = next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && !next.chars().any(|c| c.is_control() || c == '\\')
        && next.len() <= 512;
    let own_page = next == "/me" || next.starts_with("/me?");
    (local && !own_page).then_some(next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue16_item5_only_a_page_of_this_site_is_returned_to() {
        assert_eq!(
            return_path("/elections/abc/ballot"),
            Some("/elections/abc/ballot")
        );
        assert_eq!(return_path("/notices?page=2"), Some("/notices?page=2"));
        for foreign in [
            "https://evil.example/",
            "//evil.example/",
            "/\\evil.example",
            "javascript:alert(1)",
            "/elections\n/x",
            "",
            "/me",
            "/me?next=/x",
        ] {
            assert_eq!(return_path(foreign), None, "{foreign:?}");
        }
    }
}
