//! Operations as real APIs have them, against a scripted local server: typed and raw
//! response headers, media types other than JSON (text, JSON Lines, streamed bytes), the
//! body limit, per-call options, one-line errors, long polls and the trait object seam.

use std::time::Duration;

use apify_api::client::{
    BoxFuture, CallOptions, DatasetItemsGetError, DatasetItemsGetParams, ErrorKind,
    UsersMeGetError, UsersMeGetResult,
};
use apify_api::{ApifyApi, Client};
use bytes::Bytes;

use crate::support::{Canned, TestServer};

const USERS_ME_200: &str = include_str!("../data/users_me_200.json");
const ITEMS: &str = r#"[{"foo":"bar"},{"foo2":"bar2"}]"#;

fn client(server: &TestServer) -> Client {
    Client::builder()
        .base_url(server.base_url())
        .token("t")
        .max_retries(2)
        .min_retry_delay(Duration::from_millis(5))
        .build()
        .unwrap()
}

fn page_headers(canned: Canned) -> Canned {
    canned
        .header("x-apify-pagination-offset", "0")
        .header("x-apify-pagination-limit", "2")
        .header("x-apify-pagination-count", "2")
        .header("x-apify-pagination-total", "5")
        .header("x-ratelimit-remaining", "99")
}

#[tokio::test]
async fn whole_response_has_typed_and_raw_headers() {
    let server = TestServer::start(vec![page_headers(Canned::json(200, ITEMS))]).await;
    let full = client(&server)
        .dataset_items_get_response("ds", &DatasetItemsGetParams::default())
        .await
        .unwrap();
    assert_eq!(full.status, 200);
    assert_eq!(full.body.len(), 2);
    assert_eq!(full.headers.x_apify_pagination_total.as_deref(), Some("5"));
    assert_eq!(full.headers.x_apify_pagination_offset.as_deref(), Some("0"));
    // A header the spec does not declare is still there, raw.
    assert_eq!(full.raw_header("X-RateLimit-Remaining"), Some("99"));
    // The plain method gives the same body.
    let server = TestServer::start(vec![Canned::json(200, ITEMS)]).await;
    let items = client(&server)
        .dataset_items_get("ds", &DatasetItemsGetParams::default())
        .await
        .unwrap();
    assert_eq!(items[1]["foo2"], "bar2");
    let seen = &server.requests()[0];
    assert_eq!(seen.path_and_query, "/v2/datasets/ds/items?format=json");
}

#[tokio::test]
async fn csv_is_text_asked_for_by_accept_and_format() {
    let csv = "foo,foo2\nbar,bar2\n";
    let server = TestServer::start(vec![page_headers(
        Canned::status(200)
            .header("content-type", "text/csv")
            .body(csv),
    )])
    .await;
    // The method's media type wins over a format the caller set by hand.
    let params = DatasetItemsGetParams {
        format: Some("json".into()),
        clean: Some(true),
        ..Default::default()
    };
    let full = client(&server)
        .dataset_items_get_csv("ds", &params)
        .await
        .unwrap();
    assert_eq!(full.body, csv);
    assert_eq!(full.headers.x_apify_pagination_count.as_deref(), Some("2"));
    let seen = &server.requests()[0];
    assert_eq!(seen.header("accept"), Some("text/csv"));
    assert_eq!(
        seen.path_and_query,
        "/v2/datasets/ds/items?clean=true&format=csv"
    );
}

