//! Runtime cost of the generated models on the seed's 200 payload of `GET /v2/users/me`:
//! decode + validate against plain serde_json decoding of the same structs, against parsing
//! into `serde_json::Value`, and serialization.
//!
//! `cargo bench -p specforge-bench --bench runtime`

use apify_api::models::PrivateUserDataResponse;
use apify_api::Validate;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

const BODY: &str = include_str!("../../../tests/data/users_me_200.json");

fn decode(c: &mut Criterion) {
    let bytes = BODY.as_bytes();
    let mut group = c.benchmark_group("runtime/users_me_200");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("baseline_serde_json_structs", |b| {
        b.iter(|| {
            serde_json::from_slice::<PrivateUserDataResponse>(std::hint::black_box(bytes)).unwrap()
        })
    });
    group.bench_function("decode_and_validate", |b| {
        b.iter(|| {
            let value: PrivateUserDataResponse =
                apify_api::from_slice(std::hint::black_box(bytes)).unwrap();
            value.validate().unwrap();
            value
        })
    });
    group.bench_function("serde_json_value", |b| {
        b.iter(|| serde_json::from_slice::<serde_json::Value>(std::hint::black_box(bytes)).unwrap())
    });
    let value: PrivateUserDataResponse = apify_api::from_slice(bytes).unwrap();
    group.bench_function("validate_only", |b| {
        b.iter(|| std::hint::black_box(&value).validate().unwrap())
    });
    group.bench_function("serialize", |b| {
        b.iter(|| serde_json::to_vec(std::hint::black_box(&value)).unwrap())
    });
    let as_value: serde_json::Value = serde_json::from_slice(bytes).unwrap();
    group.bench_function("serialize_serde_json_value", |b| {
        b.iter(|| serde_json::to_vec(std::hint::black_box(&as_value)).unwrap())
    });
    group.finish();
}

criterion_group!(benches, decode);
criterion_main!(benches);
