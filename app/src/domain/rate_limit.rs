//! Rate limits: how many attempts one client may make in a window before being asked to wait.
//! Counted in the database (so every app server sees the same count), in fixed windows.

/// A limit: at most `attempts` in each window of `window_seconds`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    pub attempts: u32,
    pub window_seconds: i64,
}

/// Passkey sign-in attempts per client address: generous for a household sharing a network,
/// far too few to guess at credentials.
pub const SIGN_IN: RateLimit = RateLimit {
    attempts: 30,
    window_seconds: 300,
};

impl RateLimit {
    /// The window a moment (seconds since the epoch) falls in.
    pub fn window(&self, unix_seconds: i64) -> i64 {
        unix_seconds.div_euclid(self.window_seconds.max(1))
    }

    /// Whether the `count`th attempt in a window may go ahead.
    pub fn allows(&self, count: u32) -> bool {
        count <= self.attempts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_in_allows_thirty_attempts_per_five_minutes() {
        assert!(SIGN_IN.allows(30));
        assert!(!SIGN_IN.allows(31));
        assert_eq!(SIGN_IN.window(0), SIGN_IN.window(299));
        assert_ne!(SIGN_IN.window(299), SIGN_IN.window(300));
    }
}