#[tokio::test]
async fn json_lines_stream_typed_items_and_name_a_bad_line() {
    let body = "{\"foo\":\"bar\"}\n\n{\"foo2\":\"bar2\"}\r\nnot json\n{\"last\":1}";
    let server = TestServer::start(vec![Canned::status(200)
        .header("content-type", "application/jsonl")
        .body(body)])
    .await;
    let full = client(&server)
        .dataset_items_get_jsonl("ds", &DatasetItemsGetParams::default())
        .await
        .unwrap();
    let mut items = full.body;
    let first: serde_json::Map<String, serde_json::Value> = items.next().await.unwrap().unwrap();
    assert_eq!(first["foo"], "bar");
    let second = items.next().await.unwrap().unwrap();
    assert_eq!(second["foo2"], "bar2");
    let bad = items.next().await.unwrap().unwrap_err();
    assert!(bad.to_string().contains("line 4"), "{bad}");
    let last = items.next().await.unwrap().unwrap();
    assert_eq!(last["last"], 1);
    assert!(items.next().await.is_none());
    assert_eq!(
        server.requests()[0].header("accept"),
        Some("application/jsonl")
    );
}

#[test]
fn a_100_mb_download_streams_in_little_memory() {
    const SIZE: usize = 100 << 20;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    // Made before measuring: the server's copy is not the client's memory.
    let body = Bytes::from(vec![7u8; SIZE]);
    let server = runtime.block_on(TestServer::start(vec![Canned::status(200)
        .header(
            "content-type",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        .bytes(body)]));
    let client = client(&server);
    let (peak, (total, sum)) = crate::alloc::peak_growth_in(|| {
        runtime.block_on(async {
            let full = client
                .dataset_items_get_xlsx("ds", &DatasetItemsGetParams::default())
                .await
                .unwrap();
            let mut stream = full.body;
            let (mut total, mut sum) = (0usize, 0u64);
            while let Some(chunk) = stream.next().await {
                let chunk = chunk.unwrap();
                total += chunk.len();
                sum += chunk.iter().map(|b| u64::from(*b)).sum::<u64>();
            }
            (total, sum)
        })
    });
    println!("peak heap growth while streaming 100 MiB: {peak} bytes");
    assert_eq!(total, SIZE);
    assert_eq!(sum, 7 * SIZE as u64);
    assert!(
        peak < 16 << 20,
        "streaming 100 MiB grew the heap by {peak} bytes at its peak"
    );
}

#[tokio::test]
async fn bodies_past_the_limit_are_refused_and_error_bodies_are_capped() {
    let server = TestServer::start(vec![Canned::json(200, "[".repeat(4096))]).await;
    let limited = Client::builder()
        .base_url(server.base_url())
        .max_body_size(1024)
        .build()
        .unwrap();
    let e = limited
        .dataset_items_get("ds", &DatasetItemsGetParams::default())
        .await
        .unwrap_err();
    assert!(
        matches!(e.kind(), ErrorKind::BodyTooLarge { limit: 1024 }),
        "{e:?}"
    );
    assert!(e.to_string().contains("1024-byte limit"), "{e}");

    // An undocumented status with a 1 MiB body keeps only its first 64 KiB.
    let server = TestServer::start(vec![Canned::status(418).body("x".repeat(1 << 20))]).await;
    let e = client(&server)
        .dataset_items_get("ds", &DatasetItemsGetParams::default())
        .await
        .unwrap_err();
    match e.kind() {
        ErrorKind::UnexpectedStatus { body } => {
            assert!(body.len() < 65 * 1024, "{}", body.len());
            assert!(
                body.ends_with("(1048576 bytes in all)"),
                "{}",
                &body[body.len() - 40..]
            );
        }
        other => panic!("{other:?}"),
    }
}

/// A one-connection HTTP/1.1 server that answers one request with `parts` as a chunked
/// body (no `Content-Length`), each part written and flushed on its own after a pause, so
/// the client reads it as several chunks.
async fn chunked_once(parts: &'static [&'static str]) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut seen = Vec::new();
        let mut buf = [0u8; 1024];
        while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
            let n = socket.read(&mut buf).await.unwrap();
            assert!(n > 0, "the client closed before its request ended");
            seen.extend_from_slice(&buf[..n]);
        }
        let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\
                    transfer-encoding: chunked\r\n\r\n";
        socket.write_all(head.as_bytes()).await.unwrap();
        for part in parts {
            let chunk = format!("{:x}\r\n{part}\r\n", part.len());
            // The client may already have given up on a body past its limit.
            if socket.write_all(chunk.as_bytes()).await.is_err() {
                return;
            }
            socket.flush().await.unwrap();
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let _ = socket.write_all(b"0\r\n\r\n").await;
    });
    format!("http://{addr}")
}

