//! When to retry and how long to wait: jittered exponential backoff, as Apify's own clients do.

use std::hash::{BuildHasher, Hasher};
use std::time::Duration;

/// How failed attempts are retried.
///
/// Defaults follow Apify's JavaScript and Python clients: up to 8 retries, waits starting at
/// 500 ms and doubling (each with up to 100% random jitter, so many clients that failed
/// together do not retry together). With these, the waits add up to roughly 2 to 4 minutes
/// before the last attempt, which rides out a rolling deploy or a rate-limit window without
/// hanging a caller for ever; the overall timeout still caps the whole call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (so at most `max_retries + 1` attempts).
    pub max_retries: u32,
    /// The wait before the first retry; later waits double.
    pub min_delay: Duration,
    /// No single wait is longer than this (a `Retry-After` may ask for more, up to the budget).
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 8,
            min_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// Whether a response with `status` is worth another attempt: 429 and every 5xx.
    pub fn retries_status(status: u16) -> bool {
        status == 429 || (500..600).contains(&status)
    }

    /// The wait before retry number `retry` (1-based): `min_delay * 2^(retry-1)`, times a
    /// random factor in [1, 2), capped at `max_delay`.
    pub fn backoff(&self, retry: u32) -> Duration {
        let base = self
            .min_delay
            .saturating_mul(1u32 << retry.saturating_sub(1).min(20));
        // `mul_f64` panics past `Duration::MAX`; a huge configured delay saturates instead.
        let jittered = Duration::try_from_secs_f64(base.as_secs_f64() * (1.0 + jitter()))
            .unwrap_or(Duration::MAX);
        jittered.min(self.max_delay.max(self.min_delay))
    }
}

/// A random number in [0, 1), from the process's hash seed: no RNG crate needed for jitter.
fn jitter() -> f64 {
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

/// The wait a `Retry-After` header asks for: delta-seconds, or an HTTP date.
pub(crate) fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    if let Ok(seconds) = value.parse::<f64>() {
        // Huge values (past u64 seconds) mean "a very long time", not a panic.
        return (seconds >= 0.0)
            .then(|| Duration::try_from_secs_f64(seconds).unwrap_or(Duration::MAX));
    }
    // Described at run time (only a retried response with a date gets here), not with
    // `time`'s macro, which would add a proc-macro crate to every build.
    let format = time::format_description::parse_borrowed::<2>(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT",
    )
    .ok()?;
    let at = time::PrimitiveDateTime::parse(value, &format)
        .ok()?
        .assume_utc();
    let now = time::OffsetDateTime::now_utc();
    let wait = at - now;
    Some(Duration::try_from(wait).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_with_jitter_and_caps() {
        let policy = RetryPolicy::default();
        for retry in 1..=4 {
            let base = Duration::from_millis(500 * (1 << (retry - 1)));
            let wait = policy.backoff(retry);
            assert!(wait >= base && wait < base * 2, "retry {retry}: {wait:?}");
        }
        assert!(policy.backoff(30) <= policy.max_delay);
        let huge = RetryPolicy {
            min_delay: Duration::MAX,
            ..RetryPolicy::default()
        };
        assert_eq!(huge.backoff(3), Duration::MAX);
    }

    #[test]
    fn retry_after_forms() {
        assert_eq!(parse_retry_after("3"), Some(Duration::from_secs(3)));
        assert_eq!(parse_retry_after("0.5"), Some(Duration::from_millis(500)));
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon"), None);
        assert_eq!(parse_retry_after("1e300"), Some(Duration::MAX));
        assert_eq!(
            parse_retry_after("99999999999999999999"),
            Some(Duration::MAX)
        );
        assert_eq!(parse_retry_after("-1"), None);
        // A date two hours ahead: about two hours' wait.
        let at = time::OffsetDateTime::now_utc() + time::Duration::hours(2);
        let date = format!(
            "{}, {:02} {} {} {:02}:{:02}:{:02} GMT",
            &at.weekday().to_string()[..3],
            at.day(),
            &at.month().to_string()[..3],
            at.year(),
            at.hour(),
            at.minute(),
            at.second()
        );
        let wait = parse_retry_after(&date).unwrap_or_default();
        assert!(
            wait > Duration::from_secs(7_100) && wait <= Duration::from_secs(7_200),
            "{date}: {wait:?}"
        );
    }

    #[test]
    fn which_statuses_retry() {
        assert!(RetryPolicy::retries_status(429));
        assert!(RetryPolicy::retries_status(503));
        assert!(!RetryPolicy::retries_status(400));
        assert!(!RetryPolicy::retries_status(404));
    }
}
