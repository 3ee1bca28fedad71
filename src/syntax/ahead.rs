//! Reading a long script ahead, on the machine's other cores, while the
//! session runs the statements before.
//!
//! The text is cut into chunks of about a sixteenth of it ([`CHUNKS`],
//! from [`MIN_CHUNK`] to [`MAX_CHUNK`] bytes) after line ends.
//! Reader threads take the chunks in turn and read each with the grammar's
//! `statements` rule: one call of the parser for many statements, which
//! spares most of pest's set-up per call. A chunk may start inside a
//! statement that brackets carry over a line end; what is read from there
//! is a guess, and it is only ever used from a position the session
//! actually reaches. A statement's reading depends on nothing but the text
//! from where it starts through the `;` or line end that ends it, so a
//! statement read ahead is the one [`read`] would give. Whatever was not read
//! ahead (a statement that does not parse, one cut by a chunk's end, a line
//! longer than a chunk) is read where it stands, as without reading ahead,
//! so errors are found and shown exactly as they were.

use std::collections::VecDeque;
use std::rc::Rc;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::{self, Scope};

use pest::Parser;

use super::ast::Resolve;
use super::parsed::{Parsed, Read};
use super::read::read;
use super::{Grammar, Rule};
use crate::error::Error;

/// A reader thread reads a text a chunk at a time, a chunk being about a
/// sixteenth of the text: a script of 20,000 statements is shared out among
/// the readers as well as one of a million.
const CHUNKS: usize = 16;

/// The smallest chunk, in bytes: a call of the parser and a message between
/// threads still cost little beside the statements it holds.
const MIN_CHUNK: usize = 1 << 12;

/// The largest chunk, in bytes: its statements still take little memory.
const MAX_CHUNK: usize = 1 << 16;

/// Texts of fewer chunks than this are read statement by statement, with
/// no threads: 16 KiB or less, a few milliseconds' reading, which starting
/// the threads would not repay.
const WORTH_THREADS: usize = 4;

/// The most reader threads: reading is the only work they share out.
const MAX_READERS: usize = 8;

/// How many chunks each reader may have read before the session takes them.
const CHUNKS_AHEAD: usize = 2;

/// The statements read ahead from a chunk, which ends at `stop`.
struct Chunk {
    stop: usize,
    statements: VecDeque<Parsed>,
}

/// The statements read ahead so far, handed on in the text's order.
#[derive(Default)]
pub struct Ahead {
    /// One per reader thread: the `k`th chunk comes from reader `k % n`.
    readers: Vec<Receiver<Chunk>>,
    /// How many chunks have been taken.
    taken: usize,
    chunk: Option<Chunk>,
    /// How many statements were taken from the readers.
    taken_ahead: usize,
}

impl Ahead {
    /// Reads the statement that starts at `at` of `source` (which ends at
    /// `end`), as [`read`] does, taking it from what was read ahead when it
    /// was.
    pub fn read(
        &mut self,
        source: &Rc<str>,
        at: usize,
        end: usize,
        resolve: Resolve<'_>,
    ) -> Result<Read, Error> {
        match self.take(at) {
            Some(parsed) => parsed.read(source, resolve),
            None => read(source, at, end, resolve),
        }
    }

    /// The statement read ahead that starts at `at`, if one was.
    fn take(&mut self, at: usize) -> Option<Parsed> {
        loop {
            match &mut self.chunk {
                Some(chunk) if at < chunk.stop => {
                    while chunk.statements.front().is_some_and(|s| s.start() < at) {
                        chunk.statements.pop_front();
                    }
                    if chunk.statements.front().is_none_or(|s| s.start() != at) {
                        return None;
                    }
                    self.taken_ahead += 1;
                    return chunk.statements.pop_front();
                }
                _ => {
                    let readers = self.readers.len();
                    let next = self.readers.get(self.taken % readers.max(1))?.recv();
                    self.taken += 1;
                    match next {
                        Ok(chunk) => self.chunk = Some(chunk),
                        // Every chunk has been read.
                        Err(_) => {
                            self.readers.clear();
                            self.chunk = None;
                            return None;
                        }
                    }
                }
            }
        }
    }
}

/// Runs `run` with the statements of `text` from `from` to `end` read
/// ahead on the machine's other cores, when the text is long enough to be
/// worth it; the readers stop when `run` returns.
pub fn reading_ahead<R>(text: &str, from: usize, end: usize, run: impl FnOnce(&mut Ahead) -> R) -> R {
    let cores = thread::available_parallelism().map_or(1, |n| n.get());
    Plan::of(end.saturating_sub(from), cores).run(text, from, end, run)
}

/// How a text is shared out: chunks of about `chunk` bytes among `readers` threads.
#[derive(Clone, Copy, Debug)]
struct Plan {
    chunk: usize,
    readers: usize,
}

