//! Wire names to Rust names: the only place that makes them (types, fields, variants,
//! methods, statuses, the trait and its token variable).
//!
//! heck does the case conversion; this module adds what heck does not: characters that
//! cannot be in an identifier, leading digits, keywords, and names that collide after
//! conversion (`fooBar`, `foo_bar` and `FooBar` all become `foo_bar`), which get distinct,
//! deterministic suffixes in the order given.

use std::collections::BTreeSet;

use heck::{ToKebabCase, ToSnakeCase, ToUpperCamelCase};

/// Keywords of Rust 2015-2024 (strict and reserved), which need `r#` or a suffix.
const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Splits `raw` into words heck can case, spelling non-ASCII letters as `uXXXX` so every
/// name is ASCII (no confusable-identifier lints in the output).
fn words(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if c.is_alphanumeric() {
            out.push_str(&format!(" u{:04x} ", c as u32));
        } else {
            out.push(' ');
        }
    }
    out
}

/// An UpperCamelCase type or variant name for `raw`; `fallback` when nothing is left.
pub fn type_name(raw: &str, fallback: &str) -> String {
    let mut name = words(raw).to_upper_camel_case();
    if name.is_empty() {
        name = fallback.to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'N');
    }
    // `Self` is the one keyword UpperCamelCase can produce; `Self_` would trip
    // `non_camel_case_types`.
    if KEYWORDS.contains(&name.as_str()) {
        name.push_str("Type");
    }
    name
}

/// A snake_case field, parameter or method name for `raw`; `fallback` when nothing is left.
/// Keywords come back as raw identifiers (`r#type`), or with a `_` suffix where Rust allows
/// no raw form (`self_`).
pub fn field_name(raw: &str, fallback: &str) -> String {
    let mut name = words(raw).to_snake_case();
    if name.is_empty() {
        name = fallback.to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'n');
    }
    if NOT_RAW.contains(&name.as_str()) {
        name.push('_');
    } else if KEYWORDS.contains(&name.as_str()) {
        name.insert_str(0, "r#");
    }
    name
}

/// The name without a raw-identifier prefix, for building other names from it.
pub fn unraw(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

/// Makes `names` unique in order: a repeat gets `2`, `3`, ... (`_2` for snake_case), skipping
/// any name in `taken` or already given.
pub fn uniquify(names: &mut [String], taken: &BTreeSet<String>, snake: bool) {
    let mut used: BTreeSet<String> = taken.clone();
    for name in names.iter_mut() {
        if used.insert(name.clone()) {
            continue;
        }
        // `self_` + `_2` would be `self__2`, which `non_snake_case` flags.
        let base = unraw(name).trim_end_matches('_').to_owned();
        let mut n = 2;
        loop {
            let candidate = if snake {
                format!("{base}_{n}")
            } else {
                format!("{base}{n}")
            };
            if used.insert(candidate.clone()) {
                *name = candidate;
                break;
            }
            n += 1;
        }
    }
}

/// Cargo feature names for `tags` (sorted, distinct): kebab-case ASCII (`Actors/Actor
/// builds` becomes `actors-actor-builds`, `Last run's log` `last-runs-log`, `tag` when
/// nothing is left), clear of `taken`;
/// a repeat gets `-2`, `-3`, ... in the order given.
pub fn feature_names(tags: &[&str], taken: &BTreeSet<&str>) -> Vec<String> {
    let mut used: BTreeSet<String> = taken.iter().map(|t| (*t).to_owned()).collect();
    tags.iter()
        .map(|tag| {
            // `run's` is one word.
            let mut base = words(&tag.replace(['\'', '\u{2019}'], "")).to_kebab_case();
            if base.is_empty() {
                base = "tag".to_owned();
            }
            let mut name = base.clone();
            let mut n = 2;
            while !used.insert(name.clone()) {
                name = format!("{base}-{n}");
                n += 1;
            }
            name
        })
        .collect()
}

/// The variant name for a status: its reason phrase, or `Status{code}`.
/// Reason phrases of the statuses APIs document, by code.
const STATUS_PHRASES: &[(u16, &str)] = &[
    (200, "OK"),
    (201, "Created"),
    (202, "Accepted"),
    (203, "Non-Authoritative Information"),
    (204, "No Content"),
    (206, "Partial Content"),
    (301, "Moved Permanently"),
    (302, "Found"),
    (303, "See Other"),
    (304, "Not Modified"),
    (307, "Temporary Redirect"),
    (308, "Permanent Redirect"),
    (400, "Bad Request"),
    (401, "Unauthorized"),
    (402, "Payment Required"),
    (403, "Forbidden"),
    (404, "Not Found"),
    (405, "Method Not Allowed"),
    (406, "Not Acceptable"),
    (408, "Request Timeout"),
    (409, "Conflict"),
    (410, "Gone"),
    (411, "Length Required"),
    (412, "Precondition Failed"),
    (413, "Payload Too Large"),
    (414, "URI Too Long"),
    (415, "Unsupported Media Type"),
    (416, "Range Not Satisfiable"),
    (422, "Unprocessable Entity"),
    (423, "Locked"),
    (428, "Precondition Required"),
    (429, "Too Many Requests"),
    (500, "Internal Server Error"),
    (501, "Not Implemented"),
    (502, "Bad Gateway"),
    (503, "Service Unavailable"),
    (504, "Gateway Timeout"),
];

/// The reason phrase of a status code (`Bad Request`), if it is a common one.
pub fn status_phrase(code: u16) -> Option<&'static str> {
    STATUS_PHRASES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, phrase)| *phrase)
}

