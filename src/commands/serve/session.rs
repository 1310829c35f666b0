//! The charter being edited in the page: its file, the text as opened, and what the page
//! asks of it (lint an edit, save, reload, start from packs, import a draft, explain a
//! clause, export), each through the code path of the matching command.

use std::path::{Path, PathBuf};

use serde_json::{json, Map, Value};

use super::yaml_edit;
use crate::check::{Context, FileReport};
use crate::cli::{ExplainArgs, ImportArgs, RenderFormat};
use crate::commands::{explain, import, init, render};
use crate::load::charter as charter_loader;
use crate::load::source::{read_source, ReadError, SourceFile, Utf8, DEFAULT_MAX_BYTES};
use crate::load::yaml_locator::Locator;
use crate::model::charter::Charter;
use crate::model::date::Date;
use crate::model::lang::Lang;
use crate::pipeline::{self, Packs};
use crate::policy::catalogue::Catalogue;
use crate::policy::detector::Detector;
use crate::policy::lexicon::Lexicon;
use crate::policy::selection::Selection;
use crate::write::{write_new_file, WriteError};

/// Findings about a field that is absent point at its item (a use's `id`): the page links
/// them to the field to fill in instead.
const FIELD_TO_FILL: &[(&str, &str)] =
    &[("missing-why", "why"), ("missing-conditions", "conditions")];

/// Draft extensions the page imports.
const IMPORTABLE: &[&str] = &["md", "markdown", "txt", "docx", "odt"];

/// A refusal to show in the page: an HTTP status and a message in the page's language.
#[derive(Debug)]
pub(crate) struct Refusal {
    pub status: u16,
    pub message: String,
}

/// The policies and today's date, as every command gets them.
pub(crate) struct Engine<'a> {
    pub catalogue: &'a Catalogue,
    pub lexicon: &'a Lexicon,
    pub detector: &'a Detector,
    pub today: Date,
}

/// The charter file and the text being edited.
pub(crate) struct Session<'a> {
    engine: Engine<'a>,
    path: PathBuf,
    /// `--lang`: the page's language whatever the charter's.
    forced_lang: Option<Lang>,
    /// What the file held when opened or last saved; `None` when it did not exist.
    on_disk: Option<String>,
    /// The text that edits apply to: the file's, or a new charter's (from packs, a draft).
    base: String,
    /// The last edited text: what a save writes and an export renders.
    current: String,
}

impl<'a> Session<'a> {
    /// Opens `path` (a missing file is a charter to start).
    pub(crate) fn open(
        engine: Engine<'a>,
        path: PathBuf,
        forced_lang: Option<Lang>,
    ) -> Result<Self, ReadError> {
        let on_disk = read(&path)?;
        let base = on_disk.clone().unwrap_or_default();
        Ok(Session {
            engine,
            path,
            forced_lang,
            on_disk,
            current: base.clone(),
            base,
        })
    }

    /// The language of the page: `--lang`, else the charter's, else the locale's.
    pub(crate) fn lang(&self) -> Lang {
        let declared = charter_loader::declared_lang(&self.current);
        self.forced_lang.unwrap_or_else(|| {
            crate::commands::message_lang(None).for_file(declared.map(Lang::code))
        })
    }

    fn text(&self, key: &str, values: &[&str]) -> String {
        self.engine
            .catalogue
            .messages
            .text(key, self.lang(), values)
    }

    /// The text of the file now (see [`read`]); a failure is refused in the page's language.
    fn read(&self) -> Result<Option<String>, Refusal> {
        read(&self.path).map_err(|e| {
            let messages = &self.engine.catalogue.messages;
            let reason = pipeline::read_error_text(&e, messages, self.lang());
            self.refuse(
                500,
                "serve-unreadable",
                &[&self.path.display().to_string(), &reason],
            )
        })
    }

    fn refuse(&self, status: u16, key: &str, values: &[&str]) -> Refusal {
        Refusal {
            status,
            message: self.text(key, values),
        }
    }

