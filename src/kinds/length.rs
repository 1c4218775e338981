//! `length`: a bullet with fewer than `min-words` or more than `max-words` words is flagged.

use std::borrow::Cow;

use serde::Deserialize;

use super::{Patterns, RuleKind};
use crate::check::{BulletCheck, Hole};
use crate::diagnostic::Diagnostic;
use crate::language::words;

/// `min-words` and/or `max-words`, in the rule file or under `[rules.CODE]` in a config.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Length {
    #[serde(default)]
    min_words: Option<usize>,
    #[serde(default)]
    max_words: Option<usize>,
}

impl RuleKind for Length {
    fn compile(&mut self, _patterns: &mut Patterns<'_>) -> Result<(), String> {
        if self.min_words.is_none() && self.max_words.is_none() {
            return Err("kind \"length\" needs `min-words` or `max-words`".into());
        }
        Ok(())
    }

    fn configure(&mut self, options: toml::Table) -> Result<(), String> {
        let options: Length = super::read_options(options)?;
        let min = options.min_words.or(self.min_words);
        let max = options.max_words.or(self.max_words);
        if let (Some(lo), Some(hi)) = (min, max)
            && lo > hi
        {
            return Err(format!("min-words ({lo}) is above max-words ({hi})"));
        }
        (self.min_words, self.max_words) = (min, max);
        Ok(())
    }

    fn options(&self) -> String {
        let bound = |b: Option<usize>| b.map_or("none".into(), |b| b.to_string());
        format!(
            "min-words = {}, max-words = {}",
            bound(self.min_words),
            bound(self.max_words)
        )
    }

    fn check_bullet(&self, check: &mut BulletCheck<'_, '_>, out: &mut Vec<Diagnostic>) {
        let (min, max) = (self.min_words, self.max_words);
        let text = check.text();
        let words = words(text).with_text;
        let too_short = min.is_some_and(|m| words < m);
        let too_long = max.is_some_and(|m| words > m);
        if !(too_short || too_long) {
            return;
        }
        let number = |n: usize| Cow::Owned(n.to_string());
        let lookup = |name: &str| -> Hole {
            match name {
                "words" => Some(number(words)),
                "min" => min.map(number),
                "max" => max.map(number),
                "bound" => if too_long { max } else { min }.map(number),
                "direction" => Some(if too_long { "long" } else { "short" }.into()),
                _ => check.hole(name),
            }
        };
        out.push(check.report(0, text.len(), &lookup, None));
    }
}
