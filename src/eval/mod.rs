//! Measuring clause detection against hand labels: the features of every labelled
//! document × clause pair, scored by the committed model (in-sample) and by models
//! fitted on the other folds (out-of-fold, the figure that predicts unseen charters);
//! per clause, per language and overall precision, recall and F1 of *covered*.

pub mod fit;

use std::fmt::Write;
use std::path::Path;

use indexmap::IndexMap;
use serde::Deserialize;

use crate::check::detect::Analysed;
use crate::load::draft::{self, DraftFormat};
use crate::load::source::ReadError;
use crate::model::lang::{Lang, Localized};
use crate::policy::catalogue::{Catalogue, PolicyFileError};
use crate::policy::detector::Detector;
use crate::policy::lexicon::{Lexicon, PatternError};
use crate::policy::model::{Features, Model, FEATURE_NAMES};

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

/// Counts of one clause, one language or all pairs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
    pub tn: usize,
}

impl Counts {
    /// Precision, or `None` when nothing was predicted covered.
    pub fn precision(self) -> Option<f64> {
        ratio(self.tp, self.tp + self.fp)
    }

    /// Recall, or `None` when nothing is labelled covered.
    pub fn recall(self) -> Option<f64> {
        ratio(self.tp, self.tp + self.fn_)
    }

