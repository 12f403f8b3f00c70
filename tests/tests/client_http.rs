//! End-to-end tests of the generated `apify_api::Client` against a scripted local HTTP/1.1
//! server: decoding, auth headers, retries and backoff, `Retry-After`, timeouts, transport
//! failures, documented and undocumented statuses, and that the token never leaks.

use std::time::{Duration, Instant};

use apify_api::client::{BuildError, ClientBuilder, Error, ErrorKind, UsersMeGetError};
use apify_api::{models, ApifyApi, Client};

use crate::support::{Canned, Seen, TestServer};

const TOKEN: &str = "test-token";
const USERS_ME_200: &str = include_str!("../data/users_me_200.json");
const USERS_ME_400: &str = include_str!("../data/users_me_400.json");
const RATE_LIMITED: &str = r#"{"error":{"type":"rate-limit-exceeded","message":"Slow down"}}"#;

fn ms(millis: u64) -> Duration {
    Duration::from_millis(millis)
}

/// A client for `server` with fast retries and generous timeouts; tests override what they test.
fn client_for(base_url: &str) -> ClientBuilder {
    Client::builder()
        .base_url(base_url)
        .token(TOKEN)
        .max_retries(2)
        .min_retry_delay(ms(10))
        .attempt_timeout(Duration::from_secs(5))
        .timeout(Duration::from_secs(10))
}

/// Checks what every error must satisfy: `Display` names the request and the attempt count,
/// and neither `Display` nor `Debug` shows `token`.
fn check_error<E: std::fmt::Debug + std::fmt::Display>(err: &Error<E>, token: &str) {
    let display = err.to_string();
    let debug = format!("{err:?}");
    let attempts = err.attempts();
    let plural = if attempts == 1 { "" } else { "s" };
    assert!(display.starts_with("GET /v2/users/me ("), "{display}");
    assert!(
        display.contains(&format!(", {attempts} attempt{plural}): ")),
        "{display}"
    );
    assert!(
        !display.contains(token),
        "the token leaked into Display: {display}"
    );
    assert!(
        !debug.contains(token),
        "the token leaked into Debug: {debug}"
    );
}

/// Checks the server saw `count` requests, each `GET /v2/users/me` with no query string.
fn check_requests(server: &TestServer, count: usize) -> Vec<Seen> {
    let seen = server.requests();
    assert_eq!(seen.len(), count, "{seen:#?}");
    for request in &seen {
        assert_eq!(request.method, "GET");
        assert_eq!(request.path_and_query, "/v2/users/me");
    }
    seen
}

#[tokio::test]
async fn success_decodes_and_sends_auth_and_user_agent() {
    let server = TestServer::start(vec![Canned::json(200, USERS_ME_200)]).await;
    let client = client_for(&server.base_url()).build().unwrap();

    let me = client.users_me_get().await.unwrap();
    assert_eq!(me.data.username, "myusername");
    assert_eq!(me.data.id, "YiKoxjkaS9gjGTqhF");
    assert_eq!(
        me.data.plan.as_ref().map(|plan| plan.id.as_str()),
        Some("Personal")
    );
    assert_eq!(me.data.proxy.password.expose(), "ad78knd9Jkjd86");

    let seen = check_requests(&server, 1);
    assert_eq!(seen[0].header("authorization"), Some("Bearer test-token"));
    let user_agent = seen[0].header("user-agent").expect("a user-agent header");
    assert!(user_agent.starts_with("apify-api/"), "{user_agent}");
}

#[tokio::test]
async fn retries_429_with_exponential_backoff() {
    let server = TestServer::start(vec![
        Canned::json(429, RATE_LIMITED),
        Canned::json(429, RATE_LIMITED),
        Canned::json(200, USERS_ME_200),
    ])
    .await;
    let client = client_for(&server.base_url())
        .min_retry_delay(ms(50))
        .build()
        .unwrap();

    let started = Instant::now();
    let me = client.users_me_get().await.unwrap();
    let elapsed = started.elapsed();
    assert_eq!(me.data.username, "myusername");
    check_requests(&server, 3);
    // Waits of at least 50 ms, then 100 ms (jitter only lengthens them).
    assert!(elapsed >= ms(150), "{elapsed:?}");
}

#[tokio::test]
async fn retries_5xx() {
    let server =
        TestServer::start(vec![Canned::status(503), Canned::json(200, USERS_ME_200)]).await;
    let client = client_for(&server.base_url()).build().unwrap();

    let me = client.users_me_get().await.unwrap();
    assert_eq!(me.data.username, "myusername");
    check_requests(&server, 2);
}

