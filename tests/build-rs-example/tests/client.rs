//! The generated client, used the two ways a crate's tests use it: a fake implementation of
//! the API trait, and the real HTTP client against a local server.

use std::io::{Read, Write};
use std::net::TcpListener;

use build_rs_example::api::{self, models, ErrorKind, RefsDemoApi};
use build_rs_example::owner_of;

/// A fake of the API: only `thing_get`; every other method fails with `NotImplemented`.
struct Fake;

impl RefsDemoApi for Fake {
    fn thing_get<'a>(
        &'a self,
        thing_id: &'a str,
    ) -> api::client::BoxFuture<'a, api::client::ThingGetResult> {
        Box::pin(async move {
            let thing: models::Thing = serde_json::from_value(serde_json::json!({
                "id": thing_id,
                "owner": {"name": "Ada", "homepage": "https://ada.example"},
            }))
            .unwrap();
            Ok(thing)
        })
    }
}

#[tokio::test]
async fn a_fake_implements_the_generated_trait() {
    assert_eq!(owner_of(&Fake, "t1").await, "Ada");
    let err = Fake.things_list().await.unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::NotImplemented), "{err}");
}

/// Serves one canned HTTP/1.1 response per connection, `count` times, on a free local
/// port; returns the base URL and a handle yielding the request lines it saw.
fn serve(responses: Vec<(u16, &'static str)>) -> (String, std::thread::JoinHandle<Vec<String>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        let mut seen = Vec::new();
        for (status, body) in responses {
            let (mut stream, _) = listener.accept().unwrap();
            let mut request = Vec::new();
            let mut buf = [0u8; 1024];
            while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                let n = stream.read(&mut buf).unwrap();
                if n == 0 {
                    break;
                }
                request.extend_from_slice(&buf[..n]);
            }
            let text = String::from_utf8_lossy(&request);
            seen.push(text.lines().next().unwrap_or_default().to_owned());
            let reply = format!(
                "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            stream.write_all(reply.as_bytes()).unwrap();
        }
        seen
    });
    (base, handle)
}

#[tokio::test]
async fn the_generated_http_client_talks_to_a_server() {
    let (base, server) = serve(vec![
        (200, r#"{"id":"t1","owner":{"name":"Grace"}}"#),
        (404, r#"{"message":"no such thing"}"#),
        (200, r#"{"items":[{"id":"a"},{"id":"b"}]}"#),
    ]);
    let client = api::Client::builder()
        .base_url(&base)
        .token("test-token")
        .max_retries(0)
        .build()
        .unwrap();

    assert_eq!(owner_of(&client, "t1").await, "Grace");
    let err = client.thing_get("gone").await.unwrap_err();
    match err.kind() {
        ErrorKind::Status(api::client::ThingGetError::NotFound(problem)) => {
            assert_eq!(problem.message, "no such thing")
        }
        other => panic!("expected the documented 404, got {other:?}"),
    }
    let list = client.things_list().await.unwrap();
    let ids: Vec<&str> = list.items.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["a", "b"]);

    let seen = server.join().unwrap();
    assert_eq!(
        seen,
        [
            "GET /things/t1 HTTP/1.1",
            "GET /things/gone HTTP/1.1",
            "GET /things HTTP/1.1"
        ]
    );
}
