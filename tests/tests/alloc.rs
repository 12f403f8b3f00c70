//! Validating a valid value allocates nothing: paths live on the stack and are turned into
//! JSON pointers only when a violation is recorded. Checked for every payload in
//! `tests/data/*.json`, each decoded into its type from [`PAYLOADS`]; a data file without an
//! entry there fails the test, so a new payload cannot be forgotten.
//!
//! Counted with a global allocator that tallies the allocations of the measuring thread only:
//! the counter and its switch are thread-locals, so the other tests of this binary, running
//! on other threads at the same time, neither count nor disturb a measurement.

// A counting global allocator needs `unsafe impl GlobalAlloc`; it only forwards to `System`.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::any::type_name;
use std::cell::Cell;
use std::path::Path;

use apify_api::models::{self, PrivateUserDataResponse};
use apify_api::Validate;
use serde::de::DeserializeOwned;

struct Counting;

thread_local! {
    static MEASURING: Cell<bool> = const { Cell::new(false) };
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
    /// Bytes this thread allocated minus bytes it freed, while measuring, and the most
    /// that ever was (for peak heap growth: `peak_growth_in`).
    static LIVE: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

/// Adds `delta` bytes to this thread's live count if it is measuring.
fn track(delta: isize) {
    let measuring = MEASURING.try_with(Cell::get).unwrap_or(false);
    if measuring {
        let _ = LIVE.try_with(|live| {
            let now = live.get() + delta;
            live.set(now);
            let _ = PEAK.try_with(|peak| peak.set(peak.get().max(now)));
        });
    }
}

/// Counts one allocation if this thread is measuring. Const-initialized thread-locals without
/// a destructor never allocate and stay reachable even while a thread shuts down; `try_with`
/// keeps the allocator from panicking regardless.
fn count_one() {
    let measuring = MEASURING.try_with(Cell::get).unwrap_or(false);
    if measuring {
        let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
    }
}

// SAFETY: every call is forwarded to the system allocator unchanged; the counter only touches
// two const-initialized thread-locals, which does not allocate.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count_one();
        track(layout.size() as isize);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        track(-(layout.size() as isize));
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count_one();
        track(new_size as isize - layout.size() as isize);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations made on this thread while `f` runs.
pub(crate) fn allocations_in<R>(f: impl FnOnce() -> R) -> (usize, R) {
    ALLOCATIONS.with(|n| n.set(0));
    MEASURING.with(|m| m.set(true));
    let result = f();
    MEASURING.with(|m| m.set(false));
    (ALLOCATIONS.with(Cell::get), result)
}

/// The most this thread's heap grew (allocated minus freed, in bytes) while `f` ran. Run
/// everything `f` measures on the calling thread (a current-thread tokio runtime), since
/// other threads are not counted.
pub(crate) fn peak_growth_in<R>(f: impl FnOnce() -> R) -> (usize, R) {
    LIVE.with(|n| n.set(0));
    PEAK.with(|n| n.set(0));
    MEASURING.with(|m| m.set(true));
    let result = f();
    MEASURING.with(|m| m.set(false));
    (PEAK.with(Cell::get).max(0) as usize, result)
}

/// Decodes `text` as `T`, validates it, and returns the allocations `validate()` made.
fn validate_as<T: DeserializeOwned + Validate>(text: &str) -> Result<usize, String> {
    let value: T = apify_api::from_str(text)
        .map_err(|e| format!("does not decode as {}: {e}", type_name::<T>()))?;
    // A pattern is compiled on its first use, once per process: warm up, then count.
    let _ = value.validate();
    let (count, result) = allocations_in(|| value.validate());
    result.map_err(|v| format!("does not validate as {}: {v}", type_name::<T>()))?;
    Ok(count)
}

/// Whether a payload's `validate()` must allocate nothing.
#[derive(Debug, Clone, Copy)]
enum Expect {
    NoAllocation,
    /// A known exception; the test fails once it no longer allocates, so the entry is not
    /// forgotten when the cause is fixed. Kept when no entry uses it, so that marking one
    /// needs no change here.
    #[allow(dead_code)]
    Allocates,
}

/// Decodes and validates a payload as one type, returning the allocations of `validate()`.
type Check = fn(&str) -> Result<usize, String>;

/// Every payload in `tests/data/`, with the type it decodes into (the one `payloads.rs` and
/// `endpoints.rs` use for it; an error body decodes into the error type).
const PAYLOADS: &[(&str, Check, Expect)] = &[
    (
        "actor_get_200.json",
        validate_as::<models::ActorResponse>,
        Expect::NoAllocation,
    ),
    (
        "actors_get_200.json",
        validate_as::<models::ListOfActorsResponse>,
        Expect::NoAllocation,
    ),
    (
        "user_get_200.json",
        validate_as::<models::PublicUserDataResponse>,
        Expect::NoAllocation,
    ),
    (
        "users_me_200.json",
        validate_as::<models::PrivateUserDataResponse>,
        Expect::NoAllocation,
    ),
    (
        "users_me_400.json",
        validate_as::<models::ErrorResponse>,
        Expect::NoAllocation,
    ),
    (
        "users_me_limits_get_200.json",
        validate_as::<models::LimitsResponse>,
        Expect::NoAllocation,
    ),
    (
        "users_me_usage_monthly_get_200.json",
        validate_as::<models::MonthlyUsageResponse>,
        Expect::NoAllocation,
    ),
    (
        "apify/actor_versions_get_200.json",
        validate_as::<models::ListOfVersionsResponse>,
        Expect::NoAllocation,
    ),
    (
        "apify/actorTasks_get_200.json",
        validate_as::<models::ListOfTasksResponse>,
        Expect::NoAllocation,
    ),
    (
        "apify/task_response.json",
        validate_as::<models::TaskResponse>,
        Expect::NoAllocation,
    ),
    (
        "apify/aborted_run.json",
        validate_as::<models::RunResponse>,
        Expect::NoAllocation,
    ),
    (
        "apify/build.json",
        validate_as::<models::Build>,
        Expect::NoAllocation,
    ),
    (
        "apify/datasets_get_200.json",
        validate_as::<models::ListOfDatasetsResponse>,
        Expect::NoAllocation,
    ),
    (
        "apify/dataset_get_200.json",
        validate_as::<models::DatasetResponse>,
        Expect::NoAllocation,
    ),
    (
        "apify/dataset_statistics_get_200.json",
        validate_as::<models::DatasetStatisticsResponse>,
        Expect::NoAllocation,
    ),
    (
        "apify/keyValueStore_get_200.json",
        validate_as::<models::KeyValueStoreResponse>,
        Expect::NoAllocation,
    ),
    (
        "apify/keyValueStore_keys_get_200.json",
        validate_as::<models::ListOfKeysResponse>,
        Expect::NoAllocation,
    ),
    (
        "apify/requestQueue_get_200.json",
        validate_as::<models::RequestQueueResponse>,
        Expect::NoAllocation,
    ),
    (
        "apify/requestQueue_requests_batch_post_201.json",
        validate_as::<models::BatchAddResponse>,
        Expect::NoAllocation,
    ),
    (
        "apify/requestQueue_requests_get_200.json",
        validate_as::<models::ListOfRequestsResponse>,
        Expect::NoAllocation,
    ),
    (
        "apify/requestQueue_head_get_200.json",
        validate_as::<models::HeadResponse>,
        Expect::NoAllocation,
    ),
    (
        "apify/requestQueue_head_lock_post_201.json",
        validate_as::<models::HeadAndLockResponse>,
        Expect::NoAllocation,
    ),
    (
        "apify/webhooks_get_200.json",
        validate_as::<models::ListOfWebhooksResponse>,
        Expect::NoAllocation,
    ),
    (
        "apify/webhook_get_200.json",
        validate_as::<models::WebhookResponse>,
        Expect::NoAllocation,
    ),
    (
        "apify/webhookDispatch_get_200.json",
        validate_as::<models::WebhookDispatchResponse>,
        Expect::NoAllocation,
    ),
    (
        "apify/schedule_get_200.json",
        validate_as::<models::ScheduleResponse>,
        Expect::NoAllocation,
    ),
    (
        "apify/store_get_200.json",
        validate_as::<models::ListOfActorsInStoreResponse>,
        Expect::NoAllocation,
    ),
];

fn data_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data")
}