pub fn status_name(status: crate::ir::StatusMatch) -> String {
    match status {
        crate::ir::StatusMatch::Default => "Default".to_owned(),
        crate::ir::StatusMatch::Range(h) => format!("Status{h}XX"),
        crate::ir::StatusMatch::Code(code) => match status_phrase(code) {
            // `OK` is `Ok`, `URI Too Long` is `UriTooLong`: UpperCamelCase of the phrase.
            Some(phrase) => type_name(phrase, "Status"),
            None => format!("Status{code}"),
        },
    }
}

/// A short snake_case name for a media type, for the method that asks for it: well-known
/// types by their usual file extension (`csv`, `xlsx`, `jsonl`), others by their subtype.
pub fn media_suffix(media: &str) -> String {
    let essence = media
        .split(';')
        .next()
        .unwrap_or(media)
        .trim()
        .to_ascii_lowercase();
    let known = match essence.as_str() {
        "application/json" => Some("json"),
        "application/jsonl"
        | "application/x-jsonl"
        | "application/jsonlines"
        | "application/x-jsonlines"
        | "application/ndjson"
        | "application/x-ndjson" => Some("jsonl"),
        "text/csv" => Some("csv"),
        "text/html" => Some("html"),
        "text/plain" => Some("text"),
        "application/xml" | "text/xml" => Some("xml"),
        "application/rss+xml" => Some("rss"),
        "application/atom+xml" => Some("atom"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => Some("xlsx"),
        "application/vnd.ms-excel" => Some("xls"),
        "application/pdf" => Some("pdf"),
        "application/zip" => Some("zip"),
        "application/octet-stream" => Some("bytes"),
        "application/yaml" | "application/x-yaml" => Some("yaml"),
        _ => None,
    };
    match known {
        Some(name) => name.to_owned(),
        None => {
            let subtype = essence.rsplit('/').next().unwrap_or(&essence);
            let subtype = subtype.rsplit('.').next().unwrap_or(subtype);
            field_name(subtype.trim_start_matches("x-"), "body")
                .trim_start_matches("r#")
                .to_owned()
        }
    }
}

/// Words of a title that say nothing about which API it is: the spec format and its tools,
/// what kind of document it is, and filler. Compared lower case.
const TITLE_FILLER: &[&str] = &[
    "a",
    "an",
    "the",
    "official",
    "unofficial",
    "openapi",
    "swagger",
    "oas",
    "spec",
    "specs",
    "specification",
    "specifications",
    "definition",
    "definitions",
    "description",
    "document",
    "documentation",
    "docs",
    "extension",
    "extensions",
    "rest",
    "restful",
    "api",
    "apis",
];

/// Words that start a tail of a title that does not name the API ("... with fixes from
/// someone", "... for developers"); the title is cut there when words are left before it.
const TITLE_CONNECTORS: &[&str] = &["with", "for", "from", "by", "via", "using"];

/// At most this many words of a title make a name.
const TITLE_MAX_WORDS: usize = 4;

/// The words that name an API titled `title`, in order, as written (ASCII; other letters
/// spelled `uXXXX`): the part before the first separator (`+`, `:`, `(`, ` - `, ...) that
/// names something, cut before a connector (`with`, `for`, ...), without possessive `'s`
/// and filler words (`official`, `OpenAPI`, `spec`, `REST`, `API`, ...), the first four.
/// `GitHub's official OpenAPI spec + Octokit extension` is `[GitHub]`; `Oxide Region API`
/// is `[Oxide, Region]`. Empty when nothing is left.
pub fn title_words(title: &str) -> Vec<String> {
    // Possessives go first, so `GitHub's` is one word.
    let mut text = String::with_capacity(title.len());
    let chars: Vec<char> = title.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let apostrophe = matches!(chars[i], '\'' | '\u{2019}');
        let possessive = apostrophe
            && matches!(chars.get(i + 1), Some('s' | 'S'))
            && chars.get(i + 2).is_none_or(|c| !c.is_alphanumeric());
        if possessive {
            i += 2;
            continue;
        }
        text.push(chars[i]);
        i += 1;
    }
    // A hyphen between spaces separates; inside a word it joins (`e-commerce`).
    let text = text.replace(" - ", " | ");
    let meaningful = |word: &String| !TITLE_FILLER.contains(&word.to_ascii_lowercase().as_str());
    for segment in text.split([
        '+', ':', '(', ')', '[', ']', '|', ',', ';', '\u{2013}', '\u{2014}',
    ]) {
        let all: Vec<String> = segment
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| words(w).split_whitespace().collect::<Vec<_>>().join(""))
            .collect();
        let cut = all
            .iter()
            .position(|w| TITLE_CONNECTORS.contains(&w.to_ascii_lowercase().as_str()))
            .filter(|&at| all[..at].iter().any(meaningful))
            .unwrap_or(all.len());
        let kept: Vec<String> = all[..cut]
            .iter()
            .filter(|w| meaningful(w))
            .take(TITLE_MAX_WORDS)
            .cloned()
            .collect();
        if !kept.is_empty() {
            return kept;
        }
    }
    Vec::new()
}

