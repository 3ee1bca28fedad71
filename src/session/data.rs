//! Running the data functions of an expression (`randn(2, 3)`,
//! `load("iris.csv")`, `onehot(t, 3)`): each runs once, when its statement
//! runs, and its call is replaced by the matrix it gave, a `const` of every
//! graph the expression makes. So `randn` never changes a formula's value
//! from one evaluation to the next, and a failed statement draws nothing.

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use super::Session;
use super::values;
use crate::error::{Error, ErrorKind};
use crate::matrix::{self, Matrix, MatrixError};
use crate::span::Span;
use crate::syntax::{Data, DataCall, Expr, Op, OpKind};
use crate::value::Value;

impl Session {
    /// Runs the data functions of `expr` in place (see the module's notes).
    /// The generator moves on only if every one of them succeeds.
    pub(crate) fn prepare(&self, expr: &mut Expr) -> Result<(), Error> {
        if !has_data(&expr.ops) {
            return Ok(());
        }
        let before = self.rng.borrow().clone();
        match self.run_data(&expr.source, &expr.ops) {
            Ok(ops) => {
                expr.ops = ops.into_boxed_slice();
                Ok(())
            }
            Err(error) => {
                *self.rng.borrow_mut() = before;
                Err(error)
            }
        }
    }

    /// `expr` with its data functions run: itself when it has none.
    pub(crate) fn prepared<'e>(&self, expr: &'e Expr) -> Result<Cow<'e, Expr>, Error> {
        if !has_data(&expr.ops) {
            return Ok(Cow::Borrowed(expr));
        }
        let mut owned = expr.clone();
        self.prepare(&mut owned)?;
        Ok(Cow::Owned(owned))
    }

    /// Seeds the generator of `randn`: the same seed gives the same numbers.
    pub fn seed(&mut self, seed: u64) {
        *self.rng.get_mut() = matrix::Rng::new(seed);
        self.seed = seed;
    }

    /// The seed the generator last started from.
    pub fn seeded(&self) -> u64 {
        self.seed
    }

    /// Sets the folder a relative `load` path is relative to: the script's
    /// (the working folder when `None`, for `-e` and the REPL); gives the
    /// one it replaces.
    pub fn set_folder(&mut self, folder: Option<PathBuf>) -> Option<PathBuf> {
        std::mem::replace(&mut self.folder, folder)
    }

    /// `ops` with every data call run, in postfix order: the operands of
    /// each are found by where they start in the output.
    fn run_data(&self, source: &Rc<str>, ops: &[Op]) -> Result<Vec<Op>, Error> {
        let mut out: Vec<Op> = Vec::with_capacity(ops.len());
        // Where each operand on the stack starts in `out`.
        let mut starts: Vec<usize> = Vec::new();
        for op in ops {
            let at = starts.len().saturating_sub(op.takes());
            let first = starts.get(at).copied().unwrap_or(out.len());
            let operands = starts.split_off(at);
            starts.push(first);
            match &op.kind {
                OpKind::Data(call) => {
                    let value = self.call(source, &out, &operands, call, op.span())?;
                    out.truncate(first);
                    let kind = match value {
                        Value::Number(x) => OpKind::Number(x),
                        Value::Matrix(m) => OpKind::Matrix(m),
                    };
                    out.push(Op::new(kind, op.span()));
                }
                OpKind::Grad(call) => {
                    // The ops of y may have shrunk: its length is counted again.
                    let mut call = call.clone();
                    call.len = out.len() - first;
                    out.push(Op::new(OpKind::Grad(call), op.span()));
                }
                _ => out.push(op.clone()),
            }
        }
        Ok(out)
    }

    /// Runs one data call whose arguments are the operands of `ops` that
    /// start at `starts` (the last running to the end).
    fn call(
        &self,
        source: &Rc<str>,
        ops: &[Op],
        starts: &[usize],
        call: &DataCall,
        span: Span,
    ) -> Result<Value, Error> {
        let at = |error: MatrixError| Error::new(ErrorKind::Matrix(error), span);
        let mut arguments = Vec::with_capacity(starts.len());
        for (k, &start) in starts.iter().enumerate() {
            let argument = &ops[start..starts.get(k + 1).copied().unwrap_or(ops.len())];
            // The op that completes an operand spans its text.
            let written = argument.last().map_or(span, Op::span);
            arguments.push((values::value_of_ops(self, source, argument)?.0, written));
        }
        let number = |k: usize| -> Result<f64, Error> {
            let (value, arg_span) = &arguments[k];
            value.number().ok_or_else(|| {
                let kind = ErrorKind::NotANumber { function: call.function.name(), shape: value.shape() };
                Error::new(kind, *arg_span)
            })
        };
        let size =
            |k: usize| -> Result<usize, Error> { matrix::size(call.function.name(), number(k)?).map_err(at) };
        let made = match call.function {
            Data::Zeros => matrix::zeros(size(0)?, size(1)?),
            Data::Ones => matrix::ones(size(0)?, size(1)?),
            Data::Eye => matrix::eye(size(0)?),
            Data::Randn => {
                let (rows, cols) = (size(0)?, size(1)?);
                matrix::randn(rows, cols, &mut self.rng.borrow_mut())
            }
            Data::Onehot => matrix::onehot(&arguments[0].0.to_matrix(), size(1)?),
            Data::Load => return self.load(source, call.path.unwrap_or(span)).map(Value::from_matrix),
        };
        made.map(Value::from_matrix).map_err(at)
    }

    /// `load(path)`: the CSV at the path written at `span` (in quotes),
    /// relative to the script's folder.
    fn load(&self, source: &Rc<str>, span: Span) -> Result<Matrix, Error> {
        let written = source[span.range()].trim_matches('"');
        let path = match &self.folder {
            Some(folder) if Path::new(written).is_relative() => folder.join(written),
            _ => PathBuf::from(written),
        };
        matrix::load(&path)
            .map_err(|error| Error::new(ErrorKind::Csv { path: written.to_owned(), error }, span))
    }
}

/// Whether `ops` call a data function.
pub(crate) fn has_data(ops: &[Op]) -> bool {
    ops.iter().any(|op| matches!(op.kind, OpKind::Data(_)))
}
