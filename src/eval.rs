//! Measuring clause detection against hand labels: per-clause and micro precision,
//! recall and F1 of *covered*, and the list of disagreements.

use std::fmt::Write;
use std::path::Path;

use indexmap::IndexMap;
use serde::Deserialize;

use crate::check::{Context, Status};
use crate::commands::lint::lint_draft_file;
use crate::load::draft::DraftFormat;

/// One hand label: whether a document covers a clause.
#[derive(Debug, Clone, Deserialize)]
pub struct Label {
    pub covered: bool,
    #[serde(default)]
    pub evidence: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// Labels by document id (file stem) and clause id.
pub type Labels = IndexMap<String, IndexMap<String, Label>>;

/// Counts of one clause or of all.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
    pub tn: usize,
}

impl Counts {
    pub fn precision(self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }

    pub fn recall(self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }

    pub fn f1(self) -> f64 {
        ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn_)
    }

    fn add(&mut self, predicted: bool, expected: bool) {
        match (predicted, expected) {
            (true, true) => self.tp += 1,
            (true, false) => self.fp += 1,
            (false, true) => self.fn_ += 1,
            (false, false) => self.tn += 1,
        }
    }
}

#[allow(clippy::cast_precision_loss)]
fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

/// A document × clause pair where detection and label disagree.
#[derive(Debug, Clone)]
pub struct Disagreement {
    pub document: String,
    pub clause: String,
    pub predicted: Status,
    pub expected: bool,
    pub line: Option<usize>,
}

/// The result of an evaluation.
#[derive(Debug, Clone, Default)]
pub struct Evaluation {
    pub per_clause: IndexMap<String, Counts>,
    pub micro: Counts,
    pub disagreements: Vec<Disagreement>,
    pub documents: usize,
}

/// Lints every labelled document of `folder` with every clause, and compares.
pub fn evaluate(context: &Context, folder: &Path, labels: &Labels) -> Result<Evaluation, String> {
    let mut evaluation = Evaluation::default();
    let all = vec![crate::policy::selection::ALL.to_owned()];
    for (document, clauses) in labels {
        let path = ["md", "markdown", "txt"]
            .iter()
            .map(|ext| folder.join(format!("{document}.{ext}")))
            .find(|p| p.exists())
            .ok_or_else(|| {
                format!(
                    "no draft for labelled document `{document}` in {}",
                    folder.display()
                )
            })?;
        let format = DraftFormat::of(&path).unwrap_or(DraftFormat::Markdown);
        let report = lint_draft_file(
            context,
            &path,
            format,
            &all,
            crate::load::source::DEFAULT_MAX_BYTES,
        );
        evaluation.documents += 1;
        for coverage in &report.coverage {
            let Some(label) = clauses.get(&coverage.clause) else {
                continue;
            };
            let predicted = coverage.status == Status::Covered;
            evaluation
                .per_clause
                .entry(coverage.clause.clone())
                .or_default()
                .add(predicted, label.covered);
            evaluation.micro.add(predicted, label.covered);
            if predicted != label.covered {
                evaluation.disagreements.push(Disagreement {
                    document: document.clone(),
                    clause: coverage.clause.clone(),
                    predicted: coverage.status,
                    expected: label.covered,
                    line: (coverage.status != Status::Missing)
                        .then(|| report.locate(coverage.span).0.line),
                });
            }
        }
    }
    Ok(evaluation)
}

/// The evaluation as a text table.
pub fn render(evaluation: &Evaluation) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<26} {:>3} {:>3} {:>3} {:>9} {:>7} {:>6}",
        "clause", "tp", "fp", "fn", "precision", "recall", "f1"
    );
    let row = |out: &mut String, name: &str, c: Counts| {
        let _ = writeln!(
            out,
            "{name:<26} {:>3} {:>3} {:>3} {:>9.2} {:>7.2} {:>6.2}",
            c.tp,
            c.fp,
            c.fn_,
            c.precision(),
            c.recall(),
            c.f1()
        );
    };
    for (clause, counts) in &evaluation.per_clause {
        row(&mut out, clause, *counts);
    }
    row(&mut out, "micro (all pairs)", evaluation.micro);
    let _ = writeln!(
        out,
        "\n{} documents, {} disagreements:",
        evaluation.documents,
        evaluation.disagreements.len()
    );
    for d in &evaluation.disagreements {
        let status = serde_json::to_value(d.predicted)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        let line = d.line.map_or_else(|| "-".to_owned(), |l| l.to_string());
        let expected = if d.expected { "covered" } else { "not covered" };
        let _ = writeln!(
            out,
            "  {:<44} {:<24} predicted {:<8} expected {:<12} line {}",
            d.document, d.clause, status, expected, line
        );
    }
    out
}
