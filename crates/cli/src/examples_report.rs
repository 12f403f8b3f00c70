//! The report of the examples check that `cargo xtask examples` generates and runs: each
//! example must decode as its type, validate clean without allocating, and serialize back
//! to equal JSON.
//!
//! `run_examples` writes this file, as is, next to the generated program (as its `report`
//! module); xtask compiles it only for its own tests. The program's allocator counts the
//! allocations made while a valid example is validated, which must be none.

// A counting global allocator needs `unsafe impl GlobalAlloc`; it only forwards to `System`.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use specforge_runtime::validate::push_escaped;
use specforge_runtime::Validate;

/// The system allocator, counting the allocations made on a thread while it measures.
struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    static MEASURING: Cell<bool> = const { Cell::new(false) };
}

// SAFETY: every call is forwarded to the system allocator unchanged; the counter only reads
// a thread-local flag (const-initialized, no destructor: reading it never allocates) and
// bumps an atomic.
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

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if MEASURING.with(Cell::get) {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        }
        unsafe { System.alloc_zeroed(layout) }
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

/// Runs `f` and returns what it returned with the allocations made on this thread meanwhile.
fn allocations_in<R>(f: impl FnOnce() -> R) -> (usize, R) {
    ALLOCATIONS.store(0, Ordering::Relaxed);
    MEASURING.with(|m| m.set(true));
    let result = f();
    MEASURING.with(|m| m.set(false));
    (ALLOCATIONS.load(Ordering::Relaxed), result)
}

/// Collects the outcome of each example and prints a report.
#[derive(Debug)]
pub struct Report {
    total: usize,
    passed: usize,
    failures: Vec<(String, String)>,
}

impl Report {
    /// A report for `total` examples.
    pub fn new(total: usize) -> Self {
        Report {
            total,
            passed: 0,
            failures: Vec::new(),
        }
    }

    /// Checks one example: it must decode as `T`, validate clean, validate again without
    /// allocating, and serialize back to equal JSON (numbers compare by value).
    pub fn check<T: DeserializeOwned + Serialize + Validate>(&mut self, label: &str, json: &str) {
        match check_one::<T>(json) {
            Ok(()) => self.passed += 1,
            Err(why) => self.failures.push((label.to_owned(), why)),
        }
    }

    /// The failures so far: each example's label and why it failed.
    #[cfg_attr(not(test), allow(dead_code))]
    pub fn failures(&self) -> &[(String, String)] {
        &self.failures
    }

    /// Prints the failures and a summary line; fails when any example failed.
    pub fn finish(self) -> std::process::ExitCode {
        for (label, why) in &self.failures {
            println!("FAIL {label}\n     {why}");
        }
        println!(
            "examples: {} checked, {} passed, {} failed",
            self.total,
            self.passed,
            self.failures.len()
        );
        if self.failures.is_empty() {
            std::process::ExitCode::SUCCESS
        } else {
            std::process::ExitCode::FAILURE
        }
    }
}

fn check_one<T: DeserializeOwned + Serialize + Validate>(json: &str) -> Result<(), String> {
    let original: Value = serde_json::from_str(json).map_err(|e| format!("is not JSON: {e}"))?;
    let value: T = specforge_runtime::decode::from_value(original.clone())
        .map_err(|e| format!("does not decode: {e}"))?;
    if let Err(violations) = value.validate() {
        let list: Vec<String> = violations.iter().map(ToString::to_string).collect();
        return Err(format!("does not validate: {}", list.join("; ")));
    }
    // Measured on a second run: the first may compile a `pattern` (once per program).
    let (allocations, result) = allocations_in(|| value.validate());
    if result.is_err() {
        return Err("validates clean once, then not: validation is not deterministic".into());
    }
    if allocations > 0 {
        return Err(format!(
            "validates clean but allocates while validating ({allocations} allocation{}); \
             validating a valid value must allocate nothing",
            if allocations == 1 { "" } else { "s" }
        ));
    }
    let back = serde_json::to_value(&value).map_err(|e| format!("does not serialize: {e}"))?;
    match first_difference(&original, &back, &mut String::new()) {
        None => Ok(()),
        Some(at) => Err(format!("does not round-trip: first difference at `{at}`")),
    }
}

