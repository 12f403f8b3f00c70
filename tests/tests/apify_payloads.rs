//! One payload per resource group of the Apify API: the examples our schemas carry (their
//! values are Apify's), decoded into the generated types, validated, and serialized back
//! unchanged, with the facts a consumer reads first checked through the typed fields.

use std::fmt::Debug;
use std::path::Path;

use apify_api::models::*;
use apify_api::Validate;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// Each data file and where in `schemas/apify` its example is written.
const SOURCES: &[(&str, &str, &str)] = &[
    (
        "actor_versions_get_200.json",
        "paths/actors/acts@{actorId}@versions.yaml",
        "/get/responses/200/content/application~1json/example",
    ),
    (
        "actorTasks_get_200.json",
        "paths/actor-tasks/actor-tasks.yaml",
        "/get/responses/200/content/application~1json/example",
    ),
    (
        "task_response.json",
        "components/schemas/actor-tasks/TaskResponse.yaml",
        "/examples/0",
    ),
    (
        "aborted_run.json",
        "components/examples/AbortedRunExample.yaml",
        "/value",
    ),
    (
        "build.json",
        "components/schemas/actor-builds/Build.yaml",
        "/example",
    ),
    (
        "datasets_get_200.json",
        "paths/datasets/datasets.yaml",
        "/get/responses/200/content/application~1json/example",
    ),
    (
        "dataset_get_200.json",
        "components/objects/datasets/dataset.yaml",
        "/getById/responses/200/content/application~1json/example",
    ),
    (
        "dataset_statistics_get_200.json",
        "components/objects/datasets/dataset-statistics.yaml",
        "/getById/responses/200/content/application~1json/example",
    ),
    (
        "keyValueStore_get_200.json",
        "components/objects/key-value-stores/key-value-store.yaml",
        "/getById/responses/200/content/application~1json/example",
    ),
    (
        "keyValueStore_keys_get_200.json",
        "components/schemas/key-value-stores/ListOfKeysResponse.yaml",
        "/example",
    ),
    (
        "requestQueue_get_200.json",
        "components/objects/request-queues/request-queue.yaml",
        "/getById/responses/200/content/application~1json/example",
    ),
    (
        "requestQueue_requests_batch_post_201.json",
        "components/objects/request-queues/request-queue-requests-batch.yaml",
        "/postById/responses/201/content/application~1json/example",
    ),
    (
        "requestQueue_requests_get_200.json",
        "components/objects/request-queues/request-queue-requests.yaml",
        "/listById/responses/200/content/application~1json/example",
    ),
    (
        "requestQueue_head_get_200.json",
        "components/objects/request-queues/request-queue-head.yaml",
        "/listById/responses/200/content/application~1json/example",
    ),
    (
        "requestQueue_head_lock_post_201.json",
        "components/objects/request-queues/request-queue-head-lock.yaml",
        "/postById/responses/201/content/application~1json/example",
    ),
    (
        "webhooks_get_200.json",
        "paths/webhooks/webhooks.yaml",
        "/get/responses/200/content/application~1json/example",
    ),
    (
        "webhook_get_200.json",
        "paths/webhooks/webhooks@{webhookId}.yaml",
        "/get/responses/200/content/application~1json/example",
    ),
    (
        "webhookDispatch_get_200.json",
        "paths/webhook-dispatches/webhook-dispatches@{dispatchId}.yaml",
        "/get/responses/200/content/application~1json/example",
    ),
    (
        "schedule_get_200.json",
        "paths/schedules/schedules@{scheduleId}.yaml",
        "/get/responses/200/content/application~1json/example",
    ),
    (
        "store_get_200.json",
        "paths/store/store.yaml",
        "/get/responses/200/content/application~1json/example",
    ),
];

fn data(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data/apify")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Decodes the data file, checks it validates clean and serializes back to the same JSON.
fn round_trip<T>(name: &str) -> T
where
    T: DeserializeOwned + Serialize + Validate + PartialEq + Debug,
{
    let text = data(name);
    let decoded: T = apify_api::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(decoded.validate(), Ok(()), "{name}");
    let original: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(serde_json::to_value(&decoded).unwrap(), original, "{name}");
    decoded
}

/// The data files are the examples of the spec, as the loader reads them (merge keys of the
/// operation templates applied).
#[test]
fn data_files_are_the_spec_examples() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas/apify/openapi.yaml");
    let spec = specforge_codegen::load::load(&root).unwrap_or_else(|d| panic!("{d:?}"));
    for (name, file, pointer) in SOURCES {
        let doc = spec
            .files
            .iter()
            .find(|d| d.rel_path == *file)
            .unwrap_or_else(|| panic!("{file} is not among the loaded files"));
        let example = doc
            .value
            .pointer(pointer)
            .unwrap_or_else(|| panic!("{file}#{pointer} is not there"));
        let expected: Value = serde_json::from_str(&data(name)).unwrap();
        assert_eq!(example, &expected, "{name} differs from {file}#{pointer}");
    }
}

