//! Checks of a YAML charter: clauses against the packs, uses and tools, owner, review, waivers.

use std::collections::HashMap;

use super::clause_text::{self, TextProblem};
use super::detect::Analysed;
use super::{Coverage, Sink, Status};
use crate::diag::{Code, Severity};
use crate::load::charter::LoadedCharter;
use crate::model::charter::Status as UseStatus;
use crate::policy::catalogue::Catalogue;
use crate::policy::selection::{Selection, Triggers};
use crate::policy::suggested::SuggestedSentences;
use crate::text::span::Span;

/// What the charter declares that switches conditional clauses on.
pub fn triggers(loaded: &LoadedCharter) -> Triggers {
    let charter = &loaded.charter;
    Triggers {
        public_facing: charter
            .uses
            .iter()
            .any(|u| u.public_facing && u.status != UseStatus::Forbidden),
        high_risk: charter.tools.iter().any(|t| t.high_risk),
    }
}

/// Runs every charter check; returns the coverage of the selected clauses.
pub fn check(sink: &mut Sink, loaded: &LoadedCharter, selection: &Selection) -> Vec<Coverage> {
    let coverage = check_clauses(sink, loaded, selection);
    check_waivers(sink, loaded, selection);
    check_tools_and_uses(sink, loaded);
    check_owner_and_review(sink, loaded);
    check_placeholders_in_fields(sink, loaded);
    super::hidden::check(sink, &loaded.source.text);
    coverage
}

fn check_clauses(sink: &mut Sink, loaded: &LoadedCharter, selection: &Selection) -> Vec<Coverage> {
    let charter = &loaded.charter;
    let locator = &loaded.locator;
    let triggers = triggers(loaded);
    let catalogue = sink.context().catalogue;
    let lexicon = sink.context().lexicon;
    for id in charter.clauses.keys() {
        sink.unknown_clause(id, locator.key(&format!("clauses.{id}")));
    }
    let mut coverage = Vec::new();
    for (id, requirement) in &selection.clauses {
        let level = requirement.severity(triggers);
        let path = format!("clauses.{id}");
        let (status, span) = if charter.waivers.contains_key(id) {
            (Status::Waived, locator.key(&format!("waivers.{id}")))
        } else if let Some(text) = charter.clauses.get(id) {
            let suggested = suggested_of(catalogue, id);
            let problem = clause_text::judge(text.as_deref(), suggested.as_ref(), lexicon);
            report_text_problem(sink, loaded, id, text.as_deref(), problem.as_ref(), level);
            let status = match problem {
                None if is_off_topic(sink, id, text.as_deref().unwrap_or("")) => {
                    sink.push_clause(
                        Code::OffTopicClause,
                        Severity::Warning,
                        id,
                        locator.key(&path),
                        &[],
                    );
                    Status::Missing
                }
                None => Status::Covered,
                Some(TextProblem::Vague) => Status::Vague,
                Some(_) => Status::Missing,
            };
            (status, locator.key(&path))
        } else {
            let span = locator.key("clauses").or_else(|| locator.key("title"));
            sink.push_clause(Code::MissingClause, level, id, span, &[]);
            (Status::Missing, span)
        };
        coverage.push(Coverage {
            clause: id.clone(),
            status,
            level,
            span,
        });
    }
    for (id, text) in &charter.clauses {
        if catalogue.clause(id).is_some() && selection.requirement(id).is_none() {
            let suggested = suggested_of(catalogue, id);
            let problem = clause_text::judge(text.as_deref(), suggested.as_ref(), lexicon);
            report_text_problem(
                sink,
                loaded,
                id,
                text.as_deref(),
                problem.as_ref(),
                Severity::Warning,
            );
        }
    }
    coverage
}

/// The suggested sentences a clause text must not repeat unchanged: its own wording and
/// the per-use wording of the guided init.
fn suggested_of(catalogue: &Catalogue, id: &str) -> Option<SuggestedSentences> {
    catalogue
        .clause(id)
        .map(|spec| SuggestedSentences::of([spec], &catalogue.uses))
}

/// Whether a clause text never mentions its clause's topic, in either language.
fn is_off_topic(sink: &Sink, id: &str, text: &str) -> bool {
    let context = sink.context();
    let Some(clause) = context.detector.position(id) else {
        return false;
    };
    let document = crate::load::draft::parse(text, crate::load::draft::DraftFormat::Markdown);
    let analysed = Analysed::new(
        &document,
        context.lexicon,
        context.detector,
        context.lexicon.read(),
    );
    !analysed.mentions(clause)
}

