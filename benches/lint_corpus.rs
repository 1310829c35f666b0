//! Benchmark of `charter lint --pack all --format json` on a generated corpus:
//! throughput (MB/s, files/s) and peak memory, against ripgrep doing one pass of the 112
//! clause-cue patterns of `../shared/bench/speed.sh` where `rg` and that file are found,
//! plus start-up time on one small draft and peak memory on 20,000 files. Run with `cargo bench` (prints figures; asserts nothing).
//!
//! Sizes can be changed with `BENCH_FILES` (default 2000) and `BENCH_MANY` (default 20000).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use charter::model::lang::Lang;
use charter::policy::catalogue::Catalogue;

/// A small deterministic pseudo-random generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).unwrap_or(0)
    }
}

const FILLER_EN: &[&str] = &[
    "The team publishes a weekly newsletter for residents and partners.",
    "Our department answers questions from the press and the public.",
    "Meetings take place every Monday in the main conference room.",
    "The annual report describes the projects of the past year in detail.",
    "Several colleagues work part time on events and social media.",
];
const FILLER_FR: &[&str] = &[
    "Le service publie chaque semaine une lettre d'information destinée aux habitants.",
    "La direction répond aux questions de la presse et des usagers.",
    "Les réunions d'équipe ont lieu le lundi dans la grande salle.",
    "Le rapport annuel présente en détail les projets de l'année écoulée.",
    "Plusieurs agents travaillent à temps partiel sur les événements et les réseaux sociaux.",
];

/// One draft of about `size` bytes in `lang`: headings with clause titles, rules taken
/// from the clauses' examples and suggested wording, and filler paragraphs.
fn draft(catalogue: &Catalogue, rng: &mut Rng, lang: Lang, size: usize) -> String {
    let clauses: Vec<_> = catalogue.clauses.values().collect();
    let filler = if lang == Lang::new("fr").unwrap() {
        FILLER_FR
    } else {
        FILLER_EN
    };
    let mut text = String::with_capacity(size + 1024);
    let _ = writeln!(
        text,
        "# {}\n",
        if lang == Lang::new("fr").unwrap() {
            "Charte d'usage de l'IA"
        } else {
            "AI-usage policy"
        }
    );
    while text.len() < size {
        let clause = clauses[rng.below(clauses.len())];
        let _ = writeln!(text, "## {}\n", clause.title.get(lang));
        for _ in 0..=rng.below(4) {
            let sentence = match rng.below(3) {
                0 => {
                    let covers = clause.examples.covers.get(lang);
                    covers[rng.below(covers.len())].clone()
                }
                1 => filler[rng.below(filler.len())].to_owned(),
                _ => {
                    let misses = clause.examples.misses.get(lang);
                    misses[rng.below(misses.len())].clone()
                }
            };
            let _ = writeln!(
                text,
                "{}{sentence}",
                if rng.below(3) == 0 { "- " } else { "" }
            );
        }
        text.push('\n');
        if rng.below(4) == 0 {
            let _ = writeln!(text, "{}\n", clause.suggested.get(lang).trim());
        }
    }
    text
}

/// Writes `count` drafts with sizes spread log-uniformly over `min..max` bytes.
#[allow(
    clippy::cast_precision_loss,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss
)]
fn corpus(dir: &Path, count: usize, min: usize, max: usize, seed: u64) -> (usize, u64) {
    let catalogue = Catalogue::builtin().expect("built-in policies load");
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).expect("corpus folder");
    let mut rng = Rng(seed);
    let mut bytes = 0u64;
    let ratio = (max as f64 / min as f64).ln();
    for i in 0..count {
        let lang = if rng.below(2) == 0 {
            Lang::new("fr").unwrap()
        } else {
            Lang::EN
        };
        let unit = (rng.next() % 1_000_000) as f64 / 1_000_000.0;
        let size = (min as f64 * (ratio * unit).exp()) as usize;
        let text = draft(&catalogue, &mut rng, lang, size);
        bytes += text.len() as u64;
        let sub = dir.join(format!("team-{:03}", i % 100));
        std::fs::create_dir_all(&sub).expect("corpus subfolder");
        std::fs::write(sub.join(format!("draft-{i:05}.md")), text).expect("write draft");
    }
    (count, bytes)
}

