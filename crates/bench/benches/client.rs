//! Client overhead: `users_me_get` through the generated client against a loopback server,
//! versus the same request made with bare reqwest (with and without a per-request timeout)
//! and decoded with plain serde_json.
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

    // Two baselines: reqwest as `Client::new()` leaves it (no timeout at all), and reqwest
    // with the same per-request timeout the generated client sets on each attempt (its
    // default 30 s), which is what a hand-written client that can give up on a stalled
    // server does. Each arm has a client, and so a keep-alive connection, of its own.
    let bare_timed = reqwest::Client::new();
    let bare_call = |timeout: Option<std::time::Duration>| {
        rt.block_on(async {
            let client = if timeout.is_some() {
                &bare_timed
            } else {
                &bare
            };
            let mut request = client.get(&url).bearer_auth("bench-token");
            if let Some(timeout) = timeout {
                request = request.timeout(timeout);
            }
            let response = request.send().await.unwrap();
            let bytes = response.bytes().await.unwrap();
            serde_json::from_slice::<PrivateUserDataResponse>(&bytes).unwrap()
        })
    };
    let attempt_timeout = client.config().attempt_timeout;
    let arms: [(&str, &dyn Fn()); 3] = [
        ("baseline_bare_reqwest", &|| drop(bare_call(None))),
        ("baseline_bare_reqwest_with_timeout", &|| {
            drop(bare_call(Some(attempt_timeout)))
        }),
        ("specforge_client", &|| {
            drop(rt.block_on(client.users_me_get()).unwrap())
        }),
    ];

    let mut group = c.benchmark_group("client/users_me_get");
    for (name, arm) in arms {
        group.bench_function(name, |b| b.iter(arm));
    }
    group.finish();

    // Loopback timings drift on a shared 2-core machine, which biases benchmarks run one
    // after the other. Triplets of requests (one of each, in an order that rotates) see the
    // same conditions; the median of their ratios is the overhead.
    let time = |f: &dyn Fn()| {
        let start = std::time::Instant::now();
        f();
        start.elapsed().as_secs_f64()
    };
    const TRIPLETS: usize = 3000;
    let mut over_bare = Vec::with_capacity(TRIPLETS);
    let mut over_timed = Vec::with_capacity(TRIPLETS);
    let mut timer_alone = Vec::with_capacity(TRIPLETS);
    for i in 0..TRIPLETS {
        let mut t = [0.0; 3];
        for k in 0..3 {
            let arm = (i + k) % 3;
            t[arm] = time(arms[arm].1);
        }
        over_bare.push(t[2] / t[0]);
        over_timed.push(t[2] / t[1]);
        timer_alone.push(t[1] / t[0]);
    }
    let quartiles = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        format!(
            "{:.3} (p25 {:.3}, p75 {:.3})",
            v[v.len() / 2],
            v[v.len() / 4],
            v[v.len() * 3 / 4]
        )
    };
    println!("client/users_me_get/paired ratios, median of {TRIPLETS} rotating triplets:");
    println!(
        "  ours / bare reqwest:                      {}",
        quartiles(over_bare)
    );
    println!(
        "  ours / bare reqwest with the same timeout: {}",
        quartiles(over_timed)
    );
    println!(
        "  bare with timeout / bare (the timer):     {}",
        quartiles(timer_alone)
    );
}

criterion_group!(benches, overhead);
criterion_main!(benches);
