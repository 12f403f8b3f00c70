//! Validating a valid value allocates nothing: paths live on the stack and are turned into
//! JSON pointers only when a violation is recorded. Counted with a global allocator that
//! tallies allocations made on the measuring thread.

// A counting global allocator needs `unsafe impl GlobalAlloc`; it only forwards to `System`.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};

use apify_api::models::PrivateUserDataResponse;
use apify_api::Validate;

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    static MEASURING: Cell<bool> = const { Cell::new(false) };
}

// SAFETY: every call is forwarded to the system allocator unchanged; the counter only reads
// a thread-local flag and bumps an atomic, neither of which allocates.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if MEASURING.with(Cell::get) {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        }
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if MEASURING.with(Cell::get) {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        }
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations made on this thread while `f` runs.
fn allocations_in<R>(f: impl FnOnce() -> R) -> (usize, R) {
    ALLOCATIONS.store(0, Ordering::Relaxed);
    MEASURING.with(|m| m.set(true));
    let result = f();
    MEASURING.with(|m| m.set(false));
    (ALLOCATIONS.load(Ordering::Relaxed), result)
}

#[test]
fn validating_a_valid_value_allocates_nothing() {
    let value: PrivateUserDataResponse =
        apify_api::from_str(include_str!("../data/users_me_200.json")).unwrap();
    let (count, result) = allocations_in(|| value.validate());
    assert_eq!(result, Ok(()));
    assert_eq!(
        count, 0,
        "validate() of a valid payload allocated {count} times"
    );

    // The counter works: an invalid value allocates its violation report.
    let mut bad = value.clone();
    bad.data.email = Some("not-an-email".into());
    let (count, result) = allocations_in(|| bad.validate());
    assert!(result.is_err());
    assert!(count > 0);
}
