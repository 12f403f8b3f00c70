//! The hand-written helpers of `apify-api` (`run`, `dataset`, `key_value`, `log`,
//! `request_queue`) against a local server that answers each request from what it asks
//! (runs that change status between polls, pages cut by offset and limit, logs sent in
//! chunks over time, batches that leave requests unprocessed), and one over a fake
//! `ApifyApi` with no HTTP at all.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use apify_api::client::{
    ActorRunGetParams, ActorRunGetResult, ActorsRunsPostParams, ActorsRunsPostResult, BoxFuture,
    DatasetItemsGetParams, KeyValueStoreKeysGetParams, RequestQueueHeadLockPostParams,
    RequestQueueRequestsBatchPostParams,
};
use apify_api::dataset::{self, ExportFormat, ExportProgress};
use apify_api::models::{ActorJobStatus, RequestBase, RequestWithoutId};
use apify_api::request_queue::{self, BatchOptions};
use apify_api::run::{self, RunOutcome, WaitOptions};
use apify_api::{key_value, log, ApifyApi, Client};
use bytes::Bytes;
use hyper::body::{Frame, Incoming};
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use serde_json::{json, Value};
use tokio::net::TcpListener;
use tokio::sync::{mpsc, Notify};
use tokio::task::{JoinHandle, JoinSet};

use crate::support::Seen;

// ----- a server that answers from the request -------------------------------------------

/// A piece of a response body: bytes, a pause, or a gate the test opens.
enum Piece {
    Bytes(Bytes),
    Pause(Duration),
    Gate(Arc<Notify>),
}

/// A response: status, headers and a body sent piece by piece.
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<Piece>,
}

impl Reply {
    fn json(status: u16, body: Value) -> Self {
        Reply {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: vec![Piece::Bytes(Bytes::from(body.to_string()))],
        }
    }

    fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }
}

type Handler = Arc<dyn Fn(&Seen) -> Reply + Send + Sync>;

/// A body fed by a channel, so pieces go out as they are sent.
struct Channel(mpsc::Receiver<Bytes>);

impl hyper::body::Body for Channel {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        self.0
            .poll_recv(cx)
            .map(|chunk| chunk.map(|c| Ok(Frame::data(c))))
    }
}

struct Server {
    addr: SocketAddr,
    seen: Arc<Mutex<Vec<Seen>>>,
    task: JoinHandle<()>,
}

impl Server {
    async fn start(handler: impl Fn(&Seen) -> Reply + Send + Sync + 'static) -> Self {
        let handler: Handler = Arc::new(handler);
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let task = tokio::spawn(accept(listener, handler, seen.clone()));
        Server { addr, seen, task }
    }

    fn client(&self) -> Client {
        Client::builder()
            .base_url(format!("http://{}", self.addr))
            .token("t")
            .max_retries(0)
            .build()
            .unwrap()
    }

