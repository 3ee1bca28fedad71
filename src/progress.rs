//! The progress bar of a training, on stderr when it is a terminal: the
//! step, the loss and the time left. The session tells it of every step
//! ([`Session::watch_training`]); it never prints anything of its own.

use std::io::{IsTerminal, stderr};
use std::ops::ControlFlow;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

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
    let bar = ProgressBar::with_draw_target(Some(steps as u64), ProgressDrawTarget::stderr());
    let style = ProgressStyle::with_template("training {bar:30} step {pos}/{len}  loss {msg}  {eta} left")
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar
}