#[tokio::test]
async fn a_chunked_body_is_read_across_chunks_and_refused_once_past_the_limit() {
    const PARTS: &[&str] = &[r#"[{"id":"a"},"#, r#"{"id":"b"},"#, r#"{"id":"c"}]"#];
    let whole: usize = PARTS.iter().map(|p| p.len()).sum();
    let client = |base: String, limit: usize| {
        Client::builder()
            .base_url(base)
            .max_retries(0)
            .max_body_size(limit)
            .build()
            .unwrap()
    };

    // Exactly at the limit: every chunk arrives, in order.
    let items = client(chunked_once(PARTS).await, whole)
        .dataset_items_get("ds", &DatasetItemsGetParams::default())
        .await
        .unwrap();
    let ids: Vec<_> = items.iter().map(|item| item["id"].clone()).collect();
    assert_eq!(ids, ["a", "b", "c"]);

    // One byte short: refused when the last chunk would pass it, with nothing kept.
    let e = client(chunked_once(PARTS).await, whole - 1)
        .dataset_items_get("ds", &DatasetItemsGetParams::default())
        .await
        .unwrap_err();
    assert!(
        matches!(e.kind(), ErrorKind::BodyTooLarge { limit } if *limit == whole - 1),
        "{e:?}"
    );

    // A first chunk alone past the limit is refused as well.
    let e = client(chunked_once(PARTS).await, PARTS[0].len() - 1)
        .dataset_items_get("ds", &DatasetItemsGetParams::default())
        .await
        .unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::BodyTooLarge { .. }), "{e:?}");
}

#[tokio::test]
async fn options_for_one_call_without_a_second_client() {
    let server = TestServer::start(vec![
        Canned::json(200, USERS_ME_200).delay(Duration::from_millis(400))
    ])
    .await;
    let client = client(&server);
    let hurried = client.with_options(
        CallOptions::new()
            .timeout(Duration::from_millis(100))
            .max_retries(0)
            .header("x-request-id", "abc"),
    );
    let e = hurried.users_me_get().await.unwrap_err();
    assert!(e.is_timeout(), "{e:?}");
    assert_eq!(e.attempts(), 1);
    assert_eq!(server.requests()[0].header("x-request-id"), Some("abc"));
    // The client itself keeps its own settings.
    let me = client.users_me_get().await.unwrap();
    assert_eq!(me.data.username, "myusername");
    assert_eq!(server.requests()[1].header("x-request-id"), None);
}

#[tokio::test]
async fn errors_read_as_one_plain_line() {
    let server = TestServer::start(vec![Canned::json(
        401,
        r#"{"error":{"type":"invalid-token","message":"Authentication token is not valid."}}"#,
    )])
    .await;
    let e = client(&server).users_me_get().await.unwrap_err();
    assert!(matches!(
        e.kind(),
        ErrorKind::Status(UsersMeGetError::Unauthorized(_))
    ));
    assert_eq!(
        e.to_string(),
        "GET /v2/users/me (status 401, 1 attempt): 401 Unauthorized: invalid-token: \
         Authentication token is not valid."
    );
    // A refused connection says so, not only "error sending request".
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let refused = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .max_retries(0)
        .build()
        .unwrap();
    let e = refused.users_me_get().await.unwrap_err();
    let text = e.to_string().to_lowercase();
    assert!(text.contains("refused"), "{e}");
}

