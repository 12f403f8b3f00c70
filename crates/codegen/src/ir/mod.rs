//! The intermediate representation: the API as plain data that the emitters read.
//!
//! Types refer to each other by [`TypeId`] (an index into [`Api::types`]), never by pointer.
//! Every item keeps both its wire name and its Rust name, and where in the spec it came
//! from. Spec values are typed here ([`Literal`], [`Number`], [`Method`], [`PathPart`]), so no
//! emitter parses spec text. [`crate::analyze`] fills in every fact that needs the whole graph
//! ([`TypeFacts`], boxing, final names) and verifies the invariants once, so emitters only
//! print. [`dump`] renders the IR as compact text for snapshots and `--dump-ir`.

pub mod dump;

use std::fmt;

/// Index of a type in [`Api::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub usize);

/// Where something came from: a spec file (relative to the root's folder) and a JSON pointer.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Origin {
    /// File path relative to the folder of the root file, with `/` separators.
    pub file: String,
    /// RFC 6901 JSON pointer inside that file (`""` for the whole file).
    pub pointer: crate::pointer::Pointer,
}

/// The whole API, lowered.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// Rust name of the client trait, e.g. `ApifyApi`.
    pub trait_name: String,
    /// Name of the environment variable `Client::from_env` reads the token from.
    pub token_env: String,
    /// `servers[*].url`, in spec order; the first is the client's default base URL.
    pub servers: Vec<String>,
    /// Whether the spec asks for a bearer token (an `http`/`bearer` security scheme).
    pub bearer_auth: bool,
    /// All types, indexed by [`TypeId`] (in the order lowering found them; emitters print
    /// them sorted by Rust name).
    pub types: Vec<TypeDef>,
    /// All operations, sorted by Rust name.
    pub operations: Vec<Operation>,
    /// The crate's Cargo features, one per tag (plus `untagged` and `other-types` where
    /// needed), sorted by name; set by [`crate::analyze::features`] when the crate is
    /// generated with tag features, empty otherwise (nothing is gated).
    pub features: Vec<Feature>,
}

/// A Cargo feature of a crate generated with tag features: what turning it on compiles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feature {
    /// The feature's name: kebab-case, unique, never a name the manifest uses otherwise.
    pub name: String,
    /// What it stands for.
    pub kind: FeatureKind,
}

/// What a tag feature stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeatureKind {
    /// The operations with this tag (as written in the spec).
    Tag(String),
    /// The operations with no tag.
    Untagged,
    /// The types no operation reaches (components nothing uses, webhook and callback
    /// payloads).
    OtherTypes,
}

/// A named Rust type emitted into `models`.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// UpperCamelCase Rust name, unique in the crate.
    pub rust_name: String,
    /// Where the schema is.
    pub origin: Origin,
    /// `description` (and `title` where it adds information), as Markdown.
    pub doc: Option<String>,
    /// Examples (`example` / `examples`), as JSON text.
    pub examples: Vec<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// What the type is.
    pub kind: TypeKind,
    /// Keywords of the type's schema that its kind does not capture (`not` beside
    /// `properties`, `patternProperties`, `if`, a `maxLength` beside an `enum`, ...),
    /// checked on the value's JSON view. An alias keeps its checks in its shape.
    pub checks: Checks,
    /// The schema also allows `null` (a struct, enum or union type, whose references are
    /// each an `Option`; an alias carries its own).
    pub nullable: bool,
    /// Facts about the type that need the whole graph, set by [`crate::analyze`].
    pub facts: TypeFacts,
}

/// What [`crate::analyze`] works out about a type from the whole graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeFacts {
    /// Whether a value has a text form, so it can be a path, query or header parameter:
    /// enums, aliases of text shapes, untagged unions whose alternatives all have one.
    pub text_form: bool,
    /// Whether `validate()` can report a violation for some value of the type.
    pub can_fail: bool,
    /// Whether every value it holds is `Eq` (no floats inside).
    pub eq: bool,
    /// Whether every value it holds is `Hash` (no floats, maps or JSON values inside).
    pub hash: bool,
    /// Whether it can derive `Default` (a struct whose fields are all optional).
    pub default: bool,
    /// Where a chain of aliases of named types ends (the type itself for a non-alias).
    pub target: TypeId,
    /// An alias whose own shape states constraints: emitted as a newtype, so that a value of
    /// it (a top-level body, say) validates itself.
    pub newtype: bool,
    /// Whether generated checks look at its values through their JSON view (the runtime's
    /// `Instance`), so the type implements it.
    pub view: bool,
    /// Whether a subschema names it (`not: {$ref: ...}`), so its schema is also checked
    /// against JSON views (the runtime's `JsonSchema`).
    pub json_schema: bool,
    /// The Cargo features any of which compiles the type (those of every operation that
    /// reaches it), sorted; empty: always compiled (no tag features).
    pub features: Vec<String>,
}

