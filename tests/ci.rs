//! The CI integrations a user copies: the composite GitHub Action (`action.yml`), the
//! pre-commit hooks, the README's GitHub Actions, GitLab CI and pre-commit snippets (valid
//! YAML of the right shape), and the GitLab code quality report against its documented shape.

mod common;

use std::collections::BTreeSet;

use regex::Regex;
use serde_json::Value as Json;
use serde_yaml::Value;

use common::{root, run_in};

fn yaml(text: &str, what: &str) -> Value {
    serde_yaml::from_str(text).unwrap_or_else(|e| panic!("{what} is not YAML: {e}\n{text}"))
}

fn read(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The formats `charter lint --help` lists.
fn lint_formats() -> Vec<String> {
    let help = charter::run_args(["charter", "lint", "--help", "--lang", "en"]).stdout;
    let listed = Regex::new(r"(?m)^\s+- ([a-z-]+):").expect("regex");
    let formats: Vec<String> = help
        .split("--format")
        .nth(1)
        .and_then(|after| after.split("[default").next())
        .map(|list| {
            listed
                .captures_iter(list)
                .map(|c| c[1].to_owned())
                .collect()
        })
        .unwrap_or_default();
    assert!(formats.contains(&"sarif".to_owned()), "{help}");
    formats
}

/// Every `--format X` in a command is a format `charter lint` has.
fn formats_are_real(command: &str) {
    let format = Regex::new(r"--format[ =](\S+)").expect("regex");
    let formats = lint_formats();
    for found in format.captures_iter(command) {
        assert!(
            formats.iter().any(|f| *f == found[1]),
            "unknown format `{}` in {command}",
            &found[1]
        );
    }
}

#[test]
fn the_action_is_a_composite_that_installs_and_lints() {
    let action = yaml(&read("action.yml"), "action.yml");
    assert_eq!(action["runs"]["using"], "composite");
    let inputs: BTreeSet<String> = action["inputs"]
        .as_mapping()
        .expect("inputs")
        .keys()
        .filter_map(|k| k.as_str().map(str::to_owned))
        .collect();
    let steps = action["runs"]["steps"].as_sequence().expect("steps");
    let ids: BTreeSet<&str> = steps.iter().filter_map(|s| s["id"].as_str()).collect();
    let used_input = Regex::new(r"inputs\.([a-z-]+)").expect("regex");
    let used_step = Regex::new(r"steps\.([a-z-]+)\.outputs").expect("regex");
    let text = read("action.yml");
    for found in used_input.captures_iter(&text) {
        assert!(
            inputs.contains(&found[1]),
            "input `{}` is not declared",
            &found[1]
        );
    }
    for found in used_step.captures_iter(&text) {
        assert!(ids.contains(&found[1]), "no step with id `{}`", &found[1]);
    }
    let runs: Vec<&str> = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    for step in steps.iter().filter(|s| s["run"].is_string()) {
        assert_eq!(
            step["shell"], "bash",
            "a composite run step names its shell"
        );
    }
    let all = runs.join("\n");
    assert!(all.contains("cargo install --locked --path \"$GITHUB_ACTION_PATH\""));
    assert!(all.contains("--format github") && all.contains("--format sarif"));
    formats_are_real(&all);
    let upload = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("github/codeql-action/upload-sarif@"))
        })
        .expect("a SARIF upload step");
    assert!(upload["with"]["sarif_file"]
        .as_str()
        .is_some_and(|f| f.ends_with("charter.sarif")));
    assert!(all.contains("> \"$RUNNER_TEMP/charter.sarif\""));
}

/// The hooks of `.pre-commit-hooks.yaml`, by id.
fn hooks() -> Vec<Value> {
    yaml(&read(".pre-commit-hooks.yaml"), ".pre-commit-hooks.yaml")
        .as_sequence()
        .expect("a list of hooks")
        .clone()
}

#[test]
fn the_pre_commit_hooks_run_charter_lint() {
    let hooks = hooks();
    for hook in &hooks {
        for key in ["id", "name", "entry", "language", "files"] {
            assert!(hook[key].is_string(), "hook without `{key}`: {hook:?}");
        }
        let entry = hook["entry"].as_str().unwrap_or_default();
        assert!(entry.starts_with("charter lint"), "{entry}");
        formats_are_real(entry);
        Regex::new(hook["files"].as_str().unwrap_or_default()).expect("`files` is a regex");
    }
    let project = hooks
        .iter()
        .find(|h| h["id"] == "charter-lint-project")
        .expect("the charter.toml hook");
    assert_eq!(
        project["pass_filenames"], false,
        "it lints what charter.toml says"
    );
    let files = Regex::new(project["files"].as_str().unwrap_or_default()).expect("regex");
    for path in [
        "charter.toml",
        ".charter.toml",
        "docs/charte.md",
        "docs/policy.docx",
    ] {
        assert!(files.is_match(path), "{path}");
    }
    assert!(!files.is_match("src/main.rs"));
}

