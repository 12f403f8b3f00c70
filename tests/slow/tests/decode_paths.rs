//! Decode failure paths, checked against where the failure really is.
//!
//! `rt::decode` names the JSON pointer of a failure from serde_json's position in the text
//! (`decode/locate.rs`). Here every value of the Apify payloads in `tests/data/apify` is broken
//! in turn (given the wrong kind of JSON value, or, for a property, removed), the payload is
//! decoded as its generated type, compact and pretty-printed, and the failure must be named
//! at the broken value or at a union above it that refused it. The same text is also decoded
//! with serde_path_to_error (what the runtime used before): the pointer must extend its path,
//! and the message must be its message.

use std::path::Path;

use apify_api::models::*;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Each payload and the type it decodes as (as `tests/tests/apify_payloads.rs` pairs them).
fn payloads() -> Vec<(&'static str, Decoder)> {
    vec![
        (
            "actor_versions_get_200.json",
            decoder::<ListOfVersionsResponse>,
        ),
        ("actorTasks_get_200.json", decoder::<ListOfTasksResponse>),
        ("task_response.json", decoder::<TaskResponse>),
        ("aborted_run.json", decoder::<RunResponse>),
        ("build.json", decoder::<Build>),
        ("datasets_get_200.json", decoder::<ListOfDatasetsResponse>),
        ("dataset_get_200.json", decoder::<DatasetResponse>),
        (
            "dataset_statistics_get_200.json",
            decoder::<DatasetStatisticsResponse>,
        ),
        (
            "keyValueStore_get_200.json",
            decoder::<KeyValueStoreResponse>,
        ),
        (
            "keyValueStore_keys_get_200.json",
            decoder::<ListOfKeysResponse>,
        ),
        ("requestQueue_get_200.json", decoder::<RequestQueueResponse>),
        (
            "requestQueue_requests_get_200.json",
            decoder::<ListOfRequestsResponse>,
        ),
        ("requestQueue_head_get_200.json", decoder::<HeadResponse>),
        (
            "requestQueue_head_lock_post_201.json",
            decoder::<HeadAndLockResponse>,
        ),
        (
            "requestQueue_requests_batch_post_201.json",
            decoder::<BatchAddResponse>,
        ),
        ("webhooks_get_200.json", decoder::<ListOfWebhooksResponse>),
        ("webhook_get_200.json", decoder::<WebhookResponse>),
        (
            "webhookDispatch_get_200.json",
            decoder::<WebhookDispatchResponse>,
        ),
        ("schedule_get_200.json", decoder::<ScheduleResponse>),
        ("store_get_200.json", decoder::<ListOfActorsInStoreResponse>),
    ]
}

/// How one text fared: the runtime's failure (pointer, message), and serde_path_to_error's
/// (path as a pointer, message without its position).
type Outcome = Option<((String, String), (String, String))>;
type Decoder = fn(&str) -> Outcome;

fn decoder<T: DeserializeOwned>(text: &str) -> Outcome {
    let ours = specforge_runtime::decode::from_str::<T>(text).err()?;
    let mut de = serde_json::Deserializer::from_str(text);
    let theirs = match serde_path_to_error::deserialize::<_, T>(&mut de) {
        Ok(_) => panic!("the runtime refused what serde_path_to_error read: {ours}\n{text}"),
        Err(e) => e,
    };
    let mut path = String::new();
    for segment in theirs.path().iter() {
        match segment {
            serde_path_to_error::Segment::Seq { index } => path.push_str(&format!("/{index}")),
            serde_path_to_error::Segment::Map { key } => {
                path.push('/');
                specforge_runtime::pointer::push_escaped(&mut path, key);
            }
            _ => {}
        }
    }
    let inner = theirs.into_inner();
    let mut message = inner.to_string();
    let suffix = format!(" at line {} column {}", inner.line(), inner.column());
    if let Some(cut) = message.strip_suffix(&suffix) {
        message = cut.to_owned();
    }
    Some(((ours.path, ours.message), (path, message)))
}

/// Every value's pointer in `value`, children before their parent.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let mut next = at.clone();
                next.push('/');
                specforge_runtime::pointer::push_escaped(&mut next, key);
                pointers(child, next, out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                pointers(child, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
    out.push(at);
}

/// A value of another kind than `value`.
fn other_kind(value: &Value) -> Value {
    match value {
        Value::String(_) => Value::from(7),
        Value::Number(_) | Value::Bool(_) | Value::Null => Value::from("seven"),
        Value::Array(_) => serde_json::json!({"seven": 7}),
        Value::Object(_) => serde_json::json!([7]),
    }
}

#[test]
fn a_broken_value_is_named_where_it_is() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/apify");
    let (mut broken, mut refused, mut exact) = (0, 0, 0);
    for (file, decode) in payloads() {
        let text = std::fs::read_to_string(data.join(file)).unwrap();
        let original: Value = serde_json::from_str(&text).unwrap();
        assert!(decode(&text).is_none(), "{file} must decode as it is");
        let mut all = Vec::new();
        pointers(&original, String::new(), &mut all);
        for pointer in all.iter().filter(|p| !p.is_empty()) {
            let mut edits = Vec::new();
            let mut changed = original.clone();
            let target = changed.pointer_mut(pointer).unwrap();
            *target = other_kind(target);
            edits.push(("changed", changed));
            let (parent, key) = pointer.rsplit_once('/').unwrap();
            let mut removed = original.clone();
            if let Some(Value::Object(map)) = removed.pointer_mut(parent) {
                map.remove(specforge_runtime::pointer::unescape(key).as_ref());
                edits.push(("removed", removed));
            }
            for (how, edited) in edits {
                for text in [
                    serde_json::to_string(&edited).unwrap(),
                    serde_json::to_string_pretty(&edited).unwrap(),
                ] {
                    broken += 1;
                    let Some(((path, message), (their_path, their_message))) = decode(&text) else {
                        continue;
                    };
                    refused += 1;
                    let context = format!(
                        "{file}: {pointer} {how}: ours {path:?} ({message}), serde_path_to_error's {their_path:?} ({their_message})"
                    );
                    // At the broken value, or at a union above it that refused it.
                    assert!(
                        pointer == &path || pointer.starts_with(&format!("{path}/")),
                        "{context}"
                    );
                    assert!(
                        path == their_path || path.starts_with(&format!("{their_path}/")),
                        "{context}"
                    );
                    assert!(message.starts_with(&their_message), "{context}");
                    exact += usize::from(pointer == &path);
                }
            }
        }
    }
    println!(
        "{broken} broken payloads, {refused} refused, {exact} named at the broken value exactly"
    );
    assert!(refused > 1000, "{refused} of {broken}");
    // Only a union that refuses a value as a whole names itself instead.
    assert!(exact * 10 >= refused * 9, "{exact} of {refused}");
}
