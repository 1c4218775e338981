//! Rule kinds: what `kind = "…"` in a rule file means. Each kind is one file holding its
//! parameters as written (serde, tagged by `kind`), their validation, its `[rules.CODE]`
//! config options and its check; `kinds!` at the bottom registers it in one line.

use std::ops::{Deref, DerefMut};

use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::check::{BulletCheck, GroupCheck};
use crate::diagnostic::Diagnostic;
use crate::ruleset::{Rule, RuleSet, SignalId, SuggestionTemplate};
use crate::suppress::UnusedSuppression;
use resume_lint_engine::{PatternTable, source};

/// What a rule of some kind reads, which decides when the checker calls it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reads {
    /// One bullet (or role line) at a time: [`RuleKind::check_bullet`].
    Bullet,
    /// The bullets of a document together: [`RuleKind::check_group`].
    Group,
    /// The suppression comments that suppressed nothing: [`RuleKind::check_unused`].
    UnusedSuppressions,
}

/// The behaviour of one rule kind. Every method has a default: a kind writes the check for
/// what it reads and whatever else makes it different.
pub trait RuleKind: std::fmt::Debug + Send + Sync {
    /// What the kind reads.
    fn reads(&self) -> Reads {
        Reads::Bullet
    }

    /// Validate the parameters and compile their patterns (once, when the rule file loads).
    fn compile(&mut self, _patterns: &mut Patterns<'_>) -> Result<(), String> {
        Ok(())
    }

    /// Resolve the signal names the parameters use, once every rule file's signals are known.
    fn link(&mut self, _signal: &dyn Fn(&str) -> Result<SignalId, String>) -> Result<(), String> {
        Ok(())
    }

    /// Whether the rule could report anything on this bullet, as far as the prefilter tells:
    /// asked before its `unless` signals are searched for, which are then spared on the many
    /// bullets where none of its own patterns could match.
    fn could_report(&self, _check: &BulletCheck<'_, '_>) -> bool {
        true
    }

    /// Whether `target = "role"` may point the kind at role lines instead of bullets.
    fn can_target_roles(&self) -> bool {
        false
    }

    /// Whether its findings carry edits, so a suggestion may be `safe` or `unsafe`.
    fn makes_edits(&self) -> bool {
        false
    }

    /// The suggestion a rule of this kind gets when its file gives none.
    fn default_suggestion(&self) -> Option<SuggestionTemplate> {
        None
    }

    /// Apply `[rules.CODE]` options from a config file (every key but `severity`).
    fn configure(&mut self, options: toml::Table) -> Result<(), String> {
        match options.keys().next() {
            Some(key) => Err(format!(
                "`{key}` does not apply: this kind takes no options"
            )),
            None => Ok(()),
        }
    }

    /// The options in effect, as a config file would write them (empty when it takes none).
    fn options(&self) -> String {
        String::new()
    }

    /// What `explain` adds about the kind's parameters, if anything.
    fn explain(&self, _rules: &RuleSet) -> Option<String> {
        None
    }

    /// Check one bullet (kinds that read [`Reads::Bullet`]).
    fn check_bullet(&self, _check: &mut BulletCheck<'_, '_>, _out: &mut Vec<Diagnostic>) {}

    /// Check a document's bullets together (kinds that read [`Reads::Group`]).
    fn check_group(&self, _check: &GroupCheck<'_, '_>, _out: &mut Vec<Diagnostic>) {}

    /// Report suppression comments that did nothing (kinds that read
    /// [`Reads::UnusedSuppressions`]).
    fn check_unused(
        &self,
        _rule: &Rule,
        _unused: &[UnusedSuppression],
        _out: &mut Vec<Diagnostic>,
    ) {
    }
}

/// What a kind's [`RuleKind::compile`] compiles its patterns with.
pub struct Patterns<'a> {
    pub(crate) table: &'a mut PatternTable,
    pub(crate) macros: &'a std::collections::BTreeMap<String, String>,
}

impl Patterns<'_> {
    /// Compile one pattern as written (macros and classes expanded) and return its id in
    /// `RuleSet::patterns`.
    pub fn add(&mut self, written: &str) -> Result<usize, String> {
        let pattern = source::expand_macros(written, self.macros);
        if pattern.trim().is_empty() {
            return Err("an empty pattern flags nothing: remove it".into());
        }
        self.table.add(source::expand(&pattern)).map_err(|e| {
            format!(
                "bad pattern `{}`: {e}",
                crate::input::short_problem(&pattern)
            )
        })
    }
}

/// Read a kind's `[rules.CODE]` options into its own options type, which names any key it
/// does not take.
pub(crate) fn read_options<T: DeserializeOwned>(options: toml::Table) -> Result<T, String> {
    toml::Value::Table(options)
        .try_into()
        .map_err(|e: toml::de::Error| e.message().to_string())
}

/// Declares each kind's module and [`Kind`], one line per kind: the name rule files write,
/// then the module (file) and the type in it, which names the variant.
macro_rules! kinds {
    ($($name:literal => $module:ident::$variant:ident,)*) => {
        $(mod $module;)*


        /// A rule's kind and its parameters, read from the rule file's `kind = "…"` and the
        /// keys that kind takes.
        #[derive(Debug, Clone, Deserialize)]
        #[serde(tag = "kind")]
        pub enum Kind {
            $(
                #[doc = concat!("`kind = \"", $name, "\"`")]
                #[serde(rename = $name)]
                $variant($module::$variant),
            )*
        }

        impl Kind {
            /// Every kind's name, as rule files write it.
            pub const NAMES: &[&str] = &[$($name),*];

            /// The kind's name as rule files write it.
            pub fn name(&self) -> &'static str {
                match self {
                    $(Kind::$variant(_) => $name,)*
                }
            }
        }

        impl Deref for Kind {
            type Target = dyn RuleKind;
            fn deref(&self) -> &(dyn RuleKind + 'static) {
                match self {
                    $(Kind::$variant(kind) => kind,)*
                }
            }
        }

        impl DerefMut for Kind {
            fn deref_mut(&mut self) -> &mut (dyn RuleKind + 'static) {
                match self {
                    $(Kind::$variant(kind) => kind,)*
                }
            }
        }
    };
}

kinds! {
    "phrase" => phrase::Phrase,
    "substitution" => substitution::Substitution,
    "requires" => requires::Requires,
    "length" => length::Length,
    "repeated-opener" => repeated_opener::RepeatedOpener,
    "period-consistency" => period_consistency::PeriodConsistency,
    "tense" => tense::Tense,
    "unused-suppression" => unused_suppression::UnusedSuppression,
}