impl Default for TypeFacts {
    fn default() -> Self {
        TypeFacts {
            text_form: false,
            can_fail: false,
            eq: false,
            hash: false,
            default: false,
            target: TypeId(usize::MAX),
            newtype: false,
            view: false,
            json_schema: false,
            features: Vec::new(),
        }
    }
}

/// The shape of a named type.
// An alias holds its shape inline: a few hundred bytes per type, once per type.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// An object with known properties.
    Struct(Struct),
    /// A string or integer enumeration.
    Enum(Enum),
    /// A choice between several shapes (`oneOf` / `anyOf`).
    Union(Union),
    /// Another name for a shape (`pub type X = ...`), with the checks the schema states.
    Alias(Shape),
}

/// An object schema with `properties`.
#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    /// Fields in spec order.
    pub fields: Vec<Field>,
    /// What happens to properties the schema does not name.
    pub extra: Extra,
    /// `minProperties` / `maxProperties`.
    pub min_properties: Option<u64>,
    /// `maxProperties`.
    pub max_properties: Option<u64>,
}

/// What an object does with properties it does not name.
#[derive(Debug, Clone, PartialEq)]
pub enum Extra {
    /// Kept as JSON values so a round trip loses nothing (the default).
    Keep,
    /// Kept, typed (`additionalProperties: <schema>`).
    Typed(Box<Shape>),
    /// `additionalProperties: false`: refused when decoding.
    Deny,
}

/// One property of an object.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Name on the wire.
    pub wire_name: String,
    /// snake_case Rust name, unique in the struct.
    pub rust_name: String,
    /// Whether the property must be present.
    pub required: bool,
    /// The value's shape (its `nullable` says whether `null` is allowed).
    pub shape: Shape,
    /// `description`, as Markdown.
    pub doc: Option<String>,
    /// Examples, as JSON text.
    pub examples: Vec<String>,
    /// `default`, as JSON text.
    pub default: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// `readOnly: true`.
    pub read_only: bool,
    /// `writeOnly: true`.
    pub write_only: bool,
}

/// An enumeration of strings or integers.
#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    /// The values, in spec order.
    pub variants: Vec<Variant>,
    /// Whether `validate()` accepts values outside the list (`x-open-enum: true`). Decoding
    /// always accepts them: they land in the catch-all variant.
    pub open: bool,
    /// Rust name of the catch-all variant holding unknown values.
    pub unknown_name: String,
    /// String or integer values.
    pub repr: EnumRepr,
}

/// What an enum's values are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnumRepr {
    /// String values.
    String,
    /// Integer values.
    Integer,
}

/// One value of an [`Enum`].
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// The value on the wire, typed ([`Literal::Str`] or [`Literal::Int`]).
    pub value: Literal,
    /// The value as text (a string, or an integer's decimal text), for docs and messages.
    pub wire_name: String,
    /// UpperCamelCase Rust name, unique in the enum.
    pub rust_name: String,
}

/// A `oneOf` / `anyOf` choice.
#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    /// The alternatives, in spec order.
    pub variants: Vec<UnionVariant>,
    /// Set when a property tells the alternatives apart (discriminator or `const`).
    pub tag: Option<String>,
    /// Rust name of the catch-all variant of a tagged union (holds unknown tag values).
    pub other_name: String,
    /// `oneOf` (exactly one alternative may match) rather than `anyOf` (at least one).
    pub exclusive: bool,
}

/// One alternative of a [`Union`].
#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    /// UpperCamelCase Rust name, unique in the union.
    pub rust_name: String,
    /// The tag value(s) that select this alternative, when the union is tagged.
    pub tag_values: Vec<String>,
    /// The alternative's shape.
    pub shape: Shape,
}