#[tokio::test]
async fn a_server_wait_outlasts_the_attempt_timeout() {
    use specforge_runtime::http::{Method, Request};
    let server = TestServer::start(vec![
        Canned::json(200, "{}").delay(Duration::from_millis(300))
    ])
    .await;
    let http: specforge_runtime::http::HttpClient =
        specforge_runtime::http::ClientBuilder::new(server.base_url())
            .attempt_timeout(Duration::from_millis(50))
            .max_retries(0)
            .build()
            .unwrap();
    // Without the wait, the 50 ms attempt times out.
    let mut request = Request::new(Method::Get);
    request.path("/wait");
    let e = http.execute::<()>(request).await.unwrap_err();
    assert!(e.is_timeout(), "{e:?}");
    // `waitForFinish=1` (seconds) gives the attempt at least that long.
    let mut request = Request::new(Method::Get);
    request.path("/wait").query("waitForFinish", &1u32);
    request.server_wait(&1u32, 1000);
    let response = http.execute::<()>(request).await.unwrap();
    assert_eq!(response.status(), 200);
}

/// A fake that implements only what it needs; held as a trait object.
struct Fake;

impl ApifyApi for Fake {
    fn users_me_get(&self) -> BoxFuture<'_, UsersMeGetResult> {
        Box::pin(async { apify_api::from_str(USERS_ME_200).map_err(|e| panic!("{e}")) })
    }
}

/// Code written against the trait; `?Sized`, so it takes trait objects too.
async fn username(api: &(impl ApifyApi + ?Sized)) -> String {
    api.users_me_get().await.unwrap().data.username
}

#[tokio::test]
async fn a_trait_object_drives_a_fake_and_the_client() {
    let apis: Vec<Box<dyn ApifyApi>> = vec![Box::new(Fake)];
    for api in &apis {
        // `dyn ApifyApi` is an `ApifyApi`, so code written against the trait takes it.
        assert_eq!(username(&**api).await, "myusername");
        let e = api
            .dataset_items_get("ds", &DatasetItemsGetParams::default())
            .await
            .unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::NotImplemented));
        assert!(e.documented().is_none());
    }
    let server = TestServer::start(vec![Canned::json(200, USERS_ME_200)]).await;
    let shared: std::sync::Arc<dyn ApifyApi> = std::sync::Arc::new(client(&server));
    // Trait objects are `Send`: a call moves onto another task.
    let task = tokio::spawn({
        let shared = shared.clone();
        async move { username(&*shared).await }
    });
    assert_eq!(task.await.unwrap(), "myusername");
}

fn items_page(items: &[u32], total: u32, offset: u32) -> Canned {
    let body: Vec<String> = items.iter().map(|i| format!("{{\"n\":{i}}}")).collect();
    Canned::json(200, format!("[{}]", body.join(",")))
        .header("x-apify-pagination-total", &total.to_string())
        .header("x-apify-pagination-offset", &offset.to_string())
        .header("x-apify-pagination-count", &items.len().to_string())
}

#[tokio::test]
async fn header_pagination_reads_every_item_across_a_short_page() {
    // 5 items in pages of 2; the middle page is short (an empty item skipped), which must
    // not end the stream: only the total does.
    let server = TestServer::start(vec![
        items_page(&[0, 1], 5, 0),
        items_page(&[2], 5, 2),
        items_page(&[3, 4], 5, 3),
    ])
    .await;
    let client = client(&server);
    let params = DatasetItemsGetParams {
        limit: Some(2.0),
        skip_empty: Some(true),
        ..Default::default()
    };
    let items = client
        .dataset_items_get_stream("ds", &params)
        .collect()
        .await
        .unwrap();
    let numbers: Vec<_> = items.iter().map(|i| i["n"].as_u64().unwrap()).collect();
    assert_eq!(numbers, [0, 1, 2, 3, 4]);
    let offsets: Vec<String> = server
        .requests()
        .iter()
        .map(|r| r.path_and_query.clone())
        .collect();
    assert_eq!(
        offsets,
        [
            "/v2/datasets/ds/items?offset=0&limit=2&skipEmpty=true&format=json",
            "/v2/datasets/ds/items?offset=2&limit=2&skipEmpty=true&format=json",
            "/v2/datasets/ds/items?offset=3&limit=2&skipEmpty=true&format=json",
        ]
    );
}

