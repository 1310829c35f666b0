//! `charter serve`: one local web page (127.0.0.1 only, a random token in its address) to
//! build, lint, preview, save and export a charter without a terminal. The page, its
//! style and its script are embedded in the binary.

pub(crate) mod guard;
pub(crate) mod session;
pub(crate) mod yaml_edit;

use std::io::{Read, Write};

use tiny_http::{Header, Request, Response, Server};

use self::guard::{Guard, Route};
use self::session::{Engine, Refusal, Session};
use super::{Output, UsageError};
use crate::cli::{RenderFormat, ServeArgs};
use crate::model::date::Date;
use crate::policy::catalogue::Catalogue;
use crate::policy::detector::Detector;
use crate::policy::lexicon::Lexicon;

const PAGE: &str = include_str!("assets/index.html");
const SCRIPT: &str = include_str!("assets/app.js");
const STYLE: &str = include_str!("assets/app.css");

/// The page may load only its own script, style and data; nothing inline, nothing from
/// elsewhere; only this server may frame it.
const PAGE_POLICY: &str = "default-src 'self'; img-src 'self' data:; object-src 'none'; \
                           base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
/// The document preview: its own inline style (no script at all), shown in the page.
const PREVIEW_POLICY: &str =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'";

/// Runs `charter serve` until interrupted; prints the page's address to `out` first.
pub(crate) fn run(
    args: &ServeArgs,
    catalogue: &Catalogue,
    lexicon: &Lexicon,
    detector: &Detector,
    out: &mut dyn Write,
) -> Result<Output, UsageError> {
    let lang = super::message_lang(args.lang).for_file(None);
    let t = |key: &str, values: &[&str]| catalogue.messages.text(key, lang, values);
    let shown = args.charter.display().to_string();
    let yaml = args
        .charter
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"));
    if !yaml {
        return Err(UsageError::new(
            t("serve-not-yaml", &[&shown]),
            Some(t("serve-not-yaml-hint", &[])),
        ));
    }
    let engine = Engine {
        catalogue,
        lexicon,
        detector,
        today: Date::today(),
    };
    let mut session = Session::open(engine, args.charter.clone(), args.lang).map_err(|e| {
        let reason = crate::pipeline::read_error_text(&e, &catalogue.messages, lang);
        UsageError::new(t("serve-unreadable", &[&shown, &reason]), None)
    })?;
    let token = guard::random_token()
        .map_err(|e| UsageError::new(t("serve-token-failed", &[&e.to_string()]), None))?;
    let port = args.port.to_string();
    let server = Server::http(("127.0.0.1", args.port)).map_err(|e| {
        UsageError::new(
            t("serve-bind-failed", &[&port, &e.to_string()]),
            Some(t("serve-bind-failed-hint", &[])),
        )
    })?;
    let port = server
        .server_addr()
        .to_ip()
        .map_or(args.port, |address| address.port());
    let guard = Guard::new(token, port);
    let lang = session.lang();
    let line = catalogue
        .messages
        .text("serve-listening", lang, &[&guard.url(), &shown]);
    // The address goes out at once: the server runs until interrupted.
    let _ = writeln!(out, "{line}").and_then(|()| out.flush());
    if args.open {
        open_browser(&guard.url());
    }
    for request in server.incoming_requests() {
        answer(&mut session, &guard, request);
    }
    Ok(Output::default())
}

/// Opens `url` in the desktop's browser, if there is one (nothing said when not).
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    let _ = std::process::Command::new(opener)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
}

/// What the server sends back: status, media type, body, extra headers.
struct Reply {
    status: u16,
    media: &'static str,
    body: Vec<u8>,
    headers: Vec<(&'static str, String)>,
}

impl Reply {
    fn new(status: u16, media: &'static str, body: impl Into<Vec<u8>>) -> Self {
        Reply {
            status,
            media,
            body: body.into(),
            headers: Vec::new(),
        }
    }

    fn json(value: &serde_json::Value) -> Self {
        Reply::new(200, "application/json", value.to_string())
    }

    fn refused(refusal: &Refusal) -> Self {
        let body = serde_json::json!({ "error": refusal.message });
        Reply::new(refusal.status, "application/json", body.to_string())
    }

    fn status(status: u16) -> Self {
        let reason = tiny_http::StatusCode(status).default_reason_phrase();
        Reply::new(
            status,
            "text/plain; charset=utf-8",
            format!("{status} {reason}\n"),
        )
    }
}

/// Answers one request: refused unless the guard allows it, its body bounded.
fn answer(session: &mut Session, guard: &Guard, mut request: Request) {
    let header = |name: &'static str| {
        request
            .headers()
            .iter()
            .find(|h| h.field.equiv(name))
            .map(|h| h.value.as_str().to_owned())
    };
    let (host, origin) = (header("Host"), header("Origin"));
    let method = request.method().as_str().to_owned();
    let reply = match guard.check(&method, request.url(), host.as_deref(), origin.as_deref()) {
        Err(status) => Reply::status(status),
        Ok(route) => match read_body(&mut request, route.max_body()) {
            Err(status) => Reply::status(status),
            Ok(body) => dispatch(session, route, &body),
        },
    };
    let _ = request.respond(response(reply));
}