/// The type of a value plus the checks its schema states.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Shape {
    /// The Rust type before `null` is considered.
    pub ty: Ty,
    /// Whether `null` is allowed.
    pub nullable: bool,
    /// Constraint keywords to check in `validate()`.
    pub checks: Checks,
}

/// A Rust type, by structure.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Ty {
    /// Any JSON value.
    #[default]
    Any,
    /// Any JSON object.
    AnyObject,
    /// `boolean`.
    Bool,
    /// `integer`, sized by `format`.
    Integer(IntKind),
    /// `number`, sized by `format`.
    Number(NumberKind),
    /// `string`, typed by `format`.
    String(StringFormat),
    /// `array`.
    Array(Box<Shape>),
    /// An object with only `additionalProperties: <schema>`.
    Map(Box<Shape>),
    /// A named type, boxed when it sits on a cycle of direct containment.
    Named {
        /// The type.
        id: TypeId,
        /// Whether to wrap it in `Box` (set by [`crate::check`]).
        boxed: bool,
    },
}

/// Integer widths.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntKind {
    /// `int32`.
    I32,
    /// `int64` or no format.
    I64,
}

/// Floating point widths.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberKind {
    /// `float`.
    F32,
    /// `double` or no format.
    F64,
}

/// String formats that get their own type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StringFormat {
    /// No (or an unknown) format: `String`.
    Plain,
    /// `date-time`.
    DateTime,
    /// `date`.
    Date,
    /// `email`.
    Email,
    /// `uri` / `url`.
    Uri,
    /// `uuid`.
    Uuid,
    /// `password`: a `Secret<String>` that never shows in `Debug`.
    Password,
    /// `binary`: raw bytes (request/response bodies).
    Binary,
}

/// Constraint keywords, as stated in the schema.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Checks {
    /// `minLength`.
    pub min_length: Option<u64>,
    /// `maxLength`.
    pub max_length: Option<u64>,
    /// `pattern` (ECMA-262 regular expression text).
    pub pattern: Option<String>,
    /// `minimum`.
    pub minimum: Option<Number>,
    /// `maximum`.
    pub maximum: Option<Number>,
    /// `exclusiveMinimum` (numeric form, or the 3.0 boolean applied to `minimum`).
    pub exclusive_minimum: Option<Number>,
    /// `exclusiveMaximum`.
    pub exclusive_maximum: Option<Number>,
    /// `multipleOf` (greater than 0).
    pub multiple_of: Option<Number>,
    /// `minItems`.
    pub min_items: Option<u64>,
    /// `maxItems`.
    pub max_items: Option<u64>,
    /// `uniqueItems: true`.
    pub unique_items: bool,
    /// `const`.
    pub const_value: Option<Literal>,
    /// A closed inline `enum` on a value that is not an enum type (`null` only where the
    /// value can be `null` without being `None`: untyped values and subschemas).
    pub allowed: Vec<Literal>,
    /// `format`, for a string whose Rust type does not check it: formats without a type of
    /// their own (`ipv4`, `hostname`, ...) and untyped values.
    pub format: Option<Format>,
    /// `type`, where the Rust type does not say it (untyped values and subschemas): the
    /// JSON types allowed, empty for any.
    pub types: Vec<JsonType>,
    /// The schema `false`: no value is allowed.
    pub never: bool,
    /// Keywords about objects and arrays beyond what the Rust type enforces, and keywords
    /// that hold subschemas; checked on the value's JSON view.
    pub applied: Option<Box<Applied>>,
}

impl Checks {
    /// Whether no constraint is stated.
    pub fn is_empty(&self) -> bool {
        *self == Checks::default()
    }

    /// The applicator keywords, created on first use.
    pub fn applied_mut(&mut self) -> &mut Applied {
        self.applied.get_or_insert_with(Box::default)
    }
}

/// A `format` checked by the runtime (`specforge_runtime::validate::Format`).
pub use specforge_runtime::validate::Format;
/// A JSON Schema `type` name (`specforge_runtime::validate::JsonType`).
pub use specforge_runtime::validate::JsonType;

