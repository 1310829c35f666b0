//! `charter import`: a free-text draft moved into a YAML charter without losing a word.
//!
//! The draft is cut at its headings ([`crate::load::draft_sections`]); each part is analysed
//! on its own with the detection `lint` uses, and goes, as written, under the clause it
//! covers ([`mapping`]) or, when it speaks of none, under `extra`. The title, the
//! organisation and the draft's waiver comments are carried over; the clauses of the packs
//! that the draft lacks are listed as comments with their suggested wording.

mod groups;
mod mapping;
mod rescue;

use std::fmt::Write as _;
use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;

use super::yaml_out::{block, block_lines, comment, scalar};
use super::{Output, UsageError};
use crate::check::clause_text::placeholder_in;
use crate::check::detect::{detect_lang, langs_of, Analysed, Folding, Verdict};
use crate::check::placeholders;
use crate::cli::ImportArgs;
use crate::load::draft::{self, paragraphs, DraftFormat, PackageFormat};
use crate::load::draft_sections::{self, DraftText};
use crate::load::source::{read_source, Utf8, DEFAULT_MAX_BYTES};
use crate::model::charter::Charter;
use crate::model::document::{Document, Section};
use crate::model::lang::Lang;
use crate::pipeline::{pack_error_text, package_reason, read_reason};
use crate::policy::catalogue::Catalogue;
use crate::policy::detector::Detector;
use crate::policy::lexicon::Lexicon;
use crate::policy::selection::{Selection, Triggers};
use crate::write::write_new_file;
use mapping::Score;

/// A piece of the draft that goes to one place of the charter: one section, or a heading
/// with nothing under it and the sections nested below it, or a paragraph taken out of one
/// ([`rescue`]).
#[derive(Clone)]
struct Unit {
    /// The text as written, heading lines included.
    text: String,
    /// Byte offset in `text` where the body starts (after the first heading's lines).
    body: usize,
    /// The first heading, as plain text.
    heading: Option<String>,
    first_line: usize,
    /// The draft line of each line of `text`.
    lines: Vec<usize>,
    /// Heading level of its first section (0: text before the first heading).
    level: u8,
    /// The sections it is analysed as.
    sections: Vec<Section>,
    /// The clauses its heading names: it goes to one of them (detector order).
    named: Vec<usize>,
    /// A copy of draft text that stays in its place under this clause too ([`rescue::quote`]).
    quoted: Option<usize>,
}

/// The draft read and shared out: what the charter is written from.
struct Imported {
    title: Option<String>,
    organisation: Option<String>,
    front_matter: Option<String>,
    units: Vec<Unit>,
    assignment: mapping::Assignment,
    waivers: Vec<(String, Option<String>)>,
    /// Lines are paragraph numbers (a word-processor draft).
    paragraphs: bool,
}

impl Imported {
    /// Turns the lines of a word-processor draft's Markdown into its paragraph numbers.
    fn number_paragraphs(&mut self, paragraph_of: &[usize]) {
        let number = |line: usize| {
            paragraph_of
                .get(line.saturating_sub(1))
                .copied()
                .unwrap_or(line)
        };
        for unit in &mut self.units {
            unit.first_line = number(unit.first_line);
        }
        for (_, _, line) in &mut self.assignment.inside {
            *line = number(*line);
        }
        self.paragraphs = true;
    }
}