/// A crate name for an API titled `title`: its [`title_words`] lower case, joined with `-`,
/// then `-api` (`github-api`, `oxide-region-api`); `generated-api` when no word is left.
/// Always a name cargo accepts: ASCII letters, digits and `-`, starting with a letter.
pub fn crate_name(title: &str) -> String {
    let words = title_words(title);
    if words.is_empty() {
        return "generated-api".to_owned();
    }
    let mut name = words
        .iter()
        .map(|w| w.to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join("-");
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'n');
    }
    name.push_str("-api");
    name
}

/// `name` if cargo accepts it as a package name (ASCII letters, digits, `-` and `_`,
/// starting with a letter or `_`, not a Rust keyword), else why not, as a sentence.
pub fn check_crate_name(name: &str) -> Result<(), String> {
    let Some(first) = name.chars().next() else {
        return Err("a crate name cannot be empty".to_owned());
    };
    if let Some(bad) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
    {
        return Err(format!(
            "`{name}` is not a crate name cargo accepts: `{bad}` is not an ASCII letter, digit, `-` or `_`"
        ));
    }
    if !(first.is_ascii_alphabetic() || first == '_') {
        return Err(format!(
            "`{name}` is not a crate name cargo accepts: it must start with a letter or `_`"
        ));
    }
    if KEYWORDS.contains(&name) || name == "_" {
        return Err(format!(
            "`{name}` is not a crate name cargo accepts: it is a Rust keyword"
        ));
    }
    Ok(())
}

