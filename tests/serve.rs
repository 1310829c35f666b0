//! `charter serve`: the local server refuses what is not its page's (token, Host, Origin,
//! path, body size), saves without losing comments or a change made on disk, and a real
//! browser (headless Chromium through `WebDriver`) builds, saves and exports a charter.

use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// A `charter serve` process, stopped when dropped.
struct Served {
    child: Child,
    /// `127.0.0.1:PORT`
    authority: String,
    /// `/TOKEN/`
    prefix: String,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(dir: &Path, charter: &str) -> Served {
    let mut child = Command::new(env!("CARGO_BIN_EXE_charter"))
        .args(["serve", charter, "--lang", "fr"])
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("charter serve starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("the address is printed");
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no address in {line:?}"));
    let rest = url.strip_prefix("http://").expect("http");
    let (authority, path) = rest.split_at(rest.find('/').expect("a path"));
    assert!(authority.starts_with("127.0.0.1:"), "{authority}");
    assert_eq!(path.len(), 34, "a 128-bit token in hexadecimal: {path}");
    Served {
        child,
        authority: authority.to_owned(),
        prefix: path.to_owned(),
    }
}

/// A response: status, headers (lower-case names), body.
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!("{e}: {}", String::from_utf8_lossy(&self.body));
        })
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// One HTTP/1.1 request over a fresh connection.
fn http(authority: &str, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
    let mut stream = TcpStream::connect(authority).expect("connects");
    stream
        .set_read_timeout(Some(Duration::from_secs(120)))
        .expect("timeout");
    let mut head = format!("{method} {path} HTTP/1.1\r\nConnection: close\r\n");
    if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("host")) {
        let _ = write!(head, "Host: {authority}\r\n");
    }
    for (name, value) in headers {
        let _ = write!(head, "{name}: {value}\r\n");
    }
    if !headers
        .iter()
        .any(|(n, _)| n.eq_ignore_ascii_case("content-length"))
    {
        let _ = write!(head, "Content-Length: {}\r\n", body.len());
    }
    head += "\r\n";
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(body);
    // Read the head, then as many bytes as it announces (chromedriver keeps the
    // connection open), or up to the end of the stream.
    let mut raw = Vec::new();
    let mut buffer = vec![0u8; 16384];
    let split = loop {
        if let Some(at) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            break at;
        }
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => panic!("no response head: {}", String::from_utf8_lossy(&raw)),
            Ok(n) => raw.extend_from_slice(&buffer[..n]),
        }
    };
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .expect("a status");
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let length: Option<usize> = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse().ok());
    let chunked = headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.contains("chunked"));
    let mut body = raw[split + 4..].to_vec();
    loop {
        let complete = match length {
            Some(length) => body.len() >= length,
            None => chunked && body.windows(5).any(|w| w == b"0\r\n\r\n"),
        };
        if complete {
            break;
        }
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => break,
            Ok(n) => body.extend_from_slice(&buffer[..n]),
        }
    }
    if chunked {
        body = dechunk(&body);
    }
    Reply {
        status,
        headers,
        body,
    }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(end) = data.windows(2).position(|w| w == b"\r\n") else {
            return out;
        };
        let size = usize::from_str_radix(
            String::from_utf8_lossy(&data[..end])
                .split(';')
                .next()
                .unwrap_or("0")
                .trim(),
            16,
        )
        .unwrap_or(0);
        if size == 0 || data.len() < end + 2 + size {
            return out;
        }
        out.extend_from_slice(&data[end + 2..end + 2 + size]);
        data = &data[(end + 4 + size).min(data.len())..];
    }
}

impl Served {
    fn get(&self, path: &str) -> Reply {
        http(
            &self.authority,
            "GET",
            &format!("{}{path}", self.prefix),
            &[],
            b"",
        )
    }

    fn post(&self, path: &str, body: &Value) -> Reply {
        let origin = format!("http://{}", self.authority);
        http(
            &self.authority,
            "POST",
            &format!("{}{path}", self.prefix),
            &[("Origin", &origin), ("Content-Type", "application/json")],
            body.to_string().as_bytes(),
        )
    }

