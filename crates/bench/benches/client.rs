//! Client overhead: `users_me_get` through the generated client against a loopback server,
//! versus the same request made with bare reqwest and decoded with plain serde_json.
//!
//! `cargo bench -p specforge-bench --bench client`

use std::convert::Infallible;
use std::net::SocketAddr;

use apify_api::models::PrivateUserDataResponse;
use apify_api::ApifyApi;
use bytes::Bytes;
use criterion::{criterion_group, criterion_main, Criterion};
use http_body_util::Full;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;

const BODY: &str = include_str!("../../../tests/data/users_me_200.json");

/// A keep-alive HTTP/1.1 server on 127.0.0.1 answering every request with the payload, on a
/// thread (and runtime) of its own.
fn serve() -> SocketAddr {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send(listener.local_addr().unwrap()).unwrap();
            loop {
                let (stream, _) = listener.accept().await.unwrap();
                tokio::spawn(async move {
                    let service = service_fn(|_req: Request<hyper::body::Incoming>| async {
                        Ok::<_, Infallible>(
                            Response::builder()
                                .header("content-type", "application/json")
                                .body(Full::new(Bytes::from_static(BODY.as_bytes())))
                                .unwrap(),
                        )
                    });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
    });
    rx.recv().unwrap()
}

fn overhead(c: &mut Criterion) {
    let addr = serve();
    let base = format!("http://{addr}");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let client = apify_api::Client::builder()
        .base_url(&base)
        .token("bench-token")
        .build()
        .unwrap();
    let bare = reqwest::Client::new();
    let url = format!("{base}/v2/users/me");

    let mut group = c.benchmark_group("client/users_me_get");
    group.bench_function("baseline_bare_reqwest", |b| {
        b.iter(|| {
            rt.block_on(async {
                let response = bare
                    .get(&url)
                    .bearer_auth("bench-token")
                    .send()
                    .await
                    .unwrap();
                let bytes = response.bytes().await.unwrap();
                serde_json::from_slice::<PrivateUserDataResponse>(&bytes).unwrap()
            })
        })
    });
    group.bench_function("specforge_client", |b| {
        b.iter(|| rt.block_on(client.users_me_get()).unwrap())
    });
    group.finish();
}

criterion_group!(benches, overhead);
criterion_main!(benches);