    fn requests(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn accept(listener: TcpListener, handler: Handler, seen: Arc<Mutex<Vec<Seen>>>) {
    let mut connections = JoinSet::new();
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        while connections.try_join_next().is_some() {}
        let (handler, seen) = (handler.clone(), seen.clone());
        connections.spawn(async move {
            let service = service_fn(move |request| answer(handler.clone(), seen.clone(), request));
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

async fn answer(
    handler: Handler,
    seen: Arc<Mutex<Vec<Seen>>>,
    request: hyper::Request<Incoming>,
) -> Result<hyper::Response<Channel>, Infallible> {
    let (parts, incoming) = request.into_parts();
    let body = http_body_util::BodyExt::collect(incoming)
        .await
        .map(|b| b.to_bytes().to_vec())
        .unwrap_or_default();
    let request = Seen {
        method: parts.method.as_str().to_owned(),
        path_and_query: parts
            .uri
            .path_and_query()
            .map_or_else(String::new, |p| p.as_str().to_owned()),
        headers: parts
            .headers
            .iter()
            .map(|(n, v)| {
                let value = String::from_utf8_lossy(v.as_bytes()).into_owned();
                (n.as_str().to_owned(), value)
            })
            .collect(),
        body,
    };
    let reply = handler(&request);
    seen.lock().unwrap().push(request);
    let (tx, rx) = mpsc::channel(4);
    tokio::spawn(async move {
        for piece in reply.body {
            match piece {
                Piece::Bytes(bytes) => {
                    if tx.send(bytes).await.is_err() {
                        return;
                    }
                }
                Piece::Pause(pause) => tokio::time::sleep(pause).await,
                Piece::Gate(gate) => gate.notified().await,
            }
        }
    });
    let mut response = hyper::Response::builder().status(reply.status);
    for (name, value) in &reply.headers {
        response = response.header(name.as_str(), value.as_str());
    }
    Ok(response.body(Channel(rx)).unwrap())
}

/// The query parameters of a request (values as sent, still percent-encoded).
fn query(seen: &Seen) -> Vec<(String, String)> {
    let Some((_, query)) = seen.path_and_query.split_once('?') else {
        return Vec::new();
    };
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

fn param(seen: &Seen, name: &str) -> Option<String> {
    query(seen)
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

fn path(seen: &Seen) -> &str {
    seen.path_and_query
        .split_once('?')
        .map_or(seen.path_and_query.as_str(), |(p, _)| p)
}

// ----- runs --------------------------------------------------------------------------------

/// A run's JSON as the API sends it, with `status`.
fn run_json(status: &str) -> Value {
    json!({"data": {
        "id": "RUN1", "actId": "ACT", "userId": "USER",
        "startedAt": "2024-05-01T10:00:00.000Z", "status": status,
        "meta": {"origin": "API"}, "stats": {},
        "options": {"build": "latest", "timeoutSecs": 3600, "memoryMbytes": 1024, "diskMbytes": 2048},
        "buildId": "BUILD", "generalAccess": "FOLLOW_USER_SETTING",
        "defaultKeyValueStoreId": "KVS", "defaultDatasetId": "DS", "defaultRequestQueueId": "RQ"
    }})
}

/// A server that starts a run READY and answers its polls with `statuses`, in order (the
/// last one for every further poll).
async fn run_server(statuses: &[&'static str]) -> Server {
    let polls = Mutex::new(statuses.iter().copied().collect::<VecDeque<_>>());
    Server::start(move |seen| {
        if seen.method == "POST" {
            return Reply::json(201, run_json("READY"));
        }
        let mut polls = polls.lock().unwrap();
        let status = if polls.len() > 1 {
            polls.pop_front()
        } else {
            polls.front().copied()
        };
        Reply::json(200, run_json(status.unwrap_or("RUNNING")))
    })
    .await
}

fn quick() -> WaitOptions {
    WaitOptions::new().min_poll_interval(Duration::from_millis(5))
}

#[tokio::test]
async fn a_run_goes_ready_running_succeeded_over_several_polls() {
    let server = run_server(&["RUNNING", "RUNNING", "SUCCEEDED"]).await;
    let input = json!({"url": "https://example.com"});
    let input = input.as_object().unwrap();
    let outcome = run::run_actor(
        &server.client(),
        "janedoe~my-actor",
        &ActorsRunsPostParams::default(),
        input,
        &quick(),
    )
    .await
    .unwrap();
    let RunOutcome::Succeeded(run) = &outcome else {
        panic!("expected success, got {outcome:?}");
    };
    assert_eq!(run.default_dataset_id, "DS");
    let seen = server.requests();
    assert_eq!(seen[0].method, "POST");
    assert_eq!(path(&seen[0]), "/v2/actors/janedoe~my-actor/runs");
    assert_eq!(seen[0].header("content-type"), Some("application/json"));
    assert_eq!(
        serde_json::from_slice::<Value>(&seen[0].body).unwrap(),
        json!({"url": "https://example.com"})
    );
    let polls = &seen[1..];
    assert_eq!(polls.len(), 3, "RUNNING, RUNNING, SUCCEEDED");
    for poll in polls {
        assert_eq!(path(poll), "/v2/actor-runs/RUN1");
        let wait: f64 = param(poll, "waitForFinish").unwrap().parse().unwrap();
        assert!((0.0..=60.0).contains(&wait), "waitForFinish={wait}");
    }
}

#[tokio::test]
async fn a_run_that_fails_is_failed_not_an_error() {
    let server = run_server(&["RUNNING", "FAILED"]).await;
    let outcome = run::run_actor(
        &server.client(),
        "a",
        &ActorsRunsPostParams::default(),
        &serde_json::Map::new(),
        &quick(),
    )
    .await
    .unwrap();
    assert!(matches!(outcome, RunOutcome::Failed(_)), "{outcome:?}");
    assert_eq!(outcome.run().status, ActorJobStatus::Failed);
    assert!(!outcome.is_success());
}

#[tokio::test]
async fn the_deadline_comes_before_the_run_finishes() {
    let server = run_server(&["RUNNING"]).await;
    let options = WaitOptions::new()
        .deadline(Duration::from_millis(1500))
        .min_poll_interval(Duration::from_millis(100));
    let start = Instant::now();
    let outcome = run::wait_for_run(&server.client(), "RUN1", &options)
        .await
        .unwrap();
    let RunOutcome::DeadlineReached(run) = &outcome else {
        panic!("expected the deadline, got {outcome:?}");
    };
    assert_eq!(run.status, ActorJobStatus::Running);
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
    let seen = server.requests();
    assert!(seen.len() >= 3, "polled until the deadline: {}", seen.len());
    // Never asks the server to wait past the deadline.
    for poll in &seen {
        let wait: f64 = param(poll, "waitForFinish").unwrap().parse().unwrap();
        assert!(wait <= 1.0, "waitForFinish={wait}");
    }
}

#[tokio::test]
async fn a_failed_start_keeps_its_typed_error() {
    let server = Server::start(|_| {
        Reply::json(
            404,
            json!({"error": {"type": "record-not-found", "message": "Actor was not found"}}),
        )
    })
    .await;
    let error = run::run_actor(
        &server.client(),
        "nobody~nothing",
        &ActorsRunsPostParams::default(),
        &serde_json::Map::new(),
        &quick(),
    )
    .await
    .unwrap_err();
    let run::RunError::Start(error) = error else {
        panic!("expected the start to fail");
    };
    assert!(matches!(
        error.documented(),
        Some(apify_api::client::ActorsRunsPostError::NotFound(_))
    ));
}

// ----- datasets ----------------------------------------------------------------------------

#[derive(Debug, serde::Deserialize, PartialEq)]
struct Item {
    n: u32,
    url: String,
}

#[tokio::test]
async fn a_dataset_of_2500_items_over_pages_with_a_short_page_in_the_middle() {
    const TOTAL: usize = 2500;
    let server = Server::start(|seen| {
        let offset: usize = param(seen, "offset").map_or(0, |o| o.parse().unwrap());
        let limit: usize = param(seen, "limit").map_or(1000, |l| l.parse().unwrap());
        // The page at 1000 is short (as `clean` leaves out empty items); the total goes on.
        let take = if offset == 1000 { limit / 2 } else { limit };
        let end = (offset + take).min(TOTAL);
        let items: Vec<Value> = (offset..end)
            .map(|n| json!({"n": n, "url": format!("https://example.com/{n}")}))
            .collect();
        Reply::json(200, Value::Array(items))
            .header("x-apify-pagination-offset", &offset.to_string())
            .header("x-apify-pagination-limit", &limit.to_string())
            .header("x-apify-pagination-count", &(end - offset).to_string())
            .header("x-apify-pagination-total", &TOTAL.to_string())
    })
    .await;
    let params = DatasetItemsGetParams {
        clean: Some(true),
        limit: Some(1000.0),
        ..Default::default()
    };
    let client = server.client();
    let items = dataset::items::<Item, _>(&client, "ds", &params)
        .collect()
        .await
        .unwrap();
    assert_eq!(items.len(), TOTAL);
    assert!(items
        .iter()
        .enumerate()
        .all(|(i, item)| item.n as usize == i));
    assert_eq!(items[2499].url, "https://example.com/2499");
    let seen = server.requests();
    let offsets: Vec<String> = seen.iter().map(|s| param(s, "offset").unwrap()).collect();
    assert_eq!(
        offsets,
        ["0", "1000", "1500"],
        "the total stops it, no extra page"
    );
    assert!(seen
        .iter()
        .all(|s| param(s, "clean").as_deref() == Some("true")));
}

#[tokio::test]
async fn an_item_that_does_not_decode_names_its_place_and_the_stream_goes_on() {
    let server = Server::start(|_| {
        Reply::json(
            200,
            json!([{"n": 0, "url": "a"}, {"n": "x", "url": "b"}, {"n": 2, "url": "c"}]),
        )
        .header("x-apify-pagination-total", "3")
    })
    .await;
    let client = server.client();
    let params = DatasetItemsGetParams::default();
    let mut items = dataset::items::<Item, _>(&client, "ds", &params);
    assert_eq!(items.next().await.unwrap().unwrap().n, 0);
    match items.next().await.unwrap() {
        Err(dataset::ItemError::Decode { index, error }) => {
            assert_eq!(index, 1);
            assert_eq!(error.path, "/n");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    assert_eq!(items.next().await.unwrap().unwrap().n, 2);
    assert!(items.next().await.is_none());
}

#[tokio::test]
async fn a_dataset_exports_as_csv_in_chunks_with_progress() {
    let gate = Arc::new(Notify::new());
    let opened = gate.clone();
    let server = Server::start(move |_| Reply {
        status: 200,
        headers: vec![
            ("content-type".into(), "text/csv".into()),
            ("x-apify-pagination-total".into(), "3".into()),
        ],
        body: vec![
            Piece::Bytes(Bytes::from_static(b"n,url\n0,a\n")),
            Piece::Gate(opened.clone()),
            Piece::Bytes(Bytes::from_static(b"1,b\n2,c\n")),
        ],
    })
    .await;
    let client = server.client();
    let params = DatasetItemsGetParams {
        clean: Some(true),
        ..Default::default()
    };
    let mut out = Vec::new();
    let mut seen_progress = Vec::new();
    let mut progress = |p: &ExportProgress| {
        seen_progress.push(*p);
        // The first chunk is written before the server sends the rest.
        if p.chunks == 1 {
            gate.notify_one();
        }
    };
    let done = dataset::export(
        &client,
        "ds",
        ExportFormat::Csv,
        &params,
        &mut out,
        Some(&mut progress),
    )
    .await
    .unwrap();
    assert_eq!(out, b"n,url\n0,a\n1,b\n2,c\n");
    assert_eq!(done.bytes, out.len() as u64);
    assert_eq!(done.total_items, Some(3));
    assert_eq!(seen_progress.len(), 2);
    assert_eq!(seen_progress[0].bytes, 10);
    let request = &server.requests()[0];
    assert_eq!(param(request, "format").as_deref(), Some("csv"));
    assert_eq!(request.header("accept"), Some("text/csv"));
}

#[tokio::test]
async fn a_dataset_exports_as_json_lines_to_an_async_writer() {
    let server = Server::start(|_| Reply {
        status: 200,
        headers: vec![("content-type".into(), "application/jsonl".into())],
        body: vec![
            Piece::Bytes(Bytes::from_static(b"{\"n\":0}\n")),
            Piece::Pause(Duration::from_millis(20)),
            Piece::Bytes(Bytes::from_static(b"{\"n\":1}\n")),
        ],
    })
    .await;
    let client = server.client();
    let mut out: Vec<u8> = Vec::new();
    let done = dataset::export_async(
        &client,
        "ds",
        ExportFormat::JsonLines,
        &DatasetItemsGetParams::default(),
        &mut out,
        None,
    )
    .await
    .unwrap();
    assert_eq!(out, b"{\"n\":0}\n{\"n\":1}\n");
    assert_eq!(done.chunks, 2);
    assert_eq!(
        param(&server.requests()[0], "format").as_deref(),
        Some("jsonl")
    );
}

// ----- key-value stores --------------------------------------------------------------------

#[tokio::test]
async fn records_round_trip_as_json_text_and_bytes() {
    // A store: PUT keeps the body with its content type, GET gives them back.
    let store: Mutex<std::collections::BTreeMap<String, (String, Vec<u8>)>> = Mutex::default();
    let server = Server::start(move |seen| {
        let key = path(seen)
            .strip_prefix("/v2/key-value-stores/kvs/records/")
            .unwrap_or_default()
            .to_owned();
        let mut store = store.lock().unwrap();
        if seen.method == "PUT" {
            let content_type = seen.header("content-type").unwrap_or_default().to_owned();
            store.insert(key, (content_type, seen.body.clone()));
            return Reply::json(201, json!({}));
        }
        match store.get(&key) {
            Some((content_type, body)) => Reply {
                status: 200,
                headers: vec![("content-type".into(), content_type.clone())],
                body: vec![Piece::Bytes(Bytes::copy_from_slice(body))],
            },
            None => Reply::json(
                404,
                json!({"error": {"type": "record-not-found", "message": "Record was not found"}}),
            ),
        }
    })
    .await;
    let client = server.client();
    let png = [0x89, b'P', b'N', b'G', 0, 0xff];
    key_value::put_json(&client, "kvs", "STATE", &[1, 2, 3])
        .await
        .unwrap();
    key_value::put_text(&client, "kvs", "README", "héllo\n")
        .await
        .unwrap();
    key_value::put_bytes(&client, "kvs", "shot.png", "image/png", &png)
        .await
        .unwrap();
    let puts = server.requests();
    let sent: Vec<(&str, Option<&str>, &[u8])> = puts
        .iter()
        .map(|s| (path(s), s.header("content-type"), s.body.as_slice()))
        .collect();
    assert_eq!(
        sent,
        [
            (
                "/v2/key-value-stores/kvs/records/STATE",
                Some("application/json; charset=utf-8"),
                &b"[1,2,3]"[..]
            ),
            (
                "/v2/key-value-stores/kvs/records/README",
                Some("text/plain; charset=utf-8"),
                "héllo\n".as_bytes()
            ),
            (
                "/v2/key-value-stores/kvs/records/shot.png",
                Some("image/png"),
                &png[..]
            ),
        ]
    );
    assert!(puts.iter().all(|s| s.method == "PUT"));

    let state: Option<Vec<u32>> = key_value::get_json(&client, "kvs", "STATE").await.unwrap();
    assert_eq!(state, Some(vec![1, 2, 3]));
    let text = key_value::get_text(&client, "kvs", "README").await.unwrap();
    assert_eq!(text.as_deref(), Some("héllo\n"));
    let record = key_value::get_bytes(&client, "kvs", "shot.png")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(record.bytes, png);
    assert_eq!(record.content_type.as_deref(), Some("image/png"));
    assert!(key_value::get_json::<Value, _>(&client, "kvs", "nothing")
        .await
        .unwrap()
        .is_none());
    // Bytes that are not UTF-8 are not text, and not JSON.
    assert!(matches!(
        key_value::get_text(&client, "kvs", "shot.png").await,
        Err(key_value::RecordError::NotText(_))
    ));
    assert!(matches!(
        key_value::get_json::<Value, _>(&client, "kvs", "shot.png").await,
        Err(key_value::RecordError::Decode(_))
    ));
    let gets = &server.requests()[3..];
    assert!(gets
        .iter()
        .all(|s| s.method == "GET" && s.header("accept") == Some("*/*")));
}

#[tokio::test]
async fn keys_stream_follows_the_next_exclusive_start_key() {
    let server = Server::start(|seen| {
        let page = match param(seen, "exclusiveStartKey").as_deref() {
            None => json!({"items": [{"key": "a", "size": 1, "recordPublicUrl": "https://x/a"}, {"key": "b", "size": 2, "recordPublicUrl": "https://x/b"}],
                           "count": 2, "limit": 2, "isTruncated": true, "nextExclusiveStartKey": "b"}),
            Some("b") => json!({"items": [{"key": "c", "size": 3, "recordPublicUrl": "https://x/c"}],
                                "count": 1, "limit": 2, "exclusiveStartKey": "b", "isTruncated": false, "nextExclusiveStartKey": null}),
            Some(other) => panic!("unexpected start key {other}"),
        };
        Reply::json(200, json!({ "data": page }))
    })
    .await;
    let client = server.client();
    let params = KeyValueStoreKeysGetParams::default();
    let keys: Vec<String> = key_value::keys(&client, "kvs", &params)
        .collect()
        .await
        .unwrap()
        .into_iter()
        .map(|k| k.key)
        .collect();
    assert_eq!(keys, ["a", "b", "c"]);
    assert_eq!(server.requests().len(), 2);
}

// ----- logs --------------------------------------------------------------------------------

#[tokio::test]
async fn a_log_streams_in_chunks_as_it_is_written() {
    let gate = Arc::new(Notify::new());
    let opened = gate.clone();
    let server = Server::start(move |_| Reply {
        status: 200,
        headers: vec![("content-type".into(), "text/plain; charset=utf-8".into())],
        body: vec![
            Piece::Bytes(Bytes::from_static(
                b"2024-05-01T10:00:00.000Z Starting\n2024-05-01T10:",
            )),
            Piece::Pause(Duration::from_millis(30)),
            Piece::Bytes(Bytes::from_static(b"00:01.000Z Crawling\r\n")),
            // The rest is written only once the test has read what came so far.
            Piece::Gate(opened.clone()),
            Piece::Bytes(Bytes::from_static(b"Done")),
        ],
    })
    .await;
    let client = server.client();
    let mut log = log::follow_run_log(&client, "RUN1").await.unwrap();
    let first = log.next().await.unwrap().unwrap();
    assert_eq!(
        &first[..],
        b"2024-05-01T10:00:00.000Z Starting\n2024-05-01T10:"
    );
    let mut lines = log.lines();
    assert_eq!(lines.next().await.unwrap().unwrap(), "00:01.000Z Crawling");
    gate.notify_one();
    assert_eq!(lines.next().await.unwrap().unwrap(), "Done");
    assert!(lines.next().await.is_none());
    let request = &server.requests()[0];
    assert_eq!(path(request), "/v2/actor-runs/RUN1/log");
    assert_eq!(param(request, "stream").as_deref(), Some("true"));
}

#[tokio::test]
async fn log_lines_are_whole_across_chunks() {
    let server = Server::start(|_| Reply {
        status: 200,
        headers: vec![("content-type".into(), "text/plain".into())],
        body: ["li", "ne 1\nline", " 2\n", "\nline 4"]
            .into_iter()
            .flat_map(|c| {
                [
                    Piece::Bytes(Bytes::from_static(c.as_bytes())),
                    Piece::Pause(Duration::from_millis(10)),
                ]
            })
            .collect(),
    })
    .await;
    let client = server.client();
    let mut lines = log::follow_run_log(&client, "RUN1").await.unwrap().lines();
    let mut all = Vec::new();
    while let Some(line) = lines.next().await {
        all.push(line.unwrap());
    }
    assert_eq!(all, ["line 1", "line 2", "", "line 4"]);
}

// ----- request queues ----------------------------------------------------------------------

fn requests(count: usize) -> Vec<RequestWithoutId> {
    (0..count)
        .map(|i| {
            let url = format!("https://example.com/{i}");
            RequestWithoutId(RequestBase {
                unique_key: Some(url.clone()),
                url: Some(url),
                user_data: Some(json!({"label": "DETAIL"}).as_object().unwrap().clone()),
                ..Default::default()
            })
        })
        .collect()
}

#[tokio::test]
async fn sixty_requests_go_in_batches_of_the_api_limit_and_unprocessed_ones_again() {
    let calls = Mutex::new(0usize);
    let server = Server::start(move |seen| {
        let batch: Vec<Value> = serde_json::from_slice(&seen.body).unwrap();
        let mut calls = calls.lock().unwrap();
        *calls += 1;
        // The first call leaves its last two requests unprocessed.
        let unprocessed = if *calls == 1 { 2 } else { 0 };
        let (done, left) = batch.split_at(batch.len() - unprocessed);
        let processed: Vec<Value> = done
            .iter()
            .map(|r| json!({"requestId": format!("id-{}", r["uniqueKey"].as_str().unwrap()),
                            "uniqueKey": r["uniqueKey"], "wasAlreadyPresent": false, "wasAlreadyHandled": false}))
            .collect();
        let left: Vec<Value> = left
            .iter()
            .map(|r| json!({"uniqueKey": r["uniqueKey"], "url": r["url"], "method": "GET"}))
            .collect();
        Reply::json(201, json!({"data": {"processedRequests": processed, "unprocessedRequests": left}}))
    })
    .await;
    let client = server.client();
    let all = requests(60);
    let added = request_queue::add_requests(
        &client,
        "rq",
        &all,
        &RequestQueueRequestsBatchPostParams::default(),
        &BatchOptions::new().min_delay(Duration::from_millis(5)),
    )
    .await
    .unwrap();
    assert_eq!(added.processed.len(), 60);
    assert!(added.unprocessed.is_empty());
    let seen = server.requests();
    let batches: Vec<Vec<Value>> = seen
        .iter()
        .map(|s| serde_json::from_slice(&s.body).unwrap())
        .collect();
    let sizes: Vec<usize> = batches.iter().map(Vec::len).collect();
    assert_eq!(
        sizes,
        [25, 2, 25, 10],
        "25, its 2 unprocessed again, 25, 10"
    );
    // The retry sends the original requests (user data kept), not the API's drafts.
    let retried: Vec<&str> = batches[1]
        .iter()
        .map(|r| r["uniqueKey"].as_str().unwrap())
        .collect();
    assert_eq!(
        retried,
        ["https://example.com/23", "https://example.com/24"]
    );
    assert_eq!(batches[1][0]["userData"]["label"], "DETAIL");
    assert!(seen
        .iter()
        .all(|s| path(s) == "/v2/request-queues/rq/requests/batch"));
}

#[tokio::test]
async fn requests_still_unprocessed_after_every_attempt_are_reported() {
    let server = Server::start(|seen| {
        let batch: Vec<Value> = serde_json::from_slice(&seen.body).unwrap();
        let left: Vec<Value> = batch
            .iter()
            .map(|r| json!({"uniqueKey": r["uniqueKey"], "url": r["url"]}))
            .collect();
        Reply::json(
            201,
            json!({"data": {"processedRequests": [], "unprocessedRequests": left}}),
        )
    })
    .await;
    let client = server.client();
    let added = request_queue::add_requests(
        &client,
        "rq",
        &requests(3),
        &RequestQueueRequestsBatchPostParams::default(),
        &BatchOptions::new()
            .max_attempts(3)
            .min_delay(Duration::from_millis(1)),
    )
    .await
    .unwrap();
    assert_eq!(added.unprocessed.len(), 3);
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn the_head_is_taken_with_a_lock() {
    let server = Server::start(|_| {
        Reply::json(201, json!({"data": {
            "limit": 1, "queueModifiedAt": "2024-05-01T10:00:00.000Z", "hadMultipleClients": false,
            "lockSecs": 60, "clientKey": "me",
            "items": [{"id": "r1", "uniqueKey": "https://example.com/1", "url": "https://example.com/1",
                       "lockExpiresAt": "2024-05-01T10:01:00.000Z"}]
        }}))
    })
    .await;
    let client = server.client();
    let params = RequestQueueHeadLockPostParams {
        lock_secs: 60.0,
        limit: Some(1.0),
        client_key: Some("me".into()),
    };
    let head = request_queue::lock_head(&client, "rq", &params)
        .await
        .unwrap();
    assert_eq!(head.items.len(), 1);
    assert_eq!(head.items[0].url, "https://example.com/1");
    let request = &server.requests()[0];
    assert_eq!(request.method, "POST");
    assert_eq!(path(request), "/v2/request-queues/rq/head/lock");
    assert_eq!(param(request, "lockSecs").as_deref(), Some("60"));
}

// ----- a fake API --------------------------------------------------------------------------

/// A fake that starts a run and reports it RUNNING for two polls, then SUCCEEDED, recording
/// the `waitForFinish` of each poll.
#[derive(Default)]
struct FakeRuns {
    polls: Mutex<Vec<Option<f64>>>,
}

impl ApifyApi for FakeRuns {
    fn actors_runs_post<'a>(
        &'a self,
        _actor_id: &'a str,
        _params: &'a ActorsRunsPostParams,
        _body: &'a serde_json::Map<String, Value>,
    ) -> BoxFuture<'a, ActorsRunsPostResult> {
        Box::pin(async { Ok(apify_api::from_value(run_json("READY")).unwrap()) })
    }

    fn actor_run_get<'a>(
        &'a self,
        run_id: &'a str,
        params: &'a ActorRunGetParams,
    ) -> BoxFuture<'a, ActorRunGetResult> {
        assert_eq!(run_id, "RUN1");
        let mut polls = self.polls.lock().unwrap();
        polls.push(params.wait_for_finish);
        let status = if polls.len() < 3 {
            "RUNNING"
        } else {
            "SUCCEEDED"
        };
        Box::pin(async move { Ok(apify_api::from_value(run_json(status)).unwrap()) })
    }
}

#[tokio::test]
async fn running_an_actor_over_a_fake_api() {
    let fake = FakeRuns::default();
    let options = WaitOptions::new()
        .poll_wait_secs(90)
        .min_poll_interval(Duration::ZERO);
    let outcome = run::run_actor(
        &fake,
        "a",
        &ActorsRunsPostParams::default(),
        &serde_json::Map::new(),
        &options,
    )
    .await
    .unwrap();
    assert!(outcome.is_success(), "{outcome:?}");
    // 90 asked, capped at the API's 60.
    assert_eq!(*fake.polls.lock().unwrap(), [Some(60.0); 3]);
    // Through a trait object too.
    let api: &dyn ApifyApi = &fake;
    let outcome = run::wait_for_run(api, "RUN1", &options).await.unwrap();
    assert!(outcome.is_success());
}
