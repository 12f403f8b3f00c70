//! The endpoints added after `GET /v2/users/me`: public user data, account limits (read and
//! update), monthly usage, the Actor list and one Actor.
//!
//! For each operation: the spec's example payload decodes, validates clean and serializes
//! back to the same JSON; the client sends the right method, path, query string and body and
//! decodes the typed answer; a documented error status comes back as `ErrorKind::Status` with
//! its decoded body; and bad payloads fail naming the right JSON pointer.

use std::convert::Infallible;
use std::fmt::Debug;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use apify_api::client::{
    ActorGetError, ActorsGetError, ActorsGetParams, ClientBuilder, UserGetError,
    UsersMeLimitsGetError, UsersMeLimitsPutError, UsersMeUsageMonthlyGetError,
    UsersMeUsageMonthlyGetParams,
};
use apify_api::models::{
    self, ActorResponse, ActorRunPricingInfo, ActorsGetSortBy, ErrorType, LimitsResponse,
    ListOfActorsResponse, MonthlyUsageResponse, PublicUserDataResponse, UpdateLimitsRequest,
    VersionSourceFilesItem, VersionSourceType,
};
use apify_api::{ApifyApi, Client, Date, ErrorKind, Validate};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::support::{Canned, TestServer};

const TOKEN: &str = "test-token";
const USER_GET_200: &str = include_str!("../data/user_get_200.json");
const USERS_ME_LIMITS_GET_200: &str = include_str!("../data/users_me_limits_get_200.json");
const USERS_ME_USAGE_MONTHLY_GET_200: &str =
    include_str!("../data/users_me_usage_monthly_get_200.json");
const ACTORS_GET_200: &str = include_str!("../data/actors_get_200.json");
const ACTOR_GET_200: &str = include_str!("../data/actor_get_200.json");
/// The request body example of `PUT /v2/users/me/limits`, and its 201 example.
const USERS_ME_LIMITS_PUT_BODY: &str = r#"{"maxMonthlyUsageUsd":300,"dataRetentionDays":90}"#;
const USERS_ME_LIMITS_PUT_201: &str = "{}";

// ----- helpers ---------------------------------------------------------------------------

/// A client for `base_url` with fast retries and generous timeouts.
fn client_for(base_url: &str) -> ClientBuilder {
    Client::builder()
        .base_url(base_url)
        .token(TOKEN)
        .max_retries(2)
        .min_retry_delay(Duration::from_millis(10))
        .attempt_timeout(Duration::from_secs(5))
        .timeout(Duration::from_secs(10))
}

/// A server answering every request with `status` and JSON `body`, and a client for it.
async fn serve(status: u16, body: &str) -> (TestServer, Client) {
    let server = TestServer::start(vec![Canned::json(status, body)]).await;
    let client = client_for(&server.base_url()).build().unwrap();
    (server, client)
}

/// Checks the server saw exactly one request, `method target`, with the bearer token.
fn check_one_request(server: &TestServer, method: &str, target: &str) {
    let seen = server.requests();
    assert_eq!(seen.len(), 1, "{seen:#?}");
    assert_eq!(seen[0].method, method);
    assert_eq!(seen[0].path_and_query, target);
    assert_eq!(seen[0].header("authorization"), Some("Bearer test-token"));
}

fn parse(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}

fn decode<T: DeserializeOwned>(value: &Value) -> Result<T, apify_api::DecodeError> {
    apify_api::from_str(&value.to_string())
}

