//! Command-line arguments (clap): raw arguments only, validated by the commands.

use std::path::PathBuf;

use clap::parser::ValueSource;
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::model::config::FailOn;
use crate::model::date::Date;
use crate::model::lang::Lang;

/// Build, lint and render AI-usage charters.
#[derive(Debug, Parser)]
#[command(name = "charter", version, about, long_about = None, propagate_version = true)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// When to colour the output (auto: on a terminal, unless `NO_COLOR` is set or `CLICOLOR_FORCE` forces it).
    #[arg(long, value_enum, global = true, default_value_t = ColorWhen::Auto, value_name = "WHEN")]
    pub color: ColorWhen,
    /// The project configuration file (default: charter.toml or .charter.toml, looked for from here up to the repository root).
    #[arg(long, global = true, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Use no project configuration file.
    #[arg(long, global = true)]
    pub no_config: bool,
}

/// A command line that does not parse, with clap's error said in the message language
/// (`None`: clap's own text is right).
#[derive(Debug)]
pub(crate) struct CliError {
    pub error: clap::Error,
    pub text: Option<String>,
}

/// `--lang`: the code of a language charter speaks (`policies/languages.yaml`).
fn lang_parser() -> impl clap::builder::TypedValueParser<Value = Lang> {
    let codes: Vec<&'static str> = Lang::all().into_iter().map(Lang::code).collect();
    clap::builder::TypedValueParser::map(clap::builder::PossibleValuesParser::new(codes), |code| {
        Lang::new(&code).unwrap_or_default()
    })
}

impl Cli {
    /// Parses the command line, noting which `lint` options were given there: the project
    /// configuration sets the others. Help and errors speak the message language.
    pub(crate) fn parse_command_line(args: Vec<std::ffi::OsString>) -> Result<Self, CliError> {
        let lang = crate::cli_text::lang_of(&args);
        let catalogue = (lang != Lang::EN)
            .then(crate::policy::catalogue::Catalogue::shared)
            .and_then(Result::ok);
        let mut command = match &catalogue {
            Some(catalogue) => {
                crate::cli_text::localize(Self::command(), &catalogue.messages, lang)
            }
            None => Self::command(),
        };
        let fail = |error: clap::Error| {
            let text = catalogue
                .as_ref()
                .and_then(|c| crate::cli_text::error_text(&error, &c.messages, lang));
            CliError { error, text }
        };
        let matches = command.try_get_matches_from_mut(args).map_err(fail)?;
        let mut cli = Self::from_arg_matches(&matches).map_err(|e| fail(e.format(&mut command)))?;
        if let (Command::Lint(args), Some(("lint", lint))) =
            (&mut cli.command, matches.subcommand())
        {
            let given = |id| lint.value_source(id) == Some(ValueSource::CommandLine);
            args.given = Given {
                fail_on: given("fail_on"),
            };
        }
        Ok(cli)
    }
}

/// The `lint` options given on the command line (not defaults).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Given {
    pub fail_on: bool,
}

/// When to colour the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorWhen {
    /// Colour on a terminal, unless `NO_COLOR` is set; `CLICOLOR_FORCE` forces it.
    Auto,
    /// Always colour, even through a pipe.
    Always,
    /// Never colour.
    Never,
}

/// The colour choice for `anstream`: `auto` leaves it to the terminal, `NO_COLOR` and
/// `CLICOLOR_FORCE` (which `anstream` reads); `always` and `never` override them.
pub(crate) fn color_choice(when: ColorWhen) -> anstream::ColorChoice {
    match when {
        ColorWhen::Auto => anstream::ColorChoice::Auto,
        ColorWhen::Always => anstream::ColorChoice::Always,
        ColorWhen::Never => anstream::ColorChoice::Never,
    }
}

