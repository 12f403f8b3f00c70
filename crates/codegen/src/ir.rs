//! The intermediate representation: the API as plain, sorted data that the emitters read.
//!
//! Types refer to each other by [`TypeId`] (an index into [`Api::types`]), never by pointer.
//! Every item keeps both its wire name and its Rust name, and where in the spec it came
//! from. [`crate::check`] verifies the invariants once, so emitters never fail on user input.

/// Index of a type in [`Api::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub usize);

/// Where something came from: a spec file (relative to the root's folder) and a JSON pointer.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Origin {
    /// File path relative to the folder of the root file, with `/` separators.
    pub file: String,
    /// RFC 6901 JSON pointer inside that file (`""` for the whole file).
    pub pointer: String,
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
    /// All types, indexed by [`TypeId`]; sorted by Rust name after lowering.
    pub types: Vec<TypeDef>,
    /// All operations, sorted by Rust name.
    pub operations: Vec<Operation>,
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
}

/// The shape of a named type.
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
    /// The value on the wire (a string, or an integer's decimal text).
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
    pub minimum: Option<f64>,
    /// `maximum`.
    pub maximum: Option<f64>,
    /// `exclusiveMinimum` (numeric form, or the 3.0 boolean applied to `minimum`).
    pub exclusive_minimum: Option<f64>,
    /// `exclusiveMaximum`.
    pub exclusive_maximum: Option<f64>,
    /// `multipleOf`.
    pub multiple_of: Option<f64>,
    /// `minItems`.
    pub min_items: Option<u64>,
    /// `maxItems`.
    pub max_items: Option<u64>,
    /// `uniqueItems: true`.
    pub unique_items: bool,
    /// `const`, as JSON text.
    pub const_value: Option<String>,
    /// A closed inline `enum` on a non-string value, as JSON texts.
    pub allowed: Vec<String>,
}

impl Checks {
    /// Whether no constraint is stated.
    pub fn is_empty(&self) -> bool {
        *self == Checks::default()
    }
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
    /// Upper-case HTTP method, e.g. `GET`.
    pub method: String,
    /// The path template, e.g. `/v2/users/{userId}`.
    pub path: String,
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
}

/// How a body is (de)serialized.
#[derive(Debug, Clone, PartialEq)]
pub enum BodyKind {
    /// JSON, with this shape.
    Json(Box<Shape>),
    /// Text (`text/*`), as a `String`.
    Text,
    /// Anything else, as bytes.
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
}

impl Response {
    /// Whether this is a success (2xx) response.
    pub fn is_success(&self) -> bool {
        match self.status {
            StatusMatch::Code(code) => (200..300).contains(&code),
            StatusMatch::Range(hundreds) => hundreds == 2,
            StatusMatch::Default => false,
        }
    }
}

/// Which types have a text form, so they can be path, query or header parameters: enums,
/// aliases of text shapes, and untagged unions whose alternatives all have one. Worked out
/// once as a fixpoint (each pass linear), for `lower` and the emitters to share.
pub fn text_form_types(kinds: &[&TypeKind]) -> Vec<bool> {
    let mut text = vec![false; kinds.len()];
    loop {
        let mut changed = false;
        for (i, kind) in kinds.iter().enumerate() {
            if text[i] {
                continue;
            }
            let yes = match kind {
                TypeKind::Enum(_) => true,
                TypeKind::Alias(shape) => shape_has_text_form(shape, &text),
                TypeKind::Union(u) => {
                    u.tag.is_none()
                        && u.variants
                            .iter()
                            .all(|v| shape_has_text_form(&v.shape, &text))
                }
                TypeKind::Struct(_) => false,
            };
            if yes {
                text[i] = true;
                changed = true;
            }
        }
        if !changed {
            return text;
        }
    }
}

/// Whether a value of `shape` (not `null`) has a text form, given [`text_form_types`].
pub fn shape_has_text_form(shape: &Shape, text: &[bool]) -> bool {
    !shape.nullable
        && match &shape.ty {
            Ty::Bool | Ty::Integer(_) | Ty::Number(_) | Ty::String(_) | Ty::Any => true,
            Ty::Named { id, .. } => text.get(id.0).copied().unwrap_or(false),
            _ => false,
        }
}