fn report_text_problem(
    sink: &mut Sink,
    loaded: &LoadedCharter,
    id: &str,
    text: Option<&str>,
    problem: Option<&TextProblem>,
    level: Severity,
) {
    let path = format!("clauses.{id}");
    match problem {
        None => {}
        Some(TextProblem::Empty) => {
            sink.push_clause(Code::EmptyClause, level, id, loaded.locator.key(&path), &[]);
        }
        Some(TextProblem::Placeholder(found, range)) => {
            let span = range
                .as_ref()
                .and_then(|r| find_in_value(loaded, &path, &text.unwrap_or("")[r.clone()]))
                .or_else(|| loaded.locator.value(&path));
            let place =
                sink.context()
                    .catalogue
                    .messages
                    .text("place-clause", sink.context().lang, &[id]);
            sink.push_clause(
                Code::PlaceholderText,
                level,
                id,
                span,
                &[("found", found), ("place", &place)],
            );
        }
        Some(TextProblem::Vague) => {
            sink.push_clause(
                Code::VagueClause,
                Severity::Warning,
                id,
                loaded.locator.key(&path),
                &[],
            );
        }
    }
}

/// The span of `needle` (its first line) inside the source of the value at `path`.
fn find_in_value(loaded: &LoadedCharter, path: &str, needle: &str) -> Option<Span> {
    let value = loaded.locator.value(path)?;
    let needle = needle.lines().next().filter(|n| !n.is_empty())?;
    let source = &loaded.source.text;
    let start = value.start + source.get(value.start..)?.find(needle)?;
    Some(Span::new(start, start + needle.len()))
}

fn check_waivers(sink: &mut Sink, loaded: &LoadedCharter, selection: &Selection) {
    for (id, reason) in &loaded.charter.waivers {
        let span = loaded.locator.key(&format!("waivers.{id}"));
        sink.waiver(id, reason.as_deref(), span, selection);
    }
}

/// How many unknown tool names get a "did you mean" (time stays linear in the charter).
const SUGGESTED_TOOLS: usize = 100;

fn check_tools_and_uses(sink: &mut Sink, loaded: &LoadedCharter) {
    let charter = &loaded.charter;
    let locator = &loaded.locator;
    let lang = sink.context().lang;
    let messages = &sink.context().catalogue.messages;
    let kind_tool = messages.text("kind-tool", lang, &[]);
    let kind_use = messages.text("kind-use", lang, &[]);
    report_duplicates(
        sink,
        loaded,
        "tools",
        &kind_tool,
        charter.tools.iter().map(|t| t.id.as_str()),
    );
    report_duplicates(
        sink,
        loaded,
        "uses",
        &kind_use,
        charter.uses.iter().map(|u| u.id.as_str()),
    );
    let tools: HashMap<&str, bool> = charter
        .tools
        .iter()
        .map(|t| (t.id.as_str(), t.approved))
        .collect();
    // Each suggestion compares a name with every tool: only the first ones get one.
    let mut suggestions = SUGGESTED_TOOLS;
    for (i, use_) in charter.uses.iter().enumerate() {
        let base = format!("uses.{i}");
        let id = use_.id.as_str();
        if use_.why.as_deref().unwrap_or("").trim().is_empty() {
            let span = locator
                .key(&format!("{base}.why"))
                .or_else(|| locator.value(&format!("{base}.id")));
            sink.push(
                Code::MissingWhy,
                Severity::Error,
                None,
                span,
                &[("use", id)],
            );
        }
        if use_.status == UseStatus::Conditional
            && use_.conditions.iter().all(|c| c.trim().is_empty())
        {
            let span = locator
                .key(&format!("{base}.conditions"))
                .or_else(|| locator.value(&format!("{base}.status")));
            sink.push(
                Code::MissingConditions,
                Severity::Error,
                None,
                span,
                &[("use", id)],
            );
        }
        for (j, tool) in use_.tools.iter().enumerate() {
            let span = locator.value(&format!("{base}.tools.{j}"));
            match tools.get(tool.as_str()) {
                None => {
                    let mut hint = messages.hidden_characters(lang, tool);
                    if suggestions > 0 {
                        suggestions -= 1;
                        hint += &messages.did_you_mean(lang, tool, tools.keys().copied());
                    }
                    sink.push(
                        Code::UnknownTool,
                        Severity::Error,
                        None,
                        span,
                        &[("use", id), ("tool", tool), ("hint", &hint)],
                    );
                }
                Some(false) if use_.status != UseStatus::Forbidden => {
                    let status =
                        messages.text(&format!("status-{}", use_.status.as_str()), lang, &[]);
                    sink.push(
                        Code::UnapprovedTool,
                        Severity::Error,
                        None,
                        span,
                        &[("use", id), ("tool", tool), ("status", &status)],
                    );
                }
                Some(_) => {}
            }
        }
    }
}