/// Runs `charter import`.
pub(crate) fn run(
    args: &ImportArgs,
    catalogue: &Catalogue,
    lexicon: &Lexicon,
    detector: &Detector,
) -> Result<Output, UsageError> {
    let message_lang = super::message_lang(args.lang).for_file(None);
    let t = |key: &str, values: &[&str]| catalogue.messages.text(key, message_lang, values);
    let shown = args.draft.display().to_string();
    let name = args
        .draft
        .file_name()
        .map_or_else(|| shown.clone(), |n| n.to_string_lossy().into_owned());
    let unreadable =
        |reason: String| UsageError::new(t("import-unreadable", &[&shown, &reason]), None);
    // A word-processor draft is imported from its Markdown.
    let (format, text, paragraph_of) = if let Some(package) = PackageFormat::of(&args.draft) {
        let paragraphs =
            draft::read_package(&args.draft, package, DEFAULT_MAX_BYTES).map_err(|e| {
                unreadable(package_reason(e, &catalogue.messages, message_lang, |e| {
                    read_reason(&e, DEFAULT_MAX_BYTES, &catalogue.messages, message_lang)
                }))
            })?;
        let (markdown, paragraph_of) = paragraphs::markdown(&paragraphs);
        (DraftFormat::Markdown, markdown, Some(paragraph_of))
    } else {
        let format = DraftFormat::of(&args.draft)
            .ok_or_else(|| UsageError::new(t("import-not-draft", &[&shown]), None))?;
        let text = read_source(&args.draft, DEFAULT_MAX_BYTES, Utf8::Strict).map_err(|e| {
            unreadable(read_reason(
                &e,
                DEFAULT_MAX_BYTES,
                &catalogue.messages,
                message_lang,
            ))
        })?;
        (format, text, None)
    };
    let selection =
        Selection::resolve_or_default(catalogue, &args.packs, Path::new(".")).map_err(|e| {
            UsageError::new(
                pack_error_text(&e, &catalogue.messages, message_lang),
                Some(t("import-packs-hint", &[])),
            )
        })?;
    // A lone CR ends a line for the Markdown parser as for people; make it a LF so that
    // the parser's lines are the lines the draft is cut at.
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    };
    let document = draft::parse(&text, format);
    let detected = detect_lang(&document, lexicon);
    let mut notes = String::new();
    let lang = match (args.lang, detected) {
        (Some(lang), _) => lang,
        (None, detected) => Lang::new(detected).unwrap_or_else(|| {
            notes.push_str(&t("import-lang-mixed", &[Lang::EN.code()]));
            notes.push('\n');
            Lang::EN
        }),
    };
    let cut = draft_sections::cut(&text, &document);
    let wanted: Vec<usize> = selection
        .clauses
        .keys()
        .filter_map(|id| detector.position(id))
        .collect();
    let draft = Draft {
        document: &document,
        cut,
        format,
    };
    let mut imported = read_draft(
        draft,
        &wanted,
        catalogue,
        lexicon,
        detector,
        &langs_of(detected, lexicon),
    );
    if let Some(paragraph_of) = &paragraph_of {
        imported.number_paragraphs(paragraph_of);
    }
    let yaml = charter_text(&imported, catalogue, detector, &selection, lang, &name);
    verify(&yaml, &imported, detector).map_err(|reason| {
        UsageError::new(t("import-internal", &[&shown, &reason.to_string()]), None)
    })?;
    if args.output == Path::new("-") {
        return Ok(Output {
            stdout: yaml,
            stderr: notes,
            code: 0,
        });
    }
    write_new_file(&args.output, &yaml, args.force)
        .map_err(|e| UsageError::not_written(&e, &catalogue.messages, message_lang))?;
    let clauses = clause_texts(&imported, detector).len();
    let extra = extra_units(&imported).len();
    let missing = missing_clauses(&imported, detector, &selection).len();
    let output = args.output.display().to_string();
    let note = catalogue.messages.text(
        "import-written",
        lang,
        &[
            &output,
            &clauses.to_string(),
            &extra.to_string(),
            &missing.to_string(),
            &selection.packs.join(", "),
        ],
    );
    notes.push_str(&note);
    notes.push('\n');
    Ok(Output {
        stderr: notes,
        ..Output::default()
    })
}

/// The draft as read: its document, its lines cut at the headings, and its format.
struct Draft<'a> {
    document: &'a Document,
    cut: DraftText,
    format: DraftFormat,
}