/// Keywords checked on a value's JSON view: those about objects and arrays that the Rust
/// type does not enforce, and those that hold subschemas. Subschemas are shapes too,
/// lowered for checking only ([`Ty::Any`] and checks, or a named type and the keywords
/// beside its `$ref`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Applied {
    /// `minProperties`.
    pub min_properties: Option<u64>,
    /// `maxProperties`.
    pub max_properties: Option<u64>,
    /// `required`.
    pub required: Vec<String>,
    /// `properties`, by wire name.
    pub properties: Vec<(String, Shape)>,
    /// `patternProperties`: ECMA-262 pattern and the schema of matching properties.
    pub pattern_properties: Vec<(String, Shape)>,
    /// `additionalProperties`: the schema of properties neither `properties` nor
    /// `patternProperties` names (`never` for `false`).
    pub additional_properties: Option<Box<Shape>>,
    /// The property names `additionalProperties` does not apply to beyond `properties`:
    /// those a struct's fields and `allOf` members name.
    pub known_properties: Vec<String>,
    /// `propertyNames`.
    pub property_names: Option<Box<Shape>>,
    /// `dependentRequired` (and draft 4 `dependencies` with a list).
    pub dependent_required: Vec<(String, Vec<String>)>,
    /// `dependentSchemas` (and draft 4 `dependencies` with a schema).
    pub dependent_schemas: Vec<(String, Shape)>,
    /// `prefixItems`.
    pub prefix_items: Vec<Shape>,
    /// `items` after `prefixItems`, where the Rust item type does not enforce it.
    pub items: Option<Box<Shape>>,
    /// `contains`.
    pub contains: Option<Box<Shape>>,
    /// `minContains` (with `contains`; 1 when absent).
    pub min_contains: Option<u64>,
    /// `maxContains` (with `contains`).
    pub max_contains: Option<u64>,
    /// `allOf` members not merged into the type.
    pub all_of: Vec<Shape>,
    /// `anyOf`, where it is a constraint rather than the type's alternatives.
    pub any_of: Vec<Shape>,
    /// `oneOf`, where it is a constraint rather than the type's alternatives.
    pub one_of: Vec<Shape>,
    /// `not`.
    pub not: Option<Box<Shape>>,
    /// `if`, with `then` and `else`.
    pub if_then_else: Option<Box<Conditional>>,
}

impl Applied {
    /// Calls `f` on every subschema, in keyword order.
    pub fn visit(&self, f: &mut dyn FnMut(&Shape)) {
        for (_, shape) in self
            .properties
            .iter()
            .chain(&self.pattern_properties)
            .chain(&self.dependent_schemas)
        {
            f(shape);
        }
        for shape in self
            .prefix_items
            .iter()
            .chain(&self.all_of)
            .chain(&self.any_of)
            .chain(&self.one_of)
        {
            f(shape);
        }
        for shape in [
            &self.additional_properties,
            &self.property_names,
            &self.items,
            &self.contains,
            &self.not,
        ]
        .into_iter()
        .flatten()
        {
            f(shape);
        }
        if let Some(c) = &self.if_then_else {
            f(&c.condition);
            for shape in c.then.iter().chain(&c.otherwise) {
                f(shape);
            }
        }
    }
}

impl Checks {
    /// Whether checking these on a value of Rust type `ty` goes through the value's JSON
    /// view: all of them on an untyped value or a named type, and on any value the
    /// keywords only a view can check (`type`, the schema `false`, [`Applied`]).
    pub fn on_view(&self, ty: &Ty) -> bool {
        !self.is_empty()
            && (matches!(ty, Ty::Any | Ty::Named { .. })
                || self.applied.is_some()
                || self.never
                || !self.types.is_empty())
    }
}

/// `if`/`then`/`else`.
#[derive(Debug, Clone, PartialEq)]
pub struct Conditional {
    /// `if`.
    pub condition: Shape,
    /// `then` (checked when `if` passes).
    pub then: Option<Shape>,
    /// `else` (checked when `if` fails).
    pub otherwise: Option<Shape>,
}

