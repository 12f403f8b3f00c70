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

    // Loopback timings drift on a shared 2-core machine, which biases two benchmarks run one
    // after the other. Pairs of requests (one each way, alternating which goes first) see
    // the same conditions; the median of their ratios is the overhead.
    let bare_call = || {
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
    };
    let ours_call = || rt.block_on(client.users_me_get()).unwrap();
    let time = |f: &dyn Fn()| {
        let start = std::time::Instant::now();
        f();
        start.elapsed().as_secs_f64()
    };
    let mut ratios = Vec::with_capacity(3000);
    for i in 0..3000 {
        let (bare_t, ours_t) = if i % 2 == 0 {
            let b = time(&|| drop(bare_call()));
            (b, time(&|| drop(ours_call())))
        } else {
            let o = time(&|| drop(ours_call()));
            (time(&|| drop(bare_call())), o)
        };
        ratios.push(ours_t / bare_t);
    }
    ratios.sort_by(f64::total_cmp);
    println!(
        "client/users_me_get/paired_ratio (ours / bare reqwest, median of 3000 alternating pairs): {:.3} (p25 {:.3}, p75 {:.3})",
        ratios[1500], ratios[750], ratios[2250]
    );
}

criterion_group!(benches, overhead);
criterion_main!(benches);