impl Plan {
    /// The plan for a text of `len` bytes on a machine of `cores` cores.
    fn of(len: usize, cores: usize) -> Plan {
        Plan { chunk: (len / CHUNKS).clamp(MIN_CHUNK, MAX_CHUNK), readers: cores.min(MAX_READERS) }
    }

    /// [`reading_ahead`] by this plan.
    fn run<R>(self, text: &str, from: usize, end: usize, run: impl FnOnce(&mut Ahead) -> R) -> R {
        if self.readers < 2 || !self.worth_threads(text, from, end) {
            return run(&mut Ahead::default());
        }
        thread::scope(|scope| {
            let mut ahead = Ahead::default();
            for reader in 0..self.readers {
                let (send, receive) = sync_channel(CHUNKS_AHEAD);
                ahead.readers.push(receive);
                self.spawn_reader(scope, text, from, end, reader, send);
            }
            // `ahead` is dropped before the scope waits for the readers,
            // which then stop at their next chunk.
            run(&mut ahead)
        })
    }

    /// Whether the text from `from` to `end` holds [`WORTH_THREADS`] chunks
    /// that a reader would read (a line longer than a chunk is read where it
    /// stands, so a script that is mostly one long line starts no threads),
    /// and the memory the readers set aside is there to spare.
    fn worth_threads(self, text: &str, from: usize, end: usize) -> bool {
        if end.saturating_sub(from) < WORTH_THREADS * self.chunk {
            return false;
        }
        let (mut start, mut readable) = (from, 0);
        while start < end && readable < WORTH_THREADS {
            let stop = chunk_end(text, start, end, self.chunk);
            readable += usize::from(stop - start <= self.chunk);
            start = stop;
        }
        readable == WORTH_THREADS && room_for_readers(self.readers)
    }

    /// Starts reader `k`, which reads every `readers`th chunk from the `k`th.
    fn spawn_reader<'scope>(
        self,
        scope: &'scope Scope<'scope, '_>,
        text: &'scope str,
        from: usize,
        end: usize,
        k: usize,
        send: SyncSender<Chunk>,
    ) {
        scope.spawn(move || {
            let mut start = from;
            let mut index = 0;
            while start < end {
                let stop = chunk_end(text, start, end, self.chunk);
                if index % self.readers == k {
                    let statements = if stop - start <= self.chunk {
                        read_chunk(text, start, stop)
                    } else {
                        VecDeque::new()
                    };
                    if send.send(Chunk { stop, statements }).is_err() {
                        return; // the session stopped
                    }
                }
                start = stop;
                index += 1;
            }
        });
    }
}

/// The address space a reader thread takes, counted twice over so that
/// the session keeps room to run: its allocator sets aside a heap of its
/// own (64 MiB with glibc), and it has a stack (2 MiB).
const READER_ROOM: usize = 128 << 20;

/// Whether `readers` threads fit in the memory free, address-space limit
/// (`ulimit -v`) included: under a tight one, a script is read where it
/// stands rather than run out of memory part-way for want of it.
fn room_for_readers(readers: usize) -> bool {
    crate::source::memory_free().is_none_or(|free| free >= readers.saturating_mul(READER_ROOM))
}

/// Where the chunk that starts at `start` ends: after the last line end
/// within `chunk` bytes, or after the first one beyond when a line is
/// longer (such a chunk is left to be read where it stands).
fn chunk_end(text: &str, start: usize, end: usize, chunk: usize) -> usize {
    let bytes = &text.as_bytes()[..end];
    let limit = (start + chunk).min(end);
    if limit == end {
        return end;
    }
    let after_line = |i: usize| i + 1;
    bytes[start..limit]
        .iter()
        .rposition(|&b| b == b'\n')
        .map(|i| after_line(start + i))
        .or_else(|| bytes[limit..].iter().position(|&b| b == b'\n').map(|i| after_line(limit + i)))
        .unwrap_or(end)
}