/// One HTTP operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// `operationId` as written (or the generated stand-in).
    pub operation_id: String,
    /// snake_case method name, unique in the trait.
    pub rust_name: String,
    /// UpperCamelCase stem for the operation's own types (`UsersMeGet`).
    pub type_stem: String,
    /// The HTTP method.
    pub method: Method,
    /// The path template as written, e.g. `/v2/users/{userId}` (for docs and messages).
    pub path: String,
    /// The path template split into literal text and path parameters.
    pub path_parts: Vec<PathPart>,
    /// The Rust names of the operation's own types, set by [`crate::analyze`].
    pub names: OpNames,
    /// Where the operation is.
    pub origin: Origin,
    /// `summary`.
    pub summary: Option<String>,
    /// `description`.
    pub doc: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// Parameters, path ones first in template order, then the rest in spec order.
    pub params: Vec<Param>,
    /// The request body, if any.
    pub body: Option<Body>,
    /// Responses by status, sorted; `default` last.
    pub responses: Vec<Response>,
    /// Declared pagination (`x-specforge-pagination`), resolved against the success body
    /// by [`crate::analyze`].
    pub pagination: Option<Pagination>,
    /// `tags`, in spec order, each once.
    pub tags: Vec<String>,
    /// The Cargo features any of which compiles the operation (one per tag), sorted; set
    /// by [`crate::analyze::features`], empty: always compiled (no tag features).
    pub features: Vec<String>,
}

/// How an operation pages through its results, as `x-specforge-pagination` declares it.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// Offsets or cursors.
    pub kind: PageKind,
    /// The parameter that takes the offset or cursor (an index into `params`); unused by
    /// next-URL pagination, whose URL carries every parameter.
    pub input: usize,
    /// Where the items are in the success body (field steps; none: the body is the list).
    pub results: Vec<FieldStep>,
    /// The items' shape.
    pub item: Shape,
    /// Where the total number of items is, if declared.
    pub total: Option<PageValue>,
    /// Where a "more pages follow" flag is, if declared.
    pub has_more: Option<PageValue>,
    /// Where the next cursor is (cursor pagination).
    pub next_cursor: Option<PageValue>,
    /// Where the next page's URL is (`link`: the `Link` header's `rel="next"`; `nextUrl`:
    /// a body path).
    pub next_url: Option<PageValue>,
    /// The trait method returning the stream of items (`acts_get_stream`).
    pub method: String,
    /// The declaration as written, for diagnostics (JSONPath texts), resolved by analysis.
    pub declared: PaginationText,
}

/// What a pagination declaration says, before it is resolved against the body's type.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PaginationText {
    /// `outputs.results`.
    pub results: String,
    /// `outputs.total`.
    pub total: Option<String>,
    /// `outputs.hasMore`.
    pub has_more: Option<String>,
    /// `outputs.nextCursor`.
    pub next_cursor: Option<String>,
    /// `outputs.nextUrl`.
    pub next_url: Option<String>,
}

/// The kinds of declared pagination.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    /// `offset` grows by the items each page holds.
    OffsetLimit,
    /// Each page names the cursor of the next.
    Cursor,
    /// Each page's `Link` header names the next page's URL (`rel="next"`), as GitHub does.
    Link,
    /// Each page's body names the next page's URL.
    NextUrl,
}

/// One step into a struct: the field's Rust name, and whether it is an `Option` (optional)
/// and an `Option` again (nullable).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldStep {
    /// The field.
    pub rust_name: String,
    /// Whether the property is optional (`Option<_>`).
    pub optional: bool,
    /// Whether the property is nullable (another `Option<_>`).
    pub nullable: bool,
}

/// Where a page fact is: a path into the body (with the leaf's shape) or a response header.
#[derive(Debug, Clone, PartialEq)]
pub enum PageValue {
    /// Fields of the body, down to the value (read by its type through the runtime's
    /// `PageFact`).
    Body(Vec<FieldStep>),
    /// A response header, read as text.
    Header(String),
    /// The `rel="next"` URL of the `Link` header.
    LinkNext,
}

/// The HTTP methods a path item can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Method {
    /// `GET`.
    Get,
    /// `PUT`.
    Put,
    /// `POST`.
    Post,
    /// `DELETE`.
    Delete,
    /// `OPTIONS`.
    Options,
    /// `HEAD`.
    Head,
    /// `PATCH`.
    Patch,
    /// `TRACE`.
    Trace,
}