    /// Saves `model` through the page's request; the save must succeed.
    fn save(&self, model: &Value) {
        let saved = self.post("api/save", &json!({ "model": model }));
        assert_eq!(
            saved.status,
            200,
            "{}",
            String::from_utf8_lossy(&saved.body)
        );
    }
}

const CHARTER: &str = "# Our charter: kept as written\ncharter: 1\ntitle: Charte d’usage de l’IA\n# who owns it\norganisation: Ville d’Exemple\nlang: fr\npacks: [baseline] # chosen by the DPO\nclauses:\n  # the first clause, as the DPO wrote it\n  human-oversight: |\n    Toute production assistée par l’IA est relue par un agent.\n";

#[test]
fn requests_without_the_token_from_elsewhere_or_for_other_paths_are_refused() {
    let dir = tempfile::tempdir().expect("a folder");
    std::fs::write(dir.path().join("charte.yaml"), CHARTER).expect("written");
    let served = serve(dir.path(), "charte.yaml");
    let a = served.authority.as_str();
    let page = served.get("");
    assert_eq!(page.status, 200);
    let policy = page.header("content-security-policy").expect("a CSP");
    assert!(policy.contains("default-src 'self'"), "{policy}");
    assert!(
        !String::from_utf8_lossy(&page.body).contains("<script>"),
        "no inline script"
    );
    assert_eq!(served.get("app.js").status, 200);
    // No token, a wrong one, or the token elsewhere in the address.
    assert_eq!(http(a, "GET", "/", &[], b"").status, 403);
    assert_eq!(http(a, "GET", "/api/state", &[], b"").status, 403);
    assert_eq!(
        http(a, "GET", "/0123456789abcdef0123456789abcdef/", &[], b"").status,
        403
    );
    let token = served.prefix.trim_matches('/');
    assert_eq!(
        http(a, "GET", &format!("/api/state?token={token}"), &[], b"").status,
        403
    );
    // A foreign Host (DNS rebinding) or Origin (another site), even with the token.
    let state = format!("{}api/state", served.prefix);
    assert_eq!(
        http(a, "GET", &state, &[("Host", "evil.example")], b"").status,
        403
    );
    assert_eq!(
        http(a, "GET", &state, &[("Host", "evil.example:80")], b"").status,
        403
    );
    assert_eq!(http(a, "GET", &state, &[], b"").status, 200);
    let lint = format!("{}api/lint", served.prefix);
    let body = br#"{"model":{}}"#;
    assert_eq!(
        http(a, "POST", &lint, &[("Origin", "http://evil.example")], body).status,
        403
    );
    assert_eq!(
        http(a, "POST", &lint, &[("Origin", "null")], body).status,
        403
    );
    // Other paths: nothing else on disk is served.
    for path in [
        "charte.yaml",
        "../charte.yaml",
        "api/nothing",
        "export/pdf",
        "app.js/x",
    ] {
        assert_eq!(served.get(path).status, 404, "{path}");
    }
    assert_eq!(served.get("api/save").status, 405);
    // Bodies are bounded: refused from the declared length, before reading.
    let origin = format!("http://{a}");
    let huge = http(
        a,
        "POST",
        &lint,
        &[("Origin", &origin), ("Content-Length", "104857600")],
        b"",
    );
    assert_eq!(huge.status, 413);
    let import = format!("{}api/import?name=d.md", served.prefix);
    let huge = http(a, "POST", &import, &[("Content-Length", "20000000")], b"");
    assert_eq!(huge.status, 413);
    // Bad bodies get a clear refusal, and the server keeps answering.
    let bad = http(a, "POST", &lint, &[("Origin", &origin)], b"{not json");
    assert_eq!(bad.status, 400);
    assert!(bad.json()["error"]
        .as_str()
        .is_some_and(|e| e.contains("requête")));
    assert_eq!(served.post("api/lint", &json!({"model": 3})).status, 400);
    let odd = served.post(
        "api/lint",
        &json!({"model": {"tools": "x", "uses": [1, null]}}),
    );
    assert_eq!(odd.status, 200, "an invalid charter is linted, not a crash");
    assert!(!odd.json()["findings"]
        .as_array()
        .expect("findings")
        .is_empty());
    assert_eq!(served.get("api/explain?clause=nope").status, 404);
    let wrong_type = http(
        a,
        "POST",
        &format!("{}api/import?name=x.exe", served.prefix),
        &[],
        b"MZ",
    );
    assert_eq!(wrong_type.status, 415);
    assert_eq!(served.get("api/state").status, 200);
}

