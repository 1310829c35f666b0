//! `charter schema`: the JSON Schema of the charter format, generated from the model types.

use crate::model::charter::Charter;

/// The schema as pretty-printed JSON, ending with a newline.
pub(crate) fn schema_json() -> String {
    let schema = schemars::schema_for!(Charter);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