/// The draft's title, organisation, units and their clauses; `wanted` are the clauses of
/// the packs (detector order).
fn read_draft(
    draft: Draft<'_>,
    wanted: &[usize],
    catalogue: &Catalogue,
    lexicon: &Lexicon,
    detector: &Detector,
    langs: &[Lang],
) -> Imported {
    let Draft {
        document,
        cut,
        format,
    } = draft;
    let title_section = document
        .sections
        .iter()
        .position(|s| s.heading.is_some())
        .filter(|&i| i == 0 || document.sections[i].level == 1);
    let front = cut.front_matter.as_deref().unwrap_or("");
    let title = title_section
        .and_then(|i| cut.parts.iter().find(|p| p.section == Some(i)))
        .and_then(|p| heading_source(&p.text, p.heading_lines))
        .or_else(|| field(front, &["title"]));
    let labels = organisation_labels(catalogue);
    let organisation = field(front, &labels).or_else(|| {
        cut.parts
            .iter()
            .take_while(|p| p.section.is_none_or(|i| Some(i) <= title_section || i == 0))
            .find_map(|p| field(&p.text, &labels))
    });
    let mut units = units(document, &cut, title_section);
    let score_of = |sections: &[Section], first_line: usize| {
        score(sections.to_vec(), first_line, lexicon, detector, langs)
    };
    // A section keeps the sections nested below it, unless one's heading names another clause.
    for unit in &mut units {
        unit.named = score_of(&unit.sections, unit.first_line)
            .into_iter()
            .filter(|s| s.named)
            .map(|s| s.clause)
            .collect();
    }
    let parts: Vec<groups::Part> = units
        .iter()
        .map(|unit| groups::Part {
            level: unit.level,
            headed: unit.heading.is_some(),
            named: unit.named.clone(),
        })
        .collect();
    let group_of = groups::group(&parts);
    let group_count = group_of.iter().max().map_or(0, |g| g + 1);
    let scores: Vec<Vec<Score>> = (0..group_count)
        .map(|g| {
            let members: Vec<&Unit> = units
                .iter()
                .zip(&group_of)
                .filter(|(_, of)| **of == g)
                .map(|(unit, _)| unit)
                .collect();
            let sections: Vec<Section> = members
                .iter()
                .flat_map(|u| u.sections.iter().cloned())
                .collect();
            score_of(&sections, members.first().map_or(1, |u| u.first_line))
        })
        .collect();
    let by_group = mapping::assign(&scores, detector.clauses.len());
    let mut assignment = mapping::Assignment {
        owner: group_of.iter().map(|&g| by_group.owner[g]).collect(),
        inside: by_group.inside,
    };
    // The draft as `lint` judges it: without the text it finds unwritten (placeholders).
    let unwritten = placeholders::find(document, &Folding::new(document), catalogue, lexicon);
    let written = unwritten.as_ref().map_or(document, |u| &u.written);
    let whole = Analysed::new(written, lexicon, detector, langs);
    let verdicts: Vec<Verdict> = (0..detector.clauses.len())
        .map(|clause| whole.verdict(clause))
        .collect();
    let suggested = catalogue.suggested_sentences();
    let placeholder = |text: &str| placeholder_in(text, Some(suggested), lexicon).is_some();
    // A unit left unwritten does not hold a clause the draft covers elsewhere: it would make
    // that clause placeholder text; it goes to `extra`.
    for (unit, owner) in units.iter().zip(assignment.owner.iter_mut()) {
        let body = unit.text.get(unit.body..).unwrap_or_default();
        if owner.is_some_and(|c| verdicts[c] != Verdict::Missing) && placeholder(body) {
            *owner = None;
        }
    }
    // A clause of the packs that the draft covers but that no unit went to gets a piece of
    // the text that covers it: the draft's evidence first, then each unit's own.
    let unit_scores: Vec<Vec<Score>> = units
        .iter()
        .map(|unit| score_of(&unit.sections, unit.first_line))
        .collect();
    // Written and on topic, as `lint` judges a clause text of a charter.
    let speaks = |text: &str, clause: usize| {
        let piece = draft::parse(text, format);
        !placeholder(text)
            && Analysed::new(&piece, lexicon, detector, lexicon.read()).mentions(clause)
    };
    // First without taking text another clause needs, then letting a clause give up its
    // text when it finds other text.
    for moves in [0, rescue::MOVES] {
        for &clause in wanted {
            let line = match verdicts[clause] {
                Verdict::Covered(line) | Verdict::Vague(line) => line,
                Verdict::Missing => continue,
            };
            if assignment.owner.contains(&Some(clause)) {
                continue;
            }
            let mut lines = vec![line];
            for score in unit_scores.iter().flatten().filter(|s| s.clause == clause) {
                if !lines.contains(&score.line) {
                    lines.push(score.line);
                }
            }
            // Last, a copy of the text the clause shares with another one.
            let found = rescue::take(
                &mut units,
                &mut assignment.owner,
                clause,
                &lines,
                &speaks,
                moves,
            ) || (moves > 0
                && rescue::quote(&mut units, &mut assignment.owner, clause, &lines, &speaks));
            if found {
                assignment.inside.retain(|(c, _, _)| *c != clause);
            }
        }
    }
    let mut waivers: Vec<(String, Option<String>)> = Vec::new();
    for waiver in &document.waivers {
        // Two waivers of one clause: one entry whose reason keeps both, line after line.
        match waivers.iter_mut().find(|(id, _)| *id == waiver.clause) {
            Some((_, reason)) => {
                if let Some(more) = &waiver.reason {
                    *reason = Some(match reason.take() {
                        Some(first) => format!("{first}\n{more}"),
                        None => more.clone(),
                    });
                }
            }
            None => waivers.push((waiver.clause.clone(), waiver.reason.clone())),
        }
    }
    Imported {
        title,
        organisation,
        front_matter: cut.front_matter,
        units,
        assignment,
        waivers,
        paragraphs: false,
    }
}