/// Decodes `text`, checks it validates clean and serializes back to the same JSON (and
/// decodes again to an equal value), and returns it.
fn round_trip<T>(text: &str) -> T
where
    T: DeserializeOwned + Serialize + Validate + PartialEq + Debug,
{
    let decoded: T = apify_api::from_str(text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(decoded.validate(), Ok(()));
    assert_eq!(serde_json::to_value(&decoded).unwrap(), parse(text));
    let again: T = apify_api::from_str(&serde_json::to_string(&decoded).unwrap()).unwrap();
    assert_eq!(again, decoded);
    decoded
}

/// The JSON pointer at which decoding `value` as `T` fails.
fn decode_error_path<T: DeserializeOwned + Debug>(value: &Value) -> String {
    match decode::<T>(value) {
        Ok(decoded) => panic!("decoded although it should not: {decoded:?}"),
        Err(error) => error.path,
    }
}

/// The violations of a payload that decodes as `T`, as `path: message` lines.
fn violations<T: DeserializeOwned + Validate>(value: &Value) -> Vec<String> {
    let decoded: T = decode(value).unwrap_or_else(|e| panic!("{e}"));
    match decoded.validate() {
        Ok(()) => Vec::new(),
        Err(v) => v.iter().map(ToString::to_string).collect(),
    }
}

/// `text` with `value` put at `pointer` (which must exist).
fn with(text: &str, pointer: &str, value: Value) -> Value {
    let mut doc = parse(text);
    *doc.pointer_mut(pointer)
        .unwrap_or_else(|| panic!("no {pointer}")) = value;
    doc
}

/// `text` without the property at `pointer`.
fn without(text: &str, pointer: &str) -> Value {
    let mut doc = parse(text);
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    doc.pointer_mut(parent)
        .and_then(Value::as_object_mut)
        .and_then(|o| o.remove(key))
        .unwrap_or_else(|| panic!("no {pointer}"));
    doc
}

fn error_body(kind: &str, message: &str) -> String {
    json!({"error": {"type": kind, "message": message}}).to_string()
}

// ----- (a) the spec's examples ------------------------------------------------------------

/// The test data files are the spec's own examples, byte for byte as JSON values.
#[test]
fn data_files_are_the_spec_examples() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas/apify/openapi.yaml");
    let spec = specforge_codegen::load::load(&root).unwrap_or_else(|d| panic!("{d:?}"));
    let example = |file: &str, pointer: &str| -> Value {
        let doc = spec
            .files
            .iter()
            .find(|d| d.rel_path == file)
            .unwrap_or_else(|| {
                let all: Vec<_> = spec.files.iter().map(|d| &d.rel_path).collect();
                panic!("{file} is not among the loaded files {all:?}")
            });
        doc.value
            .pointer(pointer)
            .unwrap_or_else(|| panic!("{file}#{pointer} does not exist"))
            .clone()
    };
    let ok = "/get/responses/200/content/application~1json/example";
    let cases = [
        ("paths/users/users@{userId}.yaml", ok, USER_GET_200),
        (
            "paths/users/users@me@limits.yaml",
            ok,
            USERS_ME_LIMITS_GET_200,
        ),
        (
            "paths/users/users@me@limits.yaml",
            "/put/requestBody/content/application~1json/example",
            USERS_ME_LIMITS_PUT_BODY,
        ),
        (
            "paths/users/users@me@limits.yaml",
            "/put/responses/201/content/application~1json/example",
            USERS_ME_LIMITS_PUT_201,
        ),
        (
            "paths/users/users@me@usage@monthly.yaml",
            ok,
            USERS_ME_USAGE_MONTHLY_GET_200,
        ),
        ("paths/actors/acts.yaml", ok, ACTORS_GET_200),
        ("paths/actors/acts@{actorId}.yaml", ok, ACTOR_GET_200),
    ];
    for (file, pointer, data) in cases {
        assert_eq!(example(file, pointer), parse(data), "{file}#{pointer}");
    }
}

#[test]
fn user_get_example_round_trips() {
    let decoded: PublicUserDataResponse = round_trip(USER_GET_200);
    assert_eq!(decoded.data.username, "janedoe");
    let profile = decoded.data.profile.as_ref().unwrap();
    assert_eq!(profile.name.as_deref(), Some("Jane Doe"));
    let website = profile.website_url.as_ref().unwrap();
    assert_eq!(website.to_url().unwrap().host_str(), Some("janedoe.dev"));
}

#[test]
fn users_me_limits_get_example_round_trips() {
    let decoded: LimitsResponse = round_trip(USERS_ME_LIMITS_GET_200);
    let data = &decoded.data;
    assert_eq!(data.limits.max_monthly_usage_usd, 300.0);
    assert_eq!(data.limits.max_schedule_count, Some(100));
    assert_eq!(data.current.actor_count, 31);
    assert_eq!(data.current.monthly_residential_proxy_gbytes, 0.4);
    let end = data
        .monthly_usage_cycle
        .end_at
        .to_offset_date_time()
        .unwrap();
    assert_eq!((end.month() as u8, end.day()), (6, 1));
}

