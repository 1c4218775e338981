//! Embeds every `rules/*.toml` rule set into the binary, and compiles their patterns ahead of
//! time (trigger literals and NFAs) together with the parsers' fixed regexes (`src/regexes.rs`),
//! so a run parses and compiles no built-in regex.
//!
//! The pattern sources are derived here the way `ruleset::file` derives them at load time; a
//! source this script misses is simply compiled at run time, and a test checks none is missed.
//! The compiling is the engine crate's (`resume-lint-engine`, a build-dependency).

use std::{collections::BTreeMap, env, fs, path::Path};

use resume_lint_engine::{source, triggers};

// Plain constants, shared with the library as a file because they are the parsers' data.
#[path = "src/regexes.rs"]
mod regexes;

fn main() {
    println!("cargo:rerun-if-changed=rules");
    println!("cargo:rerun-if-changed=src/regexes.rs");
    link_without_pie();
    let mut files: Vec<_> = fs::read_dir("rules")
        .expect("rules/ directory exists")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    files.sort();
    let out_dir = env::var("OUT_DIR").expect("OUT_DIR set by cargo");
    let mut code = String::from(
        "/// Built-in rule files: (file name, TOML text).\npub(crate) const BUILTIN_RULE_FILES: &[(&str, &str)] = &[\n",
    );
    let mut sources: Vec<String> = regexes::ALL.iter().map(|s| s.to_string()).collect();
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .expect("UTF-8 file name");
        let absolute = fs::canonicalize(path).expect("rule file path resolves");
        code.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            absolute.display().to_string()
        ));
        let text = fs::read_to_string(path).expect("rule file is UTF-8");
        // A malformed rule file is reported by the linter itself, with its line and key.
        if let Ok(table) = text.parse::<toml::Table>() {
            sources.extend(pattern_sources(&table));
        }
    }
    code.push_str("];\n");
    fs::write(Path::new(&out_dir).join("builtin_rules.rs"), code).expect("write builtin_rules.rs");
    write_precompiled(&out_dir, sources);
}

/// Link the `resume-lint` binary as a fixed-position executable on Linux with glibc. A
/// position-independent one has the loader patch some 31,000 pointers in its read-only data
/// (rule tables, string tables, vtables) at every start, which writes to about 150 pages:
/// linking without PIE took 2 ms (12%) off the end-to-end run on a two-page resume (median of
/// 60 alternating runs; see BENCHMARKS.md). The cost is that the executable's own code always
/// loads at the same address (libraries, heap and stack are still placed at random).
fn link_without_pie() {
    let target = |key: &str| env::var(key).unwrap_or_default();
    if target("CARGO_CFG_TARGET_OS") == "linux" && target("CARGO_CFG_TARGET_ENV") == "gnu" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}