/// The units of the draft, each with the sections it is analysed as (the title's heading
/// left out: it becomes the charter's title).
fn units(document: &Document, cut: &DraftText, title_section: Option<usize>) -> Vec<Unit> {
    let mut units: Vec<Unit> = Vec::new();
    let mut pending: Option<Unit> = None;
    for (k, part) in cut.parts.iter().enumerate() {
        let Some(index) = part.section else {
            units.push(Unit {
                text: part.text.clone(),
                body: 0,
                heading: None,
                first_line: part.first_line,
                lines: part.lines.clone(),
                level: 0,
                sections: Vec::new(),
                named: Vec::new(),
                quoted: None,
            });
            continue;
        };
        let mut section = document.sections[index].clone();
        let mut text = part.text.clone();
        let mut lines = part.lines.clone();
        let mut body = line_offset(&text, part.heading_lines);
        if Some(index) == title_section {
            text.replace_range(..body, "");
            lines.drain(..part.heading_lines.min(lines.len()));
            body = 0;
            section.heading = None;
            if text.trim_matches([' ', '\t', '\n']).is_empty() {
                continue;
            }
        }
        let heading = section
            .heading
            .as_ref()
            .and_then(|_| heading_source(&part.text, part.heading_lines));
        let mut unit = match pending.take() {
            Some(mut unit) => {
                unit.text.push_str(&text);
                unit.lines.extend(lines);
                unit.sections.push(section.clone());
                unit
            }
            None => Unit {
                text,
                body,
                heading,
                first_line: part.first_line,
                lines,
                level: section.level,
                sections: vec![section.clone()],
                named: Vec::new(),
                quoted: None,
            },
        };
        let next_is_nested = cut
            .parts
            .get(k + 1)
            .and_then(|p| p.section)
            .is_some_and(|j| {
                document.sections[j].level > section.level && section.heading.is_some()
            });
        if section.blocks.is_empty() && next_is_nested {
            pending = Some(unit);
        } else {
            unit.text
                .truncate(unit.text.trim_end_matches([' ', '\t', '\n']).len());
            unit.text.push('\n');
            unit.body = unit.body.min(unit.text.len());
            units.push(unit);
        }
    }
    units.extend(pending);
    units
}

/// A heading as written, without its Markdown marks (`## `, closing `#`s, the underline of
/// a two-line heading): links and inline HTML are kept.
fn heading_source(text: &str, heading_lines: usize) -> Option<String> {
    let lines: Vec<&str> = text.lines().take(heading_lines.max(1)).collect();
    let first = lines.first()?.trim();
    let heading = if first.starts_with('#') {
        let inner = first.trim_start_matches('#');
        let closed = inner.trim_end_matches('#');
        let inner =
            if closed.len() < inner.len() && (closed.is_empty() || closed.ends_with([' ', '\t'])) {
                closed
            } else {
                inner
            };
        inner.trim().to_owned()
    } else {
        let text_lines = if lines.len() > 1 {
            &lines[..lines.len() - 1]
        } else {
            &lines[..]
        };
        text_lines
            .iter()
            .map(|l| l.trim())
            .collect::<Vec<_>>()
            .join(" ")
    };
    Some(heading).filter(|h| !h.is_empty())
}

