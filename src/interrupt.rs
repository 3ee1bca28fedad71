//! Ctrl-C as a request, not a death: a SIGINT handler sets a flag that long
//! work (the statements of a script or `:load`, the gradient check, writing
//! output) looks at and stops on, so that the REPL goes back to its prompt
//! with every definition kept and a script ends with status 130 and a message.
//!
//! The flag is one global: a signal is one per process. Nothing sets it but
//! the handler, which only the binary installs, so library callers and tests
//! never see it raised.

use std::fmt;
use std::io;
use std::sync::atomic::{AtomicBool, Ordering};

/// Set by the handler, cleared by whoever goes back to waiting for input.
static REQUESTED: AtomicBool = AtomicBool::new(false);

/// Whether a second Ctrl-C, while the first is not yet honoured, ends the
/// process at once (a script: something that never looks at the flag must
/// still be stoppable). The REPL never ends on Ctrl-C.
static SECOND_EXITS: AtomicBool = AtomicBool::new(true);

/// The exit status of a script stopped by Ctrl-C (128 + SIGINT, as shells report it).
pub const EXIT_STATUS: u8 = 130;

/// Installs the handler. Called once, by the binary, before any work.
pub fn install() -> Result<(), String> {
    ctrlc::set_handler(|| {
        if REQUESTED.swap(true, Ordering::SeqCst) && SECOND_EXITS.load(Ordering::SeqCst) {
            std::process::exit(EXIT_STATUS.into());
        }
    })
    .map_err(|error| format!("cannot handle Ctrl-C: {error}"))
}

/// From now on a second Ctrl-C does not end the process: the REPL is running.
pub fn keep_alive() {
    SECOND_EXITS.store(false, Ordering::SeqCst);
}

/// Whether Ctrl-C was pressed since the last [`clear`].
pub fn requested() -> bool {
    REQUESTED.load(Ordering::Relaxed)
}

/// Forgets a Ctrl-C: the work it stopped is over (or there was none).
pub fn clear() {
    REQUESTED.store(false, Ordering::SeqCst);
}

/// Whether Ctrl-C was pressed, forgetting it: for work that stops by itself
/// and goes on with what it did (a training keeps what it learned).
pub fn take() -> bool {
    REQUESTED.swap(false, Ordering::SeqCst)
}

/// `Err(Interrupted)` once Ctrl-C was pressed.
pub fn check() -> Result<(), Interrupted> {
    if requested() { Err(Interrupted) } else { Ok(()) }
}

/// Work stopped by Ctrl-C.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Interrupted;

impl fmt::Display for Interrupted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("interrupted")
    }
}

impl std::error::Error for Interrupted {}

impl From<Interrupted> for io::Error {
    /// Output stopped by Ctrl-C travels as an I/O error, through every
    /// renderer's `io::Result`, to the front end that tells it apart.
    fn from(interrupted: Interrupted) -> io::Error {
        io::Error::other(interrupted)
    }
}

/// Whether `error` is Ctrl-C rather than a failed write.
pub fn is(error: &io::Error) -> bool {
    error.get_ref().is_some_and(|inner| inner.is::<Interrupted>())
}

/// A writer that stops with [`Interrupted`] once Ctrl-C was pressed: every
/// renderer writes through one, so printing a huge table stops too.
pub struct Writer<W>(pub W);

impl<W: io::Write> io::Write for Writer<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        check()?;
        self.0.write(bytes)
    }

    fn write_all(&mut self, bytes: &[u8]) -> io::Result<()> {
        check()?;
        self.0.write_all(bytes)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_interruption_is_told_apart_from_a_failed_write() {
        let error: io::Error = Interrupted.into();
        assert!(is(&error));
        assert_eq!(error.to_string(), "interrupted");
        assert!(!is(&io::Error::other("disk full")));
        assert!(!is(&io::Error::from(io::ErrorKind::Interrupted)), "EINTR is retried, not a Ctrl-C");
    }
}