/// The statements of `text[start..stop]` that end with a `;` or line end
/// before `stop`. After one that does not parse there, reading goes on from
/// the next line.
fn read_chunk(text: &str, start: usize, stop: usize) -> VecDeque<Parsed> {
    let mut statements = VecDeque::new();
    let mut at = start;
    while at < stop {
        let (base, part) = (at, &text[at..stop]);
        if let Ok(mut pairs) = Grammar::parse(Rule::statements, part) {
            let lines = pairs.next().expect("the grammar gives statements").into_inner();
            for line in lines {
                let parsed = Parsed::of(line, part, base);
                at = parsed.next;
                // One whose expression is wrong is left to be read where it stands.
                statements.extend(parsed.order(text));
            }
        }
        // The statement at `at` did not parse here.
        at = match text.as_bytes()[at..stop].iter().position(|&b| b == b'\n') {
            Some(i) => at + i + 1,
            None => stop,
        };
    }
    statements
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::syntax::NameId;

    /// Every statement of `text` as [`read`] gives it, one after another,
    /// through the first error: with `ahead` when it is given.
    fn statements(text: &str, plan: Option<Plan>) -> (Vec<String>, usize) {
        let source: Rc<str> = text.into();
        let all = |ahead: &mut Ahead| {
            let (mut at, mut shown) = (0, Vec::new());
            while at < text.len() {
                match ahead.read(&source, at, text.len(), &mut |_| NameId::UNKNOWN) {
                    Ok(read) => {
                        shown.push(format!("{:?} {:?} {}", read.statement, read.span, read.next));
                        at = read.next;
                    }
                    Err(error) => {
                        shown.push(format!("{error:?}"));
                        break;
                    }
                }
            }
            (shown, ahead.taken_ahead)
        };
        match plan {
            Some(plan) => plan.run(text, 0, text.len(), all),
            None => all(&mut Ahead::default()),
        }
    }

    /// Statements of every kind, some over several lines, some that do not parse.
    const PIECES: &[&str] = &[
        "x = 1",
        "y = x*2 + 3",
        "f = (x +\n  y)",
        "# a comment",
        "",
        "   ",
        "z = tanh(x) - y*0.5 # why",
        "assert y == 5 +- 0.1",
        "x -= 0.5",
        "q = 1; r = 2;",
        "w = [1, 2;\n 3, 4]",
        "é = 2",
        "train y over x lr 0.1 steps 2",
        "h = (1 +\n\n 2)",
        "s = load(\"a.csv\")",
        "k = sum(\n x, 0)",
        "1 + 2",
        "bad = (",
        ")",
        "t = x +",
        "u = [1, 2; 3]",
        "v = nosuch(x)",
        "train y over x lr 1.5.2",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// Reading ahead, in chunks of any size cut anywhere, gives every
        /// statement and the first error exactly as reading one by one does.
        #[test]
        fn reading_ahead_reads_what_reading_one_by_one_does(
            picks in proptest::collection::vec(0..PIECES.len(), 1..40),
            ends in proptest::collection::vec(proptest::bool::ANY, 40),
            chunk in 1usize..48,
            readers in 2usize..4,
        ) {
            let mut text = String::new();
            for (i, &pick) in picks.iter().enumerate() {
                text.push_str(PIECES[pick]);
                // Mostly line ends; sometimes none after the last.
                if i + 1 < picks.len() || ends[i] {
                    text.push('\n');
                }
            }
            let (alone, _) = statements(&text, None);
            let (ahead, _) = statements(&text, Some(Plan { chunk, readers }));
            prop_assert_eq!(alone, ahead, "{:?}", text);
        }
    }

    /// A script of a few thousand statements is shared out in small chunks,
    /// one of a million in chunks of 64 KiB; a short one is read alone.
    #[test]
    fn chunks_follow_the_length_of_the_text() {
        let text: String = (0..4000).map(|i| format!("x{i} = x{} * 0.5 + {i}\n", i.max(1) - 1)).collect();
        let plan = Plan::of(text.len(), 2);
        assert_eq!((plan.chunk, plan.readers), (text.len() / 16, 2), "{} bytes", text.len());
        let (ahead, taken) = statements(&text, Some(plan));
        assert_eq!(ahead, statements(&text, None).0);
        assert!(taken > 3500, "{taken} of 4000 statements read ahead");
        let short = &text[..text.len() / 8];
        let short = &short[..short.rfind('\n').unwrap() + 1];
        assert_eq!(statements(short, Some(Plan::of(short.len(), 2))).1, 0, "{} bytes", short.len());
        // One line longer than a chunk is read where it stands: no threads.
        let long = format!("x = 1\n{}x\n", "x+".repeat(100_000));
        assert!(!Plan::of(long.len(), 2).worth_threads(&long, 0, long.len()));
        assert!(Plan::of(text.len(), 2).worth_threads(&text, 0, text.len()));
        assert_eq!(Plan::of(7_000_000, 64).chunk, 1 << 16);
        assert_eq!(Plan::of(7_000_000, 64).readers, MAX_READERS);
    }

    /// A long script of short statements is read almost wholly ahead, and
    /// a statement that brackets carry across chunks is read where it stands.
    #[test]
    fn long_scripts_are_read_ahead() {
        let mut text: String = (0..2000).map(|i| format!("x{i} = x{} * 0.5 + {i}\n", i.max(1) - 1)).collect();
        text.push_str("y = (x1 +\n x2)\n");
        text.push_str(&"z = y*2\n".repeat(500));
        let (alone, taken) = statements(&text, None);
        assert_eq!(taken, 0);
        let (ahead, taken) = statements(&text, Some(Plan { chunk: 256, readers: 2 }));
        assert_eq!(alone, ahead);
        assert!(taken > 2400, "{taken} of 2501 statements read ahead");
    }
}
