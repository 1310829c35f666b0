//! `charter-eval FOLDER`: measures clause detection on a folder of drafts labelled in
//! `FOLDER/labels.yaml`; exits 1 when below `--min-f1` or `--min-precision`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

/// Measure clause detection against hand labels.
#[derive(Debug, Parser)]
#[command(name = "charter-eval")]
struct Args {
    /// Folder with the drafts and their labels.yaml.
    folder: PathBuf,
    /// Fail when the micro-F1 is below this.
    #[arg(long, default_value_t = 0.0)]
    min_f1: f64,
    /// Fail when a clause's precision is below this.
    #[arg(long, default_value_t = 0.0)]
    min_precision: f64,
}

#[allow(clippy::print_stdout, clippy::print_stderr)]
fn main() -> ExitCode {
    let args = Args::parse();
    match charter::evaluate_folder(&args.folder) {
        Ok(evaluation) => {
            print!("{}", charter::eval::render(&evaluation));
            let low: Vec<&String> = evaluation
                .per_clause
                .iter()
                .filter(|(_, c)| c.precision() < args.min_precision)
                .map(|(id, _)| id)
                .collect();
            if evaluation.micro.f1() < args.min_f1 || !low.is_empty() {
                eprintln!(
                    "below target: micro-F1 {:.3} (min {}), clauses under precision {}: {low:?}",
                    evaluation.micro.f1(),
                    args.min_f1,
                    args.min_precision
                );
                return ExitCode::from(1);
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
    }
}
