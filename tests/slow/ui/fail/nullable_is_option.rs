//! A required but nullable property is an `Option`: `disabledReason` can be `null`, so a
//! plain `String` cannot be assigned to it without saying `Some(..)`.

use apify_api::models::EffectivePlatformFeature;

fn main() {
    let _feature = EffectivePlatformFeature {
        is_enabled: false,
        disabled_reason: "Upgrade your plan".to_string(),
        disabled_reason_type: None,
        is_trial: false,
        trial_expiration_at: None,
        additional_properties: Default::default(),
    };
}