#[test]
fn actors_versions_list() {
    let list: ListOfVersionsResponse = round_trip("actor_versions_get_200.json");
    assert_eq!(list.data.total, 5);
    let kinds: Vec<_> = list
        .data
        .items
        .iter()
        .map(|v| v.source_type.clone())
        .collect();
    assert_eq!(kinds[0], Some(VersionSourceType::SourceFiles));
    assert_eq!(kinds[1], Some(VersionSourceType::GitRepo));
}

#[test]
fn actor_tasks_list_and_one_task() {
    let list: ListOfTasksResponse = round_trip("actorTasks_get_200.json");
    assert_eq!(list.data.count, 2);
    let task: TaskResponse = round_trip("task_response.json");
    assert_eq!(task.data.name, "my-task");
    let options = task.data.options.flatten().unwrap();
    assert_eq!(options.memory_mbytes, Some(Some(128)));
}

#[test]
fn actor_runs_an_aborted_run() {
    let run: RunResponse = round_trip("aborted_run.json");
    assert_eq!(run.data.status, ActorJobStatus::Aborted);
    assert_eq!(run.data.meta.origin, RunOrigin::Web);
    assert!(run.data.finished_at.flatten().is_some());
}

#[test]
fn actor_builds_a_finished_build() {
    let build: Build = round_trip("build.json");
    assert_eq!(build.status, ActorJobStatus::Succeeded);
    assert_eq!(build.act_id, "janedoe~my-actor");
}

#[test]
fn datasets_list_one_and_statistics() {
    let list: ListOfDatasetsResponse = round_trip("datasets_get_200.json");
    assert_eq!(list.data.items.len(), 2);
    let one: DatasetResponse = round_trip("dataset_get_200.json");
    assert_eq!((one.data.item_count, one.data.clean_item_count), (7, 5));
    let _: DatasetStatisticsResponse = round_trip("dataset_statistics_get_200.json");
}

#[test]
fn key_value_stores_one_and_its_keys() {
    let store: KeyValueStoreResponse = round_trip("keyValueStore_get_200.json");
    assert_eq!(store.data.id, "WkzbQMuFYuamGv3YF");
    let keys: ListOfKeysResponse = round_trip("keyValueStore_keys_get_200.json");
    assert!(keys.data.is_truncated);
    assert_eq!(
        keys.data.next_exclusive_start_key,
        Some(Some("third-key".into()))
    );
    assert_eq!(keys.data.items[1].size, 128);
}

#[test]
fn request_queues_one_requests_head_lock_and_batch() {
    let queue: RequestQueueResponse = round_trip("requestQueue_get_200.json");
    assert_eq!(queue.data.total_request_count.0, 870);
    let _: ListOfRequestsResponse = round_trip("requestQueue_requests_get_200.json");
    let head: HeadResponse = round_trip("requestQueue_head_get_200.json");
    assert_eq!(head.data.items.len(), 2);
    let locked: HeadAndLockResponse = round_trip("requestQueue_head_lock_post_201.json");
    assert_eq!(locked.data.lock_secs, 60);
    let batch: BatchAddResponse = round_trip("requestQueue_requests_batch_post_201.json");
    assert_eq!(batch.data.processed_requests.len(), 1);
    assert_eq!(batch.data.unprocessed_requests.len(), 1);
}

#[test]
fn webhooks_list_one_and_a_dispatch() {
    let list: ListOfWebhooksResponse = round_trip("webhooks_get_200.json");
    assert_eq!(list.data.count, 2);
    let one: WebhookResponse = round_trip("webhook_get_200.json");
    let url = one.data.request_url.flatten().unwrap();
    assert_eq!(url.as_str(), "http://example.com/");
    let dispatch: WebhookDispatchResponse = round_trip("webhookDispatch_get_200.json");
    assert_eq!(dispatch.data.status, WebhookDispatchStatus::Succeeded);
}

#[test]
fn schedules_one() {
    let schedule: ScheduleResponse = round_trip("schedule_get_200.json");
    assert_eq!(schedule.data.cron_expression, "* * * * *");
    assert!(schedule.data.is_enabled);
}

#[test]
fn store_list() {
    let store: ListOfActorsInStoreResponse = round_trip("store_get_200.json");
    assert_eq!(store.data.total, 100);
    assert_eq!(store.data.items[0].name, "my-public-actor");
}
