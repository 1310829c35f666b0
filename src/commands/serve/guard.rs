//! Which requests the local server answers: those carrying its token as the first path
//! segment, addressed to its own host and port (DNS rebinding refused), from its own
//! origin (cross-site requests refused), to a known route with the right method.

use crate::cli::RenderFormat;

/// Largest JSON body (the charter's values), in bytes.
pub(crate) const JSON_MAX_BYTES: usize = 4 << 20;
/// Largest uploaded draft, in bytes (the size `charter import` reads).
pub(crate) const UPLOAD_MAX_BYTES: usize = 16 << 20;

/// What a request asks for, once allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Route {
    Page,
    Script,
    Style,
    State,
    Lint,
    Save,
    Reload,
    Start,
    /// An uploaded draft, with its file name.
    Import(String),
    /// The explanation of a clause.
    Explain(String),
    /// The document as a download.
    Export(RenderFormat),
    /// The HTML document, shown in the page.
    Preview,
}

impl Route {
    /// The largest body the route accepts.
    pub(crate) fn max_body(&self) -> usize {
        match self {
            Route::Import(_) => UPLOAD_MAX_BYTES,
            Route::Lint | Route::Save | Route::Start | Route::Reload => JSON_MAX_BYTES,
            _ => 0,
        }
    }
}

/// The server's secret and address.
pub(crate) struct Guard {
    token: String,
    port: u16,
}

impl Guard {
    pub(crate) fn new(token: String, port: u16) -> Self {
        Guard { token, port }
    }

    /// The address of the page, token included.
    pub(crate) fn url(&self) -> String {
        format!("http://127.0.0.1:{}/{}/", self.port, self.token)
    }

    /// The route of a request, or the HTTP status that refuses it: 403 without the token or
    /// from elsewhere (`Host`, `Origin`), 404 for an unknown path, 405 for a wrong method.
    pub(crate) fn check(
        &self,
        method: &str,
        url: &str,
        host: Option<&str>,
        origin: Option<&str>,
    ) -> Result<Route, u16> {
        let ours = |authority: &str| {
            authority == format!("127.0.0.1:{}", self.port)
                || authority == format!("localhost:{}", self.port)
        };
        if !host.is_some_and(|h| ours(&h.to_ascii_lowercase())) {
            return Err(403);
        }
        if let Some(origin) = origin {
            let origin = origin.to_ascii_lowercase();
            if !origin.strip_prefix("http://").is_some_and(ours) {
                return Err(403);
            }
        }
        let (path, query) = url.split_once('?').unwrap_or((url, ""));
        let rest = path.strip_prefix('/').unwrap_or(path);
        let (token, rest) = rest.split_once('/').unwrap_or((rest, ""));
        if !same(token.as_bytes(), self.token.as_bytes()) {
            return Err(403);
        }
        let param = |name: &str| {
            query
                .split('&')
                .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
                .map(percent_decode)
        };
        let (route, post) = match rest {
            "" => (Route::Page, false),
            "app.js" => (Route::Script, false),
            "app.css" => (Route::Style, false),
            "api/state" => (Route::State, false),
            "api/lint" => (Route::Lint, true),
            "api/save" => (Route::Save, true),
            "api/reload" => (Route::Reload, true),
            "api/start" => (Route::Start, true),
            "api/import" => (Route::Import(param("name").ok_or(400u16)?), true),
            "api/explain" => (Route::Explain(param("clause").ok_or(400u16)?), false),
            "export/docx" => (Route::Export(RenderFormat::Docx), false),
            "export/html" => (Route::Export(RenderFormat::Html), false),
            "export/md" => (Route::Export(RenderFormat::Md), false),
            "preview" => (Route::Preview, false),
            _ => return Err(404),
        };
        let expected = if post { "POST" } else { "GET" };
        if method != expected {
            return Err(405);
        }
        Ok(route)
    }
}

/// Compares two secrets in a time that does not depend on where they differ.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A query value with `%XX` escapes and `+` decoded (invalid UTF-8 replaced).
fn percent_decode(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(u8::try_from(h * 16 + l).unwrap_or(b'?'));
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b'+' => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A token of 128 random bits from the system's generator, in hexadecimal.
pub(crate) fn random_token() -> std::io::Result<String> {
    use std::fmt::Write as _;
    use std::io::Read;
    let mut bytes = [0u8; 16];
    std::fs::File::open("/dev/urandom")?.read_exact(&mut bytes)?;
    Ok(bytes.iter().fold(String::with_capacity(32), |mut hex, b| {
        let _ = write!(hex, "{b:02x}");
        hex
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOST: Option<&str> = Some("127.0.0.1:8080");

    fn guard() -> Guard {
        Guard::new("abc123".to_owned(), 8080)
    }

    #[test]
    fn the_token_host_origin_path_and_method_are_checked() {
        let g = guard();
        assert_eq!(g.check("GET", "/abc123/", HOST, None), Ok(Route::Page));
        assert_eq!(
            g.check(
                "GET",
                "/abc123/",
                Some("localhost:8080"),
                Some("http://localhost:8080")
            ),
            Ok(Route::Page)
        );
        assert_eq!(g.check("GET", "/", HOST, None), Err(403));
        assert_eq!(g.check("GET", "/abc124/", HOST, None), Err(403));
        assert_eq!(g.check("GET", "/abc12/", HOST, None), Err(403));
        assert_eq!(
            g.check("GET", "/abc123/", Some("evil.example:8080"), None),
            Err(403)
        );
        assert_eq!(
            g.check("GET", "/abc123/", Some("127.0.0.1:9090"), None),
            Err(403)
        );
        assert_eq!(g.check("GET", "/abc123/", None, None), Err(403));
        assert_eq!(
            g.check(
                "POST",
                "/abc123/api/lint",
                HOST,
                Some("http://evil.example")
            ),
            Err(403)
        );
        assert_eq!(g.check("GET", "/abc123/etc/passwd", HOST, None), Err(404));
        assert_eq!(
            g.check("GET", "/abc123/../charter.yaml", HOST, None),
            Err(404)
        );
        assert_eq!(g.check("GET", "/abc123/api/save", HOST, None), Err(405));
        assert_eq!(
            g.check(
                "POST",
                "/abc123/api/lint",
                HOST,
                Some("http://127.0.0.1:8080")
            ),
            Ok(Route::Lint)
        );
    }

    #[test]
    fn query_values_are_decoded() {
        let g = guard();
        assert_eq!(
            g.check(
                "POST",
                "/abc123/api/import?name=Projet%20de%20charte.docx",
                HOST,
                None
            ),
            Ok(Route::Import("Projet de charte.docx".to_owned()))
        );
        assert_eq!(g.check("POST", "/abc123/api/import", HOST, None), Err(400));
        assert_eq!(percent_decode("%E2%80%99%"), "’%");
    }
}
