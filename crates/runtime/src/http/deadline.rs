//! Per-attempt timeouts watched by one shared thread instead of a tokio timer each.
//!
//! A tokio timer that is pending when the runtime parks turns every `epoll_wait` of that
//! park into one with a timeout, and arming the kernel timer for it is not free (on a
//! virtual machine it is an exit to the hypervisor). In the client benchmark (`cargo bench
//! -p specforge-bench --bench client`, BENCHMARKS.md) a reqwest per-request timeout is a
//! measurable part of a loopback request, and this module took the generated client's median
//! ratio against bare reqwest from 1.075 to 1.066 (medians of three runs before, four after).
//!
//! Attempt timeouts are long (seconds) and almost never fire, so they need no precision:
//! here each one is an entry in a map kept by one thread, which sleeps until the earliest
//! deadline it knows of and wakes only for that. An attempt registers its deadline and
//! removes it when it ends (a lock each, no system call); the thread is woken only when a
//! deadline earlier than the one it sleeps until arrives, which for a client with one
//! timeout means once after an idle spell.
//!
//! Deadlines live in a slab whose slots, and their entries, are reused: a registration
//! allocates nothing once the slab has grown to the number of attempts in flight. The
//! thread finds the earliest deadline by a scan, which it makes only when it wakes.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, OnceLock, PoisonError};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

/// Runs `future` for at most `limit`: `None` when the time ran out first (the future is
/// then dropped, which cancels what it was doing).
pub(crate) async fn within<F: Future>(
    limit: Duration,
    mut future: Pin<&mut F>,
) -> Option<F::Output> {
    // A limit too far off to be an `Instant` (`Duration::MAX`, say) is no limit at all.
    let Some(when) = Instant::now().checked_add(limit) else {
        return Some(future.await);
    };
    match watchdog() {
        Some(watchdog) => {
            let registration = watchdog.register(when);
            std::future::poll_fn(|cx| {
                if let Poll::Ready(output) = future.as_mut().poll(cx) {
                    return Poll::Ready(Some(output));
                }
                registration.poll_fired(cx).map(|()| None)
            })
            .await
        }
        // No thread could be started: a tokio timer does the same job, at its cost.
        None => tokio::time::timeout(limit, future).await.ok(),
    }
}

/// One registered deadline's flag and the task to wake when it passes.
#[derive(Debug, Default)]
struct Entry {
    fired: AtomicBool,
    waker: Mutex<Option<Waker>>,
}

/// A slot of the slab: a deadline while registered, free otherwise.
#[derive(Debug)]
struct Slot {
    /// `None` while the slot is free.
    when: Option<Instant>,
    /// Shared with the slot's registration; reused by the next one when no longer shared.
    entry: Arc<Entry>,
}

/// The pending deadlines and what the thread sleeps until.
#[derive(Debug, Default)]
struct State {
    slots: Vec<Slot>,
    /// The indices of free slots.
    free: Vec<usize>,
    /// The deadline the thread sleeps until; `None` while it sleeps with nothing to watch.
    sleeping_until: Option<Instant>,
}

#[derive(Debug, Default)]
struct Watchdog {
    state: Mutex<State>,
    wake: Condvar,
}

/// A registration, its slot freed when dropped.
#[derive(Debug)]
struct Registration {
    watchdog: &'static Watchdog,
    index: usize,
    entry: Arc<Entry>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // Nothing here panics while holding a lock; a poisoned one still holds valid data.
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The process's watchdog, its thread started on first use; `None` if it cannot start.
fn watchdog() -> Option<&'static Watchdog> {
    static WATCHDOG: OnceLock<Option<&'static Watchdog>> = OnceLock::new();
    *WATCHDOG.get_or_init(|| {
        let watchdog: &'static Watchdog = Box::leak(Box::default());
        std::thread::Builder::new()
            .name("specforge-deadlines".into())
            .stack_size(64 << 10)
            .spawn(move || watchdog.run())
            .ok()
            .map(|_| watchdog)
    })
}

impl Watchdog {
    fn register(&'static self, when: Instant) -> Registration {
        let mut state = lock(&self.state);
        let index = match state.free.pop() {
            Some(index) => {
                let slot = &mut state.slots[index];
                slot.when = Some(when);
                match Arc::get_mut(&mut slot.entry) {
                    // Its last registration is gone: reset in place, nothing allocated.
                    Some(entry) => {
                        *entry.fired.get_mut() = false;
                        *entry
                            .waker
                            .get_mut()
                            .unwrap_or_else(PoisonError::into_inner) = None;
                    }
                    // Its last registration is still being dropped on another thread.
                    None => slot.entry = Arc::default(),
                }
                index
            }
            None => {
                state.slots.push(Slot {
                    when: Some(when),
                    entry: Arc::default(),
                });
                state.slots.len() - 1
            }
        };
        let entry = Arc::clone(&state.slots[index].entry);
        // The thread needs waking only if it would otherwise sleep past this deadline.
        if state.sleeping_until.is_none_or(|until| when < until) {
            state.sleeping_until = Some(when);
            self.wake.notify_one();
        }
        Registration {
            watchdog: self,
            index,
            entry,
        }
    }

