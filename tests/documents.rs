//! Word documents (and their bad forms) through the CLI: bullets, sections, findings and their
//! paragraph locations for files from two producers; corrupt packages and zip bombs.

mod common;

use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output};

fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_resume-lint"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

/// The JSON report's entry for one fixture (a schema-valid report with findings), checked to
/// be of `format`.
fn lint_fixture(name: &str, format: &str) -> serde_json::Value {
    let out = run_in(&fixture(""), &[name, "--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{name}: {}", text(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(common::schema("schemas/report.schema.json").is_valid(&report));
    let file = report["files"][0].clone();
    assert_eq!(file["format"], format);
    file
}

/// The texts of a file entry's bullets in `section`.
fn bullets_in<'a>(file: &'a serde_json::Value, section: &str) -> Vec<&'a str> {
    file["bullets"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["section"] == section)
        .map(|b| b["text"].as_str().unwrap())
        .collect()
}

/// A file entry's first finding of rule `code`.
fn finding<'a>(file: &'a serde_json::Value, code: &str) -> &'a serde_json::Value {
    file["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == code)
        .unwrap_or_else(|| panic!("{}: no {code}", file["path"]))
}

/// A .docx package holding `document` as word/document.xml (deflated).
fn package(document: &[u8]) -> Vec<u8> {
    let mut bytes = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut bytes);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("word/document.xml", options).unwrap();
    zip.write_all(document).unwrap();
    zip.finish().unwrap();
    bytes.into_inner()
}

fn paragraphs(body: &str) -> Vec<u8> {
    format!(
        "<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
    )
    .into_bytes()
}

#[test]
fn word_documents_from_two_producers_give_bullets_sections_and_paragraph_locations() {
    // The same resume, as pandoc and python-docx write it: list numbering on the paragraph
    // (pandoc) or through the "List Bullet" style, a table and a hyperlink (python-docx).
    for (name, backlog, duty) in [
        ("docx/pandoc.docx", 7, 11),
        ("docx/python-docx.docx", 8, 12),
    ] {
        let file = lint_fixture(name, "docx");
        let experience = bullets_in(&file, "experience");
        assert_eq!(experience.len(), 5, "{name}: {experience:#?}");
        assert!(experience[0].starts_with("Prioritized the product backlog"));
        assert!(experience[2].ends_with("in Kraków and 上海."), "{name}");
        assert!(experience[3].ends_with("café rewards 🚀."), "{name}");
        assert_eq!(bullets_in(&file, "skills"), ["Jira, SQL, Figma"], "{name}");
        let prc001 = finding(&file, "PRC001");
        assert_eq!(prc001["line"], backlog);
        assert_eq!(prc001["paragraph"], backlog);
        // Column 3: a list paragraph's text starts after the `• ` Word draws.
        assert_eq!(prc001["column"], 3);
        assert_eq!(finding(&file, "PRC005")["paragraph"], duty);
        assert_eq!(finding(&file, "PRC002")["column"], 19);
        assert!(finding(&file, "OUT001")["paragraph"].is_u64());

        // The human report shows and underlines the paragraph's text.
        let human = text(
            &run_in(
                &fixture(""),
                &[name, "--select", "PRC001", "--color", "never"],
            )
            .stdout,
        );
        assert!(human.contains(&format!("{name}:{backlog}:3 ]")), "{human}");
        assert!(
            human.contains(&format!(
                "{backlog:>2} │ • Prioritized the product backlog for the routing team."
            )),
            "{human}"
        );
    }
}