fn model(served: &Served) -> Value {
    served.get("api/state").json()["model"].clone()
}

#[test]
fn saves_keep_untouched_comments_and_refuse_a_file_changed_on_disk() {
    let dir = tempfile::tempdir().expect("a folder");
    let path = dir.path().join("charte.yaml");
    std::fs::write(&path, CHARTER).expect("written");
    let served = serve(dir.path(), "charte.yaml");
    let mut edited = model(&served);
    edited["title"] = json!("Charte de l’IA générative");
    edited["team"] = json!("Direction de la communication");
    edited["clauses"]["security"] =
        json!("Les outils d’IA sont utilisés avec les comptes de l’organisation.\n");
    let lint = served.post("api/lint", &json!({ "model": edited }));
    assert_eq!(lint.status, 200);
    let lint = lint.json();
    assert_eq!(lint["lost_comments"], json!([]));
    assert!(
        lint["coverage"].as_array().is_some_and(|c| !c.is_empty()),
        "{lint}"
    );
    served.save(&edited);
    let text = std::fs::read_to_string(&path).expect("saved");
    for kept in [
        "# Our charter: kept as written",
        "# who owns it",
        "  # the first clause, as the DPO wrote it",
        "  human-oversight: |\n    Toute production assistée par l’IA est relue par un agent.\n",
        "organisation: Ville d’Exemple\n",
        "packs: [baseline] # chosen by the DPO\n",
    ] {
        assert!(text.contains(kept), "{kept:?} lost:\n{text}");
    }
    assert!(text.contains("title: Charte de l’IA générative"), "{text}");
    assert!(
        text.contains(
            "organisation: Ville d’Exemple\nteam: Direction de la communication\nlang: fr\n"
        ),
        "a new key goes where the format puts it: {text}"
    );
    assert!(text.contains("  security: |\n    Les outils"), "{text}");
    // A text typed in the page, on several lines, without a last line break, saves as a
    // block.
    let mut typed = model(&served);
    typed["clauses"]["security"] =
        json!("Les outils d’IA :\n- comptes de l’organisation\n- pas de données personnelles");
    served.save(&typed);
    let text = std::fs::read_to_string(&path).expect("saved");
    assert!(
        text.contains("  security: |\n    Les outils d’IA :\n    - comptes"),
        "{text}"
    );
    // The saved file lints with `charter lint` like the page said.
    let lint = Command::new(env!("CARGO_BIN_EXE_charter"))
        .args(["lint", "charte.yaml", "--format", "json"])
        .current_dir(dir.path())
        .output()
        .expect("lint runs");
    assert!(lint.status.code().is_some_and(|c| c < 2), "{lint:?}");

    // An edit that drops a comment is refused until confirmed.
    let mut dropping = model(&served);
    dropping
        .as_object_mut()
        .expect("a map")
        .remove("organisation");
    dropping["packs"] = json!(["baseline", "public-comms"]);
    let lint = served
        .post("api/lint", &json!({ "model": dropping }))
        .json();
    assert_eq!(lint["lost_comments"], json!(["# chosen by the DPO"]));
    let refused = served.post("api/save", &json!({ "model": dropping }));
    assert_eq!(refused.status, 409);
    assert_eq!(std::fs::read_to_string(&path).expect("kept"), text);
    let confirmed = served.post(
        "api/save",
        &json!({ "model": dropping, "drop_comments": true }),
    );
    assert_eq!(confirmed.status, 200);
    let text = std::fs::read_to_string(&path).expect("saved");
    assert!(
        text.contains("packs: [baseline, public-comms]\n") && !text.contains("organisation: "),
        "{text}"
    );
    assert!(
        text.contains("# who owns it"),
        "a comment outside the edits stays: {text}"
    );

    // Another program changes the file: the save is refused, the file kept.
    let theirs = text.replace("title: Charte de l’IA générative", "title: Leur titre");
    std::fs::write(&path, &theirs).expect("changed on disk");
    let mut mine = model(&served);
    mine["title"] = json!("Mon titre");
    let refused = served.post("api/save", &json!({ "model": mine }));
    assert_eq!(refused.status, 409);
    assert!(refused.json()["error"]
        .as_str()
        .is_some_and(|e| e.contains("modifié sur le disque")));
    assert_eq!(std::fs::read_to_string(&path).expect("theirs kept"), theirs);
    // Reloading shows what is on disk.
    let reloaded = served.post("api/reload", &json!({})).json();
    assert_eq!(reloaded["model"]["title"], json!("Leur titre"));

    // Exports go through `render`: a Word file is a zip holding word/document.xml.
    let docx = served.get("export/docx");
    assert_eq!(docx.status, 200);
    assert!(docx.body.starts_with(b"PK"));
    assert!(docx.body.windows(17).any(|w| w == b"word/document.xml"));
    assert!(docx
        .header("content-disposition")
        .is_some_and(|d| d.contains("charte.docx")));
    let html = served.get("preview");
    assert_eq!(html.status, 200);
    assert!(String::from_utf8_lossy(&html.body).contains("Leur titre"));
    let md = served.get("export/md");
    assert!(String::from_utf8_lossy(&md.body).contains("Leur titre"));
}

