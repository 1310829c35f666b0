//! `charter init`: a charter scaffold with every clause of the chosen packs, pre-filled
//! with the suggested wording and marked "to adapt", written atomically. The team's
//! details, tools and uses come from a [`Profile`]: example values, or the answers of the
//! guided init ([`super::guided_init`]).

use std::fmt::Write as _;
use std::path::Path;

use indexmap::IndexMap;

use super::guided_init;
use super::yaml_out::scalar;
use super::{Output, UsageError};
use crate::cli::InitArgs;
use crate::model::charter::{Owner, Status, Tool, Use};
use crate::model::date::Date;
use crate::model::lang::Lang;
use crate::policy::catalogue::Catalogue;
use crate::policy::selection::Selection;
use crate::write::write_new_file;

/// Months between two reviews, unless the team says otherwise.
pub(crate) const DEFAULT_REVIEW_MONTHS: u32 = 12;

/// What a scaffold says about the team, besides its clauses.
#[derive(Debug, Clone)]
pub(crate) struct Profile {
    pub organisation: String,
    pub team: String,
    pub owner: Owner,
    pub review_months: u32,
    pub tools: Vec<Tool>,
    pub uses: Vec<Use>,
    /// Clause texts written instead of the suggested wording, by clause id.
    pub clauses: IndexMap<String, String>,
    /// Notes written above a clause, by clause id (its wording disagrees with the answers).
    pub notes: IndexMap<String, Vec<String>>,
}

impl Profile {
    /// Example values in `lang`, bracketed where the team must fill them in.
    pub(crate) fn example(catalogue: &Catalogue, lang: Lang, organisation: Option<&str>) -> Self {
        let t = |key: &str| catalogue.messages.text(key, lang, &[]);
        let placeholder = |key: &str| format!("[{}]", t(key));
        Self {
            organisation: organisation
                .map_or_else(|| placeholder("init-organisation"), str::to_owned),
            team: t("init-team"),
            owner: Owner {
                name: placeholder("init-owner-name"),
                role: Some(t("init-owner-role")),
                contact: Some(placeholder("init-owner-contact")),
            },
            review_months: DEFAULT_REVIEW_MONTHS,
            tools: vec![Tool {
                id: "assistant".to_owned(),
                name: t("init-tool-name"),
                approved: true,
                accounts: Some(t("init-tool-accounts")),
                data: vec!["public".to_owned(), "internal".to_owned()],
                high_risk: false,
            }],
            uses: vec![
                Use {
                    id: "summaries".to_owned(),
                    description: t("init-use-summaries"),
                    status: Status::Conditional,
                    why: Some(t("init-use-summaries-why")),
                    tools: vec!["assistant".to_owned()],
                    conditions: vec![t("init-use-summaries-condition")],
                    public_facing: false,
                },
                Use {
                    id: "realistic-images".to_owned(),
                    description: t("init-use-images"),
                    status: Status::Forbidden,
                    why: Some(t("init-use-images-why")),
                    tools: Vec::new(),
                    conditions: Vec::new(),
                    public_facing: false,
                },
            ],
            clauses: IndexMap::new(),
            notes: IndexMap::new(),
        }
    }
}

/// Runs `charter init`: guided by questions on a terminal or by answer flags, else the
/// example scaffold.
pub(crate) fn run(
    args: &InitArgs,
    catalogue: &Catalogue,
    today: Date,
) -> Result<Output, UsageError> {
    let guided = guided_init::answers(args, catalogue)?;
    let packs = if !args.packs.is_empty() {
        args.packs.clone()
    } else if let Some(answers) = &guided {
        answers.packs(&catalogue.uses)
    } else {
        Vec::new()
    };
    let selection =
        Selection::resolve_or_default(catalogue, &packs, Path::new(".")).map_err(|e| {
            let (messages, lang) = (&catalogue.messages, args.lang);
            UsageError::new(
                crate::pipeline::pack_error_text(&e, messages, lang),
                Some(messages.text("import-packs-hint", lang, &[])),
            )
        })?;
    let profile = match &guided {
        Some(answers) => answers.profile(catalogue, args.lang),
        None => Profile::example(catalogue, args.lang, args.org.as_deref()),
    };
    let text = scaffold(catalogue, &selection, &profile, args.lang, today);
    let unused = unused_tools(catalogue, &profile, args.lang);
    if args.output == Path::new("-") {
        return Ok(Output {
            stderr: unused,
            ..Output::stdout(text)
        });
    }
    write_new_file(&args.output, &text, args.force)
        .map_err(|e| UsageError::not_written(&e, &catalogue.messages, args.lang))?;
    let shown = args.output.display().to_string();
    let note = catalogue.messages.text(
        "init-written",
        args.lang,
        &[
            &shown,
            &selection.clauses.len().to_string(),
            &selection.packs.join(", "),
        ],
    );
    Ok(Output {
        stderr: format!("{unused}{note}\n"),
        ..Output::default()
    })
}

/// A line for each tool that serves no use yet (the team did not choose it for any).
fn unused_tools(catalogue: &Catalogue, profile: &Profile, lang: Lang) -> String {
    let mut out = String::new();
    for tool in &profile.tools {
        if !profile.uses.iter().any(|u| u.tools.contains(&tool.id)) {
            let line = catalogue
                .messages
                .text("init-tool-unused", lang, &[&tool.name, &tool.id]);
            let _ = writeln!(out, "{line}");
        }
    }
    out
}

