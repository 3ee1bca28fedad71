//! `:step` and `:quiz` take the lines typed after them: while one is active
//! the prompt is `step> ` or `quiz> `, Enter shows the next step or a line
//! answers the question, and `q` (Ctrl-C, Ctrl-D or the end of the input too)
//! goes back to `cgraph> `. The state lives in the [`Repl`], so the line
//! editor, a pipe and the tests all drive it the same way: one line at a time
//! through [`Repl::handle_line`].

use std::io::{self, Write};

use super::Repl;
use crate::quiz::Quiz;
use crate::render::trace::Tracer;
use crate::render::{Look, figure, style};
use crate::report::Evaluation;
use crate::trace::{self, Step};

/// What the typed lines go to.
pub(super) enum Mode {
    /// The prompt: statements and commands.
    Prompt,
    /// `:step`: Enter shows the next step.
    Step(Box<Stepping>),
    /// `:quiz`: each line answers the question asked.
    Quiz(Box<Quiz>),
}

/// The lines that leave a step-through or a quiz (not cgraph).
const LEAVE: &[&str] = &["q", "quit", "exit", "stop", ":q", ":quit", ":exit"];

/// A trace shown one step at a time.
pub(super) struct Stepping {
    evaluation: Evaluation,
    steps: Vec<Step>,
    /// The next step to show.
    at: usize,
}

impl Stepping {
    /// Writes the next step; false when none is left after it.
    fn write_next(&mut self, out: &mut dyn Write, look: Look) -> io::Result<bool> {
        if let Some(&step) = self.steps.get(self.at) {
            Tracer::new(&self.evaluation, look).write_step(out, step)?;
            self.at += 1;
        }
        Ok(self.at < self.steps.len())
    }
}

impl Repl {
    /// Starts `:step`: says how it goes and shows the first step.
    pub(super) fn start_step(&mut self, evaluation: Evaluation, out: &mut dyn Write) -> io::Result<()> {
        let steps: Vec<Step> = trace::steps(&evaluation).collect();
        let color = self.look.color;
        let title = figure::title(&evaluation, &self.look);
        let how = format!(
            "{} steps, {} forward then {} backward: Enter shows the next, q stops.",
            steps.len(),
            steps.len() / 2,
            steps.len() / 2
        );
        writeln!(out, "{}\n{}", style::strong(&title, color), style::dim(&how, color))?;
        let mut stepping = Stepping { evaluation, steps, at: 0 };
        if stepping.write_next(out, self.look)? {
            self.mode = Mode::Step(Box::new(stepping));
        }
        Ok(())
    }

    /// Starts `:quiz`: the forward pass and the first question.
    pub(super) fn start_quiz(&mut self, evaluation: Evaluation, out: &mut dyn Write) -> io::Result<()> {
        let quiz = Quiz::new(evaluation, self.look);
        if quiz.current().is_none() {
            return writeln!(
                out,
                "nothing to ask: a single number or name is its own output, with gradient 1"
            );
        }
        quiz.write_intro(out)?;
        writeln!(out, "{}", style::dim("q leaves the quiz.", self.look.color))?;
        quiz.write_question(out)?;
        self.mode = Mode::Quiz(Box::new(quiz));
        Ok(())
    }

    /// A line typed while `:step` or `:quiz` is active.
    pub(super) fn view_line(&mut self, line: &str, out: &mut dyn Write) -> io::Result<()> {
        let line = line.trim();
        if LEAVE.contains(&line) {
            return self.leave_view(out);
        }
        let (look, color) = (self.look, self.look.color);
        let over = match &mut self.mode {
            Mode::Prompt => false,
            Mode::Step(_) if !line.is_empty() => {
                writeln!(out, "{}", style::dim("Enter shows the next step; q stops.", color))?;
                false
            }
            Mode::Step(stepping) => {
                let more = stepping.write_next(out, look)?;
                if !more {
                    writeln!(out, "{}", style::dim("end of the trace", color))?;
                }
                !more
            }
            Mode::Quiz(quiz) => {
                quiz.respond(line, out)?;
                let more = quiz.write_question(out)?;
                if !more {
                    quiz.write_score(out)?;
                }
                !more
            }
        };
        if over {
            self.mode = Mode::Prompt;
        }
        Ok(())
    }

    /// Leaves a step-through or a quiz (a quiz with the score so far, if
    /// anything has been scored);
    /// nothing when neither is active.
    pub(super) fn leave_view(&mut self, out: &mut dyn Write) -> io::Result<()> {
        let color = self.look.color;
        match std::mem::replace(&mut self.mode, Mode::Prompt) {
            Mode::Prompt => {}
            Mode::Step(_) => writeln!(out, "{}", style::dim("stopped stepping", color))?,
            Mode::Quiz(quiz) => {
                writeln!(out, "{}", style::dim("left the quiz", color))?;
                if quiz.score().asked > 0 {
                    quiz.write_score(out)?;
                }
            }
        }
        Ok(())
    }
}
