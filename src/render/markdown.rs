//! Clause text (Markdown) made safe to lay out: raw HTML escaped, links only to http(s) and
//! mailto, images turned into links (no fetch), headings placed below the document's own.

use comrak::nodes::{AstNode, NodeValue};
use comrak::{format_html, parse_document, Arena, Options};

/// Schemes a clause link may use; any other link keeps its text and loses its target.
const ALLOWED_SCHEMES: &[&str] = &["http://", "https://", "mailto:"];

/// Levels a clause's own headings are moved down by: the document uses h1 to h3.
const HEADING_SHIFT: u8 = 3;

fn options() -> Options<'static> {
    let mut options = Options::default();
    options.extension.table = true;
    options.extension.strikethrough = true;
    options.extension.autolink = true;
    // Raw HTML is shown as text, never passed through; `unsafe` stays off, so comrak also
    // blanks `javascript:`, `vbscript:`, `file:` and `data:` URLs.
    options.render.escape = true;
    options
}

/// Whether a link target may stay in the rendered document.
pub(crate) fn allowed_url(url: &str) -> bool {
    let url = url.trim_start().to_ascii_lowercase();
    ALLOWED_SCHEMES.iter().any(|scheme| url.starts_with(scheme))
}

/// Parses clause Markdown into a tree with the rules above applied.
pub(crate) fn parse<'a>(arena: &'a Arena<'a>, text: &str) -> &'a AstNode<'a> {
    let root = parse_document(arena, text, &options());
    let nodes: Vec<&AstNode> = root.descendants().collect();
    for node in nodes {
        let unwrap = {
            let mut data = node.data.borrow_mut();
            if let NodeValue::Image(link) = &data.value {
                let link = link.clone();
                data.value = NodeValue::Link(link);
            }
            match &mut data.value {
                NodeValue::Heading(heading) => {
                    heading.level = heading.level.saturating_add(HEADING_SHIFT).min(6);
                    false
                }
                NodeValue::Link(link) => !allowed_url(&link.url),
                _ => false,
            }
        };
        if unwrap {
            let children: Vec<&AstNode> = node.children().collect();
            for child in children {
                node.insert_before(child);
            }
            node.detach();
        }
    }
    root
}

/// The HTML of clause Markdown, safe to place in a page as is.
pub(crate) fn to_html(text: &str) -> String {
    let arena = Arena::new();
    let root = parse(&arena, text);
    let mut html = String::new();
    // Writing into a String cannot fail.
    let _ = format_html(root, &options(), &mut html);
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_raw_html_and_keeps_markdown() {
        let html = to_html("**Bold** <script>alert(1)</script>\n\n<img src=x onerror=alert(1)>");
        assert!(html.contains("<strong>Bold</strong>"));
        assert!(html.contains("&lt;script&gt;"));
        assert!(!html.contains("<script"));
        assert!(!html.contains("<img"));
    }

    #[test]
    fn keeps_only_web_and_mail_links() {
        let html = to_html(
            "[a](https://example.org) [b](mailto:x@example.org) [c](javascript:alert(1)) \
             [d](JAVASCRIPT:alert(1)) [e](java&#x73;cript:alert(1)) [f](data:text/html,x) \
             [g](/relative) <javascript:alert(1)>",
        );
        assert!(html.contains(r#"<a href="https://example.org">a</a>"#));
        assert!(html.contains(r#"<a href="mailto:x@example.org">b</a>"#));
        assert_eq!(html.matches("<a ").count(), 2, "{html}");
        assert!(!html.to_lowercase().contains("href=\"javascript"), "{html}");
        assert!(!html.contains("href=\"data:"), "{html}");
    }

    #[test]
    fn images_become_links_and_headings_move_down() {
        let html = to_html("# Top\n\n![alt](https://tracker.example/p.png) ![x](javascript:1)");
        assert!(html.contains("<h4>Top</h4>"));
        assert!(!html.contains("<img"));
        assert!(html.contains(r#"<a href="https://tracker.example/p.png">alt</a>"#));
    }
}
