//! Message and rewrite templates: `{name}` holes filled from a finding's captures, or left as
//! `<name>` placeholders for the writer.

use std::borrow::Cow;
use std::sync::Arc;

/// `fill` for a template kept in an `Arc`: one without a hole is shared, not copied (a rule's
/// help is the same for all its findings).
pub(crate) fn fill_shared<'a>(
    template: &Arc<str>,
    lookup: impl Fn(&str) -> Option<Cow<'a, str>>,
) -> Arc<str> {
    if memchr::memchr(b'{', template.as_bytes()).is_none() {
        return Arc::clone(template);
    }
    fill(template, lookup).into()
}

/// Fill `{name}` holes in a template: `lookup` gives the value, and a hole it cannot fill
/// becomes an explicit `<name>` placeholder for the writer to complete.
pub(crate) fn fill<'a>(template: &str, lookup: impl Fn(&str) -> Option<Cow<'a, str>>) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    // memchr: `str::find` with a char costs several times more per call, and every finding
    // fills two or three templates.
    while let Some(open) = memchr::memchr(b'{', rest.as_bytes()) {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match memchr::memchr(b'}', after.as_bytes()) {
            Some(close) if is_hole_name(&after[..close]) => {
                let name = &after[..close];
                match lookup(name).filter(|v| !v.trim().is_empty()) {
                    Some(value) => {
                        // Room for the rest too: a value (a whole bullet for `{text}`) would
                        // otherwise make the string grow several times over.
                        out.reserve(value.len() + after.len() - close);
                        out.push_str(value.trim());
                    }
                    None => {
                        out.push('<');
                        out.push_str(name);
                        out.push('>');
                    }
                }
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn is_hole_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// `text` with its first letter upper-cased.
pub(crate) fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_fill_or_leave_placeholders() {
        let out = fill("Led {object} to {metric}", |n| {
            (n == "object").then_some(" the team ".into())
        });
        assert_eq!(out, "Led the team to <metric>");
        assert_eq!(fill("keep {this literal", |_| None), "keep {this literal");
    }
}