/// Runs a command under GNU time; returns (seconds, peak KiB).
fn measure(program: &str, args: &[&str]) -> Option<(f64, u64)> {
    let output = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("%e %M")
        .arg(program)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .ok()?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    let last = stderr.lines().last()?;
    let mut parts = last.split_whitespace();
    Some((parts.next()?.parse().ok()?, parts.next()?.parse().ok()?))
}

/// Every detection pattern, one per line, as `rg -f` reads them.
fn env_count(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[allow(clippy::print_stdout, clippy::cast_precision_loss)]
fn main() {
    let charter = env!("CARGO_BIN_EXE_charter");
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench-corpus");
    let files = env_count("BENCH_FILES", 2000);
    let many = env_count("BENCH_MANY", 20_000);

    let dir = root.join("drafts");
    let (count, bytes) = corpus(&dir, files, 2 * 1024, 200 * 1024, 42);
    let mb = bytes as f64 / 1e6;
    println!(
        "corpus: {count} Markdown drafts (fr/en), {mb:.1} MB, 2-200 KB each, in {}",
        dir.display()
    );
    let dir_arg = dir.to_string_lossy().into_owned();
    if let Some((secs, kib)) = measure(
        charter,
        &["lint", "--pack", "all", "--format", "json", &dir_arg],
    ) {
        println!(
            "charter lint --pack all --format json: {secs:.2} s, {:.1} MB/s, {:.0} files/s, peak {:.1} MB",
            mb / secs,
            count as f64 / secs,
            kib as f64 / 1024.0
        );
        // The speed issue's bar: ripgrep doing one pass of the 112 clause-cue patterns of
        // `../shared/bench/speed.sh` over the same files.
        let patterns =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/rg-patterns.txt");
        let patterns_arg = patterns.to_string_lossy().into_owned();
        match measure("rg", &["-c", "-i", "-f", &patterns_arg, &dir_arg]) {
            Some((rg_secs, _)) if rg_secs > 0.0 && patterns.exists() => println!(
                "rg -c -i -f rg-patterns.txt (112 clause cues): {rg_secs:.2} s, {:.1} MB/s; charter/rg time ratio {:.2} (target <= 3)",
                mb / rg_secs,
                secs / rg_secs
            ),
            _ => println!(
                "ripgrep comparison skipped: it needs `rg` and ../shared/bench/rg-patterns.txt"
            ),
        }
    }

    let small = root.join("small.md");
    std::fs::write(
        &small,
        "# Charte\n\nToute production doit être relue par un agent avant publication.\n",
    )
    .expect("small draft");
    let small_arg = small.to_string_lossy().into_owned();
    let mut times: Vec<f64> = (0..21)
        .map(|_| {
            let start = Instant::now();
            let _ = Command::new(charter)
                .args(["lint", &small_arg])
                .stdout(Stdio::null())
                .status();
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    println!(
        "start-up + one small draft: median {:.1} ms over 21 runs (target <= 15 ms)",
        times[times.len() / 2]
    );

    let many_dir = root.join("many");
    let (many_count, many_bytes) = corpus(&many_dir, many, 1024, 4 * 1024, 7);
    let many_arg = many_dir.to_string_lossy().into_owned();
    if let Some((secs, kib)) = measure(
        charter,
        &["lint", "--pack", "all", "--format", "json", &many_arg],
    ) {
        println!(
            "{many_count} small drafts ({:.1} MB): {secs:.2} s, peak {:.1} MB (target <= 40 MiB at 20,000)",
            many_bytes as f64 / 1e6,
            kib as f64 / 1024.0
        );
    }
}