/// The YAML blocks of the README's "In CI" section.
fn readme_ci_snippets() -> Vec<Value> {
    let readme = read("README.md");
    let section = readme
        .split("#### In CI\n")
        .nth(1)
        .and_then(|rest| rest.split("\n### ").next())
        .expect("an `#### In CI` section");
    section
        .split("```yaml\n")
        .skip(1)
        .map(|block| {
            yaml(
                block.split("```").next().unwrap_or_default(),
                "a README snippet",
            )
        })
        .collect()
}

#[test]
fn the_readme_ci_snippets_are_valid_and_use_what_exists() {
    let snippets = readme_ci_snippets();
    assert_eq!(
        snippets.len(),
        3,
        "GitHub Actions, GitLab CI and pre-commit"
    );
    // GitHub Actions: the action, with inputs it declares.
    let action = yaml(&read("action.yml"), "action.yml");
    let steps = snippets[0]["jobs"]["charter"]["steps"]
        .as_sequence()
        .expect("steps");
    let step = steps
        .iter()
        .find(|s| s["uses"].as_str().is_some_and(|u| u.contains("/charter@")))
        .expect("a step using the action");
    for key in step["with"].as_mapping().expect("with").keys() {
        let key = key.as_str().unwrap_or_default();
        assert!(action["inputs"][key].is_mapping(), "unknown input `{key}`");
    }
    assert_eq!(
        snippets[0]["jobs"]["charter"]["permissions"]["security-events"],
        "write"
    );
    // GitLab CI: the report it declares is the file `--format gitlab` writes.
    let job = &snippets[1]["charter"];
    let report = job["artifacts"]["reports"]["codequality"]
        .as_str()
        .expect("a codequality report");
    let script: Vec<&str> = job["script"]
        .as_sequence()
        .expect("script")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        script
            .iter()
            .any(|line| line.contains("--format gitlab") && line.contains(&format!("> {report}"))),
        "{script:?}"
    );
    formats_are_real(&script.join("\n"));
    assert_eq!(job["artifacts"]["when"], "always");
    // pre-commit: hook ids that exist.
    let ids: Vec<Value> = hooks().iter().map(|h| h["id"].clone()).collect();
    for repo in snippets[2]["repos"].as_sequence().expect("repos") {
        for hook in repo["hooks"].as_sequence().expect("hooks") {
            assert!(ids.contains(&hook["id"]), "unknown hook {:?}", hook["id"]);
        }
    }
}

const GITLAB_RUN: [&str; 6] = [
    "lint",
    "--no-config",
    "examples/draft-incomplete/charter.yaml",
    "tests/fixtures/drafts",
    "--format",
    "gitlab",
];

#[test]
fn the_gitlab_report_has_the_documented_shape() {
    let schema: Json =
        serde_json::from_str(&read("tests/fixtures/ci/gitlab-code-quality.schema.json"))
            .expect("JSON");
    let validator = jsonschema::validator_for(&schema).expect("a schema");
    let run = run_in(&root(), &GITLAB_RUN);
    assert!(run.code >= 1, "{}", run.stderr);
    let report: Json = serde_json::from_str(&run.stdout).expect("JSON");
    let errors: Vec<String> = validator
        .iter_errors(&report)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let issues = report.as_array().expect("an array");
    assert!(issues.len() > 10, "findings are reported");
    let fingerprints: BTreeSet<&str> = issues
        .iter()
        .filter_map(|i| i["fingerprint"].as_str())
        .collect();
    assert_eq!(fingerprints.len(), issues.len(), "fingerprints are unique");
    let placeholder = issues
        .iter()
        .find(|i| i["check_name"] == "placeholder-text")
        .expect("a placeholder finding");
    assert_eq!(placeholder["severity"], "major");
    assert_eq!(
        placeholder["location"]["path"],
        "examples/draft-incomplete/charter.yaml"
    );
    // Same input, same fingerprints.
    let again = run_in(&root(), &GITLAB_RUN);
    assert_eq!(again.stdout, run.stdout);
    let clean = run_in(
        &root(),
        &[
            "lint",
            "examples/ville-exemple/charter.yaml",
            "--format",
            "gitlab",
        ],
    );
    assert_eq!((clean.code, clean.stdout.as_str()), (0, "[]\n"));
}
