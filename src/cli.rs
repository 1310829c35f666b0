//! Command-line arguments (clap): raw arguments only, validated by the commands.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::model::date::Date;
use crate::model::lang::Lang;

/// Build, lint and render AI-usage charters.
#[derive(Debug, Parser)]
#[command(name = "charter", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write a charter scaffold with the suggested wording of every clause of the chosen packs.
    Init(InitArgs),
    /// Check charters and drafts for missing, empty, vague or inconsistent clauses.
    Lint(LintArgs),
    /// Explain a clause (what it covers, why, references, suggested wording) or a diagnostic code.
    Explain(ExplainArgs),
    /// List the policy packs, their clauses and levels.
    Packs(PacksArgs),
    /// Print the JSON Schema of the charter format (for editors).
    Schema,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Pack to include (repeatable): baseline, public-comms, eu-ai-act, gdpr, oss-contrib, or a pack file.
    #[arg(long = "pack", value_name = "PACK")]
    pub packs: Vec<String>,
    /// Language of the charter.
    #[arg(long, value_enum, default_value_t = Lang::En)]
    pub lang: Lang,
    /// Name of the organisation.
    #[arg(long, value_name = "NAME")]
    pub org: Option<String>,
    /// Output file, or `-` for standard output.
    #[arg(short, long, value_name = "FILE", default_value = "charter.yaml")]
    pub output: PathBuf,
    /// Overwrite the output file if it exists.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LintFormat {
    /// Diagnostics with source snippets.
    Human,
    /// The versioned JSON report.
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
}

#[derive(Debug, Args)]
pub struct LintArgs {
    /// Charters (.yaml, .yml), drafts (.md, .markdown, .txt) or folders of them.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Pack to check against (repeatable), added to the charter's own `packs`; `all` = every clause.
    #[arg(long = "pack", value_name = "PACK")]
    pub packs: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = LintFormat::Human)]
    pub format: LintFormat,
    /// Exit with 1 when there are findings at or above this severity.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
    /// Language of messages and help.
    #[arg(long, value_enum, default_value_t = Lang::En)]
    pub lang: Lang,
    /// Date to check review dates against, YYYY-MM-DD (default: today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<Date>,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A clause id (e.g. human-oversight) or a diagnostic code (e.g. vague-clause).
    pub id: String,
    /// Language of the explanation.
    #[arg(long, value_enum, default_value_t = Lang::En)]
    pub lang: Lang,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Human,
    Json,
}

#[derive(Debug, Args)]
pub struct PacksArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub format: ListFormat,
    /// Language of titles and descriptions.
    #[arg(long, value_enum, default_value_t = Lang::En)]
    pub lang: Lang,
}
