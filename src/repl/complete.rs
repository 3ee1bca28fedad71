//! What Tab offers: `:commands` at the start of a line, what a command takes
//! after it (file paths for `:load`/`:save`, names for `:del`, ...), and
//! elsewhere defined names and functions.

use std::path::Path;

use rustyline::completion::Pair;

use super::command::Operand;
use super::commands;
use super::files::expand_home;
use super::{Repl, help};
use crate::layers::FUNCTIONS;
use crate::render::Format;
use crate::syntax::{self, Data, TokenKind};

/// At most this many file names are offered at once.
const MAX_FILES: usize = 1000;

impl Repl {
    /// The completions for the word before byte `pos` of `line`: where the
    /// word starts, and the candidates, sorted.
    pub fn completions(&self, line: &str, pos: usize) -> (usize, Vec<Pair>) {
        let Some(before) = line.get(..pos) else {
            return (pos, Vec::new());
        };
        let trimmed = before.trim_start();
        if !self.pending.is_empty() || !trimmed.starts_with(':') {
            return self.expression(before);
        }
        let start = before.len() - trimmed.len();
        let Some(space) = trimmed.find(char::is_whitespace) else {
            let word = &trimmed[1..];
            let mut names: Vec<&str> = commands::all_names().filter(|n| n.starts_with(word)).collect();
            names.sort_unstable();
            let pairs = names
                .into_iter()
                .map(|n| {
                    let takes = commands::find(n).is_some_and(|c| c.operand != Operand::Nothing);
                    pair(format!(":{n}"), format!(":{n}{}", if takes { " " } else { "" }))
                })
                .collect();
            return (start, pairs);
        };
        let operand = commands::find(&trimmed[1..space]).map_or(Operand::Nothing, |c| c.operand);
        let arg_start = start + space + (trimmed.len() - space - trimmed[space..].trim_start().len());
        let arg = &before[arg_start..];
        let word_start = word_start(before).unwrap_or(before.len());
        let word = &before[word_start..];
        match operand {
            Operand::Nothing => (pos, Vec::new()),
            Operand::File => (arg_start, files(arg)),
            Operand::Names => (word_start, self.names(word)),
            Operand::Format => (arg_start, words(arg, Format::names().iter().map(String::as_str))),
            Operand::Topic => (arg_start, words(arg, help::topics(commands::COMMANDS).into_iter())),
            Operand::Expr => self.expression(before),
            Operand::ExprFile => match arg.find('>') {
                Some(at) => {
                    let file = arg[at + 1..].trim_start();
                    (pos - file.len(), files(file))
                }
                None => self.expression(before),
            },
        }
    }

    /// Defined names, then functions (with their opening bracket), for the
    /// name being typed at the end of `before`.
    fn expression(&self, before: &str) -> (usize, Vec<Pair>) {
        let Some(start) = word_start(before) else {
            return (before.len(), Vec::new());
        };
        let word = &before[start..];
        let mut pairs = self.names(word);
        let data = Data::ALL.iter().map(|d| d.name());
        let mut functions: Vec<&str> = FUNCTIONS.iter().map(|f| f.name).chain(data).chain(["grad"]).collect();
        functions.retain(|f| f.starts_with(word));
        functions.sort_unstable();
        pairs.extend(functions.into_iter().map(|f| pair(f.to_owned(), format!("{f}("))));
        (start, pairs)
    }

    /// The defined names that start with `word`.
    fn names(&self, word: &str) -> Vec<Pair> {
        let mut names: Vec<&str> = self.session.names().filter(|n| n.starts_with(word)).collect();
        names.sort_unstable();
        names.into_iter().map(|n| pair(n.to_owned(), n.to_owned())).collect()
    }
}

/// Where the name that ends `before` starts, as the grammar's tokens read it.
fn word_start(before: &str) -> Option<usize> {
    match syntax::tokens(before).last() {
        Some(token) if token.kind == TokenKind::Word => Some(token.span.start),
        _ => None,
    }
}

/// The `candidates` that start with `word`.
fn words<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Vec<Pair> {
    let mut found: Vec<&str> = candidates.filter(|c| c.starts_with(word)).collect();
    found.sort_unstable();
    found.dedup();
    found.into_iter().map(|c| pair(c.to_owned(), c.to_owned())).collect()
}

/// The files and folders whose path starts with `partial` (folders end in `/`;
/// hidden ones only when `partial` names a hidden file).
fn files(partial: &str) -> Vec<Pair> {
    let (folder, prefix) = match partial.rfind('/') {
        Some(i) => (&partial[..=i], &partial[i + 1..]),
        None => ("", partial),
    };
    let dir = if folder.is_empty() { Path::new(".").to_path_buf() } else { expand_home(folder) };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<Pair> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            if !name.starts_with(prefix) || (name.starts_with('.') && !prefix.starts_with('.')) {
                return None;
            }
            let slash = if entry.path().is_dir() { "/" } else { "" };
            Some(pair(format!("{name}{slash}"), format!("{folder}{name}{slash}")))
        })
        .take(MAX_FILES)
        .collect();
    found.sort_unstable_by(|a, b| a.display.cmp(&b.display));
    found
}

fn pair(display: String, replacement: String) -> Pair {
    Pair { display, replacement }
}