/// The byte offset after the first `lines` lines of `text`.
fn line_offset(text: &str, lines: usize) -> usize {
    text.split_inclusive('\n').take(lines).map(str::len).sum()
}

/// How clearly a unit speaks of each clause, from the lint detection run on it alone.
fn score(
    sections: Vec<Section>,
    first_line: usize,
    lexicon: &Lexicon,
    detector: &Detector,
    langs: &[Lang],
) -> Vec<Score> {
    if sections.is_empty() {
        return Vec::new();
    }
    let document = Document {
        title_line: first_line,
        sections,
        waivers: Vec::new(),
        near_waivers: Vec::new(),
    };
    let analysed = Analysed::new(&document, lexicon, detector, langs);
    (0..detector.clauses.len())
        .filter_map(|clause| {
            let (verdict, evidence) = analysed.verdict_and_evidence(clause);
            let (base, line) = match verdict {
                Verdict::Covered(line) => (2, line),
                Verdict::Vague(line) => (1, line),
                Verdict::Missing => return None,
            };
            let named = evidence.named_by_heading;
            Some(Score {
                clause,
                weight: base + if named { 2 } else { 0 },
                line,
                named,
            })
        })
        .collect()
}

/// The words that introduce the organisation's name in a draft (`Organisation: …`).
fn organisation_labels(catalogue: &Catalogue) -> Vec<String> {
    catalogue
        .messages
        .words_in_every_language("import-organisation-labels")
        .into_iter()
        .map(str::to_lowercase)
        .collect()
}

static FIELD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:[-*+]\s+)?[*_]{0,2}\s*([^:*_]{2,40}?)\s*[*_]{0,2}\s*:\s*[*_]{0,2}\s*(.+?)\s*[*_]{0,2}\s*$")
        .expect("valid regex")
});

/// The value of the first `Label: value` line of `text` whose label is one of `labels`.
fn field(text: &str, labels: &[impl AsRef<str>]) -> Option<String> {
    text.lines().find_map(|line| {
        let found = FIELD.captures(line)?;
        let label = found[1].trim().to_lowercase();
        labels
            .iter()
            .any(|l| l.as_ref() == label)
            .then(|| found[2].trim_matches(['"', '\'', ' ']).to_owned())
            .filter(|v| !v.is_empty())
    })
}

/// The clause texts of the charter, in draft order of their first unit.
fn clause_texts(imported: &Imported, detector: &Detector) -> Vec<(usize, String, usize)> {
    let mut clauses: Vec<(usize, String, usize)> = Vec::new();
    for (unit, owner) in imported.units.iter().zip(&imported.assignment.owner) {
        let Some(clause) = *owner else { continue };
        if clause >= detector.clauses.len() {
            continue;
        }
        match clauses.iter_mut().find(|(c, _, _)| *c == clause) {
            Some((_, text, _)) => {
                text.push('\n');
                text.push_str(&unit.text);
            }
            None => clauses.push((clause, unit.text.clone(), unit.first_line)),
        }
    }
    clauses
}

/// The units that go under `extra`: heading and body.
fn extra_units(imported: &Imported) -> Vec<(Option<&str>, &str)> {
    imported
        .units
        .iter()
        .zip(&imported.assignment.owner)
        .filter(|(_, owner)| owner.is_none())
        .map(|(unit, _)| {
            let body = unit.text.get(unit.body..).unwrap_or_default();
            (unit.heading.as_deref(), body)
        })
        .collect()
}

