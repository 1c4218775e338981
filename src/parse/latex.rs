//! LaTeX parser: `\item`s and resume macros (`\resumeItem`, `\cventry`, …) → bullets, with
//! commands stripped to their visible text and a segment map back to the `.tex` bytes.

use std::collections::HashMap;

use super::{Parsed, classify_heading, is_bare_section_name, role_line};
use crate::document::{Bullet, SectionKind, TextBuilder};
use crate::span::Span;

/// Commands whose arguments are never visible text.
const INVISIBLE: &[&str] = &[
    "url",
    "includegraphics",
    "vspace",
    "hspace",
    "label",
    "ref",
    "cite",
    "input",
    "include",
    "setlength",
    "addtolength",
    "color",
    "pagecolor",
    "definecolor",
    "fontsize",
    "usepackage",
    "newcommand",
    "renewcommand",
    "geometry",
    "titleformat",
    "hypersetup",
    "faicon",
    "icon",
    "photo",
    "raisebox",
    "rule",
    "setcounter",
    "addtocounter",
    "pagestyle",
    "thispagestyle",
];

/// Commands that stand for a character or word.
const SYMBOLS: &[(&str, &str)] = &[
    ("LaTeX", "LaTeX"),
    ("TeX", "TeX"),
    ("ldots", "…"),
    ("dots", "…"),
    ("textbar", "|"),
    ("textasciitilde", "~"),
    ("textbullet", "•"),
    ("sim", "~"),
    ("times", "×"),
    ("rightarrow", "→"),
    ("to", "→"),
    ("pm", "±"),
    ("approx", "≈"),
    ("ampersand", "&"),
    ("textendash", "–"),
    ("textemdash", "—"),
    ("quad", " "),
    ("qquad", " "),
    ("newline", " "),
    ("linebreak", " "),
];

/// Most arguments a resume macro takes.
const MAX_ARGS: usize = 7;

struct Scanner<'s> {
    src: &'s str,
    /// Where each `{` and each `[` of the body closes, found in one pass: looking a group's
    /// end up then costs the same however deep or unclosed the groups are.
    brace_ends: HashMap<usize, usize>,
    bracket_ends: HashMap<usize, usize>,
    out: Parsed,
    section: Option<usize>,
    kind: SectionKind,
    role: Option<usize>,
    group: usize,
}

/// Parse LaTeX `source`, starting at byte `start` (after a BOM).
pub(super) fn parse(source: &str, start: usize) -> Parsed {
    // Only the document body is content; a preamble is configuration.
    let (body_start, body_end) = match source.find("\\begin{document}") {
        Some(at) => {
            let from = at + "\\begin{document}".len();
            let to = source[from..]
                .find("\\end{document}")
                .map_or(source.len(), |e| from + e);
            (from, to)
        }
        None => (start, source.len()),
    };
    let mut scanner = Scanner {
        src: source,
        brace_ends: group_ends(source, body_start, body_end, b'{', b'}'),
        bracket_ends: group_ends(source, body_start, body_end, b'[', b']'),
        out: Parsed::default(),
        section: None,
        kind: SectionKind::Other,
        role: None,
        group: 0,
    };
    scanner.walk(body_start, body_end);
    scanner.out
}

/// Where each `open` in `[from, to)` of `src` is closed (escaped delimiters and comments do
/// not count); an unclosed one has no entry.
fn group_ends(src: &str, from: usize, to: usize, open: u8, close: u8) -> HashMap<usize, usize> {
    let bytes = src.as_bytes();
    let mut ends = HashMap::new();
    let mut open_at = Vec::new();
    let mut j = from;
    while j < to {
        match bytes[j] {
            b'\\' => j += 1,
            b'%' => {
                j = src[j..to].find(['\n', '\r']).map_or(to, |n| j + n);
            }
            b if b == open => open_at.push(j),
            b if b == close => {
                if let Some(start) = open_at.pop() {
                    ends.insert(start, j);
                }
            }
            _ => {}
        }
        j += 1;
    }
    ends
}

/// Whether the byte at `i` is escaped by an odd run of backslashes before it.
fn escaped(bytes: &[u8], i: usize) -> bool {
    let mut n = 0;
    let mut j = i;
    while j > 0 && bytes[j - 1] == b'\\' {
        n += 1;
        j -= 1;
    }
    n % 2 == 1
}