/// The date `months` after `today` (the day kept at most 28, so that it always exists).
pub(crate) fn months_after(today: Date, months: u32) -> Date {
    let total = u32::from(today.month) - 1 + months;
    Date {
        year: today
            .year
            .saturating_add(u16::try_from(total / 12).unwrap_or(u16::MAX)),
        month: u8::try_from(total % 12 + 1).unwrap_or(1),
        day: today.day.min(28),
    }
}

/// The scaffold text.
pub(crate) fn scaffold(
    catalogue: &Catalogue,
    selection: &Selection,
    profile: &Profile,
    lang: Lang,
    today: Date,
) -> String {
    let t = |key: &str| catalogue.messages.text(key, lang, &[]);
    let marker = t("init-marker");
    let mut out = String::new();
    let _ = writeln!(out, "# yaml-language-server: $schema=./charter.schema.json");
    let _ = writeln!(out, "# (charter schema > charter.schema.json)");
    for line in t("init-header").lines() {
        let _ = writeln!(out, "# {line}");
    }
    let _ = writeln!(out, "charter: 1");
    let _ = writeln!(out, "title: {}", scalar(&t("init-title")));
    let _ = writeln!(out, "organisation: {}", scalar(&profile.organisation));
    let _ = writeln!(out, "team: {}", scalar(&profile.team));
    let _ = writeln!(out, "lang: {}", lang.code());
    let _ = writeln!(out, "packs: [{}]", selection.packs.join(", "));
    let _ = writeln!(out, "owner:");
    let _ = writeln!(out, "  name: {}", scalar(&profile.owner.name));
    if let Some(role) = &profile.owner.role {
        let _ = writeln!(out, "  role: {}", scalar(role));
    }
    if let Some(contact) = &profile.owner.contact {
        let _ = writeln!(out, "  contact: {}", scalar(contact));
    }
    let next_review = months_after(today, profile.review_months);
    let _ = writeln!(
        out,
        "review:\n  every_months: {}\n  next: {next_review}",
        profile.review_months
    );
    let _ = writeln!(out, "\n# {}", t("init-tools-comment"));
    write_tools(&mut out, &profile.tools);
    let _ = writeln!(out, "\n# {}", t("init-uses-comment"));
    write_uses(&mut out, &profile.uses);
    let _ = writeln!(out, "\n# {}", t("init-clauses-comment"));
    let _ = writeln!(out, "clauses:");
    for id in selection.clauses.keys() {
        let Some(spec) = catalogue.clause(id) else {
            continue;
        };
        let _ = writeln!(out, "  # {}", spec.title.get(lang));
        for note in profile.notes.get(id).into_iter().flatten() {
            let _ = writeln!(out, "  # {note}");
        }
        let _ = writeln!(out, "  {id}: |");
        let _ = writeln!(out, "    {marker}");
        let text = profile
            .clauses
            .get(id)
            .unwrap_or_else(|| spec.suggested.get(lang));
        for line in text.trim_end().lines() {
            if line.trim().is_empty() {
                out.push('\n');
            } else {
                let _ = writeln!(out, "    {line}");
            }
        }
    }
    out
}

/// A flow sequence of plain words: `[a, b]`.
fn flow(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|i| scalar(i)).collect();
    format!("[{}]", items.join(", "))
}

fn write_tools(out: &mut String, tools: &[Tool]) {
    if tools.is_empty() {
        out.push_str("tools: []\n");
        return;
    }
    out.push_str("tools:\n");
    for tool in tools {
        let _ = writeln!(out, "  - id: {}", scalar(&tool.id));
        let _ = writeln!(out, "    name: {}", scalar(&tool.name));
        let _ = writeln!(out, "    approved: {}", tool.approved);
        if let Some(accounts) = &tool.accounts {
            let _ = writeln!(out, "    accounts: {}", scalar(accounts));
        }
        if !tool.data.is_empty() {
            let _ = writeln!(out, "    data: {}", flow(&tool.data));
        }
        if tool.high_risk {
            out.push_str("    high-risk: true\n");
        }
    }
}

fn write_uses(out: &mut String, uses: &[Use]) {
    if uses.is_empty() {
        out.push_str("uses: []\n");
        return;
    }
    out.push_str("uses:\n");
    for use_ in uses {
        let _ = writeln!(out, "  - id: {}", scalar(&use_.id));
        let _ = writeln!(out, "    description: {}", scalar(&use_.description));
        let _ = writeln!(out, "    status: {}", use_.status.as_str());
        if let Some(why) = &use_.why {
            let _ = writeln!(out, "    why: {}", scalar(why));
        }
        if !use_.tools.is_empty() {
            let _ = writeln!(out, "    tools: {}", flow(&use_.tools));
        }
        if !use_.conditions.is_empty() {
            out.push_str("    conditions:\n");
            for condition in &use_.conditions {
                let _ = writeln!(out, "      - {}", scalar(condition));
            }
        }
        if use_.public_facing {
            out.push_str("    public-facing: true\n");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn review_dates_roll_over_years() {
        let today = Date {
            year: 2026,
            month: 11,
            day: 30,
        };
        assert_eq!(months_after(today, 12).to_string(), "2027-11-28");
        assert_eq!(months_after(today, 3).to_string(), "2027-02-28");
        assert_eq!(months_after(today, 1).to_string(), "2026-12-28");
    }
}
