//! `repeated-opener`: the same first word in at least `min-count` bullets under one role; each
//! repeat after the first is flagged.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{Patterns, Reads, RuleKind};
use crate::check::{GroupCheck, Hole};
use crate::diagnostic::Diagnostic;

use crate::language::first_word;

/// `min-count` (default 3), in the rule file or under `[rules.CODE]` in a config.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RepeatedOpener {
    #[serde(default = "default_min_count")]
    min_count: usize,
}

fn default_min_count() -> usize {
    3
}

/// The same key as written in a config, where leaving it out keeps the rule's own.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Options {
    min_count: Option<usize>,
}

fn check_min_count(n: usize) -> Result<usize, String> {
    if n < 2 {
        return Err("`min-count` must be at least 2".into());
    }
    Ok(n)
}

impl RuleKind for RepeatedOpener {
    fn reads(&self) -> Reads {
        Reads::Group
    }

    fn compile(&mut self, _patterns: &mut Patterns<'_>) -> Result<(), String> {
        check_min_count(self.min_count).map(drop)
    }

    fn configure(&mut self, options: toml::Table) -> Result<(), String> {
        let options: Options = super::read_options(options)?;
        if let Some(n) = options.min_count {
            self.min_count = check_min_count(n)?;
        }
        Ok(())
    }

    fn options(&self) -> String {
        format!("min-count = {}", self.min_count)
    }

    fn check_group(&self, check: &GroupCheck<'_, '_>, out: &mut Vec<Diagnostic>) {
        let bullets = &check.doc.bullets;
        // Bullets under one role (or, without a role line, one section) form a group.
        let mut groups: BTreeMap<(bool, usize), Vec<usize>> = BTreeMap::new();
        for &i in check.members {
            let key = match bullets[i].role {
                Some(role) => (true, role),
                None => (false, bullets[i].section.unwrap_or(usize::MAX)),
            };
            groups.entry(key).or_default().push(i);
        }
        for group in groups.values() {
            let mut by_opener: BTreeMap<String, Vec<(usize, usize, usize)>> = BTreeMap::new();
            for &i in group {
                if let Some((start, end)) = first_word(&bullets[i].text) {
                    by_opener
                        .entry(bullets[i].text[start..end].to_lowercase())
                        .or_default()
                        .push((i, start, end));
                }
            }
            for uses in by_opener.values().filter(|uses| uses.len() >= self.min_count) {
                for &(i, start, end) in &uses[1..] {
                    let word = &bullets[i].text[start..end];
                    let lookup = |name: &str| -> Hole {
                        match name {
                            "match" => Some(word.into()),
                            "count" => Some(uses.len().to_string().into()),
                            _ => None,
                        }
                    };
                    out.push(check.report(i, start, end, &lookup, None));
                }
            }
        }
    }
}