    /// Everything the page shows: the words of the interface, the choices it offers, the
    /// charter's values and the lint result.
    pub(crate) fn state(&self) -> Value {
        let lang = self.lang();
        let catalogue = self.engine.catalogue;
        let messages = &catalogue.messages;
        let mut ui: Map<String, Value> = messages
            .texts_with_prefix("serve-ui-", lang)
            .into_iter()
            .map(|(k, v)| (k, Value::String(v)))
            .collect();
        for key in [
            "status-allowed",
            "status-conditional",
            "status-forbidden",
            "coverage-covered",
            "coverage-vague",
            "coverage-missing",
            "coverage-waived",
            "error",
            "warning",
        ] {
            ui.insert(key.to_owned(), Value::String(messages.text(key, lang, &[])));
        }
        ui.insert(
            "no-model".to_owned(),
            Value::String(self.text("serve-no-model", &[])),
        );
        let packs: Vec<Value> = catalogue
            .packs
            .iter()
            .map(|(id, pack)| json!({"id": id, "title": pack.title.get(lang)}))
            .collect();
        let clauses: Vec<Value> = catalogue
            .clauses
            .values()
            .map(|spec| {
                json!({
                    "id": spec.id,
                    "title": spec.title.get(lang),
                    "summary": spec.summary.get(lang),
                    "suggested": spec.suggested,
                })
            })
            .collect();
        let uses: Vec<Value> = catalogue
            .uses
            .uses
            .iter()
            .map(|u| {
                let pick = |l: Lang| {
                    json!({
                        "description": u.description.get(l),
                        "why": u.why.get(l),
                        "why_forbidden": u.why_forbidden.get(l),
                        "conditions": u.conditions.get(l),
                    })
                };
                let mut entry = json!({"id": u.id, "status": u.suggested.as_str(), "public_facing": u.public_facing});
                for lang in Lang::all() {
                    entry[lang.code()] = pick(lang);
                }
                entry
            })
            .collect();
        // Each language by its name in the page's language, else in itself.
        let langs: Vec<Value> = Lang::all()
            .into_iter()
            .map(|l| {
                let key = format!("serve-ui-lang-{}", l.code());
                let name = if messages.has_text(&key) {
                    messages.text(&key, lang, &[])
                } else {
                    l.name()
                };
                json!([l.code(), name])
            })
            .collect();
        let mut state = json!({
            "lang": lang.code(),
            "ui": ui,
            "file": self.path.display().to_string(),
            "exists": self.on_disk.is_some(),
            "started": !self.base.trim().is_empty(),
            // The edits not saved yet survive a reload of the page.
            "model": match self.model(&self.current) {
                Value::Null => self.model(&self.base),
                model => model,
            },
            "choices": {"packs": packs, "clauses": clauses, "uses": uses, "langs": langs},
        });
        state["lint"] = self.lint(&self.current, &[]);
        state
    }

    /// The values of a charter text, as the page edits them; `null` when it does not parse.
    fn model(&self, text: &str) -> Value {
        if text.trim().is_empty() {
            return Value::Null;
        }
        let source = SourceFile::new(self.path.display().to_string(), text.to_owned());
        charter_loader::parse(source)
            .ok()
            .and_then(|loaded| serde_json::to_value(&loaded.charter).ok())
            .unwrap_or(Value::Null)
    }

    /// Applies the page's values to the text as opened, and lints the result.
    pub(crate) fn edit(&mut self, body: &[u8]) -> Result<Value, Refusal> {
        let new = self.parse_model(body)?;
        self.current = self.edited(&new)?;
        let lost = yaml_edit::lost_comments(&self.base, &self.current);
        Ok(self.lint(&self.current, &lost))
    }

    fn parse_model(&self, body: &[u8]) -> Result<Map<String, Value>, Refusal> {
        match serde_json::from_slice::<Value>(body) {
            Ok(Value::Object(map)) => match map.get("model") {
                Some(Value::Object(model)) => Ok(model.clone()),
                _ => Err(self.refuse(400, "serve-bad-request", &["model"])),
            },
            Ok(_) => Err(self.refuse(400, "serve-bad-request", &["{}"])),
            Err(e) => Err(self.refuse(400, "serve-bad-request", &[&e.to_string()])),
        }
    }

    fn edited(&self, new: &Map<String, Value>) -> Result<String, Refusal> {
        let Value::Object(old) = self.model(&self.base) else {
            return Err(self.refuse(409, "serve-no-model", &[]));
        };
        // Values that make a charter take its field order (a key the page adds goes where
        // `charter init` writes it); others are written as they come, for lint to report.
        let canonical = serde_json::from_value::<Charter>(Value::Object(new.clone()))
            .ok()
            .and_then(|charter| serde_json::to_value(charter).ok());
        let new = match &canonical {
            Some(Value::Object(map)) => map,
            _ => new,
        };
        Ok(yaml_edit::apply(&self.base, &old, new))
    }

