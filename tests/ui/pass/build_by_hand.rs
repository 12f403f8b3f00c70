//! Models can be built by hand with plain struct literals; `validate()` then reports each
//! broken format with its JSON pointer, and the open `ErrorType` enum keeps values it does
//! not know while mapping known ones to their variants.

use apify_api::models::{
    EffectivePlatformFeature, EffectivePlatformFeatures, ErrorResponse, ErrorType,
    PrivateUserDataResponse, Proxy, ProxyGroup, UserPrivateInfo,
};
use apify_api::{Secret, Validate};
use specforge_runtime::{DateTime, Email};

fn feature(trial_expiration_at: Option<&str>) -> EffectivePlatformFeature {
    EffectivePlatformFeature {
        is_enabled: true,
        disabled_reason: None,
        disabled_reason_type: None,
        is_trial: trial_expiration_at.is_some(),
        trial_expiration_at: trial_expiration_at.map(DateTime::new),
        additional_properties: Default::default(),
    }
}

pub fn main() {
    let group = ProxyGroup {
        name: "RESIDENTIAL".to_string(),
        description: "Residential proxies".to_string(),
        available_count: 5,
        additional_properties: Default::default(),
    };
    assert_eq!(group.validate(), Ok(()));

    let user = UserPrivateInfo {
        id: "abc".to_string(),
        username: "jane".to_string(),
        profile: None,
        email: Some(Email::new("bad")),
        proxy: Proxy {
            password: Secret::new("s3cret".to_string()),
            groups: vec![group],
            additional_properties: Default::default(),
        },
        plan: None,
        effective_platform_features: EffectivePlatformFeatures {
            actors: feature(None),
            storage: feature(None),
            scheduler: feature(None),
            proxy: feature(Some("next tuesday")),
            proxy_external_access: feature(None),
            proxy_residential: feature(Some("2025-01-01T14:00:00Z")),
            proxy_serps: feature(None),
            webhooks: feature(None),
            actors_public_all: feature(None),
            actors_public_developer: feature(None),
            additional_properties: Default::default(),
        },
        created_at: DateTime::new("2022-11-29T14:48:29.381Z"),
        is_paying: false,
        additional_properties: Default::default(),
    };

    let violations = user.validate().unwrap_err();
    let found: Vec<String> = violations.iter().map(|v| v.to_string()).collect();
    assert_eq!(
        found,
        [
            "/email: not a valid email address",
            "/effectivePlatformFeatures/PROXY/trialExpirationAt: not a valid RFC 3339 date-time",
        ]
    );
    let first = violations.iter().next().unwrap();
    assert_eq!(first.path, "/email");
    assert_eq!(first.message, "not a valid email address");

    // Paths are relative to the value `validate()` is called on.
    let response = PrivateUserDataResponse {
        data: user,
        additional_properties: Default::default(),
    };
    let violations = response.validate().unwrap_err();
    assert_eq!(violations.len(), 2);
    assert_eq!(violations.iter().next().unwrap().path, "/data/email");

    // Fixing the values makes the whole response valid.
    let mut response = response;
    response.data.email = Some(Email::new("jane@example.com"));
    response.data.effective_platform_features.proxy = feature(None);
    assert_eq!(response.validate(), Ok(()));

    // A hand-built value serializes with the wire names and hides nothing from serde,
    // but `Debug` does not show the password.
    let json = serde_json::to_value(&response).unwrap();
    assert_eq!(json["data"]["proxy"]["password"], "s3cret");
    assert_eq!(json["data"]["proxy"]["groups"][0]["availableCount"], 5);
    assert_eq!(
        json["data"]["effectivePlatformFeatures"]["ACTORS"]["disabledReason"],
        serde_json::Value::Null
    );
    assert!(
        json["data"].get("plan").is_none(),
        "absent optional fields are not written"
    );
    assert!(!format!("{response:?}").contains("s3cret"));

    // ErrorType is open: unknown values are kept as received, known ones map to variants.
    let new = ErrorType::from("some-new-type");
    assert_eq!(new, ErrorType::Unknown("some-new-type".to_string()));
    assert_eq!(new.as_str(), "some-new-type");
    assert!(!new.is_known());
    assert_eq!(serde_json::to_value(&new).unwrap(), "some-new-type");

    let known = ErrorType::from("rate-limit-exceeded");
    assert_eq!(known, ErrorType::RateLimitExceeded);
    assert!(known.is_known());
    assert_eq!(known.to_string(), "rate-limit-exceeded");

    let body: ErrorResponse =
        apify_api::from_str(include_str!("../../data/users_me_400.json")).unwrap();
    assert_eq!(body.error.r#type, ErrorType::InvalidInput);
    let body: ErrorResponse =
        apify_api::from_str(r#"{"error":{"type":"brand-new-error","message":"m"}}"#).unwrap();
    assert_eq!(body.error.r#type.as_str(), "brand-new-error");
}
