//! The SARIF output validates against the SARIF 2.1.0 JSON Schema and puts results on
//! the right lines.

use assert_cmd::Command;
use serde_json::Value;

fn sarif(args: &[&str]) -> Value {
    let output = Command::cargo_bin("charter")
        .expect("binary")
        .args(["lint", "--format", "sarif", "--today", "2026-11-28"])
        .args(args)
        .output()
        .expect("runs");
    serde_json::from_slice(&output.stdout).expect("SARIF output is JSON")
}

/// The OASIS SARIF 2.1.0 (rtm.5) schema, as shipped by Microsoft's SARIF SDK, with one
/// erratum fixed: its `run.language` pattern had an unbalanced `]`, which strict
/// validators reject.
fn validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(include_str!("fixtures/sarif-2.1.0.schema.json"))
        .expect("schema is JSON");
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .build(&schema)
        .expect("schema compiles")
}

#[test]
fn sarif_validates_against_the_schema() {
    let validator = validator();
    for args in [
        vec!["examples/draft-incomplete/charter.yaml"],
        vec!["examples/ville-exemple/charter.yaml"],
        vec!["--pack", "all", "tests/fixtures/drafts"],
    ] {
        let log = sarif(&args);
        let errors: Vec<String> = validator
            .iter_errors(&log)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{args:?}: {errors:#?}");
    }
}

#[test]
fn sarif_results_point_at_the_right_lines_and_rules() {
    let log = sarif(&["examples/draft-incomplete/charter.yaml"]);
    let run = &log["runs"][0];
    let rules: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .map(|r| r["id"].as_str().expect("rule id"))
        .collect();
    let results = run["results"].as_array().expect("results");
    assert!(!results.is_empty());
    for result in results {
        let rule = result["ruleId"].as_str().expect("ruleId");
        assert!(rules.contains(&rule), "rule {rule} is declared");
    }
    let empty = results
        .iter()
        .find(|r| r["ruleId"] == "empty-clause/prohibited-uses")
        .expect("the empty prohibited-uses clause is reported");
    let region = &empty["locations"][0]["physicalLocation"]["region"];
    let source =
        std::fs::read_to_string("examples/draft-incomplete/charter.yaml").expect("example");
    let line = source
        .lines()
        .position(|l| l.trim_start().starts_with("prohibited-uses:"))
        .expect("clause line")
        + 1;
    assert_eq!(region["startLine"].as_u64(), Some(line as u64));
    assert_eq!(empty["level"], "error");
}
