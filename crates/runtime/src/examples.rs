//! Support for the examples check that `cargo xtask examples` generates and runs.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::validate::{push_escaped, Validate};

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

    /// Checks one example: it must decode as `T`, validate clean and serialize back to
    /// equal JSON (numbers compare by value).
    pub fn check<T: DeserializeOwned + Serialize + Validate>(&mut self, label: &str, json: &str) {
        match check_one::<T>(json) {
            Ok(()) => self.passed += 1,
            Err(why) => self.failures.push((label.to_owned(), why)),
        }
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
    let value: T =
        crate::decode::from_value(original.clone()).map_err(|e| format!("does not decode: {e}"))?;
    if let Err(violations) = value.validate() {
        let list: Vec<String> = violations.iter().map(ToString::to_string).collect();
        return Err(format!("does not validate: {}", list.join("; ")));
    }
    let back = serde_json::to_value(&value).map_err(|e| format!("does not serialize: {e}"))?;
    match first_difference(&original, &back, &mut String::new()) {
        None => Ok(()),
        Some(at) => Err(format!("does not round-trip: first difference at `{at}`")),
    }
}

/// The JSON pointer of the first difference between `a` and `b` (numbers compare by value).
pub fn first_difference(a: &Value, b: &Value, at: &mut String) -> Option<String> {
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
