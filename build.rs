//! Lists the clause sheets of `policies/clauses/` for `src/policy/embedded.rs`, in catalogue
//! order (each sheet's `order:` line): a new clause is one new file.

use std::fmt::Write;
use std::path::Path;

fn main() {
    let dir = Path::new("policies/clauses");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut sheets: Vec<(u32, String)> = Vec::new();
    for entry in std::fs::read_dir(dir).expect("policies/clauses/ is readable") {
        let path = entry.expect("an entry of policies/clauses/").path();
        if path.extension().is_none_or(|e| e != "yaml") {
            continue;
        }
        println!("cargo:rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path).expect("a clause sheet is readable");
        let order = text
            .lines()
            .find_map(|line| line.strip_prefix("order:"))
            .and_then(|n| n.trim().parse().ok())
            .unwrap_or_else(|| panic!("{}: no `order: N` line", path.display()));
        let id = path
            .file_stem()
            .expect("a file name")
            .to_string_lossy()
            .into_owned();
        if let Some((_, other)) = sheets.iter().find(|(o, _)| *o == order) {
            panic!(
                "{}: `order: {order}` is also the order of {other}",
                path.display()
            );
        }
        sheets.push((order, id));
    }
    sheets.sort();
    let root = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let mut entries = String::new();
    for (_, id) in &sheets {
        let file = format!("{root}/policies/clauses/{id}.yaml");
        writeln!(entries, "    ({id:?}, include_str!({file:?})),").expect("writing to a String");
    }
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("clauses.rs");
    std::fs::write(out, format!("&[\n{entries}]\n")).expect("the clause list is written");
}