impl Method {
    /// Every method with its key in a path item, in the order a path item is read.
    pub const ALL: [(&'static str, Method); 8] = [
        ("get", Method::Get),
        ("put", Method::Put),
        ("post", Method::Post),
        ("delete", Method::Delete),
        ("options", Method::Options),
        ("head", Method::Head),
        ("patch", Method::Patch),
        ("trace", Method::Trace),
    ];

    /// The method as sent, e.g. `GET`.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }

    /// The key of the method in a path item, e.g. `get`.
    pub fn key(self) -> &'static str {
        Method::ALL
            .iter()
            .find(|(_, m)| *m == self)
            .map_or("get", |(key, _)| key)
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPart {
    /// Literal text, e.g. `/v2/users/`.
    Literal(String),
    /// A `{name}`: the path parameter at this index of [`Operation::params`].
    Param(usize),
}

/// The Rust names of an operation's own items in the client module.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OpNames {
    /// The trait method returning the whole response (`users_me_get_response`).
    pub response_method: String,
    /// The enum of documented error statuses (`UsersMeGetError`).
    pub error: String,
    /// The struct of query and header parameters (`UsersMeGetParams`).
    pub params: String,
    /// The enum of successes, when there are several (`UsersMeGetResponse`).
    pub response: String,
    /// The alias of the method's result (`UsersMeGetResult`).
    pub result: String,
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ParamLocation {
    /// A `{name}` in the path.
    Path,
    /// The query string.
    Query,
    /// A request header.
    Header,
}

/// One parameter of an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Name on the wire.
    pub wire_name: String,
    /// snake_case Rust name, unique in the operation.
    pub rust_name: String,
    /// Where it goes.
    pub location: ParamLocation,
    /// Whether it must be given.
    pub required: bool,
    /// Its shape.
    pub shape: Shape,
    /// `description`.
    pub doc: Option<String>,
    /// Set when the parameter asks the server to wait before answering (a long poll such
    /// as Apify's `waitForFinish`, declared with `x-specforge-wait`): each attempt's timeout
    /// is then at least that long.
    pub wait: Option<WaitUnit>,
}

/// The unit of a long-poll parameter's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WaitUnit {
    /// Seconds.
    Seconds,
    /// Milliseconds.
    Milliseconds,
}

/// A request or response body.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// The media type, e.g. `application/json`.
    pub media_type: String,
    /// How the body is carried.
    pub kind: BodyKind,
    /// Whether a request body must be sent.
    pub required: bool,
    /// Examples of the body (`example`, `examples[*].value`), as JSON text.
    pub examples: Vec<String>,
    /// The other media types a response offers (CSV beside JSON, say) or a request body
    /// accepts (any bytes beside JSON, say), each a method of its own.
    pub alternatives: Vec<Content>,
    /// The format parameter and its value that select this media type, when the operation
    /// declares one (`x-specforge-format-param`).
    pub selector: Option<(String, String)>,
}

/// A media type a response offers, or a request body accepts, beside its main one. A
/// wildcard media type (`*/*`, `image/*`) in a request body is sent with the content type
/// the caller gives.
#[derive(Debug, Clone, PartialEq)]
pub struct Content {
    /// The media type, e.g. `text/csv`.
    pub media_type: String,
    /// How it is read.
    pub kind: BodyKind,
    /// The trait method that asks for it (`dataset_items_get_csv`) or sends it
    /// (`key_value_store_record_put_bytes`), set by [`crate::analyze`].
    pub method: String,
    /// The value of the operation's format parameter that selects it, when the operation
    /// declares one (`x-specforge-format-param`).
    pub selector: Option<(String, String)>,
}

/// How a body is (de)serialized.
#[derive(Debug, Clone, PartialEq)]
pub enum BodyKind {
    /// JSON, with this shape.
    Json(Box<Shape>),
    /// JSON Lines (NDJSON): one JSON value of this shape per line, read as a stream.
    JsonLines(Box<Shape>),
    /// A request body sent as `application/x-www-form-urlencoded`, from a value of this
    /// shape (an object: one field per property).
    Form(Box<Shape>),
    /// A request body sent as `multipart/form-data`, one part per property of a value of
    /// this shape (`format: binary` properties as file parts).
    Multipart(Box<Shape>),
    /// Text (`text/*`), as a `String`.
    Text,
    /// Anything else, as bytes (a stream of them when it is an alternative).
    Bytes,
}