#[test]
fn users_me_limits_put_examples_round_trip() {
    let body: UpdateLimitsRequest = round_trip(USERS_ME_LIMITS_PUT_BODY);
    assert_eq!(body.max_monthly_usage_usd, Some(300.0));
    assert_eq!(body.data_retention_days, Some(90));
    let created: Map<String, Value> = round_trip(USERS_ME_LIMITS_PUT_201);
    assert!(created.is_empty());
}

#[test]
fn users_me_usage_monthly_get_example_round_trips() {
    let decoded: MonthlyUsageResponse = round_trip(USERS_ME_USAGE_MONTHLY_GET_200);
    let data = &decoded.data;
    let compute = &data.monthly_service_usage["ACTOR_COMPUTE_UNITS"];
    assert_eq!(compute.quantity, 2.784475);
    assert_eq!(
        compute.price_tiers.as_ref().unwrap()[0].unit_price_usd,
        0.25
    );
    assert_eq!(data.daily_service_usages.len(), 2);
    assert_eq!(
        data.daily_service_usages[1].service_usage["DATASET_READS"].base_amount_usd,
        0.0000016
    );
    assert_eq!(
        data.total_usage_credits_usd_after_volume_discount,
        0.69612035
    );
}

#[test]
fn actors_get_example_round_trips() {
    let decoded: ListOfActorsResponse = round_trip(ACTORS_GET_200);
    let data = &decoded.data;
    assert_eq!(
        (data.total, data.offset, data.limit, data.desc, data.count),
        (2, 0, 1000, false, 2)
    );
    assert_eq!(data.items.len(), 2);
    assert_eq!(data.items[0].name, "my-actor");
    let stats = data.items[0].stats.clone().flatten().unwrap();
    assert_eq!(stats.total_runs, Some(16));
    // `stats: null` is kept apart from a missing `stats`.
    assert_eq!(data.items[1].stats, Some(None));
}

#[test]
fn actor_get_example_round_trips() {
    let decoded: ActorResponse = round_trip(ACTOR_GET_200);
    let actor = &decoded.data;
    assert_eq!(actor.username, "janedoe");
    assert_eq!(
        actor.actor_permission_level,
        Some(models::ActorPermissionLevel::LimitedPermissions)
    );
    let run_stats = actor.stats.public_actor_run_stats30_days.as_ref().unwrap();
    assert_eq!(run_stats.timed_out, Some(0));

    // Each version's source, by type; files and folders are told apart.
    let kinds: Vec<_> = actor
        .versions
        .iter()
        .map(|v| v.source_type.clone())
        .collect();
    assert_eq!(
        kinds,
        [
            Some(VersionSourceType::SourceFiles),
            Some(VersionSourceType::GitRepo),
            Some(VersionSourceType::Tarball),
            Some(VersionSourceType::GithubGist),
        ]
    );
    let files = actor.versions[0].source_files.as_ref().unwrap();
    assert!(
        matches!(&files[0], VersionSourceFilesItem::SourceCodeFolder(f) if f.name == "src" && f.folder),
        "{:?}",
        files[0]
    );
    assert!(
        matches!(&files[1], VersionSourceFilesItem::SourceCodeFile(f) if f.name == "src/main.js"),
        "{:?}",
        files[1]
    );
    let env = actor.versions[0].env_vars.clone().flatten().unwrap();
    assert_eq!(env[1].name, "SHOP_API_KEY");
    assert_eq!(env[1].value, None);
    assert_eq!(actor.versions[1].env_vars, Some(None));

    // The pricing record is picked by its `pricingModel`.
    let pricing = actor.pricing_infos.as_ref().unwrap();
    let ActorRunPricingInfo::PayPerEventActorPricingInfo(ppe) = &pricing[0] else {
        panic!("{:?}", pricing[0]);
    };
    let events = ppe.pricing_per_event.actor_charge_events.as_ref().unwrap();
    assert_eq!(events["actor-start"].event_price_usd, Some(0.005));
    let tiers = events["page-scraped"]
        .event_tiered_pricing_usd
        .as_ref()
        .unwrap();
    assert_eq!(tiers["BRONZE"].tiered_event_price_usd, 0.0015);

    let tags = actor.tagged_builds.clone().flatten().unwrap();
    assert_eq!(
        tags["latest"].as_ref().unwrap().build_number,
        Some(Some("0.1.14".to_owned()))
    );
    assert_eq!(tags["beta"], None);
    assert_eq!(actor.notice, Some(Some(models::ActorNotice::None)));
    assert_eq!(actor.standby_url, Some(None));
}