/// The client trait's name for an API titled `title` and the environment variable
/// `Client::from_env` reads its token from: each of its [`title_words`] UpperCamelCase,
/// then `Api` (`GitHubApi`, `ApifyApi`; `Api` when no word is left), and the words upper
/// case joined with `_`, then `_TOKEN` (`GITHUB_TOKEN`, `APIFY_TOKEN`; `API_TOKEN`).
pub fn api_names(title: &str) -> (String, String) {
    let words = title_words(title);
    // Each word cased on its own, and the whole not again: `TX` stays `TX`, as heck would
    // make the joined `TXApi` `TxApi`. Words are ASCII letters and digits already.
    let mut trait_name: String = words.iter().map(|w| w.to_upper_camel_case()).collect();
    if trait_name.starts_with(|c: char| c.is_ascii_digit()) {
        trait_name.insert(0, 'N');
    }
    trait_name.push_str("Api");
    let token_env = if words.is_empty() {
        "API_TOKEN".to_owned()
    } else {
        let upper: Vec<String> = words.iter().map(|w| w.to_ascii_uppercase()).collect();
        format!("{}_TOKEN", upper.join("_"))
    };
    (trait_name, token_env)
}

/// The stand-in operationId of an operation that has none: `get_v2_users_user_id` for
/// `get /v2/users/{userId}`.
pub fn fallback_operation_id(method_key: &str, path: &str) -> String {
    field_name(
        &format!("{method_key}_{}", path.replace(['{', '}'], "")),
        "operation",
    )
}

/// The variant name of an integer enum value: `V1`, `VMinus1`.
pub fn int_variant_name(value: i64) -> String {
    format!("V{}", value.to_string().replace('-', "Minus"))
}

/// The variant name of a union alternative that is neither a named type nor tagged, from
/// what it holds (`String`, `Array`, ...).
pub fn variant_name_for(ty: &crate::ir::Ty) -> String {
    use crate::ir::Ty;
    match ty {
        Ty::Any => "Value",
        Ty::AnyObject => "Object",
        Ty::Bool => "Bool",
        Ty::Integer(_) => "Integer",
        Ty::Number(_) => "Number",
        Ty::String(_) => "String",
        Ty::Array(_) => "Array",
        Ty::Map(_) => "Map",
        Ty::Named { .. } => "Named",
    }
    .to_owned()
}

/// The name of a catch-all variant (`Unknown`, `Other`) beside `names`, and `names` made
/// unique around it. The catch-all keeps `wanted` unless a listed value claims it first
/// (then it becomes `wanted2`, ...); `always` says whether the catch-all exists at all
/// (a union without a tag has none, so its alternatives may use the name).
pub fn with_catch_all(names: &mut [String], wanted: &str, always: bool) -> String {
    let mut catch_all = vec![wanted.to_owned()];
    if always && names.contains(&catch_all[0]) {
        uniquify(&mut catch_all, &names.iter().cloned().collect(), false);
    }
    uniquify(names, &BTreeSet::from([catch_all[0].clone()]), false);
    catch_all.remove(0)
}