    /// Lints a charter text with `charter lint`'s code path; each finding names the field
    /// it concerns (a key path such as `uses.1.why`).
    fn lint(&self, text: &str, lost: &[String]) -> Value {
        if text.trim().is_empty() {
            return Value::Null;
        }
        let report = self.report(text);
        let lang = self.lang();
        let messages = &self.engine.catalogue.messages;
        let locator = Locator::new(text).ok();
        let findings: Vec<Value> = report
            .diagnostics
            .iter()
            .map(|d| {
                let (start, _) = report.locate(d.span);
                let field = d
                    .span
                    .and_then(|s| locator.as_ref().and_then(|l| l.path_at(s.start)))
                    .map(str::to_owned)
                    .or_else(|| d.clause.as_ref().map(|c| format!("clauses.{c}")))
                    .map(|path| to_fill(d.code.as_str(), path));
                json!({
                    "code": d.code.as_str(),
                    "severity": d.severity.as_str(),
                    "severity_label": messages.text(d.severity.as_str(), lang, &[]),
                    "message": d.message,
                    "help": d.help,
                    "line": start.line,
                    "column": start.column,
                    "field": field,
                    "clause": d.clause,
                })
            })
            .collect();
        let coverage: Vec<Value> = report
            .coverage
            .iter()
            .map(|c| {
                let status = serde_json::to_value(c.status).unwrap_or(Value::Null);
                let name = status.as_str().unwrap_or_default().to_owned();
                let title = self
                    .engine
                    .catalogue
                    .clause(&c.clause)
                    .map_or(c.clause.clone(), |spec| spec.title.get(lang).clone());
                json!({
                    "clause": c.clause,
                    "title": title,
                    "status": name,
                    "status_label": messages.text(&format!("coverage-{name}"), lang, &[]),
                    "level": c.level.as_str(),
                })
            })
            .collect();
        json!({
            "findings": findings,
            "coverage": coverage,
            "failed": report.failed,
            "lost_comments": lost,
            "saved": self.on_disk.as_deref() == Some(text),
        })
    }

