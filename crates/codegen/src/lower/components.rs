//! What the client does not call but the spec defines: every schema under
//! `components/schemas`, referenced or not, and the schemas of webhooks and callbacks (requests
//! the API sends, not ones it answers). Each becomes a type and is checked like any other, so
//! an unused component with `type: strnig` is reported, not skipped.

use serde_json::Value;

use super::{text, Lowerer};
use crate::ir::Method;
use crate::load::NodeRef;
use crate::naming;

impl Lowerer<'_> {
    /// Lowers every named schema, webhook and callback of the spec.
    pub(super) fn lower_unreferenced(&mut self, root: &NodeRef) {
        let schemas = root.child("components").child("schemas");
        if let Some(Value::Object(map)) = self.value(&schemas) {
            for key in map.keys().filter(|k| !k.starts_with("x-")) {
                // A component that is only a `$ref` is another name for its target, as it is
                // wherever it is used.
                if let Some(target) = self.deref(&schemas.child(key)) {
                    self.named_type(&target);
                }
            }
        }
        self.lower_path_item_map(&root.child("webhooks"), "Webhook", None);
        self.lower_callbacks_in(&root.child("components").child("callbacks"));
    }

    /// The callbacks an operation declares.
    pub(super) fn lower_callbacks_of(&mut self, op_node: &NodeRef) {
        self.lower_callbacks_in(&op_node.child("callbacks"));
    }

    /// Each callback of the map at `node` (a callback maps runtime expressions to path
    /// items; it is named by its key in this map).
    fn lower_callbacks_in(&mut self, node: &NodeRef) {
        if let Some(Value::Object(map)) = self.value(node) {
            for key in map.keys().filter(|k| !k.starts_with("x-")) {
                self.lower_path_item_map(&node.child(key), "Callback", Some(key));
            }
        }
    }

    /// The request and response schemas of each path item in the map at `node` (webhooks,
    /// or one callback), named after the operation, else after the entry (or the callback's
    /// `label`, its entries being runtime expressions) and method, plus `suffix`.
    fn lower_path_item_map(&mut self, node: &NodeRef, suffix: &str, label: Option<&str>) {
        if self.value(node).is_none() {
            return;
        }
        let Some(node) = self.deref(node) else {
            return;
        };
        let Some(Value::Object(map)) = self.value(&node) else {
            return;
        };
        for (name, _) in map.iter().filter(|(k, _)| !k.starts_with("x-")) {
            let Some(item) = self.deref(&node.child(name)) else {
                continue;
            };
            for (key, _) in Method::ALL {
                if self.value(&item.child(key)).is_none() {
                    continue;
                }
                let Some(op_node) = self.deref(&item.child(key)) else {
                    continue;
                };
                let Some(op) = self.value(&op_node).and_then(Value::as_object) else {
                    continue;
                };
                let wanted = text(op.get("operationId"))
                    .unwrap_or_else(|| format!("{} {key}", label.unwrap_or(name)));
                let stem = format!("{}{suffix}", naming::type_name(&wanted, "Operation"));
                self.lower_callbacks_of(&op_node);
                if op.contains_key("requestBody") {
                    self.lower_request_body(&op_node.child("requestBody"), &stem);
                }
                if op.contains_key("responses") {
                    self.lower_responses(&op_node, op, &stem);
                }
            }
        }
    }
}
