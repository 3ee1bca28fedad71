//! The progress bar of a training, on stderr when it is a terminal: the
//! step, the loss and the time left. The session tells it of every step
//! ([`Session::watch_training`]); it never prints anything of its own.

use std::io::{IsTerminal, stderr};
use std::ops::ControlFlow;

use console::Term;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle, TermLike};

use crate::render::number::{self, Digits};
use crate::session::{Progress, Session};

/// Shows every training `session` runs as a progress bar if stderr is a
/// terminal (nothing otherwise); `stop` is asked after every step whether to
/// stop there (Ctrl-C), keeping what was learned.
pub fn watch(session: &mut Session, stop: fn() -> bool) {
    let on_terminal = stderr().is_terminal();
    let mut bar: Option<ProgressBar> = None;
    session.watch_training(Box::new(move |progress: Progress| {
        if on_terminal {
            let shown = bar.get_or_insert_with(|| new_bar(progress.steps));
            shown.set_position(progress.step as u64);
            shown.set_message(number::format(progress.loss, Digits::Significant(6)));
        }
        let stopping = stop();
        if stopping || progress.step == progress.steps {
            // Cleared: the summary that follows says what the training did.
            if let Some(done) = bar.take() {
                done.finish_and_clear();
            }
        }
        if stopping { ControlFlow::Break(()) } else { ControlFlow::Continue(()) }
    }));
}

fn new_bar(steps: usize) -> ProgressBar {
    let target = ProgressDrawTarget::term_like_with_hz(Box::new(Narrow(Term::stderr())), 20);
    let bar = ProgressBar::with_draw_target(Some(steps as u64), target);
    let style = ProgressStyle::with_template("training {bar:30} step {pos}/{len}  loss {msg}  {eta} left")
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar
}

/// Standard error, a few columns narrower than it is. The bar fills its line
/// to the terminal's width, leaving the cursor at the edge: the `^C` the
/// terminal echoes for Ctrl-C then wraps to a line of its own, and clearing
/// the bar would clear that line and leave the bar. With room to spare, the
/// echo stays on the bar's line and is cleared with it.
#[derive(Debug)]
struct Narrow(Term);

/// The columns left for the terminal's echo of `^C`.
const ECHO_ROOM: u16 = 3;

impl TermLike for Narrow {
    fn width(&self) -> u16 {
        self.0.size().1.saturating_sub(ECHO_ROOM).max(1)
    }
    fn height(&self) -> u16 {
        self.0.size().0
    }
    fn move_cursor_up(&self, n: usize) -> std::io::Result<()> {
        self.0.move_cursor_up(n)
    }
    fn move_cursor_down(&self, n: usize) -> std::io::Result<()> {
        self.0.move_cursor_down(n)
    }
    fn move_cursor_right(&self, n: usize) -> std::io::Result<()> {
        self.0.move_cursor_right(n)
    }
    fn move_cursor_left(&self, n: usize) -> std::io::Result<()> {
        self.0.move_cursor_left(n)
    }
    fn write_line(&self, s: &str) -> std::io::Result<()> {
        self.0.write_line(s)
    }
    fn write_str(&self, s: &str) -> std::io::Result<()> {
        self.0.write_str(s)
    }
    fn clear_line(&self) -> std::io::Result<()> {
        self.0.clear_line()
    }
    fn flush(&self) -> std::io::Result<()> {
        self.0.flush()
    }
}