impl<'s> Scanner<'s> {
    fn bytes(&self) -> &'s [u8] {
        self.src.as_bytes()
    }

    /// Index just past the end of the line containing `i` (a `\n`, or a lone `\r`).
    fn line_end(&self, i: usize, limit: usize) -> usize {
        self.src[i..limit]
            .find(['\n', '\r'])
            .map_or(limit, |n| i + n + 1)
    }

    /// The command name starting after the backslash at `i`, and where it ends.
    fn command(&self, i: usize, limit: usize) -> (&'s str, usize) {
        let bytes = self.bytes();
        let mut end = i + 1;
        while end < limit && bytes[end].is_ascii_alphabetic() {
            end += 1;
        }
        if end < limit && bytes[end] == b'*' && end > i + 1 {
            end += 1;
        }
        (&self.src[i + 1..end], end)
    }

    /// Skip whitespace and comments from `i`.
    fn skip_space(&self, mut i: usize, limit: usize) -> usize {
        let bytes = self.bytes();
        while i < limit {
            match bytes[i] {
                b' ' | b'\t' | b'\r' | b'\n' => i += 1,
                b'%' => i = self.line_end(i, limit),
                _ => break,
            }
        }
        i
    }

    /// The group delimited by `open`/`close` at `i` (after spaces): (inner start, inner end, after).
    fn group(&self, i: usize, limit: usize, open: u8, close: u8) -> Option<(usize, usize, usize)> {
        let i = self.skip_space(i, limit);
        if i >= limit || self.bytes()[i] != open {
            return None;
        }
        let ends = if close == b'}' {
            &self.brace_ends
        } else {
            &self.bracket_ends
        };
        let end = *ends.get(&i)?;
        (end < limit).then_some((i + 1, end, end + 1))
    }

    /// Consecutive brace arguments after `i` (optional `[…]` arguments skipped).
    fn args(&self, i: usize, limit: usize) -> (Vec<(usize, usize)>, usize) {
        self.args_up_to(i, limit, MAX_ARGS)
    }

    /// At most `max` brace arguments after `i`.
    fn args_up_to(&self, mut i: usize, limit: usize, max: usize) -> (Vec<(usize, usize)>, usize) {
        let mut args = Vec::new();
        while args.len() < max {
            if let Some((_, _, after)) = self.group(i, limit, b'[', b']') {
                i = after;
                continue;
            }
            match self.group(i, limit, b'{', b'}') {
                // A group that opens with another entry or section is the next entry, not an
                // argument (templates wrap each entry in braces).
                Some((start, _, _)) if self.starts_structure(start, limit) => break,
                Some((start, end, after)) => {
                    args.push((start, end));
                    i = after;
                }
                None => break,
            }
        }
        (args, i)
    }

    /// Whether the text at `i` (after spaces) starts with an entry, heading or section command.
    fn starts_structure(&self, i: usize, limit: usize) -> bool {
        let i = self.skip_space(i, limit);
        if self.bytes().get(i) != Some(&b'\\') {
            return false;
        }
        let (name, _) = self.command(i, limit);
        let lower = name.to_ascii_lowercase();
        lower.contains("entry") || lower.contains("heading") || lower.ends_with("section")
    }

    /// Walk `[from, to)` for sections, role lines and bullets.
    fn walk(&mut self, from: usize, to: usize) {
        let bytes = self.bytes();
        let mut i = from;
        while i < to {
            match bytes[i] {
                b'%' => i = self.line_end(i, to),
                b'\\' => i = self.structure(i, to),
                _ => i += 1,
            }
        }
    }

    /// Handle the command at `i`; returns where scanning continues.
    fn structure(&mut self, i: usize, to: usize) -> usize {
        let (name, after) = self.command(i, to);
        if name.is_empty() {
            return (i + 2).min(to);
        }
        let lower = name.trim_end_matches('*').to_ascii_lowercase();
        if lower == "item" {
            return self.range_item(after, to);
        }
        if lower == "begin" || lower.ends_with("liststart") {
            self.group += 1;
            return after;
        }
        if lower.ends_with("section") || lower == "chapter" {
            let (args, next) = self.args_up_to(after, to, 1);
            if let Some(&(start, end)) = args.last() {
                // `\subsection`, `\datedsubsection`, `\cvsubsection`…
                let sub = lower.contains("subsection");
                self.heading(start, end, sub);
            }
            return next;
        }
        if lower.ends_with("item") && lower != "contactitem" {
            let (args, next) = self.args_up_to(after, to, 3);
            if !args.is_empty() {
                self.arg_item(&args);
            }
            return next;
        }
        if lower.contains("heading")
            || lower.contains("entry")
            || lower.contains("project")
            || lower == "cvevent"
        {
            let (args, next) = self.args(after, to);
            if args.len() >= 2 {
                // An entry's last argument may be its description (a list): scan it for bullets.
                let last = args[args.len() - 1];
                let holds_list = {
                    let body = &self.src[last.0..last.1];
                    body.contains("\\item") || body.contains("\\begin") || body.contains("Item")
                };
                let (role_args, description) = if holds_list || args.len() >= 5 {
                    (&args[..args.len() - 1], Some(last))
                } else {
                    (&args[..], None)
                };
                self.role_from(role_args);
                if let Some((start, _)) = description {
                    return start;
                }
            }
            return next;
        }
        if INVISIBLE.contains(&lower.as_str()) {
            return self.args(after, to).1;
        }
        after
    }

    fn heading(&mut self, start: usize, end: usize, sub: bool) {
        let mut text = TextBuilder::default();
        self.text(start, end, &mut text);
        let Some((title, segments, span)) = text.finish() else {
            return;
        };
        let known = classify_heading(&title);
        let in_job = matches!(self.kind, SectionKind::Experience | SectionKind::Projects);
        // Under Experience a subsection names a job, unless it is only a section name.
        if sub && in_job && (known.is_none() || !is_bare_section_name(&title)) {
            if let Some(mut role) = role_line(&title, span, true) {
                role.segments = segments;
                self.role = Some(self.out.add_role(role));
            }
            return;
        }
        let (index, kind) = self.out.add_section(title, span, known);
        self.section = Some(index);
        self.kind = kind;
        self.role = None;
    }

    fn role_from(&mut self, args: &[(usize, usize)]) {
        let mut text = TextBuilder::default();
        for (n, &(start, end)) in args.iter().enumerate() {
            if n > 0 {
                text.push_synthetic(" | ", Span::new(start, start));
            }
            self.text(start, end, &mut text);
        }
        if let Some((line, segments, span)) = text.finish()
            && let Some(mut role) = role_line(&line, span, true)
        {
            role.segments = segments;
            self.role = Some(self.out.add_role(role));
        }
    }

    /// A bullet given as macro arguments: `\resumeItem{text}` or `\resumeItem{title}{text}`.
    fn arg_item(&mut self, args: &[(usize, usize)]) {
        let mut text = TextBuilder::default();
        let args = if args.len() > 2 {
            &args[args.len() - 2..]
        } else {
            args
        };
        for (n, &(start, end)) in args.iter().enumerate() {
            if n > 0 {
                text.push_synthetic(": ", Span::new(start, start));
            }
            self.text(start, end, &mut text);
        }
        self.push_bullet(text);
    }

    /// `\item …` up to the next `\item`, `\begin`, `\end` or list macro; returns where it stops.
    fn range_item(&mut self, from: usize, to: usize) -> usize {
        let mut from = from;
        if let Some((_, _, after)) = self.group(from, to, b'[', b']') {
            from = after;
        }
        let bytes = self.bytes();
        let mut i = from;
        let mut depth = 0usize;
        while i < to {
            match bytes[i] {
                b'%' => i = self.line_end(i, to),
                b'{' => {
                    depth += 1;
                    i += 1;
                }
                // A closing brace of the group around the list (a \cventry description) ends it.
                b'}' if depth == 0 => break,
                b'}' => {
                    depth -= 1;
                    i += 1;
                }
                b'\\' => {
                    let (name, after) = self.command(i, to);
                    let lower = name.to_ascii_lowercase();
                    let ends_item = lower == "item"
                        || lower == "begin"
                        || lower == "end"
                        || lower.ends_with("listend")
                        || lower.ends_with("liststart")
                        || lower.ends_with("section")
                        || lower.contains("heading")
                        || lower.ends_with("item");
                    // Structure ends the item even inside braces (`\\small{\\item{ \\resumeSubheading …`).
                    if ends_item {
                        break;
                    }
                    i = after.max(i + 2).min(to);
                }
                _ => i += 1,
            }
        }
        let mut text = TextBuilder::default();
        self.text(from, i, &mut text);
        self.push_bullet(text);
        i
    }

    fn push_bullet(&mut self, text: TextBuilder) {
        if let Some((text, segments, span)) = text.finish() {
            self.out.bullets.push(Bullet {
                text,
                segments,
                span,
                section: self.section,
                kind: self.kind,
                role: self.role,
                group: self.group,
                pointer: None,
                prose: false,
            });
        }
    }

    /// Convert `[from, to)` to visible text: commands stripped, escapes and dashes converted.
    /// A command's visible arguments are queued on a stack instead of recursed into, so groups
    /// nested any depth cost heap, never the thread's stack.
    fn text(&self, from: usize, to: usize, out: &mut TextBuilder) {
        let mut work = vec![Pending::Text(from, to)];
        while let Some(next) = work.pop() {
            match next {
                Pending::Text(from, to) => self.text_until_args(from, to, out, &mut work),
                Pending::Break(at) => out.push_break(Span::new(at, at)),
            }
        }
    }

    /// Convert `[from, to)` until a command with visible arguments; then queue the arguments
    /// and the rest of the range on `work` (top first) and return.
    fn text_until_args(
        &self,
        from: usize,
        to: usize,
        out: &mut TextBuilder,
        work: &mut Vec<Pending>,
    ) {
        let bytes = self.bytes();
        let mut i = from;
        let mut run = from;
        let flush = |out: &mut TextBuilder, run: usize, i: usize| {
            if run < i {
                out.push_verbatim(&self.src[run..i], Span::new(run, i));
            }
        };
        while i < to {
            let b = bytes[i];
            match b {
                b'%' if !escaped(bytes, i) => {
                    flush(out, run, i);
                    i = self.line_end(i, to);
                    run = i;
                }
                b'\\' => {
                    flush(out, run, i);
                    let (args, next) = self.text_command(i, to, out);
                    if !args.is_empty() {
                        work.push(Pending::Text(next, to));
                        for (n, &(start, end)) in args.iter().enumerate().rev() {
                            work.push(Pending::Text(start, end));
                            if n > 0 {
                                work.push(Pending::Break(start));
                            }
                        }
                        return;
                    }
                    i = next;
                    run = i;
                }
                b'{' | b'}' | b'$' => {
                    flush(out, run, i);
                    i += 1;
                    run = i;
                }
                b'~' => {
                    flush(out, run, i);
                    out.push_synthetic(" ", Span::new(i, i + 1));
                    i += 1;
                    run = i;
                }
                b'-' if bytes.get(i + 1) == Some(&b'-') && i + 1 < to => {
                    flush(out, run, i);
                    let em = i + 2 < to && bytes[i + 2] == b'-';
                    let len = if em { 3 } else { 2 };
                    out.push_synthetic(if em { "—" } else { "–" }, Span::new(i, i + len));
                    i += len;
                    run = i;
                }
                b'\n' | b'\r' => {
                    flush(out, run, i);
                    let mut j = i;
                    while j < to && matches!(bytes[j], b'\n' | b'\r' | b' ' | b'\t') {
                        j += 1;
                    }
                    out.push_break(Span::new(i, j));
                    i = j;
                    run = i;
                }
                _ => i += 1,
            }
        }
        flush(out, run, to.min(bytes.len()));
    }

    /// A command inside text at `i` (a backslash): appends what it stands for and returns its
    /// visible arguments, still to convert, and where it ends.
    fn text_command(
        &self,
        i: usize,
        to: usize,
        out: &mut TextBuilder,
    ) -> (Vec<(usize, usize)>, usize) {
        let bytes = self.bytes();
        let Some(&next) = bytes.get(i + 1).filter(|_| i + 1 < to) else {
            return (Vec::new(), to);
        };
        if !next.is_ascii_alphabetic() {
            let span = Span::new(i, i + 2);
            match next {
                b'%' | b'&' | b'$' | b'#' | b'_' | b'{' | b'}' => {
                    out.push_synthetic(&(next as char).to_string(), span);
                }
                b'\\' | b',' | b';' | b' ' | b':' => out.push_break(span),
                _ => {}
            }
            // A multi-byte character after a backslash is kept whole.
            let mut end = i + 2;
            while end < to && !self.src.is_char_boundary(end) {
                end += 1;
            }
            return (Vec::new(), end);
        }
        let (name, after) = self.command(i, to);
        let lower = name.trim_end_matches('*');
        if let Some((_, symbol)) = SYMBOLS.iter().find(|(n, _)| *n == lower) {
            out.push_synthetic(symbol, Span::new(i, after));
            // `\LaTeX{}` and friends: swallow an empty group.
            let end = match self.group(after, to, b'{', b'}') {
                Some((start, end, next)) if start == end => next,
                _ => after,
            };
            return (Vec::new(), end);
        }
        let (mut args, next) = self.args(after, to);
        if INVISIBLE.contains(&lower) {
            args.clear();
        } else if lower == "href" {
            // \href{url}{text}: only the text is visible.
            args.drain(..args.len().min(1));
        }
        (args, next)
    }
}