    fn context(&self) -> Context<'a> {
        Context {
            catalogue: self.engine.catalogue,
            lexicon: self.engine.lexicon,
            detector: self.engine.detector,
            lang: self.lang(),
            lang_from_file: false,
            today: self.engine.today,
        }
    }

    fn report(&self, text: &str) -> FileReport {
        let source = SourceFile::new(self.path.display().to_string(), text.to_owned());
        pipeline::charter(
            &self.context(),
            &Packs::new(self.engine.catalogue),
            source,
            self.path.parent(),
            &[],
        )
    }

    /// Writes the edited text, atomically, unless the file changed on disk since it was
    /// opened or a comment would be dropped without `confirmed`.
    pub(crate) fn save(&mut self, body: &[u8]) -> Result<Value, Refusal> {
        let new = self.parse_model(body)?;
        let confirmed = serde_json::from_slice::<Value>(body)
            .ok()
            .and_then(|v| v.get("drop_comments").and_then(Value::as_bool))
            .unwrap_or(false);
        let text = self.edited(&new)?;
        // A valid charter must read back as the page shows it, or nothing is written.
        if let Ok(wanted) = serde_json::from_value::<Charter>(Value::Object(new)) {
            let wanted = serde_json::to_value(wanted).unwrap_or(Value::Null);
            if same_text(self.model(&text)) != same_text(wanted) {
                return Err(self.refuse(409, "serve-edit-unsafe", &[]));
            }
        }
        if !confirmed && !yaml_edit::lost_comments(&self.base, &text).is_empty() {
            return Err(self.refuse(409, "serve-lost-refused", &[]));
        }
        let shown = self.path.display().to_string();
        let now = self.read()?;
        if now != self.on_disk {
            let key = if self.on_disk.is_none() {
                "serve-exists"
            } else {
                "serve-changed-on-disk"
            };
            return Err(self.refuse(409, key, &[&shown]));
        }
        match write_new_file(&self.path, &text, self.on_disk.is_some()) {
            Ok(()) => {}
            Err(WriteError::Exists(_)) => return Err(self.refuse(409, "serve-exists", &[&shown])),
            Err(e) => {
                let (key, values) = e.message();
                let values: Vec<&str> = values.iter().map(String::as_str).collect();
                return Err(self.refuse(500, key, &values));
            }
        }
        self.on_disk = Some(text.clone());
        self.base.clone_from(&text);
        self.current = text;
        let mut state = self.state();
        state["message"] = Value::String(self.text("serve-saved", &[&shown]));
        Ok(state)
    }

    /// Reads the file again, dropping the edits made in the page.
    pub(crate) fn reload(&mut self) -> Result<Value, Refusal> {
        self.on_disk = self.read()?;
        self.base = self.on_disk.clone().unwrap_or_default();
        self.current.clone_from(&self.base);
        Ok(self.state())
    }

    /// Starts a new charter from packs, as `charter init` writes it.
    pub(crate) fn start(&mut self, body: &[u8]) -> Result<Value, Refusal> {
        let request: Value = serde_json::from_slice(body)
            .map_err(|e| self.refuse(400, "serve-bad-request", &[&e.to_string()]))?;
        let packs: Vec<String> = request["packs"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        let lang = request["lang"]
            .as_str()
            .and_then(Lang::from_locale)
            .unwrap_or_else(|| self.lang());
        let organisation = request["organisation"]
            .as_str()
            .filter(|o| !o.trim().is_empty());
        let catalogue = self.engine.catalogue;
        let selection =
            Selection::resolve_or_default(catalogue, &packs, Path::new(".")).map_err(|e| {
                let reason = pipeline::pack_error_text(&e, &catalogue.messages, self.lang());
                self.refuse(400, "serve-bad-request", &[&reason])
            })?;
        let profile = init::Profile::example(catalogue, lang, organisation);
        self.base = init::scaffold(catalogue, &selection, &profile, lang, self.engine.today);
        self.current.clone_from(&self.base);
        Ok(self.state())
    }

    /// Starts a new charter from an uploaded draft, as `charter import` reads it.
    pub(crate) fn import(&mut self, name: &str, body: &[u8]) -> Result<Value, Refusal> {
        let extension = Path::new(name)
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .filter(|e| IMPORTABLE.contains(&e.as_str()))
            .ok_or_else(|| self.refuse(415, "serve-import-type", &[]))?;
        let failed = |e: std::io::Error| self.refuse(500, "serve-upload-failed", &[&e.to_string()]);
        let folder = tempfile::tempdir().map_err(failed)?;
        let draft = folder.path().join(format!("draft.{extension}"));
        std::fs::write(&draft, body).map_err(failed)?;
        let args = ImportArgs {
            draft,
            output: PathBuf::from("-"),
            lang: self.forced_lang,
            packs: Vec::new(),
            force: false,
        };
        let (catalogue, lexicon, detector) = (
            self.engine.catalogue,
            self.engine.lexicon,
            self.engine.detector,
        );
        let output = import::run(&args, catalogue, lexicon, detector).map_err(|e| Refusal {
            status: 422,
            message: e.message,
        })?;
        self.base = output.stdout;
        self.current.clone_from(&self.base);
        Ok(self.state())
    }

    /// The explanation of a clause, as `charter explain` prints it.
    pub(crate) fn explain(&self, id: &str) -> Result<String, Refusal> {
        let args = ExplainArgs {
            id: id.to_owned(),
            lang: Some(self.lang()),
        };
        explain::run(&args, self.engine.catalogue)
            .map(|o| o.stdout)
            .map_err(|e| Refusal {
                status: 404,
                message: e.message,
            })
    }

    /// The edited charter as a document, as `charter render` writes it, with a file name.
    pub(crate) fn export(&self, format: RenderFormat) -> Result<(Vec<u8>, String), Refusal> {
        let report = self.report(&self.current);
        let loaded = render::parse(&report)
            .filter(|_| !report.failed)
            .ok_or_else(|| self.refuse(409, "serve-no-model", &[]))?;
        let folder = self.path.parent().unwrap_or(Path::new("."));
        let bytes = render::document(
            &report,
            &loaded,
            folder,
            format,
            None,
            self.engine.catalogue,
            self.engine.today,
        )
        .map_err(|error| self.refuse(500, "serve-export-failed", &[&error.to_string()]))?;
        let stem = self.path.file_stem().map_or_else(
            || "charter".to_owned(),
            |s| s.to_string_lossy().into_owned(),
        );
        let extension = match format {
            RenderFormat::Md => "md",
            RenderFormat::Html => "html",
            RenderFormat::Docx => "docx",
        };
        Ok((bytes, format!("{stem}.{extension}")))
    }
}

/// A charter's values with each text as a block scalar keeps it (blank lines around it and
/// spaces at line ends dropped): what a save may change without changing what it says.
fn same_text(value: Value) -> Value {
    match value {
        Value::String(text) => Value::String(
            text.lines()
                .map(str::trim_end)
                .collect::<Vec<_>>()
                .join("\n")
                .trim_matches('\n')
                .to_owned(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(same_text).collect()),
        Value::Object(map) => {
            Value::Object(map.into_iter().map(|(k, v)| (k, same_text(v))).collect())
        }
        other => other,
    }
}

/// The field a finding asks to fill in, from the path it was found at.
fn to_fill(code: &str, path: String) -> String {
    let Some((_, field)) = FIELD_TO_FILL.iter().find(|(c, _)| *c == code) else {
        return path;
    };
    match path.rsplit_once('.') {
        Some((item, last)) if last != *field && item.starts_with("uses.") => {
            format!("{item}.{field}")
        }
        _ => path,
    }
}

/// The text of the charter file, `None` when it does not exist.
fn read(path: &Path) -> Result<Option<String>, ReadError> {
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        _ => {}
    }
    read_source(path, DEFAULT_MAX_BYTES, Utf8::Strict).map(Some)
}