/// The body of a request, refused (413) over `max` bytes, whatever its declared length.
fn read_body(request: &mut Request, max: usize) -> Result<Vec<u8>, u16> {
    if request.body_length().is_some_and(|length| length > max) {
        return Err(413);
    }
    let mut body = Vec::new();
    let limit = u64::try_from(max).unwrap_or(u64::MAX).saturating_add(1);
    request
        .as_reader()
        .take(limit)
        .read_to_end(&mut body)
        .map_err(|_| 400u16)?;
    if body.len() > max {
        return Err(413);
    }
    Ok(body)
}

fn dispatch(session: &mut Session, route: Route, body: &[u8]) -> Reply {
    let json = |result: Result<serde_json::Value, Refusal>| match result {
        Ok(value) => Reply::json(&value),
        Err(refusal) => Reply::refused(&refusal),
    };
    match route {
        Route::Page => {
            let mut reply = Reply::new(200, "text/html; charset=utf-8", PAGE);
            reply
                .headers
                .push(("Content-Security-Policy", PAGE_POLICY.to_owned()));
            reply
        }
        Route::Script => Reply::new(200, "text/javascript; charset=utf-8", SCRIPT),
        Route::Style => Reply::new(200, "text/css; charset=utf-8", STYLE),
        Route::State => Reply::json(&session.state()),
        Route::Lint => json(session.edit(body)),
        Route::Save => json(session.save(body)),
        Route::Reload => json(session.reload()),
        Route::Start => json(session.start(body)),
        Route::Import(name) => json(session.import(&name, body)),
        Route::Explain(id) => match session.explain(&id) {
            Ok(text) => Reply::new(200, "text/plain; charset=utf-8", text),
            Err(refusal) => Reply::refused(&refusal),
        },
        Route::Preview => match session.export(RenderFormat::Html) {
            Ok((bytes, _)) => {
                let mut reply = Reply::new(200, "text/html; charset=utf-8", bytes);
                reply
                    .headers
                    .push(("Content-Security-Policy", PREVIEW_POLICY.to_owned()));
                reply
            }
            Err(refusal) => {
                Reply::new(refusal.status, "text/plain; charset=utf-8", refusal.message)
            }
        },
        Route::Export(format) => match session.export(format) {
            Ok((bytes, name)) => {
                let media = match format {
                    RenderFormat::Md => "text/markdown; charset=utf-8",
                    RenderFormat::Html => "text/html; charset=utf-8",
                    RenderFormat::Docx => {
                        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                    }
                };
                let mut reply = Reply::new(200, media, bytes);
                // The name is the charter's file stem: keep it to safe characters.
                let safe: String = name
                    .chars()
                    .map(|c| {
                        if c.is_ascii_alphanumeric() || ".-_".contains(c) {
                            c
                        } else {
                            '_'
                        }
                    })
                    .collect();
                reply.headers.push((
                    "Content-Disposition",
                    format!("attachment; filename=\"{safe}\""),
                ));
                reply.headers.push((
                    "Content-Security-Policy",
                    "default-src 'none'; sandbox".to_owned(),
                ));
                reply
            }
            Err(refusal) => {
                Reply::new(refusal.status, "text/plain; charset=utf-8", refusal.message)
            }
        },
    }
}

/// The HTTP response of a reply, with the headers every answer carries.
fn response(reply: Reply) -> Response<std::io::Cursor<Vec<u8>>> {
    let mut response = Response::from_data(reply.body).with_status_code(reply.status);
    let mut headers = vec![
        ("Content-Type", reply.media.to_owned()),
        ("Cache-Control", "no-store".to_owned()),
        ("X-Content-Type-Options", "nosniff".to_owned()),
        // The address holds the token: never send it to another site.
        ("Referrer-Policy", "no-referrer".to_owned()),
        ("Cross-Origin-Resource-Policy", "same-origin".to_owned()),
    ];
    if !reply
        .headers
        .iter()
        .any(|(name, _)| *name == "Content-Security-Policy")
    {
        headers.push(("Content-Security-Policy", "default-src 'none'".to_owned()));
    }
    headers.extend(reply.headers);
    for (name, value) in headers {
        if let Ok(header) = Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            response.add_header(header);
        }
    }
    response
}