/// Which statuses a response covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum StatusMatch {
    /// One status code.
    Code(u16),
    /// A range such as `4XX` (the hundreds digit).
    Range(u16),
    /// `default`: every status not listed.
    Default,
}

/// One documented response.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// Which statuses.
    pub status: StatusMatch,
    /// UpperCamelCase name of the error-enum variant (for non-2xx) or success variant.
    pub rust_name: String,
    /// `description`.
    pub doc: Option<String>,
    /// The body, if the response has content.
    pub body: Option<Body>,
    /// The headers the response declares, in spec order.
    pub headers: Vec<Header>,
    /// The Rust name of the struct of its typed headers (set by [`crate::analyze`] when it
    /// declares any).
    pub headers_name: String,
}

/// A response header the spec declares.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    /// The header's name as declared (matched case-insensitively).
    pub wire_name: String,
    /// snake_case field name, unique in its response.
    pub rust_name: String,
    /// Whether every such response carries it.
    pub required: bool,
    /// The value's shape, read from the header's text.
    pub shape: Shape,
    /// `description`.
    pub doc: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
}

impl Response {
    /// Whether this is a success (2xx) response.
    pub fn is_success(&self) -> bool {
        self.status.is_success()
    }
}

impl StatusMatch {
    /// Whether the statuses it covers are successes (2xx).
    pub fn is_success(self) -> bool {
        match self {
            StatusMatch::Code(code) => (200..300).contains(&code),
            StatusMatch::Range(hundreds) => hundreds == 2,
            StatusMatch::Default => false,
        }
    }
}

/// A JSON value written in the spec (`const`, `enum`), typed.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// An integer that fits `i64`.
    Int(i64),
    /// A positive integer beyond `i64`.
    UInt(u64),
    /// Any other number.
    Float(f64),
    /// A string.
    Str(String),
    /// A list.
    Array(Vec<Literal>),
    /// An object, in spec order.
    Object(Vec<(String, Literal)>),
}

impl Literal {
    /// The literal for a parsed JSON value.
    pub fn from_json(value: &serde_json::Value) -> Literal {
        use serde_json::Value;
        match value {
            Value::Null => Literal::Null,
            Value::Bool(b) => Literal::Bool(*b),
            Value::Number(n) => Number::from_json(n).into(),
            Value::String(s) => Literal::Str(s.clone()),
            Value::Array(items) => Literal::Array(items.iter().map(Literal::from_json).collect()),
            Value::Object(map) => Literal::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), Literal::from_json(v)))
                    .collect(),
            ),
        }
    }
}

impl From<Number> for Literal {
    fn from(n: Number) -> Self {
        match n {
            Number::Int(i) => Literal::Int(i),
            Number::UInt(u) => Literal::UInt(u),
            Number::Float(f) => Literal::Float(f),
        }
    }
}

/// JSON text, as serde_json writes it.
impl fmt::Display for Literal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Literal::Null => f.write_str("null"),
            Literal::Bool(b) => write!(f, "{b}"),
            Literal::Int(i) => write!(f, "{i}"),
            Literal::UInt(u) => write!(f, "{u}"),
            Literal::Float(x) => write!(f, "{}", Number::Float(*x)),
            Literal::Str(s) => write!(f, "{}", serde_json::Value::from(s.as_str())),
            Literal::Array(items) => {
                f.write_str("[")?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    write!(f, "{item}")?;
                }
                f.write_str("]")
            }
            Literal::Object(entries) => {
                f.write_str("{")?;
                for (i, (key, value)) in entries.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    write!(f, "{}:{value}", serde_json::Value::from(key.as_str()))?;
                }
                f.write_str("}")
            }
        }
    }
}

/// A number written in the spec (a bound, `multipleOf`), keeping integers exact.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Number {
    /// An integer that fits `i64`.
    Int(i64),
    /// A positive integer beyond `i64`.
    UInt(u64),
    /// Any other number.
    Float(f64),
}