/// Every regex source the rule file's rules and signals compile to.
fn pattern_sources(table: &toml::Table) -> Vec<String> {
    let strings = |value: Option<&toml::Value>| -> Vec<String> {
        value
            .and_then(toml::Value::as_array)
            .map(|items| {
                items
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let table_of = |key: &str| table.get(key).and_then(toml::Value::as_table);
    let macros: BTreeMap<String, String> = table_of("macros")
        .map(|m| {
            m.iter()
                .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
                .collect()
        })
        .unwrap_or_default();
    let classes: BTreeMap<String, Vec<String>> = table_of("classes")
        .map(|c| {
            c.iter()
                .map(|(k, v)| (k.clone(), strings(Some(v))))
                .collect()
        })
        .unwrap_or_default();
    // A bad class is reported by the linter itself when it loads the file.
    let macros = source::fragments(&macros, &classes).unwrap_or(macros);
    let expand = |p: &str| source::expand(&source::expand_macros(p, &macros));
    let mut sources = Vec::new();
    if let Some(signals) = table.get("signals").and_then(toml::Value::as_table) {
        for signal in signals.values() {
            sources.extend(strings(signal.get("patterns")).iter().map(|p| expand(p)));
        }
    }
    let rules = table.get("rules").and_then(toml::Value::as_array);
    for rule in rules.into_iter().flatten() {
        sources.extend(strings(rule.get("patterns")).iter().map(|p| expand(p)));
        let swaps = rule.get("swap").and_then(toml::Value::as_array);
        for swap in swaps.into_iter().flatten() {
            if let Some(p) = swap.get(0).and_then(toml::Value::as_str) {
                sources.push(expand(p));
            }
        }
    }
    sources
}

/// `items` as a slice of `of` (`&[a, b] as &[of]`, so that nested slices of different
/// lengths have one type).
fn slice<T>(items: &[T], of: &str, item: impl Fn(&T) -> String) -> String {
    let items: Vec<String> = items.iter().map(item).collect();
    format!("&[{}] as &[{of}]", items.join(", "))
}

/// The prefilter's tables as a `PREFILTER` constant (static data: no automaton to build when
/// a run starts, and no page of it touched that a run does not read).
fn prefilter_code(tables: &resume_lint_engine::PrefilterTables) -> String {
    let words = |words: &[u32]| {
        let words: Vec<String> = words.iter().map(u32::to_string).collect();
        format!("Cow::Borrowed(&[{}])", words.join(","))
    };
    let symbols: Vec<String> = tables
        .symbols
        .iter()
        .map(|(set, symbol)| format!("({set}, Cow::Borrowed({symbol:?}))"))
        .collect();
    let automaton = &tables.automaton;
    format!(
        "/// The prefilter's tables over the triggers of `PRECOMPILED`, in its order.\nconst PREFILTER: PrefilterTables = PrefilterTables {{ automaton: Automaton {{ next: {}, start: {}, root: {}, longest: {}, first_match: {}, ends: {}, sets: {} }}, set_count: {}, digit_sets: {}, symbols: Cow::Borrowed(&[{}]), needs: {} }};\n",
        words(&automaton.next),
        automaton.start,
        automaton.root,
        automaton.longest,
        automaton.first_match,
        words(&automaton.ends),
        words(&automaton.sets),
        tables.set_count,
        words(&tables.digit_sets),
        symbols.join(", "),
        words(&tables.needs),
    )
}

/// Write `precompiled.rs` (a table sorted by source, and the prefilter's tables over their
/// triggers) and `precompiled.bin` (the NFA words).
fn write_precompiled(out_dir: &str, mut sources: Vec<String>) {
    sources.sort();
    sources.dedup();
    let mut words: Vec<u32> = Vec::new();
    // Each entry as written but for its prefilter range, and its triggers.
    let mut entries: Vec<(String, Option<triggers::Need>)> = Vec::new();
    for source in &sources {
        // Patterns that fail here fail at load time too, with a message naming the rule.
        let Ok(found) = triggers::triggers(source) else {
            continue;
        };
        // The parsers' own regexes read the original text: they run on every line, most of
        // which no rule reads, so folding it would cost more than it saves.
        let fold = !regexes::ALL.contains(&source.as_str());
        let Ok(resume_lint_engine::Encoded {
            words: encoded,
            names,
            folded,
            stem,
            reverse,
        }) = resume_lint_engine::precompile(source, fold)
        else {
            continue;
        };
        let start = words.len();
        words.extend(encoded);
        let end = words.len();
        let stem = match stem {
            Some(stem) => {
                words.extend(stem);
                format!("Some(({end}, {}))", words.len())
            }
            None => "None".into(),
        };
        let reverse_start = words.len();
        words.extend(reverse);
        let triggers = match &found {
            Some(need) => {
                let set = |set: &Vec<String>| slice(set, "&str", |t| format!("{t:?}"));
                let all = |all: &Vec<Vec<String>>| slice(all, "&[&str]", set);
                format!("Some({})", slice(need, "&[&[&str]]", all))
            }
            None => "None".into(),
        };
        let entry = format!(
            "source: {source:?}, triggers: {triggers}, words: ({start}, {end}), names: &{names:?}, folded: {folded}, stem: {stem}, reverse: ({reverse_start}, {})",
            words.len()
        );
        entries.push((entry, found));
    }
    let (prefilter, ranges) =
        resume_lint_engine::PrefilterTables::new(entries.iter().map(|(_, need)| need.as_ref()));
    let mut table = String::from("const PRECOMPILED: &[Precompiled] = &[\n");
    for ((entry, _), range) in entries.iter().zip(ranges) {
        table.push_str(&format!(
            "    Precompiled {{ {entry}, need: {range:?} }},\n"
        ));
    }
    table.push_str("];\n");
    table.push_str(&prefilter_code(&prefilter));
    table.push_str(
        "/// Every precompiled NFA's words, little-endian.\nconst PRECOMPILED_NFAS_BYTES: &[u8] = include_bytes!(concat!(env!(\"OUT_DIR\"), \"/precompiled.bin\"));\n",
    );
    let bytes: Vec<u8> = words.iter().flat_map(|w| w.to_le_bytes()).collect();
    fs::write(Path::new(out_dir).join("precompiled.bin"), bytes).expect("write precompiled.bin");
    fs::write(Path::new(out_dir).join("precompiled.rs"), table).expect("write precompiled.rs");
}