// ----- (b) what the client sends, and the typed answer -------------------------------------

#[tokio::test]
async fn user_get_sends_the_user_id_as_one_path_segment() {
    let (server, client) = serve(200, USER_GET_200).await;
    let user = client.user_get("janedoe").await.unwrap();
    assert_eq!(user.data.username, "janedoe");
    check_one_request(&server, "GET", "/v2/users/janedoe");

    // A `/` (or any other reserved character) cannot leave its segment.
    let (server, client) = serve(200, USER_GET_200).await;
    client.user_get("jane/doe ?#").await.unwrap();
    check_one_request(&server, "GET", "/v2/users/jane%2Fdoe%20%3F%23");
}

#[tokio::test]
async fn actor_get_keeps_the_tilde_and_escapes_the_slash() {
    let (server, client) = serve(200, ACTOR_GET_200).await;
    let actor = client.actor_get("janedoe~my-actor").await.unwrap();
    assert_eq!(actor.data.id, "zdc3Pyhyz3m8vjDeM");
    assert_eq!(actor.data.versions.len(), 4);
    check_one_request(&server, "GET", "/v2/actors/janedoe~my-actor");

    let (server, client) = serve(200, ACTOR_GET_200).await;
    client.actor_get("janedoe/my-actor").await.unwrap();
    check_one_request(&server, "GET", "/v2/actors/janedoe%2Fmy-actor");
}

#[tokio::test]
async fn actors_get_sends_only_the_query_parameters_given() {
    let (server, client) = serve(200, ACTORS_GET_200).await;
    let page = client
        .actors_get(&ActorsGetParams::default())
        .await
        .unwrap();
    assert_eq!(page.data.count, 2);
    assert_eq!(
        page.data.items[1].title.as_deref(),
        Some("Shop Price Scraper")
    );
    check_one_request(&server, "GET", "/v2/actors");

    let (server, client) = serve(200, ACTORS_GET_200).await;
    let params = ActorsGetParams {
        offset: Some(10),
        limit: Some(5),
        desc: Some(true),
        ..ActorsGetParams::default()
    };
    client.actors_get(&params).await.unwrap();
    check_one_request(&server, "GET", "/v2/actors?offset=10&limit=5&desc=true");

    let (server, client) = serve(200, ACTORS_GET_200).await;
    let params = ActorsGetParams {
        my: Some(true),
        offset: Some(0),
        limit: Some(1000),
        desc: Some(false),
        sort_by: Some(ActorsGetSortBy::StatsLastRunStartedAt),
    };
    client.actors_get(&params).await.unwrap();
    check_one_request(
        &server,
        "GET",
        "/v2/actors?my=true&offset=0&limit=1000&desc=false&sortBy=stats.lastRunStartedAt",
    );

    // The sort keys are an open list: a value this crate does not know is sent as is.
    let (server, client) = serve(200, ACTORS_GET_200).await;
    let params = ActorsGetParams {
        sort_by: Some(ActorsGetSortBy::from("stats.totalRuns")),
        ..ActorsGetParams::default()
    };
    client.actors_get(&params).await.unwrap();
    check_one_request(&server, "GET", "/v2/actors?sortBy=stats.totalRuns");
}

#[tokio::test]
async fn users_me_limits_get_sends_a_plain_get() {
    let (server, client) = serve(200, USERS_ME_LIMITS_GET_200).await;
    let limits = client.users_me_limits_get().await.unwrap();
    assert_eq!(limits.data.limits.data_retention_days, 90);
    assert_eq!(limits.data.current.schedule_count, Some(77));
    check_one_request(&server, "GET", "/v2/users/me/limits");
}