impl Cli {
    /// The `--lang` given, if any: the language of usage errors.
    pub(crate) fn lang(&self) -> Option<Lang> {
        match &self.command {
            Command::Init(args) => Some(args.lang),
            Command::Lint(args) => args.lang,
            Command::Explain(args) => args.lang,
            Command::Packs(args) => args.lang,
            Command::Import(args) => args.lang,
            Command::Fix(args) => args.lang,
            Command::Config(args) => args.lang,
            Command::Serve(args) => args.lang,
            Command::Completions(args) => args.lang,
            Command::Man(args) => args.lang,
            Command::Render(_) | Command::Schema => None,
        }
    }
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Write a charter scaffold with the suggested wording of every clause of the chosen packs.
    Init(InitArgs),
    /// Check charters and drafts for missing, empty, vague or inconsistent clauses.
    Lint(LintArgs),
    /// Export a charter as a Markdown, HTML or Word document.
    Render(RenderArgs),
    /// Explain a clause (what it covers, why, references, suggested wording) or a diagnostic code.
    Explain(ExplainArgs),
    /// List the policy packs, their clauses and levels.
    Packs(PacksArgs),
    /// Print the JSON Schema of the charter format (for editors).
    Schema,
    /// Turn a Markdown or text draft into a YAML charter, each section under the clause it covers.
    Import(ImportArgs),
    /// Append a section with suggested wording for each clause a Markdown or text draft lacks.
    Fix(FixArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions(CompletionsArgs),
    /// Print the project configuration (charter.toml) as resolved, with where each value comes from.
    Config(ConfigArgs),
    /// Print a manual page (roff): `charter man > charter.1`, `charter man lint > charter-lint.1`.
    Man(ManArgs),
    /// Edit, check, preview and export a charter in a local web page (127.0.0.1 only).
    Serve(ServeArgs),
}

#[derive(Debug, Args)]
pub(crate) struct ConfigArgs {
    /// Print the JSON Schema of charter.toml instead (for editors).
    #[arg(long)]
    pub schema: bool,
    /// Language of the output.
    #[arg(long, value_parser = lang_parser())]
    pub lang: Option<Lang>,
}

#[derive(Debug, Args)]
pub(crate) struct ManArgs {
    /// The subcommand whose page to print (default: the page of `charter` itself).
    #[arg(value_name = "COMMAND")]
    pub command: Option<String>,
    /// Language of the page (default: the locale's, else English).
    #[arg(long, value_parser = lang_parser())]
    pub lang: Option<Lang>,
}

#[derive(Debug, Args)]
pub(crate) struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
    /// Language of the descriptions (default: the locale's, else English).
    #[arg(long, value_parser = lang_parser())]
    pub lang: Option<Lang>,
}

#[derive(Debug, Args)]
pub(crate) struct ImportArgs {
    /// The draft (.md, .markdown, .txt).
    #[arg(value_name = "DRAFT")]
    pub draft: PathBuf,
    /// Output file, or `-` for standard output.
    #[arg(short, long, value_name = "FILE", default_value = "charter.yaml")]
    pub output: PathBuf,
    /// Language of the charter (default: the draft's).
    #[arg(long, value_parser = lang_parser())]
    pub lang: Option<Lang>,
    /// Pack whose missing clauses are listed (repeatable; default baseline), or a pack file.
    #[arg(long = "pack", value_name = "PACK")]
    pub packs: Vec<String>,
    /// Overwrite the output file if it exists.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub(crate) struct FixArgs {
    /// The draft to complete (.md, .markdown, .txt).
    #[arg(value_name = "DRAFT")]
    pub draft: PathBuf,
    /// Print the change as a unified diff instead of writing it.
    #[arg(long)]
    pub dry_run: bool,
    /// Pack whose missing clauses are added (repeatable; default baseline), or a pack file.
    #[arg(long = "pack", value_name = "PACK")]
    pub packs: Vec<String>,
    /// Language of the added sections (default: the draft's).
    #[arg(long, value_parser = lang_parser())]
    pub lang: Option<Lang>,
}