impl Number {
    /// The number a parsed JSON number is.
    pub fn from_json(n: &serde_json::Number) -> Number {
        if let Some(i) = n.as_i64() {
            Number::Int(i)
        } else if let Some(u) = n.as_u64() {
            Number::UInt(u)
        } else {
            Number::Float(n.as_f64().unwrap_or(f64::NAN))
        }
    }

    /// The number as `f64` (the nearest one, for integers beyond 2^53).
    pub fn as_f64(self) -> f64 {
        match self {
            Number::Int(i) => i as f64,
            Number::UInt(u) => u as f64,
            Number::Float(f) => f,
        }
    }

    /// The exact integer value, when the number is integral (`10`, or `10.0` written as a
    /// decimal) and fits an `i128`; `None` for a fraction.
    pub fn as_integer(self) -> Option<i128> {
        match self {
            Number::Int(i) => Some(i128::from(i)),
            Number::UInt(u) => Some(i128::from(u)),
            // Within ±2^100 an integral f64 converts to i128 exactly.
            Number::Float(f) if f.fract() == 0.0 && f.abs() < 2f64.powi(100) => Some(f as i128),
            Number::Float(_) => None,
        }
    }

    /// Whether the number is greater than 0.
    pub fn is_positive(self) -> bool {
        match self {
            Number::Int(i) => i > 0,
            Number::UInt(u) => u > 0,
            Number::Float(f) => f > 0.0,
        }
    }
}

/// JSON text, as serde_json writes it.
impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Number::Int(i) => write!(f, "{i}"),
            Number::UInt(u) => write!(f, "{u}"),
            Number::Float(x) => match serde_json::Number::from_f64(*x) {
                Some(n) => write!(f, "{n}"),
                None => f.write_str("null"),
            },
        }
    }
}

impl StringFormat {
    /// Whether the format's runtime type checks its text in `validate()` (a `date-time`
    /// must parse, an `email` must look like one; a plain string, a password or binary
    /// data has nothing to check).
    pub fn validates(self) -> bool {
        !matches!(
            self,
            StringFormat::Plain | StringFormat::Password | StringFormat::Binary
        )
    }
}

impl Shape {
    /// The same shape without `null`.
    pub fn non_null(&self) -> Shape {
        Shape {
            nullable: false,
            ..self.clone()
        }
    }
}

/// Whether checking a value of `shape` can report a violation, given whether each named
/// type's check can (`type_can_fail`).
pub fn shape_can_fail(shape: &Shape, type_can_fail: &dyn Fn(TypeId) -> bool) -> bool {
    if !shape.checks.is_empty() {
        return true;
    }
    match &shape.ty {
        Ty::String(format) => format.validates(),
        Ty::Array(inner) | Ty::Map(inner) => shape_can_fail(inner, type_can_fail),
        Ty::Named { id, .. } => type_can_fail(*id),
        _ => false,
    }
}

impl Api {
    /// Whether checking a value of `shape` can report a violation ([`TypeFacts::can_fail`]).
    pub fn shape_can_fail(&self, shape: &Shape) -> bool {
        shape_can_fail(shape, &|id| self.types[id.0].facts.can_fail)
    }
}

/// Calls `f` on every shape directly inside a type's definition.
pub fn visit_kind(kind: &TypeKind, f: &mut dyn FnMut(&Shape)) {
    match kind {
        TypeKind::Struct(s) => {
            for field in &s.fields {
                f(&field.shape);
            }
            if let Extra::Typed(shape) = &s.extra {
                f(shape);
            }
        }
        TypeKind::Union(u) => {
            for v in &u.variants {
                f(&v.shape);
            }
        }
        TypeKind::Alias(shape) => f(shape),
        TypeKind::Enum(_) => {}
    }
}

/// Calls `f` on every shape directly inside a type's definition, mutably.
pub fn visit_kind_mut(kind: &mut TypeKind, f: &mut dyn FnMut(&mut Shape)) {
    match kind {
        TypeKind::Struct(s) => {
            for field in &mut s.fields {
                f(&mut field.shape);
            }
            if let Extra::Typed(shape) = &mut s.extra {
                f(shape);
            }
        }
        TypeKind::Union(u) => {
            for v in &mut u.variants {
                f(&mut v.shape);
            }
        }
        TypeKind::Alias(shape) => f(shape),
        TypeKind::Enum(_) => {}
    }
}