/// The path of the "done when": from nothing to a saved charter that `charter lint` finds
/// nothing in, and a Word file, through the page's requests only.
#[test]
fn a_charter_started_in_the_page_becomes_lint_clean_and_exports() {
    let dir = tempfile::tempdir().expect("a folder");
    let served = serve(dir.path(), "charte.yaml");
    let started = served.post(
        "api/start",
        &json!({"packs": ["public-comms"], "lang": "fr"}),
    );
    assert_eq!(started.status, 200);
    let mut model = started.json()["model"].clone();
    assert!(!started.json()["lint"]["findings"]
        .as_array()
        .expect("findings")
        .is_empty());
    // The team writes its own values: those of the shipped example, which lints clean.
    let example = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/ville-exemple/charter.yaml"),
    )
    .expect("the example");
    let example: Value = serde_yaml::from_str(&example).expect("YAML");
    for key in [
        "title",
        "organisation",
        "team",
        "packs",
        "owner",
        "adopted",
        "review",
        "tools",
        "uses",
        "clauses",
        "waivers",
    ] {
        if let Some(value) = example.get(key) {
            model[key] = value.clone();
        }
    }
    let lint = served.post("api/lint", &json!({ "model": model })).json();
    assert_eq!(lint["findings"], json!([]), "{lint}");
    assert!(lint["coverage"]
        .as_array()
        .expect("coverage")
        .iter()
        .all(|c| c["status"] == "covered" || c["status"] == "waived"));
    served.save(&model);
    let out = Command::new(env!("CARGO_BIN_EXE_charter"))
        .args(["lint", "charte.yaml"])
        .current_dir(dir.path())
        .output()
        .expect("lint runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let docx = served.get("export/docx");
    assert!(docx.body.starts_with(b"PK"));
}

#[test]
fn a_file_that_can_no_longer_be_read_is_said_in_the_page_language() {
    let dir = tempfile::tempdir().expect("a folder");
    let path = dir.path().join("charte.yaml");
    std::fs::write(&path, CHARTER).expect("written");
    let served = serve(dir.path(), "charte.yaml");
    // Replaced by a folder while the page is open.
    std::fs::remove_file(&path).expect("removed");
    std::fs::create_dir(&path).expect("a folder instead");
    let reload = served.post("api/reload", &json!({}));
    assert_eq!(reload.status, 500);
    let error = reload.json()["error"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        error.contains("impossible de lire") && error.contains("c’est un dossier"),
        "{error}"
    );
    assert!(!error.contains("is a directory"), "{error}");
}