    /// F1, or `None` when there is neither a positive nor a prediction.
    pub fn f1(self) -> Option<f64> {
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
fn ratio(a: usize, b: usize) -> Option<f64> {
    (b != 0).then(|| a as f64 / b as f64)
}

/// A ratio for a table: two decimals, or "n/a" when it is empty.
fn shown(value: Option<f64>) -> String {
    value.map_or_else(|| "n/a".to_owned(), |v| format!("{v:.2}"))
}

/// One labelled document × clause pair, with what detection found.
#[derive(Debug, Clone)]
pub struct Row {
    pub document: String,
    /// The document's fold (its numeric id modulo the number of folds).
    pub id_number: usize,
    /// The document's detected language (`en`, `fr` or `mixed`).
    pub lang: String,
    pub clause: String,
    pub features: Features,
    /// The evidence line, where anything about the clause was found.
    pub line: Option<usize>,
    /// Whether a rule speaks of the clause.
    pub rule: bool,
    pub expected: bool,
}

/// A document × clause pair where detection and label disagree.
#[derive(Debug, Clone)]
pub struct Disagreement {
    pub document: String,
    pub clause: String,
    pub predicted: bool,
    pub expected: bool,
    pub line: Option<usize>,
}

/// The result of scoring rows.
#[derive(Debug, Clone, Default)]
pub struct Evaluation {
    pub per_clause: IndexMap<String, Counts>,
    pub per_lang: IndexMap<String, Counts>,
    /// By hundreds of the document id (the corpus groups its documents so).
    pub per_group: IndexMap<String, Counts>,
    pub micro: Counts,
    pub disagreements: Vec<Disagreement>,
    pub documents: usize,
}

/// The built-in policies, compiled for measuring.
pub struct Engine {
    pub catalogue: Catalogue,
    pub lexicon: Lexicon,
    pub detector: Detector,
}

/// Why detection could not be measured.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error(transparent)]
    Policies(#[from] PolicyFileError),
    #[error(transparent)]
    Pattern(#[from] PatternError),
    #[error("{path}: {reason} (the labelled corpus is needed to measure detection)")]
    Unreadable { path: String, reason: ReadError },
    #[error("{path}: {reason}")]
    Labels { path: String, reason: String },
    #[error("labels.yaml: `{document}` labels an unknown clause `{clause}`")]
    UnknownClause { document: String, clause: String },
    #[error("no draft for labelled document `{document}` in {folder}")]
    NoDraft { document: String, folder: String },
}

impl Engine {
    pub fn builtin() -> Result<Self, EvalError> {
        let catalogue = Catalogue::builtin()?;
        let lexicon = Lexicon::compile(&catalogue.lexicon)?;
        let detector = Detector::compile(&catalogue, &lexicon, &[])?;
        Ok(Self {
            catalogue,
            lexicon,
            detector,
        })
    }
}

/// Reads `labels.yaml` of a labelled folder; a missing folder or file is an error.
pub fn read_labels(folder: &Path) -> Result<Labels, EvalError> {
    let path = folder.join("labels.yaml");
    let text = read(&path)?;
    serde_yaml::from_str(&text).map_err(|e| EvalError::Labels {
        path: path.display().to_string(),
        reason: e.to_string(),
    })
}

/// A file of the labelled folder.
fn read(path: &Path) -> Result<String, EvalError> {
    crate::load::source::read_text(path).map_err(|reason| EvalError::Unreadable {
        path: path.display().to_string(),
        reason,
    })
}

/// The number in a document id such as `106-dinum-…`, for its fold.
fn id_number(document: &str) -> usize {
    document
        .split(|c: char| !c.is_ascii_digit())
        .find(|part| !part.is_empty())
        .and_then(|digits| digits.parse().ok())
        .unwrap_or(0)
}

/// Reads every labelled document of `folder` and computes its rows.
pub fn rows(engine: &Engine, folder: &Path, labels: &Labels) -> Result<Vec<Row>, EvalError> {
    let mut rows = Vec::new();
    for (document, clauses) in labels {
        let path = ["md", "markdown", "txt"]
            .iter()
            .map(|ext| folder.join(format!("{document}.{ext}")))
            .find(|p| p.exists())
            .ok_or_else(|| EvalError::NoDraft {
                document: document.clone(),
                folder: folder.display().to_string(),
            })?;
        let text = read(&path)?;
        let parsed = draft::parse(
            &text,
            DraftFormat::of(&path).unwrap_or(DraftFormat::Markdown),
        );
        let (lang, analysed) = Analysed::detect(&parsed, &engine.lexicon, &engine.detector);
        for (clause, label) in clauses {
            let Some(index) = engine.detector.position(clause) else {
                return Err(EvalError::UnknownClause {
                    document: document.clone(),
                    clause: clause.clone(),
                });
            };
            let evidence = analysed.evidence(index);
            rows.push(Row {
                document: document.clone(),
                id_number: id_number(document),
                lang: lang.to_owned(),
                clause: clause.clone(),
                features: evidence.features,
                line: evidence.line,
                rule: evidence.rule,
                expected: label.covered,
            });
        }
    }
    Ok(rows)
}

/// The examples given in `lang` (none when the sheet gives none in it).
fn given(examples: &Localized<Vec<String>>, lang: Lang) -> &[String] {
    examples.exactly(lang).map_or(&[][..], Vec::as_slice)
}

/// The `covers` (true) and `misses` (false) examples of every clause sheet, as rows:
/// fresh sentences written for the catalogue, never taken from a labelled charter.
pub fn example_rows(engine: &Engine) -> Vec<Row> {
    let mut rows = Vec::new();
    for (clause, spec) in &engine.catalogue.clauses {
        let Some(index) = engine.detector.position(clause) else {
            continue;
        };
        for lang in engine.lexicon.read().iter().copied() {
            let examples = given(&spec.examples.covers, lang)
                .iter()
                .map(|s| (s, true))
                .chain(
                    given(&spec.examples.misses, lang)
                        .iter()
                        .map(|s| (s, false)),
                );
            for (sentence, expected) in examples {
                let parsed = draft::parse(sentence, DraftFormat::Markdown);
                let analysed = Analysed::new(&parsed, &engine.lexicon, &engine.detector, &[lang]);
                let evidence = analysed.evidence(index);
                rows.push(Row {
                    document: format!("example:{clause}"),
                    id_number: usize::MAX,
                    lang: lang.code().to_owned(),
                    clause: clause.clone(),
                    features: evidence.features,
                    line: evidence.line,
                    rule: evidence.rule,
                    expected,
                });
            }
        }
    }
    rows
}

/// Rows as tab-separated values with a header: document, language, clause, label, rule
/// gate, the features by name, evidence line.
pub fn rows_tsv(rows: &[Row]) -> String {
    let mut out = format!(
        "document\tlang\tclause\texpected\trule\t{}\tline\n",
        FEATURE_NAMES.join("\t")
    );
    for row in rows {
        let features: Vec<String> = row.features.iter().map(|f| format!("{f:.4}")).collect();
        let line = row.line.map_or_else(|| "-".to_owned(), |l| l.to_string());
        let _ = writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{}\t{line}",
            row.document,
            row.lang,
            row.clause,
            u8::from(row.expected),
            u8::from(row.rule),
            features.join("\t")
        );
    }
    out
}

/// Whether a model says a row is covered (a mention without a rule never is).
fn predict(model: &Model, row: &Row) -> bool {
    row.rule && model.covers(&row.clause, &row.features)
}

/// Scores rows, each with the model `model_of` gives it.
pub fn score<'m>(rows: &[Row], model_of: impl Fn(&Row) -> &'m Model) -> Evaluation {
    let mut evaluation = Evaluation::default();
    let mut documents = std::collections::HashSet::new();
    for row in rows {
        documents.insert(row.document.as_str());
        let predicted = predict(model_of(row), row);
        evaluation
            .per_clause
            .entry(row.clause.clone())
            .or_default()
            .add(predicted, row.expected);
        evaluation
            .per_lang
            .entry(row.lang.clone())
            .or_default()
            .add(predicted, row.expected);
        if row.id_number != usize::MAX {
            evaluation
                .per_group
                .entry(format!("ids {}xx", row.id_number / 100))
                .or_default()
                .add(predicted, row.expected);
        }
        evaluation.micro.add(predicted, row.expected);
        if predicted != row.expected {
            evaluation.disagreements.push(Disagreement {
                document: row.document.clone(),
                clause: row.clause.clone(),
                predicted,
                expected: row.expected,
                line: row.line,
            });
        }
    }
    evaluation.per_lang.sort_keys();
    evaluation.per_group.sort_keys();
    evaluation.documents = documents.len();
    evaluation
}

/// Out-of-fold scoring: each document scored by a model fitted on the other folds
/// (and on the clause sheets' examples).
pub fn cross_validate(rows: &[Row], examples: &[Row], folds: usize) -> Evaluation {
    let folds = folds.max(2);
    let models: Vec<Model> = (0..folds)
        .map(|held| {
            let training: Vec<Row> = rows
                .iter()
                .filter(|r| r.id_number % folds != held)
                .chain(examples)
                .cloned()
                .collect();
            fit::fit(&training)
        })
        .collect();
    score(rows, |row| &models[row.id_number % folds])
}

/// The evaluation as a text table, under a title.
pub fn render(title: &str, evaluation: &Evaluation, disagreements: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{title}");
    let _ = writeln!(
        out,
        "{:<26} {:>3} {:>3} {:>3} {:>9} {:>7} {:>6}",
        "clause", "tp", "fp", "fn", "precision", "recall", "f1"
    );
    let row = |out: &mut String, name: &str, c: Counts| {
        let _ = writeln!(
            out,
            "{name:<26} {:>3} {:>3} {:>3} {:>9} {:>7} {:>6}",
            c.tp,
            c.fp,
            c.fn_,
            shown(c.precision()),
            shown(c.recall()),
            shown(c.f1())
        );
    };
    for (clause, counts) in &evaluation.per_clause {
        row(&mut out, clause, *counts);
    }
    for (lang, counts) in &evaluation.per_lang {
        row(&mut out, &format!("language {lang}"), *counts);
    }
    for (group, counts) in &evaluation.per_group {
        row(&mut out, group, *counts);
    }
    row(&mut out, "micro (all pairs)", evaluation.micro);
    if disagreements {
        let _ = writeln!(
            out,
            "\n{} documents, {} disagreements:",
            evaluation.documents,
            evaluation.disagreements.len()
        );
        for d in &evaluation.disagreements {
            let line = d.line.map_or_else(|| "-".to_owned(), |l| l.to_string());
            let predicted = if d.predicted {
                "covered"
            } else {
                "not covered"
            };
            let expected = if d.expected { "covered" } else { "not covered" };
            let _ = writeln!(
                out,
                "  {:<44} {:<24} predicted {:<12} expected {:<12} line {}",
                d.document, d.clause, predicted, expected, line
            );
        }
    }
    out
}
