//! Rate limits: how many attempts one client may make in a window before being asked to wait.
//! Counted in the database (so every app server sees the same count), in fixed windows.

/// A limit: at most `attempts` in each window of `window_seconds`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    pub attempts: u32,
    pub window_seconds: i64,
}

/// Finished passkey sign-ins per client address. Generous: a polling station's Wi-Fi or a
/// mobile carrier's NAT puts many residents behind one address, and guessing a passkey is
/// hopeless anyway; the limit only stops one client from flooding the server.
pub const SIGN_IN: RateLimit = RateLimit {
    attempts: 120,
    window_seconds: 300,
};

/// Failed sign-ins per passkey (by its credential id): past it, a replayed or hammered
/// credential is answered "too many attempts" without touching anyone else. Only failures
/// count, and a sign-in that verifies always succeeds: a credential id is no secret, so
/// anything else would let a stranger lock its owner out by sending it.
pub const SIGN_IN_PER_PASSKEY: RateLimit = RateLimit {
    attempts: 10,
    window_seconds: 300,
};

/// Enrolment steps (begin and finish) per client address: staff enrol a hall of residents on
/// one network, so this is generous too, but bounded.
pub const ENROL: RateLimit = RateLimit {
    attempts: 120,
    window_seconds: 300,
};

/// Passkey challenges one client address may hold unanswered at once. Starting a sign-in is
/// not an attempt (nothing is checked yet); it is bounded by this instead, so a client cannot
/// fill the database with challenges (each expires in five minutes and is swept).
pub const OUTSTANDING_CHALLENGES: u32 = 60;

impl RateLimit {
    /// The window a moment (seconds since the epoch) falls in.
    pub fn window(&self, unix_seconds: i64) -> i64 {
        unix_seconds.div_euclid(self.window_seconds.max(1))
    }

    /// When the window a moment falls in ends (seconds since the epoch): its counter may be
    /// swept after that.
    pub fn window_end(&self, unix_seconds: i64) -> i64 {
        (self.window(unix_seconds) + 1) * self.window_seconds.max(1)
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
    fn sign_in_allows_a_hall_behind_one_address_and_few_tries_per_passkey() {
        assert!(SIGN_IN.allows(120));
        assert!(!SIGN_IN.allows(121));
        assert!(SIGN_IN_PER_PASSKEY.allows(10));
        assert!(!SIGN_IN_PER_PASSKEY.allows(11));
        assert_eq!(SIGN_IN.window(0), SIGN_IN.window(299));
        assert_ne!(SIGN_IN.window(299), SIGN_IN.window(300));
    }

    #[test]
    fn a_window_ends_where_the_next_begins() {
        assert_eq!(SIGN_IN.window_end(0), 300);
        assert_eq!(SIGN_IN.window_end(299), 300);
        assert_eq!(SIGN_IN.window_end(300), 600);
        assert_eq!(
            SIGN_IN.window(SIGN_IN.window_end(299)),
            SIGN_IN.window(299) + 1
        );
    }
}
