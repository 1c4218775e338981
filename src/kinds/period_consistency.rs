//! `period-consistency`: in one list, the bullets whose trailing period differs from the
//! majority's are flagged, with a fix that adds or removes the period.

use serde::Deserialize;

use super::{Reads, RuleKind};
use crate::check::{GroupCheck, Hole};
use crate::diagnostic::{Diagnostic, Edit};
use crate::document::Format;
use crate::span::Span;

/// No parameters.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeriodConsistency {}

impl RuleKind for PeriodConsistency {
    fn reads(&self) -> Reads {
        Reads::Group
    }

    fn makes_edits(&self) -> bool {
        true
    }

    fn check_group(&self, check: &GroupCheck<'_, '_>, out: &mut Vec<Diagnostic>) {
        let doc = check.doc;
        let bullets = &doc.bullets;
        let mut lists: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
        for &i in check.members {
            // A bullet ending in a colon introduces what follows, and one ending in an
            // ellipsis, `?` or `!` has its own punctuation: they take no side.
            let text = bullets[i].text.as_str();
            let own_punctuation = text.ends_with([':', '?', '!', '…']) || text.ends_with("..");
            if !own_punctuation {
                lists.entry(bullets[i].group).or_default().push(i);
            }
        }
        for list in lists.values().filter(|l| l.len() >= 2) {
            let ends_with_period = |i: &usize| bullets[*i].text.ends_with('.');
            let with = list.iter().filter(|i| ends_with_period(i)).count();
            let without = list.len() - with;
            if with == 0 || without == 0 {
                continue;
            }
            // The majority sets the style; on a tie, the list's first bullet does.
            let majority_period = with > without || (with == without && ends_with_period(&list[0]));
            for &i in list
                .iter()
                .filter(|i| ends_with_period(i) != majority_period)
            {
                let bullet = &bullets[i];
                let len = bullet.text.len();
                let last = bullet.text.chars().next_back().map_or(0, char::len_utf8);
                let edit = if majority_period {
                    let at = bullet.source_span(len, len).end;
                    Some(Edit {
                        span: Span::new(at, at),
                        replacement: ".".into(),
                    })
                } else {
                    // In plain text a line that ends a sentence ends its bullet: without the
                    // period, a text line right below would join the bullet, so the fix
                    // would change what the bullets are (and need another pass).
                    let joins_next = doc.format == Format::Text
                        && next_line_has_text(&doc.source, bullet.span.end);
                    (bullet.is_verbatim(len - last, len) && !joins_next).then(|| Edit {
                        span: bullet.source_span(len - last, len),
                        replacement: String::new(),
                    })
                };
                let lookup = |name: &str| -> Hole {
                    match name {
                        "expected" => Some(
                            if majority_period {
                                "end with a period"
                            } else {
                                "have no trailing period"
                            }
                            .into(),
                        ),
                        "count" => Some(
                            if majority_period { with } else { without }
                                .to_string()
                                .into(),
                        ),
                        "total" => Some(list.len().to_string().into()),
                        "action" => Some(
                            if majority_period {
                                "add a period"
                            } else {
                                "remove the period"
                            }
                            .into(),
                        ),
                        _ => None,
                    }
                };
                out.push(check.report(i, len - last, len, &lookup, edit));
            }
        }
    }
}

/// Whether the line after the one holding byte `at` of `source` has any text.
fn next_line_has_text(source: &str, at: usize) -> bool {
    let rest = source.get(at..).unwrap_or("");
    rest.split_once('\n')
        .is_some_and(|(_, after)| !after.split('\n').next().unwrap_or("").trim().is_empty())
}