/// Work left while converting LaTeX to text.
enum Pending {
    /// A byte range to convert.
    Text(usize, usize),
    /// A break between two arguments, at this byte.
    Break(usize),
}

#[cfg(test)]
mod tests {
    use crate::document::{Document, Format, SectionKind};
    use crate::parse::{parse, source_of};

    fn doc(source: &str) -> Document {
        parse("t.tex", source.to_string(), Format::Latex).unwrap()
    }

    #[test]
    fn job_subsections_stay_in_experience() {
        // A template's own subsection macro under Experience names a job, even with a section
        // word in it; only a bare section name starts a new section.
        let d = doc(r"\section{Work Experience}
\datedsubsection{Technical Services Ltd}{2016--2021}
\begin{itemize}
  \item Rebuilt the deploy scripts in Terraform
\end{itemize}
\subsection{Skills}
\begin{itemize}
  \item Terraform, Elixir
\end{itemize}
");
        let kinds: Vec<_> = d.bullets.iter().map(|b| b.kind).collect();
        assert_eq!(kinds, vec![SectionKind::Experience, SectionKind::Skills]);
        let role = d.role_of(&d.bullets[0]).expect("role line");
        assert!(
            role.text.contains("Technical Services Ltd"),
            "{}",
            role.text
        );
    }

    #[test]
    fn items_macros_sections_and_roles() {
        let d = doc(r"\documentclass{article}
\newcommand{\resumeItem}[1]{\item #1}
\begin{document}
\section{Experience}
\resumeSubheading{Product Owner}{2019 -- Present}{Acme Bank}{Lisbon}
\resumeItemListStart
  \resumeItem{Prioritized the \textbf{product backlog} for the \href{https://x.example}{payments} team}
  \resumeItem{TensorFlow}{Worked on APIs, 30\% faster}
\resumeItemListEnd
\section*{Skills}
\begin{itemize}
  \item Jira, SQL % a comment
  \item[--] Nested: \begin{itemize} \item inner \end{itemize}
\end{itemize}
\end{document}
");
        let texts: Vec<_> = d.bullets.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            texts,
            vec![
                "Prioritized the product backlog for the payments team",
                "TensorFlow: Worked on APIs, 30% faster",
                "Jira, SQL",
                "Nested:",
                "inner"
            ]
        );
        assert_eq!(d.bullets[0].kind, SectionKind::Experience);
        assert_eq!(d.bullets[2].kind, SectionKind::Skills);
        let role = d.role_of(&d.bullets[0]).expect("role line");
        assert_eq!(role.current, Some(true));
        assert_eq!(role.dates.as_deref(), Some("2019 – Present"));
        assert_eq!(source_of(&d, 0, "product backlog"), "product backlog");
        assert_eq!(source_of(&d, 0, "payments"), "payments");
        assert_eq!(source_of(&d, 1, "30%"), r"30\%");
    }

    #[test]
    fn cventry_descriptions_escapes_dashes_and_crlf() {
        let d = doc(
            "\\cvsection{Work Experience}\r\n\\begin{cventries}\r\n  \\cventry\r\n    {Scrum Master} % title\r\n    {Caf\u{e9} \\& Co} % org\r\n    {Paris}\r\n    {Jan. 2018 - Mar. 2020}\r\n    {\r\n      \\begin{cvitems}\r\n        \\item {Ran daily stand-ups~for two teams --- in \\emph{Z\u{fc}rich}\r\n          and Lyon}\r\n      \\end{cvitems}\r\n    }\r\n\\end{cventries}\r\n",
        );
        assert_eq!(d.bullets.len(), 1);
        assert_eq!(
            d.bullets[0].text,
            "Ran daily stand-ups for two teams — in Zürich and Lyon"
        );
        assert_eq!(source_of(&d, 0, "Zürich"), "Zürich");
        assert_eq!(source_of(&d, 0, "Lyon"), "Lyon");
        assert_eq!(source_of(&d, 0, "—"), "---");
        let role = d.role_of(&d.bullets[0]).unwrap();
        assert_eq!(role.current, Some(false));
        assert!(role.text.contains("Café & Co"), "{}", role.text);
    }

    #[test]
    fn braces_in_items_and_unclosed_groups_do_not_panic() {
        let d = doc(
            "\\section{Experience}\\begin{itemize}\\item {Led {nested {braces}}} team\\item \\textbf{unclosed\n\\end{itemize}",
        );
        assert_eq!(d.bullets[0].text, "Led nested braces team");
        assert!(d.bullets.len() >= 2);
    }
}
