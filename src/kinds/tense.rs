//! `tense`: an opening verb whose tense does not fit its role, present tense under a role that
//! has ended or past tense under a current one.

use std::borrow::Cow;

use serde::Deserialize;

use super::{Reads, RuleKind};
use crate::check::{GroupCheck, Hole};
use crate::diagnostic::Diagnostic;
use crate::language::{self, first_word, opener_tense};

/// `role-state = "current"` or `"ended"`: the roles whose bullets the rule reads.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Tense {
    role_state: RoleState,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum RoleState {
    Current,
    Ended,
}

impl RuleKind for Tense {
    fn reads(&self) -> Reads {
        Reads::Group
    }

    fn check_group(&self, check: &GroupCheck<'_, '_>, out: &mut Vec<Diagnostic>) {
        let current = self.role_state == RoleState::Current;
        let wrong = if current {
            language::Tense::Past
        } else {
            language::Tense::Present
        };
        for &i in check.members {
            let bullet = &check.doc.bullets[i];
            let Some(role) = check
                .doc
                .role_of(bullet)
                .filter(|r| r.current == Some(current))
            else {
                continue;
            };
            let Some((start, end)) = first_word(&bullet.text) else {
                continue;
            };
            let word = &bullet.text[start..end];
            // Few bullets get this far, so their signals are checked only now.
            if opener_tense(word) != Some(wrong) || check.silenced(i) {
                continue;
            }
            let lookup = |name: &str| -> Hole {
                match name {
                    "match" => Some(word.into()),
                    "dates" => role.dates.as_deref().map(Cow::Borrowed),
                    _ => None,
                }
            };
            out.push(check.report(i, start, end, &lookup, None));
        }
    }
}