/// The clauses of the packs with no text from the draft and no waiver.
fn missing_clauses<'a>(
    imported: &Imported,
    detector: &Detector,
    selection: &'a Selection,
) -> Vec<&'a str> {
    selection
        .clauses
        .keys()
        .map(String::as_str)
        .filter(|id| {
            let held = detector
                .position(id)
                .is_some_and(|c| imported.assignment.owner.contains(&Some(c)));
            !held && imported.waivers.iter().all(|(w, _)| w != id)
        })
        .collect()
}

/// The charter, as YAML text with comments.
fn charter_text(
    imported: &Imported,
    catalogue: &Catalogue,
    detector: &Detector,
    selection: &Selection,
    lang: Lang,
    draft: &str,
) -> String {
    let t = |key: &str, values: &[&str]| catalogue.messages.text(key, lang, values);
    let mut out = String::new();
    out.push_str("# yaml-language-server: $schema=./charter.schema.json\n");
    out.push_str("# (charter schema > charter.schema.json)\n");
    out.push_str(&comment(&t("import-header", &[draft]), 0));
    if let Some(front) = &imported.front_matter {
        out.push_str(&comment(&t("import-front-matter", &[]), 0));
        let mut indented = String::new();
        for line in front.lines() {
            let _ = writeln!(indented, "  {line}");
        }
        out.push_str(&comment(&indented, 0));
    }
    let title = imported
        .title
        .clone()
        .unwrap_or_else(|| t("init-title", &[]));
    let _ = writeln!(out, "charter: 1\ntitle: {}", scalar(&title));
    if let Some(organisation) = &imported.organisation {
        let _ = writeln!(out, "organisation: {}", scalar(organisation));
    }
    let _ = writeln!(out, "lang: {}", lang.code());
    let _ = writeln!(out, "packs: [{}]", selection.packs.join(", "));
    let clauses = clause_texts(imported, detector);
    out.push('\n');
    out.push_str(&comment(&t("import-clauses-comment", &[]), 0));
    out.push_str(if clauses.is_empty() {
        "clauses: {}\n"
    } else {
        "clauses:\n"
    });
    let title_of = |id: &str| {
        catalogue
            .clause(id)
            .map_or_else(|| id.to_owned(), |spec| spec.title.get(lang).clone())
    };
    for (clause, text, line) in &clauses {
        let id = &detector.clauses[*clause].id;
        let mut from = t(
            if imported.paragraphs {
                "import-clause-from-paragraph"
            } else {
                "import-clause-from"
            },
            &[&title_of(id), &line.to_string()],
        );
        // A copy of text that stays under another clause says so.
        let quoted = imported
            .units
            .iter()
            .zip(&imported.assignment.owner)
            .find(|(_, owner)| **owner == Some(*clause))
            .and_then(|(unit, _)| unit.quoted);
        if let Some(holder) = quoted.and_then(|c| detector.clauses.get(c)) {
            from.push_str(&t("import-quoted", &[&holder.id]));
        }
        let _ = writeln!(out, "  # {from}");
        let _ = writeln!(out, "  {id}: {}", block(text, 2));
    }
    let missing = missing_clauses(imported, detector, selection);
    if !missing.is_empty() {
        out.push('\n');
        out.push_str(&comment(
            &t("import-missing", &[&selection.packs.join(", ")]),
            2,
        ));
    }
    for id in missing {
        let Some(spec) = catalogue.clause(id) else {
            continue;
        };
        let level = selection
            .requirement(id)
            .map_or(crate::diag::Severity::Warning, |r| {
                r.severity(Triggers::default())
            });
        let level = t(
            if level == crate::diag::Severity::Error {
                "level-required"
            } else {
                "level-recommended"
            },
            &[],
        );
        out.push_str("  #\n");
        let inside = detector.position(id).and_then(|c| {
            imported
                .assignment
                .inside
                .iter()
                .find(|(clause, _, _)| *clause == c)
        });
        let note = match inside {
            Some((_, holder, line)) => t(
                if imported.paragraphs {
                    "import-inside-paragraph"
                } else {
                    "import-inside"
                },
                &[
                    spec.title.get(lang),
                    &level,
                    &line.to_string(),
                    &detector.clauses[*holder].id,
                ],
            ),
            None => format!("{} ({level})", spec.title.get(lang)),
        };
        out.push_str(&comment(&note, 2));
        let mut suggested = format!("{id}: |\n  {}\n", t("init-marker", &[]));
        for line in spec.suggested.get(lang).trim_end().lines() {
            let _ = writeln!(suggested, "  {line}");
        }
        out.push_str(&comment(&suggested, 2));
    }
    let extra = extra_units(imported);
    if !extra.is_empty() {
        out.push('\n');
        out.push_str(&comment(&t("import-extra-comment", &[]), 0));
        out.push_str("extra:\n");
        for (heading, text) in extra {
            let mut first = true;
            let mut key = |out: &mut String| {
                out.push_str(if first { "  - " } else { "    " });
                first = false;
            };
            if let Some(heading) = heading {
                key(&mut out);
                let _ = writeln!(out, "heading: {}", scalar(heading));
            }
            key(&mut out);
            let _ = writeln!(out, "text: {}", block(text, 4));
        }
    }
    if !imported.waivers.is_empty() {
        out.push('\n');
        out.push_str("waivers:\n");
        for (id, reason) in &imported.waivers {
            match reason {
                Some(reason) => {
                    let _ = writeln!(out, "  {}: {}", scalar(id), scalar(reason));
                }
                None => {
                    let _ = writeln!(out, "  {}:", scalar(id));
                }
            }
        }
    }
    out
}

