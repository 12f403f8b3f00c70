//! The documented 200 body of `GET /v2/users/me` decodes, validates, exposes its nested
//! fields with their schema types, hides the proxy password from `Debug`, and serializes back
//! to exactly the JSON it came from.

use apify_api::models::PrivateUserDataResponse;
use apify_api::Validate;
use serde_json::Value;

const BODY: &str = include_str!("../../data/users_me_200.json");

pub fn main() {
    let value =
        apify_api::from_str::<PrivateUserDataResponse>(BODY).expect("documented body decodes");
    assert_eq!(value.validate(), Ok(()));

    let data = &value.data;
    assert_eq!(data.id, "YiKoxjkaS9gjGTqhF");
    assert_eq!(data.username, "myusername");
    assert_eq!(
        data.email.as_ref().map(|e| e.as_str()),
        Some("bob@example.com")
    );
    assert!(data.is_paying);

    let plan = data
        .plan
        .as_ref()
        .expect("plan is present outside Actor runs");
    assert_eq!(plan.available_proxy_groups["RESIDENTIAL"], 1000);
    assert_eq!(plan.available_proxy_groups.len(), 3);
    assert_eq!(plan.max_monthly_proxy_serps, 30000);
    assert_eq!(plan.monthly_base_price_usd, 49.0);
    assert_eq!(
        plan.enabled_platform_features[0],
        vec!["ACTORS".to_string()]
    );

    let actors = &data.effective_platform_features.actors;
    assert!(actors.is_enabled);
    assert!(!actors.is_trial);
    assert_eq!(actors.disabled_reason_type.as_deref(), Some("DISABLED"));
    let expires = actors
        .trial_expiration_at
        .as_ref()
        .expect("trialExpirationAt is set");
    assert_eq!(expires.as_str(), "2025-01-01T14:00:00.000Z");

    let group = &data.proxy.groups[0];
    assert_eq!(group.name, "Group1");
    assert_eq!(group.available_count, 10);
    assert_eq!(data.proxy.password.expose(), "ad78knd9Jkjd86");

    // The exact wire text is kept, including the millisecond fraction.
    assert_eq!(data.created_at.as_str(), "2022-11-29T14:48:29.381Z");

    let debug = format!("{:?}", value);
    assert!(
        !debug.contains("ad78knd9Jkjd86"),
        "Debug output leaks the proxy password"
    );
    assert!(debug.contains("Secret(***)"));

    // The round trip is exact: same keys, same strings, and numbers written as they came
    // (`49`, not `49.0`).
    let original: Value = serde_json::from_str(BODY).unwrap();
    let back = serde_json::to_value(&value).unwrap();
    assert_eq!(back, original);
}