/// The JSON pointer of the first difference between `a` and `b` (numbers compare by value).
fn first_difference(a: &Value, b: &Value, at: &mut String) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (key, value) in x {
                let len = at.len();
                at.push('/');
                push_escaped(at, key);
                let found = match y.get(key) {
                    Some(other) => first_difference(value, other, at),
                    None => Some(at.clone()),
                };
                at.truncate(len);
                if found.is_some() {
                    return found;
                }
            }
            y.keys().find(|k| !x.contains_key(*k)).map(|k| {
                let mut p = at.clone();
                p.push('/');
                push_escaped(&mut p, k);
                p
            })
        }
        (Value::Array(x), Value::Array(y)) => {
            if x.len() != y.len() {
                return Some(at.clone());
            }
            x.iter().zip(y).enumerate().find_map(|(i, (v, w))| {
                let len = at.len();
                at.push('/');
                at.push_str(&i.to_string());
                let found = first_difference(v, w, at);
                at.truncate(len);
                found
            })
        }
        (Value::Number(x), Value::Number(y)) if x.as_f64() == y.as_f64() => None,
        _ if a == b => None,
        _ => Some(at.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use specforge_runtime::{Path, Violations};

    /// A value whose validation allocates when `wasteful` (as a check that builds a
    /// temporary string would), and fails when `invalid`.
    #[derive(Debug, serde::Deserialize, serde::Serialize)]
    struct Sample {
        name: String,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        wasteful: bool,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        invalid: bool,
    }

    impl Validate for Sample {
        fn validate_at(&self, at: &Path<'_>, out: &mut Violations) {
            if self.wasteful {
                std::hint::black_box(self.name.to_uppercase());
            }
            if self.invalid {
                out.push(&at.key("invalid"), "must be false");
            }
        }
    }

    #[test]
    fn each_failure_is_named() {
        let mut report = Report::new(6);
        report.check::<Sample>("good", r#"{"name":"a"}"#);
        report.check::<Sample>("allocates", r#"{"name":"a","wasteful":true}"#);
        report.check::<Sample>("invalid", r#"{"name":"a","invalid":true}"#);
        report.check::<Sample>("undecodable", r#"{"name":5}"#);
        report.check::<Sample>("not json", "{");
        report.check::<Sample>("extra", r#"{"name":"a","other":1}"#);
        let failures: Vec<(&str, &str)> = report
            .failures()
            .iter()
            .map(|(label, why)| (label.as_str(), why.as_str()))
            .collect();
        assert_eq!(failures.len(), 5, "{failures:#?}");
        assert_eq!(failures[0].0, "allocates");
        assert!(
            failures[0].1.contains("allocates while validating ("),
            "{}",
            failures[0].1
        );
        assert_eq!(
            failures[1],
            ("invalid", "does not validate: /invalid: must be false")
        );
        assert!(failures[2].1.starts_with("does not decode: /name"));
        assert!(failures[3].1.starts_with("is not JSON"));
        assert_eq!(
            failures[4],
            ("extra", "does not round-trip: first difference at `/other`")
        );
        let code = report.finish();
        assert_eq!(
            format!("{code:?}"),
            format!("{:?}", std::process::ExitCode::FAILURE)
        );
    }

    #[test]
    fn numbers_compare_by_value() {
        let a = serde_json::json!({"x": [1, {"y~/": 2.0}]});
        let b = serde_json::json!({"x": [1.0, {"y~/": 2}]});
        assert_eq!(first_difference(&a, &b, &mut String::new()), None);
        let c = serde_json::json!({"x": [1, {"y~/": 3}]});
        assert_eq!(
            first_difference(&a, &c, &mut String::new()).as_deref(),
            Some("/x/1/y~0~1")
        );
    }
}