#[test]
fn a_file_the_page_cannot_edit_in_place_is_not_saved() {
    let dir = tempfile::tempdir().expect("a folder");
    let path = dir.path().join("charte.yaml");
    let text = "\"charter\": 1\n\"title\": Charte\n\"lang\": fr\n";
    std::fs::write(&path, text).expect("written");
    let served = serve(dir.path(), "charte.yaml");
    let mut edited = model(&served);
    edited["title"] = json!("Autre titre");
    let refused = served.post("api/save", &json!({ "model": edited }));
    assert_eq!(refused.status, 409);
    assert!(refused.json()["error"]
        .as_str()
        .is_some_and(|e| e.contains("éditeur de texte")));
    assert_eq!(std::fs::read_to_string(&path).expect("kept"), text);
}

#[test]
fn a_charter_that_does_not_parse_shows_its_findings_and_is_not_edited() {
    let dir = tempfile::tempdir().expect("a folder");
    let path = dir.path().join("charte.yaml");
    let text = "charter: 1\ntitle: [unclosed\nlang: fr\n";
    std::fs::write(&path, text).expect("written");
    let served = serve(dir.path(), "charte.yaml");
    let state = served.get("api/state").json();
    assert_eq!(state["model"], Value::Null);
    assert!(state["ui"]["no-model"]
        .as_str()
        .is_some_and(|m| m.contains("éditeur de texte")));
    assert_eq!(state["lint"]["findings"][0]["code"], json!("yaml-syntax"));
    let refused = served.post("api/lint", &json!({"model": {"charter": 1}}));
    assert_eq!(refused.status, 409);
    assert_eq!(
        served
            .post("api/save", &json!({"model": {"charter": 1}}))
            .status,
        409
    );
    assert_eq!(served.get("export/docx").status, 409);
    assert_eq!(std::fs::read_to_string(&path).expect("kept"), text);
}

#[test]
fn a_missing_file_starts_from_packs_and_is_created_on_save() {
    let dir = tempfile::tempdir().expect("a folder");
    let served = serve(dir.path(), "nouvelle.yaml");
    let state = served.get("api/state").json();
    assert_eq!(state["started"], json!(false));
    assert_eq!(state["lang"], json!("fr"));
    let started = served.post(
        "api/start",
        &json!({"packs": ["public-comms"], "lang": "fr", "organisation": "Ville d’Exemple"}),
    );
    assert_eq!(started.status, 200);
    let started = started.json();
    assert_eq!(started["model"]["packs"], json!(["public-comms"]));
    assert!(
        !Path::new(&dir.path().join("nouvelle.yaml")).exists(),
        "nothing written before a save"
    );
    served.save(&started["model"]);
    let text = std::fs::read_to_string(dir.path().join("nouvelle.yaml")).expect("created");
    assert!(
        text.starts_with("# yaml-language-server"),
        "the scaffold's comments are kept"
    );
    // A draft imports as `charter import` reads it.
    let dir = tempfile::tempdir().expect("a folder");
    let served = serve(dir.path(), "charte.yaml");
    let draft = "# Charte IA\n\n## Relecture humaine\n\nToute production générée par l’IA doit être relue et validée par un agent avant publication.\n";
    let imported = http(
        &served.authority,
        "POST",
        &format!("{}api/import?name=brouillon.md", served.prefix),
        &[],
        draft.as_bytes(),
    );
    assert_eq!(
        imported.status,
        200,
        "{}",
        String::from_utf8_lossy(&imported.body)
    );
    let imported = imported.json();
    assert_eq!(imported["model"]["lang"], json!("fr"));
    assert!(imported["model"]["clauses"]["human-oversight"]
        .as_str()
        .is_some_and(|t| t.contains("relue et validée")));
}