#[test]
fn validating_every_valid_payload_allocates_nothing() {
    // `tests/data/*.json` and one level of sub-folders (`apify/`), as `apify/<file>`.
    let list = |dir: &str| -> Vec<String> {
        std::fs::read_dir(data_dir().join(dir))
            .expect("tests/data exists")
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".json"))
            .map(|name| match dir {
                "" => name,
                dir => format!("{dir}/{name}"),
            })
            .collect()
    };
    let mut files: Vec<String> = list("");
    files.extend(list("apify"));
    files.sort();
    assert!(!files.is_empty(), "tests/data has no payloads");

    let mut failures = Vec::new();
    for file in &files {
        let Some((_, validate, expect)) = PAYLOADS.iter().find(|(name, ..)| name == file) else {
            failures.push(format!(
                "tests/data/{file} has no entry in PAYLOADS (tests/tests/alloc.rs): add the type it decodes into"
            ));
            continue;
        };
        let text = std::fs::read_to_string(data_dir().join(file)).unwrap();
        match (validate(&text), expect) {
            (Err(e), _) => failures.push(format!("tests/data/{file} {e}")),
            (Ok(0), Expect::NoAllocation) => {}
            (Ok(count), Expect::NoAllocation) => failures.push(format!(
                "validate() of tests/data/{file} allocated {count} times"
            )),
            (Ok(0), Expect::Allocates) => failures.push(format!(
                "validate() of tests/data/{file} allocates nothing now: make its entry in PAYLOADS `Expect::NoAllocation`"
            )),
            (Ok(_), Expect::Allocates) => {}
        }
    }
    for (name, ..) in PAYLOADS {
        if !files.iter().any(|f| f == name) {
            failures.push(format!(
                "PAYLOADS (tests/tests/alloc.rs) names tests/data/{name}, which does not exist"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_counter_counts() {
    // An invalid value allocates its violation report, and only the measuring thread counts.
    let value: PrivateUserDataResponse =
        apify_api::from_str(include_str!("../data/users_me_200.json")).unwrap();
    let mut bad = value.clone();
    bad.data.email = Some("not-an-email".into());
    let (count, result) = allocations_in(|| bad.validate());
    assert!(result.is_err());
    assert!(count > 0);

    // Spawning allocates on this thread (the first spawn also caches settings), so compare
    // a warmed-up spawn with one whose thread allocates: the other thread must not count.
    std::thread::spawn(|| ()).join().unwrap();
    let (spawn_only, ()) = allocations_in(|| {
        std::thread::spawn(|| ()).join().unwrap();
    });
    let (count, ()) = allocations_in(|| {
        std::thread::spawn(|| drop(std::hint::black_box(vec![0u8; 64])))
            .join()
            .unwrap();
    });
    assert_eq!(count, spawn_only, "another thread's allocation was counted");
}