/// A nested type name: the `context` it sits in plus its own part (`UserProfile` for the
/// `profile` property of `User`).
pub fn nested(context: &str, raw: &str, fallback: &str) -> String {
    format!("{context}{}", type_name(raw, fallback))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crate_names_are_checked_as_cargo_would() {
        for good in ["github-api", "t_3_0-callbacks", "_x", "A1"] {
            assert_eq!(check_crate_name(good), Ok(()), "{good}");
        }
        for (bad, says) in [
            ("", "cannot be empty"),
            ("t-3.0-x", "`.` is not an ASCII letter"),
            ("caf\u{e9}", "`\u{e9}` is not an ASCII letter"),
            ("my api", "` ` is not"),
            ("3d", "must start with a letter or `_`"),
            ("-x", "must start with a letter or `_`"),
            ("fn", "is a Rust keyword"),
        ] {
            let error = check_crate_name(bad).unwrap_err();
            assert!(error.contains(says), "{bad:?}: {error}");
        }
        // What `crate_name` makes from a title always passes.
        for title in ["GitHub's official OpenAPI spec", "3D Secure", "", "***"] {
            assert_eq!(check_crate_name(&crate_name(title)), Ok(()), "{title}");
        }
    }

    #[test]
    fn cases_and_escapes() {
        assert_eq!(field_name("isEnabled", "field"), "is_enabled");
        assert_eq!(
            field_name("ACTORS_PUBLIC_ALL", "field"),
            "actors_public_all"
        );
        assert_eq!(field_name("@type", "field"), "r#type");
        assert_eq!(field_name("self", "field"), "self_");
        assert_eq!(field_name("123abc", "field"), "n123abc");
        assert_eq!(field_name("property name*", "field"), "property_name");
        assert_eq!(field_name("***", "field"), "field");
        assert_eq!(field_name("název", "field"), "n_u00e1_zev");
        assert_eq!(type_name("user-private info", "T"), "UserPrivateInfo");
        assert_eq!(
            type_name("3d-secure-auth-failed", "T"),
            "N3dSecureAuthFailed"
        );
        assert_eq!(type_name("Self", "T"), "SelfType");
        assert_eq!(type_name("", "Empty"), "Empty");
    }

    #[test]
    fn collisions_get_ordered_suffixes() {
        let mut names: Vec<String> = ["fooBar", "foo_bar", "FooBar"]
            .iter()
            .map(|n| field_name(n, "f"))
            .collect();
        uniquify(&mut names, &BTreeSet::new(), true);
        assert_eq!(names, ["foo_bar", "foo_bar_2", "foo_bar_3"]);
        let mut types = vec!["Plan".to_owned(), "Plan".to_owned()];
        uniquify(&mut types, &BTreeSet::from(["Plan".to_owned()]), false);
        assert_eq!(types, ["Plan2", "Plan3"]);
    }

    #[test]
    fn feature_names_are_kebab_case_ascii_and_unique() {
        let tags = [
            "Actors/Actor builds",
            "Last Actor run's log",
            "HTTP",
            "http",
            "Caf\u{e9}",
            "!!!",
            "??",
            "2fa",
        ];
        let taken = BTreeSet::from(["http", "default"]);
        assert_eq!(
            feature_names(&tags, &taken),
            [
                "actors-actor-builds",
                "last-actor-runs-log",
                "http-2",
                "http-3",
                "caf-u00e9",
                "tag",
                "tag-2",
                "2fa",
            ]
        );
    }

    #[test]
    fn status_names_are_the_camel_case_phrases() {
        let expected = [
            (200, "Ok"),
            (201, "Created"),
            (202, "Accepted"),
            (203, "NonAuthoritativeInformation"),
            (204, "NoContent"),
            (206, "PartialContent"),
            (301, "MovedPermanently"),
            (302, "Found"),
            (303, "SeeOther"),
            (304, "NotModified"),
            (307, "TemporaryRedirect"),
            (308, "PermanentRedirect"),
            (400, "BadRequest"),
            (401, "Unauthorized"),
            (402, "PaymentRequired"),
            (403, "Forbidden"),
            (404, "NotFound"),
            (405, "MethodNotAllowed"),
            (406, "NotAcceptable"),
            (408, "RequestTimeout"),
            (409, "Conflict"),
            (410, "Gone"),
            (411, "LengthRequired"),
            (412, "PreconditionFailed"),
            (413, "PayloadTooLarge"),
            (414, "UriTooLong"),
            (415, "UnsupportedMediaType"),
            (416, "RangeNotSatisfiable"),
            (422, "UnprocessableEntity"),
            (423, "Locked"),
            (428, "PreconditionRequired"),
            (429, "TooManyRequests"),
            (500, "InternalServerError"),
            (501, "NotImplemented"),
            (502, "BadGateway"),
            (503, "ServiceUnavailable"),
            (504, "GatewayTimeout"),
        ];
        for (code, name) in expected {
            assert_eq!(status_name(crate::ir::StatusMatch::Code(code)), name);
        }
        assert_eq!(status_name(crate::ir::StatusMatch::Code(299)), "Status299");
        assert_eq!(status_phrase(404), Some("Not Found"));
    }

    /// Real titles (and the fixtures' own) give names that read well.
    #[test]
    fn names_from_real_titles_read_well() {
        let cases = [
            // (title, crate, trait, token variable)
            ("Apify API", "apify-api", "ApifyApi", "APIFY_TOKEN"),
            (
                "GitHub's official OpenAPI spec + Octokit extension",
                "github-api",
                "GitHubApi",
                "GITHUB_TOKEN",
            ),
            (
                "GitHub v3 REST API",
                "github-v3-api",
                "GitHubV3Api",
                "GITHUB_V3_TOKEN",
            ),
            ("Stripe API", "stripe-api", "StripeApi", "STRIPE_TOKEN"),
            (
                "Swagger Petstore",
                "petstore-api",
                "PetstoreApi",
                "PETSTORE_TOKEN",
            ),
            (
                "Swagger Petstore - OpenAPI 3.0",
                "petstore-api",
                "PetstoreApi",
                "PETSTORE_TOKEN",
            ),
            (
                "Kubernetes",
                "kubernetes-api",
                "KubernetesApi",
                "KUBERNETES_TOKEN",
            ),
            (
                "Oxide Region API",
                "oxide-region-api",
                "OxideRegionApi",
                "OXIDE_REGION_TOKEN",
            ),
            ("Twilio - Api", "twilio-api", "TwilioApi", "TWILIO_TOKEN"),
            (
                "Slack Web API",
                "slack-web-api",
                "SlackWebApi",
                "SLACK_WEB_TOKEN",
            ),
            (
                "Spotify Web API with fixes and improvements from sonallux",
                "spotify-web-api",
                "SpotifyWebApi",
                "SPOTIFY_WEB_TOKEN",
            ),
            (
                "The Jira Cloud platform REST API",
                "jira-cloud-platform-api",
                "JiraCloudPlatformApi",
                "JIRA_CLOUD_PLATFORM_TOKEN",
            ),
            (
                "Discord HTTP API (Preview)",
                "discord-http-api",
                "DiscordHttpApi",
                "DISCORD_HTTP_TOKEN",
            ),
            ("OpenAI API", "openai-api", "OpenAiApi", "OPENAI_TOKEN"),
            (
                "DigitalOcean API",
                "digitalocean-api",
                "DigitalOceanApi",
                "DIGITALOCEAN_TOKEN",
            ),
            (
                "Enums and Maps",
                "enums-and-maps-api",
                "EnumsAndMapsApi",
                "ENUMS_AND_MAPS_TOKEN",
            ),
            ("T\rX", "t-x-api", "TXApi", "T_X_TOKEN"),
            ("names", "names-api", "NamesApi", "NAMES_TOKEN"),
            ("test", "test-api", "TestApi", "TEST_TOKEN"),
            ("type", "type-api", "TypeApi", "TYPE_TOKEN"),
            (
                "3D Secure",
                "n3d-secure-api",
                "N3dSecureApi",
                "3D_SECURE_TOKEN",
            ),
            (
                "\u{dc}berweisung API",
                "u00dcberweisung-api",
                "U00dcberweisungApi",
                "U00DCBERWEISUNG_TOKEN",
            ),
            ("***", "generated-api", "Api", "API_TOKEN"),
            ("OpenAPI spec", "generated-api", "Api", "API_TOKEN"),
        ];
        for (title, krate, trait_name, token) in cases {
            assert_eq!(crate_name(title), krate, "{title}");
            assert_eq!(
                api_names(title),
                (trait_name.to_owned(), token.to_owned()),
                "{title}"
            );
        }
    }
}