#[test]
fn word_heading_styles_start_sections_as_markdown_headings_do() {
    // Style ids as Word writes them (no styles.xml needed for the built-in ones). "Title" is
    // the name; "Heading1" starts a section even when its words are not a section word alone;
    // "Heading2" is left to the text, as templates use it for job titles.
    let paragraph = |style: &str, list: bool, text: &str| {
        let numbering = if list {
            "<w:numPr><w:numId w:val=\"1\"/></w:numPr>"
        } else {
            ""
        };
        format!(
            "<w:p><w:pPr><w:pStyle w:val=\"{style}\"/>{numbering}</w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"
        )
    };
    let body = [
        paragraph("Title", false, "Ana Ruiz"),
        paragraph("Normal", false, "ana@example.org · Lyon"),
        paragraph("Heading1", false, "Skills I bring to a team"),
        paragraph("Normal", true, "Facilitated weekly planning meetings"),
        paragraph("Heading1", false, "Work I have been paid for"),
        paragraph("Heading2", false, "Analyst, Northwind Foods (2021 – 2024)"),
        paragraph(
            "Normal",
            true,
            "Facilitated weekly planning meetings for finance",
        ),
        paragraph("Normal", true, "Cut the month-end close from 9 days to 4"),
    ]
    .concat();
    let markdown = "# Ana Ruiz\n\nana@example.org · Lyon\n\n## Skills I bring to a team\n\n\
        - Facilitated weekly planning meetings\n\n## Work I have been paid for\n\n\
        ### Analyst, Northwind Foods (2021 – 2024)\n\n\
        - Facilitated weekly planning meetings for finance\n- Cut the month-end close from 9 days to 4\n";
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("cv.docx"), package(&paragraphs(&body))).unwrap();
    fs::write(dir.path().join("cv.md"), markdown).unwrap();
    let out = run_in(dir.path(), &["cv.docx", "cv.md", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let shape = |file: &serde_json::Value| {
        let bullets: Vec<_> = file["bullets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| format!("{} {}", b["section"], b["text"]))
            .collect();
        let codes: Vec<_> = file["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].as_str().unwrap().to_string())
            .collect();
        (bullets, codes)
    };
    let (docx, md) = (shape(&report["files"][0]), shape(&report["files"][1]));
    assert_eq!(docx, md);
    assert_eq!(
        docx.0,
        [
            "\"skills\" \"Facilitated weekly planning meetings\"",
            "\"experience\" \"Facilitated weekly planning meetings for finance\"",
            "\"experience\" \"Cut the month-end close from 9 days to 4\""
        ]
    );
    assert!(docx.1.contains(&"PRC003".to_string()), "{:?}", docx.1);
}

#[test]
fn fixes_are_refused_on_word_documents_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cv.docx");
    fs::copy(fixture("docx/pandoc.docx"), &path).unwrap();
    let before = fs::read(&path).unwrap();
    for flag in ["--fix", "--diff"] {
        let out = run_in(
            dir.path(),
            &["cv.docx", flag, "--unsafe-fixes", "--format", "concise"],
        );
        assert!(
            text(&out.stderr).contains(
                "cv.docx: fixes are not applied to Word or PDF files (nothing was written)"
            ),
            "{}",
            text(&out.stderr)
        );
        if flag == "--fix" {
            assert!(text(&out.stdout).contains("cv.docx:7:3: warning[PRC001]"));
        } else {
            assert!(
                out.stdout.is_empty(),
                "no diff for a file nothing is applied to"
            );
        }
        assert_eq!(
            fs::read(&path).unwrap(),
            before,
            "{flag} wrote to the .docx"
        );
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "no temporary file left behind");
    }
}

#[test]
fn damaged_word_documents_are_clear_errors_and_other_files_go_on() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let good = fs::read(fixture("docx/python-docx.docx")).unwrap();
    fs::write(root.join("truncated.docx"), &good[..good.len() / 2]).unwrap();
    fs::write(root.join("not-zip.docx"), "just some text\n").unwrap();
    fs::write(
        root.join("malformed.docx"),
        package(b"<w:document><w:body><w:p><w:t>Led</w:x></w:body>"),
    )
    .unwrap();
    let mut other = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut other);
    zip.start_file("hello.txt", zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.write_all(b"hi").unwrap();
    zip.finish().unwrap();
    fs::write(root.join("no-document.docx"), other.into_inner()).unwrap();
    // Two megabytes of text that deflate to a few kilobytes.
    let bomb = paragraphs(&format!(
        "<w:p><w:r><w:t>{}</w:t></w:r></w:p>",
        "a".repeat(2 << 20)
    ));
    let bomb = package(&bomb);
    assert!(bomb.len() < 20_000);
    fs::write(root.join("bomb.docx"), &bomb).unwrap();
    fs::write(
        root.join("cv.md"),
        "- Groomed the backlog for the app team.\n",
    )
    .unwrap();

    let out = run_in(
        root,
        &[
            ".",
            "--format",
            "concise",
            "--select",
            "PRC001",
            "--max-file-size",
            "1000000",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stdout).contains("./cv.md:1:3: warning[PRC001]"),
        "other files go on"
    );
    let stderr = text(&out.stderr);
    for expected in [
        "./truncated.docx: not a Word document (the .docx package does not open",
        "./not-zip.docx: not a Word document (the .docx package does not open",
        "./malformed.docx: word/document.xml is malformed",
        "./no-document.docx: not a Word document (the package has no word/document.xml)",
        "./bomb.docx: its text decompresses to more than 1000000 bytes (a zip bomb, or raise --max-file-size)",
    ] {
        assert!(
            stderr.contains(expected),
            "missing {expected:?} in\n{stderr}"
        );
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
    // The cap is --max-file-size: at the default the same package reads.
    let out = run_in(root, &["bomb.docx", "--format", "concise"]);
    assert!(
        !text(&out.stderr).contains("zip bomb"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_walk_picks_word_documents_up_and_stdin_reads_one_by_name() {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(fixture("docx/pandoc.docx"), dir.path().join("cv.docx")).unwrap();
    let out = run_in(dir.path(), &["--show-files"]);
    assert!(text(&out.stdout).contains("lint  ./cv.docx  (include `*.docx` (default))"));
    let out = Command::new(env!("CARGO_BIN_EXE_resume-lint"))
        .current_dir(dir.path())
        .args([
            "-",
            "--stdin-filename",
            "cv.docx",
            "--format",
            "concise",
            "--select",
            "PRC001",
        ])
        .stdin(fs::File::open(dir.path().join("cv.docx")).unwrap())
        .output()
        .unwrap();
    assert_eq!(
        text(&out.stdout).split("; rewrite").next().unwrap(),
        "cv.docx:7:3: warning[PRC001] `Prioritized the product backlog` describes backlog mechanics, not what changed"
    );
}

#[test]
fn pdfs_from_two_producers_give_bullets_sections_and_pages() {
    // groff's own PDF driver (one page) and fpdf2 (a TrueType font, the second role on page 2).
    // Text formats name the page and the line within it; JSON keeps the line of the whole text.
    for (name, backlog, duty, duty_page, duty_place) in [
        ("pdf/groff.pdf", 13, 21, 1, "pdf/groff.pdf:1:21:3"),
        ("pdf/fpdf2.pdf", 15, 23, 2, "pdf/fpdf2.pdf:2:3:4"),
    ] {
        let file = lint_fixture(name, "pdf");
        assert_eq!(
            bullets_in(&file, "experience"),
            [
                "Prioritized the product backlog for the routing team.",
                "Cut late deliveries 18% (from 11% to 9%) by rebuilding the dispatch rules with the depot leads.",
                "Facilitated sprint planning and daily stand-ups for two squads in Kraków.",
                "Responsible for writing user stories for the card app’s café rewards.",
                "Launched instant card freezing, used by 240,000 customers in its first month.",
            ],
            "{name}"
        );
        assert_eq!(bullets_in(&file, "skills"), ["Jira, SQL, Figma"], "{name}");
        assert!(
            file["bullets"]
                .as_array()
                .unwrap()
                .iter()
                .all(|b| b["page"].is_u64())
        );
        assert_eq!(finding(&file, "PRC001")["line"], backlog);
        assert_eq!(finding(&file, "PRC001")["page"], 1);
        assert_eq!(finding(&file, "PRC005")["line"], duty);
        assert_eq!(finding(&file, "PRC005")["page"], duty_page);
        let human = text(
            &run_in(
                &fixture(""),
                &[name, "--select", "PRC005", "--color", "never"],
            )
            .stdout,
        );
        assert!(
            human.contains("Responsible for writing user stories for the card app’s café rewards."),
            "{human}"
        );
        assert!(human.contains(&format!("[ {duty_place} ]")));
        let concise = run_in(
            &fixture(""),
            &[name, "--select", "PRC005", "--format", "concise"],
        );
        assert!(
            text(&concise.stdout).starts_with(&format!("{duty_place}: warning[PRC005]")),
            "{name}"
        );
        let github = run_in(
            &fixture(""),
            &[name, "--select", "PRC005", "--format", "github"],
        );
        let github = text(&github.stdout);
        assert!(github.contains(&format!("line={duty},")), "{github}");
        assert!(
            github.contains(&format!("::{duty_place}: PRC005")),
            "{github}"
        );
    }
}

#[test]
fn unreadable_pdfs_say_why_and_a_long_one_reads_whole() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/pdf");
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for name in ["scan.pdf", "encrypted.pdf", "two-hundred-pages.pdf"] {
        fs::copy(data.join(name), root.join(name)).unwrap();
    }
    let good = fs::read(fixture("pdf/groff.pdf")).unwrap();
    fs::write(root.join("truncated.pdf"), &good[..good.len() / 3]).unwrap();
    fs::write(root.join("fake.pdf"), "%PDF-1.4\nthis is not a PDF body\n").unwrap();
    fs::write(root.join("not-pdf.pdf"), "plain words, no header\n").unwrap();
    fs::write(
        root.join("cv.md"),
        "- Groomed the backlog for the app team.\n",
    )
    .unwrap();

    let out = run_in(root, &[".", "--format", "json", "--select", "PRC001"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    for expected in [
        "./scan.pdf: no text layer; export the PDF from your editor or run OCR first",
        "./encrypted.pdf: the PDF is encrypted",
        "./not-pdf.pdf: not a PDF (no %PDF- header)",
        "./fake.pdf: malformed PDF",
    ] {
        assert!(
            stderr.contains(expected),
            "missing {expected:?} in\n{stderr}"
        );
    }
    assert!(stderr.contains("./truncated.pdf: "), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let files = report["files"].as_array().unwrap();
    let paths: Vec<&str> = files.iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert!(paths.contains(&"./cv.md"), "other files go on: {paths:?}");
    // Two hundred pages: every page's role and bullets, each finding on its own page.
    let long = files
        .iter()
        .find(|f| f["path"] == "./two-hundred-pages.pdf")
        .unwrap();
    assert_eq!(long["bullets"].as_array().unwrap().len(), 400);
    let pages: Vec<u64> = long["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["page"].as_u64().unwrap())
        .collect();
    assert_eq!(pages, (1..=200).collect::<Vec<u64>>());
}

#[test]
fn a_pdf_that_makes_the_extractor_panic_is_that_files_error_only() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/pdf");
    let dir = tempfile::tempdir().unwrap();
    for name in ["nofont.pdf", "badop.pdf"] {
        fs::copy(data.join(name), dir.path().join(name)).unwrap();
    }
    fs::write(
        dir.path().join("cv.md"),
        "- Groomed the backlog for the app team.\n",
    )
    .unwrap();
    let out = run_in(
        dir.path(),
        &[".", "--format", "concise", "--select", "PRC001", "-j", "2"],
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    for name in ["nofont.pdf", "badop.pdf"] {
        assert!(
            stderr.contains(&format!(
                "./{name}: the PDF could not be read (its text extractor failed on it)"
            )),
            "{stderr}"
        );
    }
    assert!(
        !stderr.contains("panicked"),
        "the contained panic stays quiet: {stderr}"
    );
    assert!(text(&out.stdout).starts_with("./cv.md:1:3: warning[PRC001]"));
}