#[tokio::test]
async fn a_429_mid_stream_is_retried_and_the_stream_goes_on() {
    let server = TestServer::start(vec![
        items_page(&[0, 1], 4, 0),
        Canned::json(
            429,
            r#"{"error":{"type":"rate-limit-exceeded","message":"Slow down"}}"#,
        )
        .header("retry-after", "0"),
        items_page(&[2, 3], 4, 2),
    ])
    .await;
    let client = client(&server);
    let params = DatasetItemsGetParams::default();
    let mut stream = client.dataset_items_get_stream("ds", &params);
    let mut seen = Vec::new();
    while let Some(item) = stream.next().await {
        seen.push(item.unwrap()["n"].as_u64().unwrap());
    }
    assert_eq!(seen, [0, 1, 2, 3]);
    assert_eq!(stream.pages(), 2);
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn body_envelope_pagination_stops_at_the_total() {
    let page = |offset: u32, ids: &[&str], total: u32| {
        let items: Vec<String> = ids
            .iter()
            .map(|id| {
                format!(
                    r#"{{"id":"{id}","createdAt":"2024-01-01T00:00:00.000Z","modifiedAt":"2024-01-01T00:00:00.000Z","name":"a","username":"u"}}"#
                )
            })
            .collect();
        Canned::json(
            200,
            format!(
                r#"{{"data":{{"total":{total},"offset":{offset},"limit":2,"desc":false,"count":{},"items":[{}]}}}}"#,
                ids.len(),
                items.join(",")
            ),
        )
    };
    let server = TestServer::start(vec![page(0, &["a", "b"], 3), page(2, &["c"], 3)]).await;
    let actors = client(&server)
        .actors_get_stream(&apify_api::client::ActorsGetParams::default())
        .collect()
        .await
        .unwrap();
    let ids: Vec<_> = actors.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["a", "b", "c"]);
    // Two pages and no third request: the total (3) was reached.
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn fakes_page_through_their_whole_response_method() {
    use apify_api::client::{DatasetItemsGetOkHeaders, Full};
    struct Pager;
    impl ApifyApi for Pager {
        fn dataset_items_get_response<'a>(
            &'a self,
            _: &'a str,
            params: &'a DatasetItemsGetParams,
        ) -> BoxFuture<
            'a,
            apify_api::client::ApiResult<
                Full<Vec<serde_json::Map<String, serde_json::Value>>, DatasetItemsGetOkHeaders>,
                DatasetItemsGetError,
            >,
        > {
            let offset = params.offset.unwrap_or(0);
            let mut raw_headers = specforge_runtime::http::HeaderMap::new();
            raw_headers.insert("x-apify-pagination-total", "3".parse().unwrap());
            let items = (offset..3.min(offset + 2))
                .map(|n| serde_json::json!({ "n": n }).as_object().unwrap().clone())
                .collect();
            Box::pin(async move {
                Ok(Full {
                    status: 200,
                    headers: DatasetItemsGetOkHeaders {
                        x_apify_pagination_offset: None,
                        x_apify_pagination_limit: None,
                        x_apify_pagination_count: None,
                        x_apify_pagination_total: Some("3".into()),
                    },
                    raw_headers,
                    body: items,
                })
            })
        }
    }
    let items = Pager
        .dataset_items_get_stream("ds", &DatasetItemsGetParams::default())
        .collect()
        .await
        .unwrap();
    assert_eq!(items.len(), 3);
}