#[derive(Debug, Args)]
pub(crate) struct InitArgs {
    /// Pack to include (repeatable): baseline, public-comms, eu-ai-act, gdpr, oss-contrib, or a pack file.
    #[arg(long = "pack", value_name = "PACK")]
    pub packs: Vec<String>,
    /// Language of the charter (default: the locale's, else English).
    #[arg(long, value_parser = lang_parser(), default_value_t = crate::commands::message_lang(None).locale, hide_default_value = true)]
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
    /// Answer: the team or department the charter binds.
    #[arg(
        long,
        value_name = "NAME",
        help_heading = "Answers (guided init, for scripts)"
    )]
    pub team: Option<String>,
    /// Answer: the team is the communication team of a public body (selects public-comms).
    #[arg(
        long,
        value_enum,
        value_name = "YES|NO",
        help_heading = "Answers (guided init, for scripts)"
    )]
    pub public_body: Option<YesNo>,
    /// Answer: AI answers or publishes to the public directly (makes public-interaction required).
    #[arg(
        long,
        value_enum,
        value_name = "YES|NO",
        help_heading = "Answers (guided init, for scripts)"
    )]
    pub public_facing: Option<YesNo>,
    /// Answer: an AI tool the team uses (repeatable).
    #[arg(
        long = "tool",
        value_name = "NAME",
        help_heading = "Answers (guided init, for scripts)"
    )]
    pub tools: Vec<String>,
    /// Answer: a common use the team allows (repeatable; ids in policies/uses.yaml).
    #[arg(
        long,
        value_name = "USE",
        help_heading = "Answers (guided init, for scripts)"
    )]
    pub allow: Vec<String>,
    /// Answer: a common use the team allows under conditions (repeatable).
    #[arg(
        long,
        value_name = "USE",
        help_heading = "Answers (guided init, for scripts)"
    )]
    pub conditional: Vec<String>,
    /// Answer: a common use the team forbids (repeatable).
    #[arg(
        long,
        value_name = "USE",
        help_heading = "Answers (guided init, for scripts)"
    )]
    pub forbid: Vec<String>,
    /// Answer: who owns the charter.
    #[arg(
        long,
        value_name = "NAME",
        help_heading = "Answers (guided init, for scripts)"
    )]
    pub owner: Option<String>,
    /// Answer: how to reach the owner (e-mail address or page).
    #[arg(
        long,
        value_name = "CONTACT",
        help_heading = "Answers (guided init, for scripts)"
    )]
    pub contact: Option<String>,
    /// Answer: months between two reviews of the charter (1 to 60).
    #[arg(
        long,
        value_name = "N",
        help_heading = "Answers (guided init, for scripts)"
    )]
    pub review_months: Option<u32>,
}

/// A yes or no answer given as a flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum YesNo {
    Yes,
    No,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum LintFormat {
    /// Diagnostics with source snippets.
    Human,
    /// The versioned JSON report.
    Json,
    /// SARIF 2.1.0, for code-scanning tools.
    Sarif,
    /// GitHub Actions annotations (workflow commands).
    Github,
    /// GitLab code quality (Code Climate JSON), for a `codequality` report artifact.
    Gitlab,
    /// One line per finding: path:line:col: severity[code] message.
    Concise,
    /// A coverage table of files × clauses.
    Matrix,
    /// The coverage table as CSV.
    MatrixCsv,
    /// The coverage table as a self-contained HTML page.
    MatrixHtml,
}