#[test]
fn bad_command_lines_exit_2_with_a_clear_message() {
    let dir = tempfile::tempdir().expect("a folder");
    let out = Command::new(env!("CARGO_BIN_EXE_charter"))
        .args(["serve", "draft.md", "--lang", "en"])
        .current_dir(dir.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a YAML charter"));
    std::fs::write(dir.path().join("bin.yaml"), b"\0\x01\x02").expect("written");
    let out = Command::new(env!("CARGO_BIN_EXE_charter"))
        .args(["serve", "bin.yaml", "--lang", "en"])
        .current_dir(dir.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read"));
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let port = taken.local_addr().expect("an address").port().to_string();
    let out = Command::new(env!("CARGO_BIN_EXE_charter"))
        .args(["serve", "c.yaml", "--port", &port, "--lang", "en"])
        .current_dir(dir.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot listen on 127.0.0.1"));
}

// --- the browser test -------------------------------------------------------------

/// A `WebDriver` session on headless Chromium, through chromedriver.
struct Browser {
    driver: Child,
    authority: String,
    session: String,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = http(
            &self.authority,
            "DELETE",
            &format!("/session/{}", self.session),
            &[],
            b"",
        );
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

impl Browser {
    fn start(downloads: &Path) -> Option<Browser> {
        let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
            .into_iter()
            .find(|p| Path::new(p).exists());
        let driver = ["/usr/bin/chromedriver"]
            .into_iter()
            .find(|p| Path::new(p).exists());
        let (Some(chromium), Some(driver)) = (chromium, driver) else {
            // Straight to standard error: the test harness would hide a `println!`.
            let _ = std::io::stderr().write_all(
                b"SKIPPED: the browser test of `charter serve` needs Chromium and ChromeDriver \
                  (/usr/bin/chromium, /usr/bin/chromedriver): `apt-get install chromium chromium-driver`, \
                  as .ci/run does\n",
            );
            return None;
        };
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let driver = Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let authority = format!("127.0.0.1:{port}");
        let started = Instant::now();
        while TcpStream::connect(&authority).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "chromedriver listens"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--window-size=1280,900", "--lang=fr-FR", "--force-device-scale-factor=1"],
                "prefs": {
                    "download.default_directory": downloads.display().to_string(),
                    "download.prompt_for_download": false,
                },
            },
        }}});
        let reply = http(
            &authority,
            "POST",
            "/session",
            &[("Content-Type", "application/json")],
            capabilities.to_string().as_bytes(),
        );
        let value = reply.json();
        let session = value["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("a WebDriver session: {value}"))
            .to_owned();
        Some(Browser {
            driver,
            authority,
            session,
        })
    }

    fn call(&self, method: &str, path: &str, body: &Value) -> Value {
        let reply = http(
            &self.authority,
            method,
            &format!("/session/{}{path}", self.session),
            &[("Content-Type", "application/json")],
            body.to_string().as_bytes(),
        );
        let value = reply.json();
        assert!(reply.status < 300, "{method} {path}: {value}");
        value["value"].clone()
    }

    fn go(&self, url: &str) {
        self.call("POST", "/url", &json!({ "url": url }));
    }

    fn script(&self, script: &str) -> Value {
        self.call(
            "POST",
            "/execute/sync",
            &json!({"script": script, "args": []}),
        )
    }

    /// Waits until `condition` (a JavaScript expression) is true.
    fn wait(&self, condition: &str, what: &str) {
        let started = Instant::now();
        loop {
            if self.script(&format!("return !!({condition});")) == json!(true) {
                return;
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "timed out waiting: {what}"
            );
            std::thread::sleep(Duration::from_millis(150));
        }
    }

    fn find(&self, css: &str) -> String {
        self.wait(&format!("document.querySelector({})", json!(css)), css);
        let found = self.call(
            "POST",
            "/element",
            &json!({"using": "css selector", "value": css}),
        );
        found[ELEMENT].as_str().expect("an element").to_owned()
    }

    fn click(&self, css: &str) {
        let id = self.find(css);
        self.call("POST", &format!("/element/{id}/click"), &json!({}));
    }

    fn type_in(&self, css: &str, text: &str) {
        let id = self.find(css);
        self.call(
            "POST",
            &format!("/element/{id}/value"),
            &json!({ "text": text }),
        );
    }

    fn screenshot(&self, path: &Path) {
        let data = self.call("GET", "/screenshot", &json!({}));
        let png = base64(data.as_str().expect("base64 PNG"));
        assert!(png.starts_with(b"\x89PNG"));
        std::fs::write(path, png).expect("screenshot written");
    }

    /// Presses and releases one key (a `WebDriver` key code such as Tab, `\u{e004}`).
    fn key(&self, key: &str) {
        let actions = json!({"actions": [{"type": "key", "id": "keyboard", "actions": [
            {"type": "keyDown", "value": key}, {"type": "keyUp", "value": key}]}]});
        self.call("POST", "/actions", &actions);
    }

    fn resize(&self, width: u32, height: u32) {
        self.call(
            "POST",
            "/window/rect",
            &json!({"width": width, "height": height}),
        );
    }
}

