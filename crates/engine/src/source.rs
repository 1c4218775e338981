//! Pattern sources: the syntax of rule-file regexes (word bounds, stretching spaces, ASCII
//! classes), their macros and word classes, and checking a source without compiling it.

/// Check a rule-file pattern's syntax without compiling it (compiling is deferred to first use).
pub fn check_syntax(pattern: &str) -> Result<(), String> {
    regex_syntax::ast::parse::Parser::new()
        .parse(&expand(pattern))
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// The full regex source for a rule-file pattern: case-insensitive, a literal space matches any
/// run of whitespace, `\w` means an ASCII word character and `\d` an ASCII digit (`\W` and `\D`
/// anything else), and a side that starts or ends with a letter or digit gets an ASCII word
/// boundary.
pub fn expand(pattern: &str) -> String {
    let body = normalise(pattern);
    // ASCII word boundaries keep every pattern on the fast DFA engines, even on non-ASCII text.
    let lead = if starts_with_word(pattern) {
        r"(?-u:\b)"
    } else {
        ""
    };
    let trail = if ends_with_word(pattern) {
        r"(?-u:\b)"
    } else {
        ""
    };
    if let Some(rest) = body.strip_prefix('^') {
        format!("(?i)^{lead}(?:{rest}){trail}")
    } else {
        format!("(?i){lead}(?:{body}){trail}")
    }
}

/// Whether the first thing a pattern matches is a word character, looking through group openers.
fn starts_with_word(pattern: &str) -> bool {
    let mut rest = pattern.trim_start_matches('^');
    loop {
        if let Some(r) = rest.strip_prefix("(?:") {
            rest = r;
        } else if let Some(r) = rest.strip_prefix("(?P<") {
            rest = r.split_once('>').map_or("", |(_, r)| r);
        } else if let Some(r) = rest.strip_prefix('(') {
            rest = r;
        } else {
            break;
        }
    }
    rest.starts_with(|c: char| c.is_alphanumeric())
        || rest.starts_with(r"\w")
        || rest.starts_with(r"\d")
}

/// Whether the last thing a pattern matches is a word character, looking through group closers.
fn ends_with_word(pattern: &str) -> bool {
    let mut chars = pattern
        .trim_end_matches(['$', ')', '?', '*', '+'])
        .chars()
        .rev();
    match (chars.next(), chars.next()) {
        (Some(last), before) => last.is_alphanumeric() && before != Some('\\'),
        (None, _) => false,
    }
}

/// Replace `{name}` with the file's macro (or word class) of that name; other braces (`{2,3}`)
/// are left alone. A macro may use another macro or a class, so replacing repeats while it
/// still changes something (a few rounds: a cycle stops there instead of growing forever).
pub fn expand_macros(pattern: &str, macros: &std::collections::BTreeMap<String, String>) -> String {
    if macros.is_empty() || !pattern.contains('{') {
        return pattern.to_string();
    }
    let mut out = pattern.to_string();
    // Looking a name up among the holes `out` has is the same as searching `out` for the
    // name's hole (for a name without braces), and cheaper than a search per macro.
    let mut holes = hole_names(&out);
    for _ in 0..4 {
        let mut changed = false;
        for (name, body) in macros {
            let hole = || format!("{{{name}}}");
            let present = if name.contains(['{', '}']) {
                out.contains(&hole())
            } else {
                holes.contains(name.as_str())
            };
            if present {
                out = out.replace(&hole(), body);
                holes = hole_names(&out);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    out
}

/// The name inside each `{…}` of `text` that has no brace inside it.
fn hole_names(text: &str) -> std::collections::HashSet<String> {
    let mut names = std::collections::HashSet::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        rest = &rest[open + 1..];
        if let Some(close) = rest.find(['{', '}'])
            && rest[close..].starts_with('}')
        {
            names.insert(rest[..close].to_string());
        }
    }
    names
}

/// A word class (a rule file's `[classes]` entry) as a regex fragment. Each entry is a word or
/// phrase matched as written (any case, any run of whitespace between words); a `*` at the end
/// of a word matches any ending (`coordinat*`). Longer entries are tried first.
pub fn class_fragment(entries: &[String]) -> Result<String, String> {
    let mut alternatives = Vec::with_capacity(entries.len());
    for entry in entries {
        let words: Vec<&str> = entry.split_whitespace().collect();
        if words.is_empty() {
            return Err("an entry is empty".into());
        }
        let mut parts = Vec::with_capacity(words.len());
        for word in words {
            let (stem, any_ending) = match word.strip_suffix('*') {
                Some(stem) => (stem, true),
                None => (word, false),
            };
            let plain = |c: char| c.is_alphanumeric() || "-'’&/.+#".contains(c);
            if stem.is_empty() || !stem.chars().all(plain) {
                return Err(format!(
                    "entry `{entry}`: use words, hyphens and apostrophes, with an optional `*` at the end of a word"
                ));
            }
            let mut part = regex_syntax::escape(stem);
            if any_ending {
                part.push_str(r"\w*");
            }
            parts.push(part);
        }
        alternatives.push(parts.join(" "));
    }
    alternatives.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    alternatives.dedup();
    Ok(format!("(?:{})", alternatives.join("|")))
}

/// A rule file's macros and word classes as one table of `{name}` fragments.
pub fn fragments(
    macros: &std::collections::BTreeMap<String, String>,
    classes: &std::collections::BTreeMap<String, Vec<String>>,
) -> Result<std::collections::BTreeMap<String, String>, String> {
    let mut table = macros.clone();
    for (name, entries) in classes {
        let fragment = class_fragment(entries).map_err(|e| format!("class `{name}`: {e}"))?;
        if table.insert(name.clone(), fragment).is_some() {
            return Err(format!("class `{name}`: a macro has the same name"));
        }
    }
    Ok(table)
}

/// One pass over a rule-file pattern, outside escapes and character classes where it matters:
/// a literal space becomes `\s+` (so phrases match across wrapped lines), `\w` an ASCII word
/// class, `\d` an ASCII digit, `\W` and `\D` their complements, and `\b`/`\B` ASCII
/// boundaries (rule phrases are English; the Unicode forms cost several times more to compile,
/// a Unicode boundary forces the slow engine on any non-ASCII text, and the hundreds of ranges
/// of Unicode's word characters and digits split the lazy DFA's input into two or three times
/// as many byte classes, so each of its states took two or four times the memory).
fn normalise(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('w') if in_class => out.push_str("0-9A-Za-z_"),
                Some('w') => out.push_str("[0-9A-Za-z_]"),
                Some('d') if in_class => out.push_str("0-9"),
                Some('d') => out.push_str("[0-9]"),
                // A class nested in a class adds its members, so these work in both places.
                Some('W') => out.push_str("[^0-9A-Za-z_]"),
                Some('D') => out.push_str("[^0-9]"),
                Some('b') if !in_class => out.push_str("(?-u:\\b)"),
                Some('B') if !in_class => out.push_str("(?-u:\\B)"),
                Some(next) => {
                    out.push('\\');
                    out.push(next);
                }
                None => out.push('\\'),
            },
            '[' => {
                in_class = true;
                out.push(c);
            }
            ']' => {
                in_class = false;
                out.push(c);
            }
            ' ' if !in_class => out.push_str(r"\s+"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    fn compile(pattern: &str) -> Result<Regex, regex::Error> {
        Regex::new(&expand(pattern))
    }

    #[test]
    fn words_are_bounded_and_spaces_stretch() {
        let re = compile("groom(?:ed|ing)? the backlog").unwrap();
        assert!(re.is_match("Groomed  the\nbacklog"));
        assert!(!re.is_match("regroomed the backlog"));
        let re = compile("team").unwrap();
        assert!(!re.is_match("teams"));
        let re = compile(r"\d+%").unwrap();
        assert!(re.is_match("cut 12% of cost"));
        // Digits are ASCII, in and out of classes; an escaped backslash is left alone.
        assert!(!re.is_match("cut １２% of cost"));
        assert!(!re.is_match("cut 12 of cost"));
        assert!(compile(r"[\d,]+ users").unwrap().is_match("1,200 users"));
        assert!(!compile(r"[\d,]+ users").unwrap().is_match("١٢ users"));
        assert!(compile(r"a\\d").unwrap().is_match(r"a\d"));
        // `\W` and `\D` are the complements: a non-ASCII letter is not a word character.
        let re = compile(r"^\W*done\W*$").unwrap();
        assert!(re.is_match("» done! "));
        assert!(re.is_match("é done"), "é is not an ASCII word character");
        assert!(!re.is_match("x done"));
        assert!(compile(r"\D+ users").unwrap().is_match("١٢ users"));
        assert!(!compile(r"^\D+ users").unwrap().is_match("12 users"));
        assert!(compile(r"[\W]").unwrap().is_match("é"));
        assert!(!compile(r"x[^\W]").unwrap().is_match("xé"));
        assert!(compile(r"x[^\W]").unwrap().is_match("xa"));
        let re = compile("[a ]b").unwrap();
        assert_eq!(re.as_str(), r"(?i)(?:[a ]b)(?-u:\b)");
        let re = compile("(?P<flag>(?:take|gather)s?)").unwrap();
        assert!(!re.is_match("stakes"));
        assert!(re.is_match("takes"));
    }

    #[test]
    fn anchored_patterns_stay_anchored() {
        let re = compile("^responsible for").unwrap();
        assert!(re.is_match("Responsible for hiring"));
        assert!(!re.is_match("I was responsible for hiring"));
    }

    #[test]
    fn macros_expand_round_by_round_in_name_order() {
        let macros = |pairs: &[(&str, &str)]| -> std::collections::BTreeMap<String, String> {
            pairs
                .iter()
                .map(|(name, body)| (name.to_string(), body.to_string()))
                .collect()
        };
        // A macro that uses one named later is filled in the same round, one named earlier in
        // the next; quantifiers and unknown names are left alone.
        let nested = macros(&[("a", "A{c}"), ("b", "({a})"), ("c", "C")]);
        assert_eq!(expand_macros("{b}{2,} {x}", &nested), "(AC){2,} {x}");
        assert_eq!(expand_macros("{{a}}", &nested), "{AC}");
        // A cycle stops after four rounds instead of growing forever.
        let cycle = macros(&[("a", "{a}{a}")]);
        assert_eq!(expand_macros("{a}", &cycle), "{a}".repeat(16));
        // A name with a brace in it is still found.
        let odd = macros(&[("{odd", "Z")]);
        assert_eq!(expand_macros("x{{odd}y", &odd), "xZy");
    }

    #[test]
    fn word_classes_become_alternations_that_macros_can_use() {
        let classes = std::collections::BTreeMap::from([(
            "verbs".to_string(),
            vec!["coordinat*".to_string(), "met with".to_string()],
        )]);
        let macros = std::collections::BTreeMap::from([(
            "opener".to_string(),
            "^(?P<flag>{verbs})".to_string(),
        )]);
        let table = fragments(&macros, &classes).unwrap();
        let re = compile(&expand_macros("{opener} the", &table)).unwrap();
        assert!(re.is_match("Coordinated the move"));
        assert!(re.is_match("Met  with the board"));
        assert!(!re.is_match("Remet with the board"));
        assert!(class_fragment(&["a(b".to_string()]).is_err());
        assert!(class_fragment(&[" ".to_string()]).is_err());
        let clash = std::collections::BTreeMap::from([("verbs".to_string(), "x".to_string())]);
        assert!(fragments(&clash, &classes).is_err());
    }
}