#[derive(Debug, Args)]
pub(crate) struct LintArgs {
    /// Charters (.yaml, .yml), drafts (.md, .markdown, .txt) or folders of them; `-` reads standard input (default: the `paths` of charter.toml, else the current folder).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// The name of what `-` reads: its path in reports and its format by extension (default: `<stdin>`, a charter if a line starts with `charter:`, else Markdown).
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,
    /// Pack to check against (repeatable), added to the charter's own `packs`; `all` = every clause.
    #[arg(long = "pack", value_name = "PACK")]
    pub packs: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = LintFormat::Human)]
    pub format: LintFormat,
    /// Exit with 1 when there are findings at or above this severity.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
    /// Language of messages and help (default: each file's, else the locale's, else English).
    #[arg(long, value_parser = lang_parser())]
    pub lang: Option<Lang>,
    /// Date to check review dates against, YYYY-MM-DD (default: today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<Date>,
    /// Largest file to read, in bytes (suffixes K, M, G allowed).
    #[arg(long, value_name = "SIZE", default_value = "16M", value_parser = parse_size)]
    pub max_size: u64,
    /// Say on standard error which files a folder walk passed over, and why (ignore rules,
    /// links to folders or to nothing).
    #[arg(long, short)]
    pub verbose: bool,
    /// Print only the findings: no summary line (human format; the other formats are unchanged).
    #[arg(short, long)]
    pub quiet: bool,
    /// Which options the command line gave (the configuration sets the others).
    #[arg(skip)]
    pub given: Given,
    /// The project configuration: excludes and per-path overrides.
    #[arg(skip)]
    pub project: crate::commands::project::Project,
}

/// Parses a size such as `4096`, `512K`, `16M` or `1G` (binary multiples).
fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let (digits, multiplier) = match text.char_indices().last() {
        Some((i, 'k' | 'K')) => (&text[..i], 1u64 << 10),
        Some((i, 'm' | 'M')) => (&text[..i], 1 << 20),
        Some((i, 'g' | 'G')) => (&text[..i], 1 << 30),
        _ => (text, 1),
    };
    digits
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(multiplier))
        .filter(|n| *n > 0)
        .ok_or_else(|| format!("`{text}` is not a size (e.g. 4096, 512K, 16M, 1G)"))
}

#[derive(Debug, Args)]
pub(crate) struct ExplainArgs {
    /// A clause id (e.g. human-oversight) or a diagnostic code (e.g. vague-clause).
    pub id: String,
    /// Language of the explanation (default: the locale's, else English).
    #[arg(long, value_parser = lang_parser())]
    pub lang: Option<Lang>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ListFormat {
    Human,
    Json,
}

#[derive(Debug, Args)]
pub(crate) struct PacksArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub format: ListFormat,
    /// Language of titles and descriptions (default: the locale's, else English).
    #[arg(long, value_parser = lang_parser())]
    pub lang: Option<Lang>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum RenderFormat {
    /// Markdown, the text as written: raw HTML in the charter passes through unescaped
    /// (publish it with a sanitising renderer, or use html, which escapes it).
    Md,
    /// One self-contained HTML page, with print styles.
    Html,
    /// A Word document.
    Docx,
}

#[derive(Debug, Args)]
pub(crate) struct RenderArgs {
    /// The charter to render (.yaml).
    #[arg(value_name = "CHARTER")]
    pub charter: PathBuf,
    /// Document format (default: from the extension of -o, else md).
    #[arg(long, value_enum)]
    pub format: Option<RenderFormat>,
    /// Output file (default: standard output; required for docx).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// A minijinja template to use instead of the built-in one (md, html); see docs/templates.md.
    #[arg(long, value_name = "FILE")]
    pub template: Option<PathBuf>,
    /// Refuse to render (exit 1) while the charter has lint errors, instead of marking it as a draft.
    #[arg(long = "final")]
    pub is_final: bool,
    /// Overwrite the output file if it exists.
    #[arg(long)]
    pub force: bool,
    /// Date of the check, shown in the appendix, YYYY-MM-DD (default: today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<Date>,
}

#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    /// The charter to edit (.yaml); created on the first save when missing.
    #[arg(value_name = "CHARTER", default_value = "charter.yaml")]
    pub charter: PathBuf,
    /// Port on 127.0.0.1 (0: any free port).
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// Language of the page (default: the charter's, else the locale's).
    #[arg(long, value_parser = lang_parser())]
    pub lang: Option<Lang>,
    /// Open the page in the default browser.
    #[arg(long)]
    pub open: bool,
}
