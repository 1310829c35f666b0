//! The committed JSON Schema is what `charter schema` prints, and every example
//! points its editor at it.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

const SCHEMA: &str = "policies/schema/charter.schema.json";
const REGENERATE: &str =
    "regenerate it with `cargo run -- schema > policies/schema/charter.schema.json` and commit it";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn committed_schema_is_up_to_date() {
    let output = Command::cargo_bin("charter")
        .expect("the charter binary is built")
        .arg("schema")
        .output()
        .expect("charter schema runs");
    assert_eq!(output.status.code(), Some(0), "charter schema exit code");
    let printed = String::from_utf8(output.stdout).expect("UTF-8 schema");
    let value: serde_json::Value = serde_json::from_str(&printed).expect("the schema is JSON");
    assert_eq!(value["type"], "object");
    assert!(value["properties"]["charter"].is_object(), "{value:#}");
    assert!(value["properties"]["clauses"].is_object(), "{value:#}");

    let committed = std::fs::read_to_string(root().join(SCHEMA))
        .unwrap_or_else(|e| panic!("{SCHEMA} cannot be read ({e}): {REGENERATE}"));
    assert!(
        committed == printed,
        "{SCHEMA} differs from `charter schema` output: {REGENERATE}"
    );
}

#[test]
fn every_example_points_at_the_schema() {
    let schema = root()
        .join(SCHEMA)
        .canonicalize()
        .unwrap_or_else(|e| panic!("{SCHEMA}: {e}: {REGENERATE}"));
    let mut examples: Vec<PathBuf> = std::fs::read_dir(root().join("examples"))
        .expect("examples/ is readable")
        .map(|entry| entry.expect("entry").path().join("charter.yaml"))
        .filter(|path| path.is_file())
        .collect();
    examples.sort();
    assert!(examples.len() >= 3, "examples: {examples:?}");
    for example in &examples {
        let text = std::fs::read_to_string(example).expect("example is UTF-8");
        let first = text.lines().next().unwrap_or("");
        let relative = first
            .strip_prefix("# yaml-language-server: $schema=")
            .unwrap_or_else(|| {
                panic!(
                    "{} must start with `# yaml-language-server: $schema=<path to {SCHEMA}>`, not {first:?}",
                    example.display()
                )
            });
        let target = example
            .parent()
            .unwrap_or(Path::new("."))
            .join(relative.trim());
        let resolved = target.canonicalize().unwrap_or_else(|e| {
            panic!("{}: {} does not resolve: {e}", example.display(), relative)
        });
        assert_eq!(resolved, schema, "{}: $schema path", example.display());
    }
}
