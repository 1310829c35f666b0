//! `charter-eval FOLDER`: measures clause detection on a folder of drafts labelled in
//! `FOLDER/labels.yaml`. The headline is the out-of-fold figure: each document scored
//! by weights fitted on the other folds. `--fit FILE` fits the weights on every
//! labelled document and writes them (the committed `policies/detection-model.yaml`).
//! Exits 1 below `--min-f1` or `--min-precision` (out-of-fold), 2 on bad input.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use charter::eval::{self, Engine};
use clap::Parser;

/// Measure clause detection against hand labels.
#[derive(Debug, Parser)]
#[command(name = "charter-eval")]
struct Args {
    /// Folder with the drafts and their labels.yaml.
    folder: PathBuf,
    /// Number of folds for the out-of-fold figure (a document's fold is its id number modulo K).
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u16).range(2..))]
    folds: u16,
    /// Fit the weights on every labelled document and write them to this file.
    #[arg(long, value_name = "FILE")]
    fit: Option<PathBuf>,
    /// Write every document × clause row (label, rule gate, features, evidence line) to
    /// this file as tab-separated values, to study what detection sees.
    #[arg(long, value_name = "FILE")]
    rows: Option<PathBuf>,
    /// Fail when the out-of-fold micro-F1 is below this.
    #[arg(long, default_value_t = 0.0)]
    min_f1: f64,
    /// Fail when the out-of-fold micro precision is below this.
    #[arg(long, default_value_t = 0.0)]
    min_precision: f64,
}

#[allow(clippy::print_stdout, clippy::print_stderr)]
fn main() -> ExitCode {
    let args = Args::parse();
    let measured = Engine::builtin().and_then(|engine| {
        let labels = eval::read_labels(&args.folder)?;
        let rows = eval::rows(&engine, &args.folder, &labels)?;
        Ok((engine, rows))
    });
    let (engine, rows) = match measured {
        Ok(measured) => measured,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(2);
        }
    };
    let examples = eval::example_rows(&engine);
    if let Some(path) = &args.fit {
        let all: Vec<eval::Row> = rows.iter().chain(&examples).cloned().collect();
        let model = eval::fit::fit(&all);
        let text = match serde_yaml::to_string(&model) {
            Ok(yaml) => format!(
                "# Detection weights fitted by `charter-eval --fit` on the labelled corpus and the\n\
                 # clause sheets' covers/misses examples. Generated: do not edit by hand.\n{yaml}"
            ),
            Err(error) => {
                eprintln!("error: {error}");
                return ExitCode::from(2);
            }
        };
        if let Err(error) = std::fs::write(path, text) {
            eprintln!("error: {}: {error}", path.display());
            return ExitCode::from(2);
        }
        println!("wrote {}: rebuild to use it", path.display());
    }
    if let Some(path) = &args.rows {
        if let Err(error) = std::fs::write(path, eval::rows_tsv(&rows)) {
            eprintln!("error: {}: {error}", path.display());
            return ExitCode::from(2);
        }
    }
    let committed = eval::score(&rows, |_| &engine.detector.model);
    let oof = eval::cross_validate(&rows, &examples, usize::from(args.folds));
    let report = format!(
        "{}\n{}",
        eval::render(
            "In-sample (the committed weights, fitted on these documents: optimistic)",
            &committed,
            false
        ),
        eval::render(
            &format!(
                "Out-of-fold ({} folds by document id: each document scored by weights fitted on the others)",
                args.folds
            ),
            &oof,
            true
        )
    );
    // A closed pipe (`| head`) or a full disk is not a crash: stop with exit 2.
    let mut stdout = std::io::stdout().lock();
    if stdout
        .write_all(report.as_bytes())
        .and_then(|()| stdout.flush())
        .is_err()
    {
        return ExitCode::from(2);
    }
    let f1 = oof.micro.f1().unwrap_or(0.0);
    let precision = oof.micro.precision().unwrap_or(0.0);
    if f1 < args.min_f1 || precision < args.min_precision {
        eprintln!(
            "below target: out-of-fold micro-F1 {f1:.3} (min {}), precision {precision:.3} (min {})",
            args.min_f1, args.min_precision
        );
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}
