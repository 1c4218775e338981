//! resume-lint: finds resume bullets, checks them against rule sets, and reports process-oriented phrasing.
//!
//! The library never prints; the binary owns I/O, colour and exit codes.

pub mod document;
pub mod parse;
pub mod span;
pub mod diagnostic;
pub mod error;
pub mod ruleset;
pub mod check;
pub mod language;