#[tokio::test]
async fn honours_retry_after_on_429() {
    let server = TestServer::start(vec![
        Canned::json(429, RATE_LIMITED).header("retry-after", "1"),
        Canned::json(200, USERS_ME_200),
    ])
    .await;
    let client = client_for(&server.base_url())
        .min_retry_delay(ms(10))
        .build()
        .unwrap();

    let started = Instant::now();
    let me = client.users_me_get().await.unwrap();
    let elapsed = started.elapsed();
    assert_eq!(me.data.username, "myusername");
    check_requests(&server, 2);
    // The backoff alone would be 10-20 ms; `Retry-After: 1` asks for a second.
    assert!(elapsed >= ms(990), "{elapsed:?}");
}

#[tokio::test]
async fn retry_after_beyond_the_budget_returns_the_429_at_once() {
    let server = TestServer::start(vec![
        Canned::json(429, RATE_LIMITED).header("retry-after", "3600"),
        Canned::json(200, USERS_ME_200),
    ])
    .await;
    let client = client_for(&server.base_url())
        .timeout(Duration::from_secs(2))
        .build()
        .unwrap();

    let call = tokio::time::timeout(Duration::from_secs(10), client.users_me_get());
    let err = call
        .await
        .expect("the call should not wait out Retry-After")
        .unwrap_err();
    check_requests(&server, 1);
    check_error(&err, TOKEN);
    assert_eq!(err.status(), Some(429));
    let Some(UsersMeGetError::TooManyRequests(body)) = err.documented() else {
        panic!("{err:?}");
    };
    assert_eq!(body.error.r#type, models::ErrorType::RateLimitExceeded);
}

#[tokio::test]
async fn persistent_429_ends_as_the_documented_error() {
    let server = TestServer::start(vec![Canned::json(429, RATE_LIMITED)]).await;
    let client = client_for(&server.base_url())
        .max_retries(1)
        .build()
        .unwrap();

    let err = client.users_me_get().await.unwrap_err();
    check_requests(&server, 2);
    check_error(&err, TOKEN);
    assert_eq!(err.attempts(), 2);
    assert!(
        matches!(
            err.kind(),
            ErrorKind::Status(UsersMeGetError::TooManyRequests(_))
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn persistent_500_is_unexpected_status_after_all_attempts() {
    let server = TestServer::start(vec![Canned::status(500).body("internal trouble")]).await;
    let client = client_for(&server.base_url())
        .max_retries(2)
        .build()
        .unwrap();

    let err = client.users_me_get().await.unwrap_err();
    check_requests(&server, 3);
    check_error(&err, TOKEN);
    assert_eq!(err.attempts(), 3);
    assert_eq!(err.status(), Some(500));
    assert!(
        err.to_string().contains("(status 500, 3 attempts)"),
        "{err}"
    );
    match err.kind() {
        ErrorKind::UnexpectedStatus { body } => assert_eq!(body, "internal trouble"),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn documented_400_decodes_and_is_not_retried() {
    let server = TestServer::start(vec![Canned::json(400, USERS_ME_400)]).await;
    let client = client_for(&server.base_url()).build().unwrap();

    let err = client.users_me_get().await.unwrap_err();
    check_requests(&server, 1);
    check_error(&err, TOKEN);
    assert_eq!(err.attempts(), 1);
    assert_eq!(err.status(), Some(400));
    let ErrorKind::Status(UsersMeGetError::BadRequest(body)) = err.kind() else {
        panic!("{err:?}");
    };
    assert_eq!(body.error.r#type, models::ErrorType::InvalidInput);
    assert_eq!(
        body.error.message,
        "Invalid input: The request body contains invalid data."
    );
}

#[tokio::test]
async fn unknown_error_type_is_kept() {
    let body = r#"{"error":{"type":"some-brand-new-error","message":"Something new"}}"#;
    let server = TestServer::start(vec![Canned::json(401, body)]).await;
    let client = client_for(&server.base_url()).build().unwrap();

    let err = client.users_me_get().await.unwrap_err();
    check_requests(&server, 1);
    check_error(&err, TOKEN);
    let Some(UsersMeGetError::Unauthorized(body)) = err.documented() else {
        panic!("{err:?}");
    };
    assert_eq!(
        body.error.r#type,
        models::ErrorType::Unknown("some-brand-new-error".to_owned())
    );
    assert_eq!(body.error.r#type.as_str(), "some-brand-new-error");
    assert_eq!(body.error.message, "Something new");
}

#[tokio::test]
async fn undocumented_404_keeps_the_body() {
    let body = r#"{"error":{"type":"page-not-found","message":"Nothing here"}}"#;
    let server = TestServer::start(vec![Canned::json(404, body)]).await;
    let client = client_for(&server.base_url()).build().unwrap();

    let err = client.users_me_get().await.unwrap_err();
    check_requests(&server, 1);
    check_error(&err, TOKEN);
    assert_eq!(err.status(), Some(404));
    match err.kind() {
        ErrorKind::UnexpectedStatus { body: kept } => assert_eq!(kept, body),
        other => panic!("{other:?}"),
    }
}

/// Sends `body` as a 200 and returns the decode error's path and kept body.
async fn decode_failure(body: &str) -> (String, String) {
    let server = TestServer::start(vec![Canned::json(200, body)]).await;
    let client = client_for(&server.base_url()).build().unwrap();

    let err = client.users_me_get().await.unwrap_err();
    check_requests(&server, 1);
    check_error(&err, TOKEN);
    assert_eq!(err.status(), Some(200));
    assert!(err.to_string().contains("did not decode"), "{err}");
    assert!(std::error::Error::source(&err).is_some());
    match err.into_kind() {
        ErrorKind::Decode { error, body } => (error.path, body),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn truncated_200_is_a_decode_error_with_the_raw_body() {
    let cut = USERS_ME_200.find("\"myusername\"").unwrap() + 4;
    let truncated = &USERS_ME_200[..cut];
    let (path, body) = decode_failure(truncated).await;
    assert_eq!(path, "/data/username");
    assert_eq!(body, truncated);
}

#[tokio::test]
async fn wrongly_typed_200_is_a_decode_error_naming_the_path() {
    let mut value: serde_json::Value = serde_json::from_str(USERS_ME_200).unwrap();
    value["data"]["username"] = serde_json::json!(5);
    let wrong = value.to_string();
    let (path, body) = decode_failure(&wrong).await;
    assert_eq!(path, "/data/username");
    assert_eq!(body, wrong);
}

#[tokio::test]
async fn stalled_server_times_out() {
    let stall = Canned::json(200, USERS_ME_200).delay(Duration::from_secs(3600));
    let server = TestServer::start(vec![stall]).await;
    let client = client_for(&server.base_url())
        .attempt_timeout(ms(200))
        .timeout(Duration::from_secs(1))
        .max_retries(1)
        .build()
        .unwrap();

    let started = Instant::now();
    let call = tokio::time::timeout(Duration::from_secs(10), client.users_me_get());
    let err = call
        .await
        .expect("the client's own timeout should end the call")
        .unwrap_err();
    // 200 ms, a wait of at least 10 ms, then 400 ms (the attempt timeout doubles).
    assert!(started.elapsed() >= ms(610), "{:?}", started.elapsed());
    assert!(err.is_timeout(), "{err:?}");
    assert_eq!(err.attempts(), 2);
    assert_eq!(err.status(), None);
    assert!(
        err.to_string()
            .contains("(no response, 2 attempts): timed out"),
        "{err}"
    );
    check_error(&err, TOKEN);
    check_requests(&server, 2);
}

/// The attempt's timeout covers the body too: a server that sends its headers and part of
/// the body, then nothing, is given up on, and the error keeps the status that arrived.
#[tokio::test]
async fn a_body_that_stalls_times_out_with_the_status_kept() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(async move {
        let mut open = Vec::new();
        for _ in 0..2 {
            let (mut socket, _) = listener.accept().await.unwrap();
            let mut request = [0u8; 4096];
            let _ = socket.read(&mut request).await.unwrap();
            socket
                .write_all(
                    b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\
                      content-length: 1000\r\n\r\n{\"data\":",
                )
                .await
                .unwrap();
            // Kept open, the rest never sent.
            open.push(socket);
        }
        std::future::pending::<()>().await;
    });
    let client = client_for(&format!("http://{addr}"))
        .attempt_timeout(ms(200))
        .max_retries(1)
        .build()
        .unwrap();

    let started = Instant::now();
    let call = tokio::time::timeout(Duration::from_secs(10), client.users_me_get());
    let err = call
        .await
        .expect("the attempt timeout should end the call")
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert_eq!(err.attempts(), 2);
    assert_eq!(err.status(), Some(200));
    // 200 ms, a wait of at least 10 ms, then 400 ms (the attempt timeout doubles).
    assert!(started.elapsed() >= ms(610), "{:?}", started.elapsed());
    check_error(&err, TOKEN);
    server.abort();
}

#[tokio::test]
async fn connection_refused_is_a_transport_error_after_all_attempts() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let client = client_for(&format!("http://127.0.0.1:{port}"))
        .max_retries(2)
        .build()
        .unwrap();

    let err = client.users_me_get().await.unwrap_err();
    check_error(&err, TOKEN);
    assert!(matches!(err.kind(), ErrorKind::Transport(_)), "{err:?}");
    assert_eq!(err.attempts(), 3);
    assert_eq!(err.status(), None);
    assert!(std::error::Error::source(&err).is_some());
}

#[tokio::test]
async fn the_token_never_leaks() {
    const SECRET: &str = "secret-token-123";
    let stall = Canned::json(200, USERS_ME_200).delay(Duration::from_secs(3600));
    let server = TestServer::start(vec![
        Canned::json(400, USERS_ME_400),
        Canned::status(404).body("no such page"),
        Canned::json(200, r#"{"data":{"username":5}}"#),
        stall,
    ])
    .await;
    let client = client_for(&server.base_url())
        .token(SECRET)
        .max_retries(0)
        .attempt_timeout(ms(200))
        .build()
        .unwrap();

    let debug = format!("{client:?}");
    assert!(!debug.contains(SECRET), "{debug}");
    assert!(debug.contains("Secret(***)"), "{debug}");
    let config = format!("{:?}", client.config());
    assert!(!config.contains(SECRET), "{config}");

    for _ in 0..4 {
        let err = client.users_me_get().await.unwrap_err();
        check_error(&err, SECRET);
        if let ErrorKind::Transport(e) = err.kind() {
            assert!(!format!("{e:?}").contains(SECRET));
        }
    }
    let refused = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let offline = client_for(&format!("http://127.0.0.1:{refused}"))
        .token(SECRET)
        .build()
        .unwrap();
    check_error(&offline.users_me_get().await.unwrap_err(), SECRET);

    for request in check_requests(&server, 4) {
        assert!(!request.path_and_query.contains(SECRET));
        assert_eq!(
            request.header("authorization"),
            Some("Bearer secret-token-123")
        );
    }
}

#[tokio::test]
async fn the_token_is_not_forwarded_to_another_origin_on_redirect() {
    let other = TestServer::start(vec![Canned::json(200, USERS_ME_200)]).await;
    let location = format!("{}/v2/users/me", other.base_url());
    let origin = TestServer::start(vec![Canned::status(302).header("location", &location)]).await;
    let client = client_for(&origin.base_url()).build().unwrap();

    let me = client.users_me_get().await.unwrap();
    assert_eq!(me.data.username, "myusername");
    assert_eq!(
        check_requests(&origin, 1)[0].header("authorization"),
        Some("Bearer test-token")
    );
    assert_eq!(check_requests(&other, 1)[0].header("authorization"), None);
}

/// Regression: `ClientBuilder::build` reports a user agent that cannot be sent in a header as
/// `BuildError::InvalidBaseUrl(<the user agent>)`, whose message reads "base URL `...` is
/// not an absolute http(s) URL" (crates/runtime/src/http/transport.rs, `build`).
#[test]
fn invalid_user_agent_is_not_reported_as_a_bad_base_url() {
    let err = Client::builder()
        .base_url("http://127.0.0.1:1")
        .token(TOKEN)
        .user_agent("bad\nagent")
        .build()
        .unwrap_err();
    let message = err.to_string();
    assert!(!matches!(err, BuildError::InvalidBaseUrl(_)), "{err:?}");
    assert!(!message.contains("base URL"), "{message}");
}

/// Regression: `parse_retry_after` (crates/runtime/src/http/retry.rs) turns a delta-seconds value
/// too large for a `Duration` (about 1.8e19 s) into `Duration::from_secs_f64`, which panics
/// ("cannot convert float seconds to Duration: value is either too big or NaN"): one bad
/// `Retry-After` header from a server or proxy panics the caller's task. `1e300` and
/// `99999999999999999999` (too big for `u64`, so it takes the float path) both do.
#[tokio::test]
async fn huge_retry_after_does_not_panic() {
    for value in ["1e300", "99999999999999999999"] {
        let server = TestServer::start(vec![
            Canned::json(429, RATE_LIMITED).header("retry-after", value),
            Canned::json(200, USERS_ME_200),
        ])
        .await;
        let client = client_for(&server.base_url()).build().unwrap();
        // In a task of its own, so a panic shows as a failed assertion naming the value.
        let call = tokio::spawn(async move {
            client
                .users_me_get()
                .await
                .map(|_| ())
                .map_err(|e| e.to_string())
        });
        let outcome = call.await;
        assert!(outcome.is_ok(), "Retry-After: {value}: {outcome:?}");
    }
}

/// Regression: `HttpClient::execute` counts an attempt before checking the time budget, so a call
/// whose budget is already spent (here `timeout(0)`; in general, a backoff sleep that
/// overshoots the budget) reports one attempt more than were sent.
#[tokio::test]
async fn attempts_count_only_requests_sent() {
    let server = TestServer::start(vec![Canned::json(200, USERS_ME_200)]).await;
    let client = client_for(&server.base_url())
        .timeout(Duration::ZERO)
        .build()
        .unwrap();

    let err = client.users_me_get().await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    check_requests(&server, 0);
    assert_eq!(err.attempts(), 0, "{err}");
}