    fn run(&self) {
        let mut due = Vec::new();
        let mut state = lock(&self.state);
        loop {
            let now = Instant::now();
            // Fires what is due, and finds the earliest deadline still to come.
            let mut earliest: Option<Instant> = None;
            for slot in &state.slots {
                let Some(when) = slot.when else { continue };
                if slot.entry.fired.load(Ordering::Relaxed) {
                    continue;
                }
                if when <= now {
                    slot.entry.fired.store(true, Ordering::Release);
                    due.extend(lock(&slot.entry.waker).take());
                } else if earliest.is_none_or(|e| when < e) {
                    earliest = Some(when);
                }
            }
            if !due.is_empty() {
                // Woken without the lock held: a waker that polls its task at once (and so
                // drops a registration, which takes the lock) must not deadlock.
                drop(state);
                due.drain(..).for_each(Waker::wake);
                state = lock(&self.state);
                continue;
            }
            // Sleeps until the earliest deadline; a finished attempt's deadline is left to
            // pass (one spare wake-up) rather than costing its attempt a notification.
            state.sleeping_until = earliest.or(state.sleeping_until.filter(|u| *u > now));
            state = match state.sleeping_until {
                Some(until) => {
                    self.wake
                        .wait_timeout(state, until.saturating_duration_since(now))
                        .unwrap_or_else(PoisonError::into_inner)
                        .0
                }
                None => self
                    .wake
                    .wait(state)
                    .unwrap_or_else(PoisonError::into_inner),
            };
        }
    }
}

impl Registration {
    /// Ready once the deadline has passed; until then the task is woken when it does.
    fn poll_fired(&self, cx: &mut Context<'_>) -> Poll<()> {
        let entry = &self.entry;
        {
            let mut waker = lock(&entry.waker);
            match &*waker {
                Some(known) if known.will_wake(cx.waker()) => {}
                _ => *waker = Some(cx.waker().clone()),
            }
        }
        // Checked after the waker is stored: the thread sets `fired` before it takes the
        // waker, so a deadline passing now is seen either here or through the waker.
        if entry.fired.load(Ordering::Acquire) {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    }
}

impl Drop for Registration {
    fn drop(&mut self) {
        let mut state = lock(&self.watchdog.state);
        state.slots[self.index].when = None;
        state.free.push(self.index);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::task::Wake;

    /// Polls `future` on this thread, parking between polls (no runtime: the watchdog's
    /// wake-ups must arrive on their own).
    fn block_on<F: Future>(future: F) -> F::Output {
        struct Unpark(std::thread::Thread);
        impl Wake for Unpark {
            fn wake(self: Arc<Self>) {
                self.0.unpark();
            }
        }
        let waker = Waker::from(Arc::new(Unpark(std::thread::current())));
        let mut cx = Context::from_waker(&waker);
        let mut future = std::pin::pin!(future);
        loop {
            if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
                return output;
            }
            std::thread::park();
        }
    }

    fn within_blocking<F: Future>(limit: Duration, future: F) -> Option<F::Output> {
        block_on(async {
            let mut future = std::pin::pin!(future);
            within(limit, future.as_mut()).await
        })
    }

    #[test]
    fn a_finished_future_gives_its_output_and_leaves_no_entry() {
        assert_eq!(
            within_blocking(Duration::from_secs(30), std::future::ready(7)),
            Some(7)
        );
        let watchdog = watchdog().expect("the watchdog thread starts");
        let state = lock(&watchdog.state);
        let left = state
            .slots
            .iter()
            .filter(|slot| slot.when.is_some() && Arc::strong_count(&slot.entry) == 1)
            .count();
        assert_eq!(left, 0, "a dropped registration left its slot taken");
    }

    #[test]
    fn a_limit_too_far_off_for_an_instant_is_no_limit() {
        assert_eq!(
            within_blocking(Duration::MAX, std::future::ready(7)),
            Some(7)
        );
    }

    #[test]
    fn a_future_that_never_ends_is_given_up_on_after_its_limit() {
        let start = Instant::now();
        let limit = Duration::from_millis(50);
        assert_eq!(within_blocking(limit, std::future::pending::<()>()), None);
        assert!(start.elapsed() >= limit);
    }

    #[test]
    fn an_earlier_deadline_wakes_a_watchdog_sleeping_until_a_later_one() {
        // A long deadline first: the thread sleeps until it...
        let long = std::thread::spawn(|| {
            within_blocking(Duration::from_millis(1000), std::future::pending::<()>())
        });
        std::thread::sleep(Duration::from_millis(20));
        // ...so a short one registered after must wake it, or this waits 1 s.
        let start = Instant::now();
        assert_eq!(
            within_blocking(Duration::from_millis(30), std::future::pending::<()>()),
            None
        );
        assert!(
            start.elapsed() < Duration::from_millis(600),
            "the short deadline fired only after {:?}",
            start.elapsed()
        );
        assert_eq!(long.join().unwrap(), None);
    }
}