/// Reads the written charter back and checks that every text of the draft is in it as
/// written, and nothing else: a writing mistake, or draft text read as YAML keys, is an
/// error rather than a lost paragraph or a hidden waiver.
/// What the written charter does not hold as the draft said: a bug of import, reported
/// with the parser's words where there are some.
#[derive(Debug, thiserror::Error)]
enum Mismatch {
    #[error("it does not read back: {0}")]
    Unreadable(String),
    #[error("the title")]
    Title,
    #[error("the organisation")]
    Organisation,
    #[error("the waivers")]
    Waivers,
    #[error("keys that import did not write")]
    UnwrittenKeys,
    #[error("the text of clause `{0}`")]
    ClauseText(String),
    #[error("the other provisions (`extra`)")]
    Extra,
}

fn verify(yaml: &str, imported: &Imported, detector: &Detector) -> Result<(), Mismatch> {
    // Values only: the key positions a lint needs would cost more than the import itself.
    let charter: Charter =
        serde_yaml::from_str(yaml).map_err(|e| Mismatch::Unreadable(e.to_string()))?;
    if imported.title.as_ref().is_some_and(|t| *t != charter.title) {
        return Err(Mismatch::Title);
    }
    if charter.organisation != imported.organisation {
        return Err(Mismatch::Organisation);
    }
    let waivers: Vec<(String, Option<String>)> = charter.waivers.clone().into_iter().collect();
    if waivers != imported.waivers {
        return Err(Mismatch::Waivers);
    }
    let unwritten = charter.team.is_some()
        || charter.owner.is_some()
        || charter.adopted.is_some()
        || charter.review.is_some()
        || !charter.tools.is_empty()
        || !charter.uses.is_empty();
    let written: Vec<String> = clause_texts(imported, detector)
        .into_iter()
        .map(|(clause, _, _)| detector.clauses[clause].id.clone())
        .collect();
    if unwritten || charter.clauses.keys().ne(written.iter()) {
        return Err(Mismatch::UnwrittenKeys);
    }
    let same = |read: &str, written: &str| read.strip_suffix('\n').unwrap_or(read) == written;
    for (clause, text, _) in clause_texts(imported, detector) {
        let id = &detector.clauses[clause].id;
        let read = charter
            .clauses
            .get(id)
            .cloned()
            .flatten()
            .unwrap_or_default();
        if !same(&read, &block_lines(&text).join("\n")) {
            return Err(Mismatch::ClauseText(id.clone()));
        }
    }
    let extra = extra_units(imported);
    if extra.len() != charter.extra.len()
        || extra
            .iter()
            .zip(&charter.extra)
            .any(|((heading, text), read)| {
                read.heading.as_deref() != *heading
                    || !same(&read.text, &block_lines(text).join("\n"))
            })
    {
        return Err(Mismatch::Extra);
    }
    Ok(())
}
