//! Pacing sends to a platform's published limits (token buckets: a burst, then a steady rate), overall
//! and per chat, so that rate-limit errors stay rare. A 429 that comes anyway is the outbox's to retry.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A burst of `burst` sends, then `per_second`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rate {
    pub burst: f64,
    pub per_second: f64,
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

impl Bucket {
    fn full(rate: Rate, now: Instant) -> Self {
        Self { tokens: rate.burst, at: now }
    }

    /// Takes a token; returns how long to wait before the send it stands for.
    fn take(&mut self, rate: Rate, now: Instant) -> Duration {
        let elapsed = now.saturating_duration_since(self.at).as_secs_f64();
        self.tokens = (self.tokens + elapsed * rate.per_second).min(rate.burst) - 1.0;
        self.at = now;
        if self.tokens >= 0.0 { Duration::ZERO } else { Duration::from_secs_f64(-self.tokens / rate.per_second) }
    }
}

/// Token buckets overall and per chat. Each call reserves a slot at once (so concurrent senders queue
/// fairly) and says how long to wait for it.
pub struct Pacer {
    overall: Rate,
    per_chat: fn(&str) -> Rate,
    state: Mutex<(Option<Bucket>, HashMap<String, Bucket>)>,
}

impl Pacer {
    pub fn new(overall: Rate, per_chat: fn(&str) -> Rate) -> Self {
        Self { overall, per_chat, state: Mutex::new((None, HashMap::new())) }
    }

    /// Reserves the next send to `chat` and returns the wait before it.
    pub fn reserve(&self, chat: &str) -> Duration {
        let now = Instant::now();
        let chat_rate = (self.per_chat)(chat);
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let (overall, chats) = &mut *state;
        // Forget chats whose buckets have refilled, so the map stays as small as the chats in play.
        if chats.len() > 10_000 {
            chats.retain(|_, b| now.saturating_duration_since(b.at) < Duration::from_secs(60));
        }
        let overall_wait = overall.get_or_insert_with(|| Bucket::full(self.overall, now)).take(self.overall, now);
        let chat_wait =
            chats.entry(chat.to_string()).or_insert_with(|| Bucket::full(chat_rate, now)).take(chat_rate, now);
        overall_wait.max(chat_wait)
    }

    pub async fn wait(&self, chat: &str) {
        let wait = self.reserve(chat);
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bursts_then_paces() {
        let pacer = Pacer::new(Rate { burst: 30.0, per_second: 30.0 }, |_| Rate { burst: 3.0, per_second: 1.0 });
        let waits: Vec<Duration> = (0..5).map(|_| pacer.reserve("c")).collect();
        assert!(waits[..3].iter().all(|w| w.is_zero()), "a burst of three: {waits:?}");
        assert!(waits[3] > Duration::from_millis(900) && waits[4] > Duration::from_millis(1900), "{waits:?}");
        assert!(pacer.reserve("other").is_zero(), "another chat has its own bucket");
    }

    #[test]
    fn the_overall_rate_holds_across_chats() {
        let pacer = Pacer::new(Rate { burst: 2.0, per_second: 10.0 }, |_| Rate { burst: 5.0, per_second: 5.0 });
        let waits: Vec<Duration> = (0..4).map(|i| pacer.reserve(&i.to_string())).collect();
        assert!(waits[0].is_zero() && waits[1].is_zero());
        assert!(waits[2] >= Duration::from_millis(90) && waits[3] >= Duration::from_millis(190), "{waits:?}");
    }
}