fn report_duplicates<'i>(
    sink: &mut Sink,
    loaded: &LoadedCharter,
    list: &str,
    kind: &str,
    ids: impl Iterator<Item = &'i str>,
) {
    let mut first_seen: HashMap<&str, usize> = HashMap::new();
    for (i, id) in ids.enumerate() {
        if let Some(first) = first_seen.get(id) {
            let first_line =
                loaded
                    .locator
                    .value(&format!("{list}.{first}.id"))
                    .map_or(0, |span| {
                        loaded
                            .source
                            .lines
                            .position(&loaded.source.text, span.start)
                            .line
                    });
            let span = loaded.locator.value(&format!("{list}.{i}.id"));
            sink.push(
                Code::DuplicateId,
                Severity::Error,
                None,
                span,
                &[
                    ("kind", kind),
                    ("id", id),
                    ("line", &first_line.to_string()),
                ],
            );
        } else {
            first_seen.insert(id, i);
        }
    }
}

fn check_owner_and_review(sink: &mut Sink, loaded: &LoadedCharter) {
    let charter = &loaded.charter;
    let locator = &loaded.locator;
    match &charter.owner {
        None => sink.push(
            Code::MissingOwner,
            Severity::Warning,
            None,
            locator.key("title"),
            &[],
        ),
        Some(owner) if owner.contact.as_deref().unwrap_or("").trim().is_empty() => {
            sink.push(
                Code::OwnerContact,
                Severity::Warning,
                None,
                locator.key("owner"),
                &[("name", &owner.name)],
            );
        }
        Some(_) => {}
    }
    match charter.review.as_ref().and_then(|r| r.next) {
        None => {
            let span = locator.key("review").or_else(|| locator.key("title"));
            sink.push(Code::MissingReview, Severity::Warning, None, span, &[]);
        }
        Some(next) if next < sink.context().today => {
            let context = sink.context();
            let date = context.catalogue.messages.date(context.lang, next);
            sink.push(
                Code::ReviewOverdue,
                Severity::Warning,
                None,
                locator.value("review.next"),
                &[("date", &date)],
            );
        }
        Some(_) => {}
    }
}

fn check_placeholders_in_fields(sink: &mut Sink, loaded: &LoadedCharter) {
    let charter = &loaded.charter;
    let mut fields: Vec<(String, &str)> = vec![("title".into(), charter.title.as_str())];
    fields.extend(
        charter
            .organisation
            .as_deref()
            .map(|v| ("organisation".into(), v)),
    );
    fields.extend(charter.team.as_deref().map(|v| ("team".into(), v)));
    if let Some(owner) = &charter.owner {
        fields.push(("owner.name".into(), owner.name.as_str()));
        fields.extend(owner.role.as_deref().map(|v| ("owner.role".into(), v)));
        fields.extend(
            owner
                .contact
                .as_deref()
                .map(|v| ("owner.contact".into(), v)),
        );
    }
    for (i, tool) in charter.tools.iter().enumerate() {
        fields.push((format!("tools.{i}.name"), tool.name.as_str()));
    }
    for (i, use_) in charter.uses.iter().enumerate() {
        fields.push((format!("uses.{i}.description"), use_.description.as_str()));
        fields.extend(use_.why.as_deref().map(|v| (format!("uses.{i}.why"), v)));
        for (j, condition) in use_.conditions.iter().enumerate() {
            fields.push((format!("uses.{i}.conditions.{j}"), condition.as_str()));
        }
    }
    for (id, reason) in &charter.waivers {
        fields.extend(reason.as_deref().map(|v| (format!("waivers.{id}"), v)));
    }
    let lexicon = sink.context().lexicon;
    for (path, value) in fields {
        if let Some(TextProblem::Placeholder(found, range)) =
            clause_text::placeholder_in(value, None, lexicon)
        {
            let span = range
                .and_then(|r| find_in_value(loaded, &path, &value[r]))
                .or_else(|| loaded.locator.value(&path));
            let place = sink.context().catalogue.messages.text(
                "place-field",
                sink.context().lang,
                &[&path],
            );
            sink.push(
                Code::PlaceholderText,
                Severity::Warning,
                None,
                span,
                &[("found", &found), ("place", &place)],
            );
        }
    }
}