/// Pages of keys with a cursor, fetched through the runtime as generated code fetches them.
#[tokio::test]
async fn cursor_and_link_pagination_follow_what_each_page_names() {
    use specforge_runtime::http::{
        link_next, ClientBuilder, HttpClient, Method, Page, PageInput, Pages, Request,
    };
    let server = TestServer::start(vec![
        Canned::json(200, r#"{"items":["a","b"],"next":"k2"}"#),
        Canned::json(200, r#"{"items":["c"],"next":null}"#),
    ])
    .await;
    let http: HttpClient = ClientBuilder::new(server.base_url()).build().unwrap();
    let fetch_http = http.clone();
    let pages: Pages<'_, String, ()> = Pages::cursor(
        None,
        Box::new(move |input: PageInput| {
            let http = fetch_http.clone();
            Box::pin(async move {
                let mut request = Request::new(Method::Get);
                request
                    .path("/keys")
                    .query("exclusiveStartKey", &input.cursor());
                let response = http.execute::<()>(request).await?;
                let body: serde_json::Value = response.json()?;
                Ok(Page {
                    items: serde_json::from_value(body["items"].clone()).unwrap(),
                    total: None,
                    has_more: None,
                    next_cursor: body["next"].as_str().map(str::to_owned),
                    next_url: None,
                })
            })
        }),
    );
    assert_eq!(pages.collect().await.unwrap(), ["a", "b", "c"]);
    let paths: Vec<_> = server
        .requests()
        .into_iter()
        .map(|r| r.path_and_query)
        .collect();
    assert_eq!(paths, ["/keys", "/keys?exclusiveStartKey=k2"]);

    // `Link: <...?page=2>; rel="next"` leads to the next page; none ends the stream.
    let next =
        |page: u32| format!("<http://127.0.0.1/issues?page={page}&per_page=2>; rel=\"next\"");
    let server = TestServer::start(vec![
        Canned::json(200, "[1,2]").header("link", &next(2)),
        Canned::json(200, "[3,4]").header("link", &next(3)),
        Canned::json(200, "[5]"),
    ])
    .await;
    let http: HttpClient = ClientBuilder::new(server.base_url()).build().unwrap();
    let pages: Pages<'_, u32, ()> = Pages::next_url(Box::new(move |input: PageInput| {
        let http = http.clone();
        Box::pin(async move {
            let mut request = Request::new(Method::Get);
            request.path("/issues");
            for (name, value) in input.query_pairs() {
                if name == "page" {
                    request.query("page", &value);
                }
            }
            let response = http.execute::<()>(request).await?;
            let next_url = link_next(response.headers());
            Ok(Page {
                items: response.json()?,
                total: None,
                has_more: None,
                next_cursor: None,
                next_url,
            })
        })
    }));
    assert_eq!(pages.collect().await.unwrap(), [1, 2, 3, 4, 5]);
    let paths: Vec<_> = server
        .requests()
        .into_iter()
        .map(|r| r.path_and_query)
        .collect();
    assert_eq!(paths, ["/issues", "/issues?page=2", "/issues?page=3"]);
}

/// A header that cannot be sent (a line break in its value, or a name that is no token), the
/// call's own or one of `CallOptions`, fails the call as `InvalidRequest` naming it, and
/// nothing reaches the server.
#[tokio::test]
async fn a_header_that_cannot_be_sent_fails_the_call_and_sends_nothing() {
    use specforge_runtime::http::{
        CallOptions, ClientBuilder, ErrorKind, HttpClient, Method, Request,
    };
    let server = TestServer::start(vec![Canned::status(204), Canned::status(204)]).await;
    let http: HttpClient = ClientBuilder::new(server.base_url()).build().unwrap();
    let mut request = Request::new(Method::Get);
    request
        .path("/things")
        .header("X-Note", &"two\nlines".to_owned());
    let error = http.execute::<()>(request).await.unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::InvalidRequest(m) if m == "header `X-Note` has a value that cannot be sent"),
        "{error:?}"
    );
    let extra = http.with_options(CallOptions::new().header("bad name", "x"));
    let mut request = Request::new(Method::Get);
    request.path("/things");
    let error = extra.execute::<()>(request).await.unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::InvalidRequest(m) if m == "extra header `bad name` cannot be sent"),
        "{error:?}"
    );
    assert!(server.requests().is_empty(), "a request was sent");
}

