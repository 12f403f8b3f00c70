//! The generated Apify models against real payloads: the seed page's examples round-trip
//! exactly, and each kind of bad payload fails naming the right JSON pointer.

use apify_api::models::{ErrorResponse, ErrorType, PrivateUserDataResponse};
use apify_api::Validate;
use serde_json::{json, Value};

const USERS_ME_200: &str = include_str!("../data/users_me_200.json");
const USERS_ME_400: &str = include_str!("../data/users_me_400.json");

fn seed() -> Value {
    serde_json::from_str(USERS_ME_200).unwrap()
}

fn decode(value: &Value) -> Result<PrivateUserDataResponse, apify_api::DecodeError> {
    apify_api::from_str(&value.to_string())
}

/// The violations of a payload that decodes, as `path: message` lines.
fn violations(value: &Value) -> Vec<String> {
    let decoded = decode(value).expect("payload decodes");
    match decoded.validate() {
        Ok(()) => Vec::new(),
        Err(v) => v.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn seed_200_round_trips_exactly_and_validates() {
    let decoded: PrivateUserDataResponse = apify_api::from_str(USERS_ME_200).unwrap();
    assert_eq!(decoded.validate(), Ok(()));
    assert_eq!(serde_json::to_value(&decoded).unwrap(), seed());
    // Serializing the decoded value and decoding again gives the same value.
    let again: PrivateUserDataResponse =
        apify_api::from_str(&serde_json::to_string(&decoded).unwrap()).unwrap();
    assert_eq!(again, decoded);
}

#[test]
fn seed_400_round_trips_exactly_and_validates() {
    let decoded: ErrorResponse = apify_api::from_str(USERS_ME_400).unwrap();
    assert_eq!(decoded.validate(), Ok(()));
    assert_eq!(decoded.error.r#type, ErrorType::InvalidInput);
    assert_eq!(
        decoded.error.message,
        "Invalid input: The request body contains invalid data."
    );
    let original: Value = serde_json::from_str(USERS_ME_400).unwrap();
    assert_eq!(serde_json::to_value(&decoded).unwrap(), original);
}

#[test]
fn actor_run_response_without_plan_email_profile_decodes() {
    let mut value = seed();
    let data = value["data"].as_object_mut().unwrap();
    for field in ["plan", "email", "profile"] {
        data.remove(field);
    }
    let decoded = decode(&value).unwrap();
    assert!(
        decoded.data.plan.is_none()
            && decoded.data.email.is_none()
            && decoded.data.profile.is_none()
    );
    assert_eq!(decoded.validate(), Ok(()));
    // Absent stays absent: nothing is invented on the way back.
    assert_eq!(serde_json::to_value(&decoded).unwrap(), value);
}

#[test]
fn bad_email_names_its_path() {
    let mut value = seed();
    value["data"]["email"] = json!("bob.example.com");
    assert_eq!(
        violations(&value),
        ["/data/email: not a valid email address"]
    );
}

#[test]
fn non_uri_picture_url_names_its_path() {
    let mut value = seed();
    value["data"]["profile"]["pictureUrl"] = json!("not a url");
    assert_eq!(
        violations(&value),
        ["/data/profile/pictureUrl: not a valid absolute URI"]
    );
}

#[test]
fn bad_created_at_names_its_path() {
    let mut value = seed();
    value["data"]["createdAt"] = json!("29/11/2022 14:48");
    assert_eq!(
        violations(&value),
        ["/data/createdAt: not a valid RFC 3339 date-time"]
    );
}

#[test]
fn every_violation_is_reported_in_document_order() {
    let mut value = seed();
    value["data"]["email"] = json!("nope");
    value["data"]["profile"]["websiteUrl"] = json!("www.example.com");
    value["data"]["effectivePlatformFeatures"]["PROXY"]["trialExpirationAt"] = json!("tomorrow");
    assert_eq!(
        violations(&value),
        [
            "/data/profile/websiteUrl: not a valid absolute URI",
            "/data/email: not a valid email address",
            "/data/effectivePlatformFeatures/PROXY/trialExpirationAt: not a valid RFC 3339 date-time",
        ]
    );
}

#[test]
fn missing_username_names_its_path() {
    let mut value = seed();
    value["data"].as_object_mut().unwrap().remove("username");
    let error = decode(&value).unwrap_err();
    assert_eq!(error.path, "/data/username");
    assert!(
        error.message.contains("missing field `username`"),
        "{error}"
    );
}

#[test]
fn missing_required_nullable_field_is_an_error_not_null() {
    let mut value = seed();
    value["data"]["effectivePlatformFeatures"]["STORAGE"]
        .as_object_mut()
        .unwrap()
        .remove("trialExpirationAt");
    let error = decode(&value).unwrap_err();
    assert_eq!(
        error.path,
        "/data/effectivePlatformFeatures/STORAGE/trialExpirationAt"
    );
    // Present and null is fine.
    value["data"]["effectivePlatformFeatures"]["STORAGE"]["trialExpirationAt"] = Value::Null;
    let decoded = decode(&value).unwrap();
    assert!(decoded
        .data
        .effective_platform_features
        .storage
        .trial_expiration_at
        .is_none());
    assert_eq!(serde_json::to_value(&decoded).unwrap(), value);
}

#[test]
fn wrong_types_name_their_paths() {
    let cases = [
        ("/data/isPaying", json!("yes")),
        ("/data/proxy/groups/0/availableCount", json!("ten")),
        ("/data/plan/availableProxyGroups/RESIDENTIAL", json!(1.5)),
        ("/data/plan/enabledPlatformFeatures/1/0", json!(7)),
    ];
    for (pointer, bad) in cases {
        let mut value = seed();
        *value.pointer_mut(pointer).unwrap() = bad;
        let error = decode(&value).unwrap_err();
        assert_eq!(error.path, pointer, "{error}");
    }
}

#[test]
fn unknown_properties_survive_a_round_trip() {
    let mut value = seed();
    value["topLevelNew"] = json!({"nested": [1, 2]});
    value["data"]["newField"] = json!("kept");
    value["data"]["plan"]["newPlanField"] = json!(3.25);
    value["data"]["effectivePlatformFeatures"]["NEW_FEATURE"] = json!({"isEnabled": false});
    value["data"]["proxy"]["groups"][0]["extra"] = Value::Null;
    let decoded = decode(&value).unwrap();
    assert_eq!(
        decoded.data.additional_properties["newField"],
        json!("kept")
    );
    assert_eq!(serde_json::to_value(&decoded).unwrap(), value);
}

#[test]
fn unknown_error_types_survive_and_known_ones_are_typed() {
    let body = json!({"error": {"type": "brand-new-error", "message": "m"}});
    let decoded: ErrorResponse = apify_api::from_str(&body.to_string()).unwrap();
    assert_eq!(
        decoded.error.r#type,
        ErrorType::Unknown("brand-new-error".into())
    );
    assert!(!decoded.error.r#type.is_known());
    // The list is open (`x-open-enum`), so an unknown value is not a violation.
    assert_eq!(decoded.validate(), Ok(()));
    assert_eq!(serde_json::to_value(&decoded).unwrap(), body);
    assert_eq!(
        ErrorType::from("rate-limit-exceeded"),
        ErrorType::RateLimitExceeded
    );
}

#[test]
fn debug_never_shows_the_proxy_password() {
    let decoded: PrivateUserDataResponse = apify_api::from_str(USERS_ME_200).unwrap();
    let debug = format!("{decoded:?}");
    assert!(!debug.contains("ad78knd9Jkjd86"));
    assert!(debug.contains("Secret(***)"));
    assert_eq!(decoded.data.proxy.password.expose(), "ad78knd9Jkjd86");
}

#[test]
fn typed_access_to_formats() {
    let decoded: PrivateUserDataResponse = apify_api::from_str(USERS_ME_200).unwrap();
    let created = decoded.data.created_at.to_offset_date_time().unwrap();
    assert_eq!((created.year(), created.millisecond()), (2022, 381));
    let picture = decoded
        .data
        .profile
        .as_ref()
        .unwrap()
        .picture_url
        .as_ref()
        .unwrap();
    assert_eq!(picture.to_url().unwrap().host_str(), Some("apify.com"));
}

#[test]
fn errors_inside_a_tagged_union_name_the_inner_path() {
    use apify_api::models::ActorRunPricingInfo;
    let record = json!({"pricingInfo": {
        "pricingModel": "PAY_PER_EVENT",
        "apifyMarginPercentage": 0.2,
        "createdAt": "2024-01-01T00:00:00Z",
        "startedAt": "2024-01-01T00:00:00Z"
    }});
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Holder {
        #[serde(rename = "pricingInfo")]
        pricing_info: ActorRunPricingInfo,
    }
    let error = apify_api::from_str::<Holder>(&record.to_string()).unwrap_err();
    assert_eq!(error.path, "/pricingInfo/pricingPerEvent", "{error:?}");
    assert!(
        error.message.contains("missing field `pricingPerEvent`"),
        "{error}"
    );
    assert!(
        error.message.contains("as `pricingModel: PAY_PER_EVENT`"),
        "{error}"
    );

    // An alternative this version does not know is kept, and validation names it.
    let unknown = json!({"pricingModel": "PAY_PER_MOOD", "x": 1});
    let decoded: ActorRunPricingInfo = apify_api::from_str(&unknown.to_string()).unwrap();
    assert_eq!(decoded, ActorRunPricingInfo::Other(unknown.clone()));
    assert_eq!(serde_json::to_value(&decoded).unwrap(), unknown);
    assert!(decoded
        .validate()
        .unwrap_err()
        .to_string()
        .contains("none of the known alternatives"));
}

#[tokio::test]
async fn a_fake_implements_only_what_it_needs() {
    use apify_api::client::ActorsGetParams;
    use apify_api::{ApifyApi, ErrorKind};
    struct Fake;
    impl ApifyApi for Fake {}
    let error = Fake
        .actors_get(&ActorsGetParams::default())
        .await
        .unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::NotImplemented));
    assert_eq!(error.context().path, "/v2/actors");
    assert!(error.to_string().contains("does not implement"), "{error}");
}

#[test]
fn untagged_unions_of_objects_pick_the_best_fit_not_the_first() {
    use apify_api::models::VersionSourceFilesItem;
    // A file fits `SourceCodeFile` exactly; as a `SourceCodeFolder` it would not even decode.
    let file: VersionSourceFilesItem =
        apify_api::from_str(r#"{"name":"main.js","format":"TEXT","content":"x"}"#).unwrap();
    assert!(
        matches!(file, VersionSourceFilesItem::SourceCodeFile(_)),
        "{file:?}"
    );
    // A folder decodes as both (a file keeps `folder` as an unknown property); the folder
    // fits with nothing left over, so it wins whatever the order in the spec.
    let folder: VersionSourceFilesItem =
        apify_api::from_str(r#"{"name":"src","folder":true}"#).unwrap();
    assert!(
        matches!(folder, VersionSourceFilesItem::SourceCodeFolder(_)),
        "{folder:?}"
    );
    // A name alone fits the file with nothing unknown.
    let bare: VersionSourceFilesItem = apify_api::from_str(r#"{"name":"x"}"#).unwrap();
    assert!(
        matches!(bare, VersionSourceFilesItem::SourceCodeFile(_)),
        "{bare:?}"
    );
    // Nothing fits: the error names the path inside the closest alternative.
    let error = apify_api::from_str::<Vec<VersionSourceFilesItem>>(r#"[{"name":"ok"},{"name":5}]"#)
        .unwrap_err();
    assert_eq!(error.path, "/1/name", "{error}");
    assert!(
        error
            .message
            .contains("matches none of the alternatives of VersionSourceFilesItem"),
        "{error}"
    );
}

/// A model whose properties are named like clippy's placeholder names (`foo`, `baz`, ...)
/// and with many one-letter names, declared as generated code declares one. Outside any
/// `#[cfg(test)]` or `#[test]` item on purpose: clippy skips its name lints there, and
/// `cargo clippy --all-targets -D warnings` (CI) must see the macro's expansion as a
/// generated crate's does.
#[derive(Debug, Clone, PartialEq)]
pub struct Placeholders {
    pub foo: Option<i64>,
    pub baz: Option<i64>,
    pub quux: Option<i64>,
    pub a: Option<i64>,
    pub b: Option<i64>,
    pub c: Option<i64>,
    pub d: Option<i64>,
    pub e: Option<i64>,
}
specforge_runtime::object!(Placeholders {
    foo: "foo" opt,
    baz: "baz" opt,
    quux: "quux" opt,
    a: "a" opt,
    b: "b" opt,
    c: "c" opt,
    d: "d" opt,
    e: "e" opt,
} deny);

#[test]
fn models_with_placeholder_and_one_letter_property_names_round_trip() {
    let text = r#"{"foo":1,"quux":3,"e":5}"#;
    let value: Placeholders = apify_api::from_str(text).unwrap();
    assert_eq!(
        (value.foo, value.baz, value.quux, value.e),
        (Some(1), None, Some(3), Some(5))
    );
    assert_eq!(serde_json::to_string(&value).unwrap(), text);
}