fn base64(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let digits: Vec<u8> = text.bytes().filter_map(value).collect();
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, &d)| acc | (u32::from(d) << (18 - 6 * i)));
        let bytes = n.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    out
}

/// How many form fields have no label (0 expected).
const UNLABELLED: &str = "return [...document.querySelectorAll('input, select, textarea')]\
    .filter((e) => !e.labels || e.labels.length === 0).length;";

fn visual_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/visual");
    std::fs::create_dir_all(&dir).expect("target/visual");
    dir
}

#[test]
fn a_communication_team_builds_saves_and_exports_a_charter_in_a_browser() {
    let dir = tempfile::tempdir().expect("a folder");
    let downloads = dir.path().join("downloads");
    std::fs::create_dir(&downloads).expect("a download folder");
    let Some(browser) = Browser::start(&downloads) else {
        return;
    };
    let served = serve(dir.path(), "charte.yaml");
    let url = format!("http://{}{}", served.authority, served.prefix);
    browser.go(&url);
    // Start from the public-comms pack (ticked by default), in French.
    browser.wait("document.documentElement.lang === 'fr'", "a French page");
    browser.find("[id='f-start.pack.public-comms']:checked");
    browser.screenshot(&visual_dir().join("serve-fr-start.png"));
    assert_eq!(
        browser.script(UNLABELLED),
        json!(0),
        "every field of the start page has a label"
    );
    browser.type_in("[id='f-start.organisation']", "Ville d’Exemple");
    browser.click("#start-button");
    browser.find("#add-tool");
    browser.wait(
        "document.querySelector('[data-code]')",
        "the first findings",
    );
    browser.screenshot(&visual_dir().join("serve-fr-desktop.png"));
    assert_eq!(
        browser.script(UNLABELLED),
        json!(0),
        "every field has a label"
    );
    // The explanation of a clause opens beside the form.
    browser.click("#clause-human-oversight button[aria-controls='explain']");
    browser.wait(
        "!document.getElementById('explain').hidden && document.getElementById('explain-text').textContent.includes('human-oversight')",
        "the explanation of human-oversight",
    );
    // Add a tool.
    browser.click("#add-tool");
    let tools = browser.script("return document.querySelectorAll('#tools fieldset.item').length;");
    let tool = tools.as_u64().expect("a count") - 1;
    browser.type_in(&format!("[id='f-tools.{tool}.name']"), "Mistral Le Chat");
    // Add a forbidden use, without a reason: its finding appears.
    browser.click("#add-use");
    let use_count =
        browser.script("return document.querySelectorAll('#uses > fieldset.item').length;");
    let use_ = use_count.as_u64().expect("a count") - 1;
    browser.type_in(
        &format!("[id='f-uses.{use_}.description']"),
        "Générer des visuels de personnes réelles",
    );
    let status = browser.script(&format!(
        "return document.querySelector(\"[id='f-uses.{use_}.status']\").value;"
    ));
    assert_eq!(status, json!("forbidden"));
    browser.wait(
        "document.querySelector('#findings-list [data-code=\"missing-why\"]')",
        "the missing-why finding",
    );
    // The finding links to the field it concerns.
    let link = browser.script(
        "return document.querySelector('#findings-list [data-code=\"missing-why\"] a').getAttribute('href');",
    );
    assert_eq!(link, json!(format!("#f-uses.{use_}.why")));
    // Give the reason: the finding disappears.
    browser.type_in(
        &format!("[id='f-uses.{use_}.why']"),
        "Le risque d’hypertrucage est trop élevé pour un service public.",
    );
    browser.wait(
        "!document.querySelector('#findings-list [data-code=\"missing-why\"]') && document.querySelector('#findings-list li')",
        "the missing-why finding gone",
    );
    // Save: the file holds the tool and the use, with the scaffold's comments.
    browser.click("#save");
    let path = dir.path().join("charte.yaml");
    let started = Instant::now();
    while !path.exists() {
        assert!(started.elapsed() < Duration::from_secs(30), "saved");
        std::thread::sleep(Duration::from_millis(100));
    }
    let text = std::fs::read_to_string(&path).expect("saved");
    assert!(text.contains("Mistral Le Chat"), "{text}");
    assert!(text.contains("Le risque d’hypertrucage"), "{text}");
    assert!(text.starts_with("# yaml-language-server"), "{text}");
    // Reload the page: the saved values come back.
    browser.go(&url);
    browser.wait(
        &format!(
            "document.querySelector(\"[id='f-tools.{tool}.name']\")?.value === 'Mistral Le Chat'"
        ),
        "the saved tool after a reload",
    );
    browser.wait(
        "document.querySelector('#status').textContent !== ''",
        "a status",
    );
    // Keyboard: the first Tab reaches the skip link, Enter takes the focus to the findings.
    browser.key("\u{e004}");
    assert_eq!(
        browser.script("return document.activeElement.id;"),
        json!("skip")
    );
    browser.key("\u{e007}");
    browser.wait(
        "document.activeElement.id === 'findings'",
        "the focus on the findings",
    );
    // Export Word: the download is a .docx (a zip holding word/document.xml).
    browser.click("#export-docx");
    let docx = downloads.join("charte.docx");
    let started = Instant::now();
    while !docx.exists() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the Word file is downloaded"
        );
        std::thread::sleep(Duration::from_millis(150));
    }
    std::thread::sleep(Duration::from_millis(300));
    let bytes = std::fs::read(&docx).expect("downloaded");
    assert!(bytes.starts_with(b"PK"), "a zip");
    assert!(bytes.windows(17).any(|w| w == b"word/document.xml"));
    // The narrow view, and the form scrolled to the uses.
    // 1280 pixels at 200 % zoom lay out as 640 CSS pixels.
    browser.resize(640, 900);
    browser.script("document.getElementById('top').scrollIntoView(); return 0;");
    browser.screenshot(&visual_dir().join("serve-fr-zoom200.png"));
    browser.resize(400, 900);
    browser.script("document.getElementById('top').scrollIntoView(); return 0;");
    browser.screenshot(&visual_dir().join("serve-fr-narrow.png"));
    browser.script(&format!(
        "document.getElementById('f-uses.{use_}').scrollIntoView(); return 0;"
    ));
    browser.screenshot(&visual_dir().join("serve-fr-narrow-uses.png"));
    browser.resize(1280, 900);
    browser.script("document.getElementById('findings').scrollIntoView(); return 0;");
    browser.screenshot(&visual_dir().join("serve-fr-desktop-findings.png"));
    // The preview is the rendered document.
    browser.click("#show-preview");
    browser.wait(
        "document.getElementById('preview-frame').contentDocument?.body?.textContent.includes('Mistral Le Chat')",
        "the preview of the document",
    );
    browser.screenshot(&visual_dir().join("serve-fr-preview.png"));
}