/// A body that would not encode fails the call as `InvalidRequest`, naming the request, and
/// nothing reaches the server (through `execute` and through `call`, which generated
/// methods use).
#[tokio::test]
async fn a_body_that_would_not_encode_fails_the_call_and_sends_nothing() {
    use specforge_runtime::http::{ClientBuilder, ErrorKind, HttpClient, Method, Request};
    let server = TestServer::start(vec![Canned::status(204), Canned::status(204)]).await;
    let http: HttpClient = ClientBuilder::new(server.base_url()).build().unwrap();
    // JSON cannot write a map whose keys are not strings.
    let map: std::collections::BTreeMap<(u8, u8), u8> = [((1, 2), 3)].into();
    let mut request = Request::new(Method::Post);
    request.path("/things").json_body("application/json", &map);
    let error = http.execute::<()>(request).await.unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::InvalidRequest(m) if m.contains("would not encode as JSON")),
        "{error:?}"
    );
    assert_eq!(
        (error.context().method, error.context().path.as_str()),
        ("POST", "/things")
    );
    assert_eq!(error.attempts(), 0);
    let mut request = Request::new(Method::Put);
    request.path("/form").form_body(&[1, 2]);
    let error = http
        .call::<(), ()>(request, |response| {
            response.into_full::<(), (), ()>(()).map(|_| ())
        })
        .await
        .unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::InvalidRequest(m) if m == "a form body must be an object"),
        "{error:?}"
    );
    assert_eq!(error.context().path, "/form");
    assert!(server.requests().is_empty(), "a request was sent");
}
#[tokio::test]
async fn form_and_multipart_bodies_arrive_intact() {
    use specforge_runtime::http::{ClientBuilder, HttpClient, Method, Request};
    #[derive(serde::Serialize)]
    struct Upload {
        file: String,
        note: Option<String>,
        tags: Vec<String>,
    }
    let server = TestServer::start(vec![Canned::status(204)]).await;
    let http: HttpClient = ClientBuilder::new(server.base_url()).build().unwrap();
    let upload = Upload {
        file: "binary\r\n--not-a-boundary\u{0}".into(),
        note: Some("a \"note\"".into()),
        tags: vec!["x".into(), "y z".into()],
    };
    let mut request = Request::new(Method::Post);
    request.path("/form").form_body(&upload);
    assert_eq!(request.invalid(), None);
    http.execute::<()>(request).await.unwrap();
    let mut request = Request::new(Method::Post);
    request.path("/upload").multipart_body(&upload, &["file"]);
    assert_eq!(request.invalid(), None);
    http.execute::<()>(request).await.unwrap();

    let seen = server.requests();
    assert_eq!(
        seen[0].header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        String::from_utf8(seen[0].body.clone()).unwrap(),
        "file=binary%0D%0A--not-a-boundary%00&note=a+%22note%22&tags=x&tags=y+z"
    );
    let content_type = seen[1].header("content-type").unwrap().to_owned();
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap();
    let body = String::from_utf8(seen[1].body.clone()).unwrap();
    let parts: Vec<&str> = body.split(&format!("--{boundary}")).collect();
    // Preamble, three parts, and the closing `--`.
    assert_eq!(parts.len(), 5, "{body}");
    assert!(parts[1].contains("name=\"file\"; filename=\"file\""));
    assert!(parts[1].contains(
        "Content-Type: application/octet-stream\r\n\r\nbinary\r\n--not-a-boundary\u{0}\r\n"
    ));
    assert!(parts[2].contains("name=\"note\"") && parts[2].ends_with("a \"note\"\r\n"));
    assert!(parts[3].contains("Content-Type: application/json\r\n\r\n[\"x\",\"y z\"]\r\n"));
    assert_eq!(parts[4], "--\r\n");
}