#[tokio::test]
async fn users_me_usage_monthly_get_sends_the_date_when_given() {
    let (server, client) = serve(200, USERS_ME_USAGE_MONTHLY_GET_200).await;
    let usage = client
        .users_me_usage_monthly_get(&UsersMeUsageMonthlyGetParams::default())
        .await
        .unwrap();
    assert_eq!(
        usage.data.daily_service_usages[0].total_usage_credits_usd,
        0.375
    );
    check_one_request(&server, "GET", "/v2/users/me/usage/monthly");

    let (server, client) = serve(200, USERS_ME_USAGE_MONTHLY_GET_200).await;
    let params = UsersMeUsageMonthlyGetParams {
        date: Some(Date::parse("2024-05-14").unwrap()),
    };
    client.users_me_usage_monthly_get(&params).await.unwrap();
    check_one_request(&server, "GET", "/v2/users/me/usage/monthly?date=2024-05-14");
}

/// A request as the body-keeping server saw it.
#[derive(Debug, Clone)]
struct Received {
    method: String,
    target: String,
    content_type: Option<String>,
    authorization: Option<String>,
    body: Vec<u8>,
}

/// A local server that answers every request with one canned JSON response and, unlike the
/// shared test server, keeps each request's body. Stops when dropped.
#[derive(Debug)]
struct BodyServer {
    addr: SocketAddr,
    received: Arc<Mutex<Vec<Received>>>,
    task: tokio::task::JoinHandle<()>,
}

impl BodyServer {
    async fn start(status: u16, body: &'static str) -> Self {
        use http_body_util::{BodyExt, Full};
        use hyper::body::{Bytes, Incoming};

        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let received = Arc::new(Mutex::new(Vec::new()));
        let log = received.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let log = log.clone();
                tokio::spawn(async move {
                    let service =
                        hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
                            let log = log.clone();
                            async move {
                                let header = |name: &str| {
                                    request
                                        .headers()
                                        .get(name)
                                        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
                                };
                                let mut seen = Received {
                                    method: request.method().as_str().to_owned(),
                                    target: request.uri().to_string(),
                                    content_type: header("content-type"),
                                    authorization: header("authorization"),
                                    body: Vec::new(),
                                };
                                seen.body = request.into_body().collect().await.map_or_else(
                                    |_| Vec::new(),
                                    |collected| collected.to_bytes().to_vec(),
                                );
                                log.lock().unwrap().push(seen);
                                let response = hyper::Response::builder()
                                    .status(status)
                                    .header("content-type", "application/json")
                                    .body(Full::new(Bytes::from_static(body.as_bytes())))
                                    .unwrap();
                                Ok::<_, Infallible>(response)
                            }
                        });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        BodyServer {
            addr,
            received,
            task,
        }
    }

    fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

impl Drop for BodyServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

#[tokio::test]
async fn users_me_limits_put_sends_the_json_body() {
    let server = BodyServer::start(201, USERS_ME_LIMITS_PUT_201).await;
    let client = client_for(&server.base_url()).build().unwrap();
    let body: UpdateLimitsRequest = apify_api::from_str(USERS_ME_LIMITS_PUT_BODY).unwrap();

    let created = client.users_me_limits_put(&body).await.unwrap();
    assert!(created.is_empty());

    let seen = server.received();
    assert_eq!(seen.len(), 1, "{seen:#?}");
    assert_eq!(seen[0].method, "PUT");
    assert_eq!(seen[0].target, "/v2/users/me/limits");
    assert_eq!(seen[0].content_type.as_deref(), Some("application/json"));
    assert_eq!(seen[0].authorization.as_deref(), Some("Bearer test-token"));
    let sent: Value = serde_json::from_slice(&seen[0].body).unwrap();
    assert_eq!(
        sent,
        json!({"maxMonthlyUsageUsd": 300, "dataRetentionDays": 90})
    );
}

#[tokio::test]
async fn users_me_limits_put_leaves_out_the_limits_not_set() {
    let server = BodyServer::start(201, USERS_ME_LIMITS_PUT_201).await;
    let client = client_for(&server.base_url()).build().unwrap();
    let body = UpdateLimitsRequest {
        data_retention_days: Some(30),
        max_monthly_usage_usd: None,
        additional_properties: Map::new(),
    };

    client.users_me_limits_put(&body).await.unwrap();

    let seen = server.received();
    assert_eq!(seen.len(), 1, "{seen:#?}");
    let sent: Value = serde_json::from_slice(&seen[0].body).unwrap();
    assert_eq!(sent, json!({"dataRetentionDays": 30}));
}

// ----- (c) documented error statuses -------------------------------------------------------

#[tokio::test]
async fn user_get_404_is_the_documented_not_found() {
    let body = error_body("user-not-found", "User was not found");
    let (server, client) = serve(404, &body).await;

    let err = client.user_get("nobody-here").await.unwrap_err();
    check_one_request(&server, "GET", "/v2/users/nobody-here");
    assert_eq!((err.status(), err.attempts()), (Some(404), 1));
    let ErrorKind::Status(UserGetError::NotFound(decoded)) = err.kind() else {
        panic!("{err:?}");
    };
    assert_eq!(decoded.error.r#type, ErrorType::UserNotFound);
    assert_eq!(decoded.error.message, "User was not found");
}

#[tokio::test]
async fn actor_get_404_is_the_documented_not_found() {
    let body = error_body("record-not-found", "Actor was not found");
    let (server, client) = serve(404, &body).await;

    let err = client.actor_get("janedoe~no-such-actor").await.unwrap_err();
    check_one_request(&server, "GET", "/v2/actors/janedoe~no-such-actor");
    assert_eq!(err.status(), Some(404));
    let ErrorKind::Status(ActorGetError::NotFound(decoded)) = err.kind() else {
        panic!("{err:?}");
    };
    assert_eq!(decoded.error.r#type, ErrorType::RecordNotFound);
    assert_eq!(decoded.error.message, "Actor was not found");
}

#[tokio::test]
async fn actors_get_401_is_the_documented_unauthorized() {
    let body = error_body("invalid-token", "Authentication token is not valid.");
    let (server, client) = serve(401, &body).await;

    let err = client
        .actors_get(&ActorsGetParams::default())
        .await
        .unwrap_err();
    check_one_request(&server, "GET", "/v2/actors");
    let Some(ActorsGetError::Unauthorized(decoded)) = err.documented() else {
        panic!("{err:?}");
    };
    assert_eq!(decoded.error.r#type, ErrorType::InvalidToken);
}

#[tokio::test]
async fn users_me_limits_get_403_is_the_documented_forbidden() {
    let body = error_body(
        "insufficient-permissions",
        "You do not have permission to perform this action.",
    );
    let (server, client) = serve(403, &body).await;

    let err = client.users_me_limits_get().await.unwrap_err();
    check_one_request(&server, "GET", "/v2/users/me/limits");
    let Some(UsersMeLimitsGetError::Forbidden(decoded)) = err.documented() else {
        panic!("{err:?}");
    };
    assert_eq!(decoded.error.r#type, ErrorType::InsufficientPermissions);
}

#[tokio::test]
async fn users_me_limits_put_400_is_the_documented_bad_request() {
    let body = error_body(
        "invalid-input",
        "Invalid input: dataRetentionDays must be a positive integer.",
    );
    let (server, client) = serve(400, &body).await;
    let request = UpdateLimitsRequest {
        data_retention_days: Some(-1),
        max_monthly_usage_usd: None,
        additional_properties: Map::new(),
    };

    let err = client.users_me_limits_put(&request).await.unwrap_err();
    check_one_request(&server, "PUT", "/v2/users/me/limits");
    assert_eq!(err.attempts(), 1, "a 400 is not retried");
    let ErrorKind::Status(UsersMeLimitsPutError::BadRequest(decoded)) = err.kind() else {
        panic!("{err:?}");
    };
    assert_eq!(decoded.error.r#type, ErrorType::InvalidInput);
}

#[tokio::test]
async fn users_me_usage_monthly_get_400_is_the_documented_bad_request() {
    let body = error_body("invalid-input", "Invalid input: date must be YYYY-MM-DD.");
    let (server, client) = serve(400, &body).await;
    // The client sends what it is given; the API is the one to refuse it.
    let params = UsersMeUsageMonthlyGetParams {
        date: Some(Date::new("14/05/2024")),
    };

    let err = client
        .users_me_usage_monthly_get(&params)
        .await
        .unwrap_err();
    check_one_request(
        &server,
        "GET",
        "/v2/users/me/usage/monthly?date=14%2F05%2F2024",
    );
    let Some(UsersMeUsageMonthlyGetError::BadRequest(decoded)) = err.documented() else {
        panic!("{err:?}");
    };
    assert_eq!(
        decoded.error.message,
        "Invalid input: date must be YYYY-MM-DD."
    );
}

// ----- (d) bad payloads name their JSON pointer -------------------------------------------

#[test]
fn public_user_data_failures_name_their_paths() {
    let missing = without(USER_GET_200, "/data/username");
    assert_eq!(
        decode_error_path::<PublicUserDataResponse>(&missing),
        "/data/username"
    );
    let bad_url = with(
        USER_GET_200,
        "/data/profile/pictureUrl",
        json!("avatar.png"),
    );
    assert_eq!(
        violations::<PublicUserDataResponse>(&bad_url),
        ["/data/profile/pictureUrl: not a valid absolute URI"]
    );
}

/// Apify documents most profile fields as nullable, which the shared `Profile` schema (also
/// behind `GET /v2/users/me`) does not say. Such a profile still decodes, the nulls read as
/// absent; should null ever be refused for a non-nullable field, `Profile` must change first.
#[test]
fn public_profile_with_null_fields_decodes() {
    let mut value = with(USER_GET_200, "/data/profile/bio", Value::Null);
    value["data"]["profile"]["pictureUrl"] = Value::Null;
    let decoded: PublicUserDataResponse = decode(&value).unwrap();
    let profile = decoded.data.profile.unwrap();
    assert_eq!((profile.bio, profile.picture_url), (None, None));
    assert_eq!(profile.name.as_deref(), Some("Jane Doe"));
}

#[test]
fn limits_failures_name_their_paths() {
    let fractional = with(
        USERS_ME_LIMITS_GET_200,
        "/data/limits/maxActorCount",
        json!(1.5),
    );
    assert_eq!(
        decode_error_path::<LimitsResponse>(&fractional),
        "/data/limits/maxActorCount"
    );
    let bad_date = with(
        USERS_ME_LIMITS_GET_200,
        "/data/monthlyUsageCycle/endAt",
        json!("2024-06-01"),
    );
    assert_eq!(
        violations::<LimitsResponse>(&bad_date),
        ["/data/monthlyUsageCycle/endAt: not a valid RFC 3339 date-time"]
    );
}

#[test]
fn update_limits_request_failure_names_its_path() {
    let wrong = with(
        USERS_ME_LIMITS_PUT_BODY,
        "/dataRetentionDays",
        json!("90 days"),
    );
    assert_eq!(
        decode_error_path::<UpdateLimitsRequest>(&wrong),
        "/dataRetentionDays"
    );
}

#[tokio::test]
async fn users_me_limits_put_non_object_201_is_a_decode_error() {
    let server = BodyServer::start(201, "[]").await;
    let client = client_for(&server.base_url()).build().unwrap();
    let body = UpdateLimitsRequest {
        data_retention_days: Some(30),
        max_monthly_usage_usd: None,
        additional_properties: Map::new(),
    };

    let err = client.users_me_limits_put(&body).await.unwrap_err();
    assert_eq!(err.status(), Some(201));
    let ErrorKind::Decode { error, body } = err.into_kind() else {
        panic!("not a decode error");
    };
    assert_eq!((error.path.as_str(), body.as_str()), ("", "[]"));
}

#[test]
fn monthly_usage_failures_name_their_paths() {
    let pointer = "/data/dailyServiceUsages/1/serviceUsage/DATASET_READS/quantity";
    let text_number = with(USERS_ME_USAGE_MONTHLY_GET_200, pointer, json!("4"));
    assert_eq!(
        decode_error_path::<MonthlyUsageResponse>(&text_number),
        pointer
    );
    let bad_start = with(
        USERS_ME_USAGE_MONTHLY_GET_200,
        "/data/usageCycle/startAt",
        json!("yesterday"),
    );
    assert_eq!(
        violations::<MonthlyUsageResponse>(&bad_start),
        ["/data/usageCycle/startAt: not a valid RFC 3339 date-time"]
    );
}

#[test]
fn actor_list_failures_name_their_paths() {
    let missing = without(ACTORS_GET_200, "/data/items/1/id");
    assert_eq!(
        decode_error_path::<ListOfActorsResponse>(&missing),
        "/data/items/1/id"
    );
    let mut bad = with(ACTORS_GET_200, "/data/count", json!(-1));
    bad["data"]["items"][0]["stats"]["lastRunStartedAt"] = json!("2019-11-02 10:15");
    assert_eq!(
        violations::<ListOfActorsResponse>(&bad),
        [
            "/data/count: must be >= 0",
            "/data/items/0/stats/lastRunStartedAt: not a valid RFC 3339 date-time",
        ]
    );
}

#[test]
fn actor_failures_name_their_paths() {
    let bad_version = with(
        ACTOR_GET_200,
        "/data/versions/0/versionNumber",
        json!("0.1.0"),
    );
    let found = violations::<ActorResponse>(&bad_version);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with("/data/versions/0/versionNumber: does not match the pattern"),
        "{found:?}"
    );

    let bad_tag = with(
        ACTOR_GET_200,
        "/data/taggedBuilds/latest/finishedAt",
        json!("soon"),
    );
    assert_eq!(
        violations::<ActorResponse>(&bad_tag),
        ["/data/taggedBuilds/latest/finishedAt: not a valid RFC 3339 date-time"]
    );

    let missing = without(ACTOR_GET_200, "/data/defaultRunOptions");
    assert_eq!(
        decode_error_path::<ActorResponse>(&missing),
        "/data/defaultRunOptions"
    );
}

#[test]
fn pricing_records_are_checked_against_their_pricing_model() {
    // A pay-per-event record without its events does not decode. (The pointer inside the
    // record currently travels in the message: the path stops at the record.)
    let incomplete = without(ACTOR_GET_200, "/data/pricingInfos/0/pricingPerEvent");
    let error = decode::<ActorResponse>(&incomplete).unwrap_err();
    assert!(error.path.starts_with("/data/pricingInfos/0"), "{error}");
    assert!(error.message.contains("pricingPerEvent"), "{error}");

    // An unknown pricing model is kept as received, and reported by validation.
    let unknown = with(
        ACTOR_GET_200,
        "/data/pricingInfos/0/pricingModel",
        json!("PAY_PER_MINUTE"),
    );
    let decoded: ActorResponse = decode(&unknown).unwrap();
    let pricing = decoded.data.pricing_infos.as_ref().unwrap();
    assert!(
        matches!(&pricing[0], ActorRunPricingInfo::Other(v) if v["pricingModel"] == "PAY_PER_MINUTE"),
        "{:?}",
        pricing[0]
    );
    assert_eq!(serde_json::to_value(&decoded).unwrap(), unknown);
    let found = violations::<ActorResponse>(&unknown);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with("/data/pricingInfos/0: has a `pricingModel` that is none of"),
        "{found:?}"
    );
}

#[tokio::test]
async fn actor_get_bad_200_is_a_decode_error_naming_the_path() {
    let wrong = with(ACTOR_GET_200, "/data/stats/totalRuns", json!("sixteen")).to_string();
    let server = TestServer::start(vec![Canned::json(200, wrong.clone())]).await;
    let client = client_for(&server.base_url()).build().unwrap();

    let err = client.actor_get("janedoe~my-actor").await.unwrap_err();
    check_one_request(&server, "GET", "/v2/actors/janedoe~my-actor");
    let ErrorKind::Decode { error, body } = err.into_kind() else {
        panic!("not a decode error");
    };
    assert_eq!(error.path, "/data/stats/totalRuns");
    assert_eq!(body, wrong);
}

#[tokio::test]
async fn error_body_without_type_is_a_decode_error_naming_the_path() {
    let (server, client) = serve(404, r#"{"error":{"message":"Not found"}}"#).await;

    let err = client.user_get("janedoe").await.unwrap_err();
    check_one_request(&server, "GET", "/v2/users/janedoe");
    assert_eq!(err.status(), Some(404));
    let ErrorKind::Decode { error, .. } = err.kind() else {
        panic!("{err:?}");
    };
    assert_eq!(error.path, "/error/type");
}
