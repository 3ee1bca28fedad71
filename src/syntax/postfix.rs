//! Flat pest tokens to postfix order by shunting-yard: one loop and two
//! explicit stacks, so `2^2^...^2` or `- - - x` a million deep never recurses.
//! The precedence table is [`Operator::binding`]; the grammar only says which
//! tokens may follow which.

use std::rc::Rc;
use std::sync::Arc;

use pest::iterators::Pair;
use smallvec::SmallVec;

use super::Rule;
use super::ast::{Data, DataCall, Expr, GradCall, NameId, Op, OpKind, Resolve};
use crate::error::{Error, ErrorKind};
use crate::layers::{self, Layer};
use crate::matrix::Matrix;
use crate::span::Span;
use crate::suggest;

/// How deep brackets may nest: 1,000 levels is far more than any formula
/// needs. Reading them never recurses (the grammar keeps expressions flat),
/// so the limit is a promise to people, not the parser's: an expression
/// nested deeper is refused when its tokens are put in order.
pub const MAX_NESTING: usize = 1000;

/// An operator a token stands for, with how tightly it binds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Operator {
    Add,
    Sub,
    Mul,
    Div,
    Neg,
    Pow,
    MatMul,
}

impl Operator {
    /// How tightly the operator binds, lowest first, and whether it groups
    /// to the right.
    ///
    /// | level | operators        | associativity |
    /// |-------|------------------|---------------|
    /// | 1     | `+` `-`          | left          |
    /// | 2     | `*` `/` `@`      | left          |
    /// | 3     | unary `-`        | prefix        |
    /// | 4     | `^`              | right         |
    fn binding(self) -> (u8, bool) {
        match self {
            Operator::Add | Operator::Sub => (1, false),
            Operator::Mul | Operator::Div | Operator::MatMul => (2, false),
            Operator::Neg => (3, true),
            Operator::Pow => (4, true),
        }
    }

    /// The layer the operator applies (`pow` is [`Layer::PowLiteral`]
    /// instead when its exponent is a literal, see [`Builder::apply_pow`]).
    fn layer(self) -> Layer {
        match self {
            Operator::Add => Layer::Add,
            Operator::Sub => Layer::Sub,
            Operator::Mul => Layer::Mul,
            Operator::Div => Layer::Div,
            Operator::Neg => Layer::Neg,
            Operator::Pow => Layer::Pow,
            Operator::MatMul => Layer::MatMul,
        }
    }
}

/// An operator or bracket waiting on the stack for its right operand.
enum Pending<'t> {
    Prefix {
        operator: Operator,
        start: usize,
    },
    Infix {
        operator: Operator,
    },
    /// `(`: a group, or the argument list of a call. `height` is how many
    /// operands were on the stack when it opened.
    Open {
        call: Option<(&'t str, Span)>,
        height: usize,
        start: usize,
    },
}

/// An operand built so far: where its ops start in the output, and the source
/// it covers (brackets included, for the label of the operation around it).
#[derive(Clone, Copy)]
struct Operand {
    first_op: usize,
    extent: Span,
}

struct Builder {
    /// Short expressions (most statements) are built on the machine stack,
    /// then copied once into a box of their exact size.
    ops: SmallVec<[Op; 8]>,
    operands: SmallVec<[Operand; 16]>,
}

impl Builder {
    fn push_leaf(&mut self, kind: OpKind, span: Span) {
        self.operands.push(Operand { first_op: self.ops.len(), extent: span });
        self.ops.push(Op::new(kind, span));
    }

    /// Emits a layer over the top `arity` operands; `start` overrides where its
    /// text begins (a prefix sign, a function name).
    fn apply(&mut self, layer: Layer, start: Option<usize>, end: Option<usize>) {
        let arity = layer.arity();
        let at = self.operands.len() - arity;
        let first = self.operands[at];
        let last = self.operands[self.operands.len() - 1];
        self.operands.truncate(at);
        let span = Span::new(start.unwrap_or(first.extent.start), end.unwrap_or(last.extent.end));
        self.operands.push(Operand { first_op: first.first_op, extent: span });
        self.ops.push(Op::new(OpKind::Layer(layer), span));
    }

    /// Emits `pow` over the top two operands: [`Layer::PowLiteral`] over
    /// the base alone when the exponent is a number literal, optionally
    /// signed (`x^2`, `x^-1`, `x^(-1)`: brackets leave no op), so that the
    /// exponent is the layer's parameter, not a node; else [`Layer::Pow`].
    fn apply_pow(&mut self) {
        let Some(p) = self.literal() else {
            return self.apply(Layer::Pow, None, None);
        };
        self.apply_parameter(Layer::PowLiteral, p, None, None);
    }

    /// The number the top operand is, when it is one written as a literal,
    /// optionally signed (brackets leave no op).
    fn literal(&self) -> Option<f64> {
        let top = self.operands.last()?;
        match &self.ops[top.first_op..] {
            [Op { kind: OpKind::Number(p), .. }] => Some(*p),
            [Op { kind: OpKind::Number(p), .. }, Op { kind: OpKind::Layer(Layer::Neg), .. }] => Some(-p),
            _ => None,
        }
    }

    /// Emits `layer` over the operand under the top one, with the top one
    /// (a literal, see [`Builder::literal`]) as its parameter, not a node.
    fn apply_parameter(&mut self, layer: Layer, parameter: f64, start: Option<usize>, end: Option<usize>) {
        let top = self.operands.pop().expect("a parameter follows its operand");
        self.ops.truncate(top.first_op);
        let base = self.operands.pop().expect("a layer with a parameter has an operand");
        let span = Span::new(start.unwrap_or(base.extent.start), end.unwrap_or(top.extent.end));
        self.operands.push(Operand { first_op: base.first_op, extent: span });
        self.ops.push(Op::new(OpKind::Parameter(layer, parameter), span));
    }

    fn pop_pending(&mut self, pending: Pending<'_>) {
        match pending {
            Pending::Prefix { operator, start } => self.apply(operator.layer(), Some(start), None),
            Pending::Infix { operator: Operator::Pow } => self.apply_pow(),
            Pending::Infix { operator } => self.apply(operator.layer(), None, None),
            Pending::Open { .. } => {}
        }
    }
}

/// A token of a flat expression, named after the grammar rule that matches it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tok {
    Number,
    /// A matrix literal: the index of its value among the expression's.
    Matrix(usize),
    /// A quoted file name.
    Text,
    Name,
    /// A name whose argument list follows: the function of a call.
    Callee,
    Neg,
    /// Unary `+`: no node, but part of the expression's text.
    Plus,
    Infix(Operator),
    Open,
    Comma,
    Close,
}

/// A token with its byte range in the statement's text.
#[derive(Clone, Copy, Debug)]
struct Token {
    tok: Tok,
    start: usize,
    end: usize,
}

/// An expression's tokens as the grammar read them, with the values of its
/// matrix literals: plain data, which a thread that reads ahead hands on
/// (see `ahead.rs`). Positions are in the whole source.
#[derive(Debug)]
pub(super) struct Flat {
    tokens: Vec<Token>,
    matrices: Vec<Result<Matrix, Error>>,
}

/// The tokens of an `expr` (or `checked`) pair. `text` is the statement's
/// text, which starts at `base` in the source.
pub(super) fn flat(pair: Pair<'_, Rule>, text: &str, base: usize) -> Flat {
    // A matrix literal is read whole (its rows and elements), and its
    // inner tokens are then passed over.
    let mut matrices = Vec::new();
    let mut inside_until = 0;
    // At most a token for every two bytes: one allocation for a statement
    // of a script, not a few growing ones (a long expression grows as usual).
    let mut tokens: Vec<Token> = Vec::with_capacity((pair.as_str().len() / 2 + 1).min(1 << 12));
    let mut after_name = false;
    for token in pair.into_inner().flatten() {
        let s = token.as_span();
        if s.start() < inside_until {
            continue;
        }
        let tok = match token.as_rule() {
            Rule::matrix => {
                inside_until = s.end();
                matrices.push(matrix(token, text, base));
                Tok::Matrix(matrices.len() - 1)
            }
            Rule::string => Tok::Text,
            Rule::number => Tok::Number,
            Rule::name => Tok::Name,
            Rule::prefix => match token.as_str() {
                "-" => Tok::Neg,
                _ => Tok::Plus,
            },
            Rule::infix => Tok::Infix(match token.as_str() {
                "+" => Operator::Add,
                "-" => Operator::Sub,
                "*" => Operator::Mul,
                "/" => Operator::Div,
                "@" => Operator::MatMul,
                _ => Operator::Pow, // `^` or `**`
            }),
            Rule::call_open => {
                // A name is a callee when its argument list follows.
                if after_name && let Some(callee) = tokens.last_mut() {
                    callee.tok = Tok::Callee;
                }
                Tok::Open
            }
            Rule::open => Tok::Open,
            Rule::comma => Tok::Comma,
            Rule::close => Tok::Close,
            _ => continue, // structure (expr, call) and comments
        };
        after_name = tok == Tok::Name;
        tokens.push(Token { tok, start: base + s.start(), end: base + s.end() });
    }
    Flat { tokens, matrices }
}

/// An expression on its way to a postfix [`Expr`]: as the grammar read it,
/// or put in postfix order already, with its names still to be looked up
/// (by a thread that reads ahead, which cannot look them up).
#[derive(Debug)]
pub(super) enum Expression {
    Tokens(Flat),
    Ordered(Ordered),
}

/// Postfix ops whose names are [`NameId::UNKNOWN`] until the session's
/// thread looks them up, in the order they are written.
#[derive(Debug)]
pub(super) struct Ordered {
    ops: Box<[Op]>,
    span: Span,
}

impl Expression {
    /// Puts the tokens in postfix order without looking names up; the error
    /// is the one [`expr`] would give.
    pub fn order(self, text: &str) -> Result<Expression, Error> {
        match self {
            Expression::Tokens(flat) => {
                let (ops, span) = ordered(flat, text, &mut |_| NameId::UNKNOWN)?;
                Ok(Expression::Ordered(Ordered { ops, span }))
            }
            ordered => Ok(ordered),
        }
    }
}

/// The postfix [`Expr`] over `source`, with `resolve` giving each name its
/// id in the order the names are written.
pub(super) fn expr(expression: Expression, source: &Rc<str>, resolve: Resolve<'_>) -> Result<Expr, Error> {
    let (ops, span) = match expression {
        Expression::Tokens(flat) => ordered(flat, source, resolve)?,
        Expression::Ordered(Ordered { mut ops, span }) => {
            // Postfix order keeps the operands in the order they are
            // written, and a `grad` op stands where its `x` was written.
            for op in ops.iter_mut() {
                let written = op.span();
                match &mut op.kind {
                    OpKind::Name(name) => *name = resolve(&source[written.range()]),
                    OpKind::Grad(call) => call.wrt = resolve(&source[call.wrt_span.range()]),
                    _ => {}
                }
            }
            (ops, span)
        }
    };
    Ok(Expr { source: source.clone(), ops, span })
}

/// An expression's tokens in postfix order, over the source `text`.
fn ordered(flat: Flat, text: &str, resolve: Resolve<'_>) -> Result<(Box<[Op]>, Span), Error> {
    let Flat { tokens, mut matrices } = flat;
    let (ops, span) = from_tokens(tokens, &mut matrices, text, resolve)?;
    // A file name not taken by `load` is still among the ops.
    if let Some(stray) = ops.iter().find(|op| matches!(op.kind, OpKind::Text)) {
        return Err(Error::new(ErrorKind::StrayText, stray.span()));
    }
    Ok((ops, span))
}

/// A matrix literal's value, its rows checked to be of one length (an error
/// at the first row that differs). `text` starts at `base` in the source.
fn matrix(pair: Pair<'_, Rule>, text: &str, base: usize) -> Result<Matrix, Error> {
    let mut values = Vec::new();
    let (mut rows, mut cols) = (0, 0);
    for row in pair.into_inner().filter(|p| p.as_rule() == Rule::matrix_row) {
        let s = row.as_span();
        let span = Span::new(base + s.start(), base + s.end());
        let before = values.len();
        for element in row.into_inner().filter(|p| p.as_rule() == Rule::element) {
            let e = element.as_span();
            let written = &text[e.start()..e.end()];
            let negative = written.starts_with('-');
            let digits = element.into_inner().find(|p| p.as_rule() == Rule::number);
            let digits = digits.as_ref().map_or(written, |d| d.as_str());
            let value = number(digits, Span::new(base + e.start(), base + e.end()))?;
            values.push(if negative { -value } else { value });
        }
        let found = values.len() - before;
        rows += 1;
        if rows == 1 {
            cols = found;
        } else if found != cols {
            return Err(Error::new(ErrorKind::RaggedRow { row: rows, found, expected: cols }, span));
        }
    }
    Matrix::from_shape_vec((rows, cols), values).map_err(|_| {
        let s = Span::new(base, base + text.len());
        Error::new(ErrorKind::Syntax { expected: vec!["a number"], found: "`[]`".into() }, s)
    })
}

/// Converts the tokens of one well-formed expression into postfix order.
/// The expression's span is that of its outermost operand; `resolve` gives
/// each name its id.
fn from_tokens(
    tokens: Vec<Token>,
    matrices: &mut [Result<Matrix, Error>],
    text: &str,
    resolve: Resolve<'_>,
) -> Result<(Box<[Op]>, Span), Error> {
    let mut b = Builder { ops: SmallVec::new(), operands: SmallVec::new() };
    // Both stacks stay shallow in all but deeply nested text: on the
    // machine stack, with no allocation for each statement.
    let mut stack: SmallVec<[Pending<'_>; 16]> = SmallVec::new();
    let mut callee: Option<(&str, Span)> = None;
    let mut whole: Option<Span> = None;
    // How many brackets are open.
    let mut depth = 0usize;

    for token in tokens {
        let span = Span::new(token.start, token.end);
        whole = Some(whole.map_or(span, |w| w.to(span)));
        let token_text = || &text[token.start..token.end];
        match token.tok {
            Tok::Number => {
                let value = number(token_text(), span)?;
                b.push_leaf(OpKind::Number(value), span);
            }
            Tok::Matrix(index) => {
                let taken = std::mem::replace(&mut matrices[index], Ok(Matrix::zeros((0, 0))))?;
                // `[1]` is the number 1: a matrix value is never 1×1, and
                // a graph reads a leaf's number where it is 1×1.
                let kind = match taken.dim() {
                    (1, 1) => OpKind::Number(taken[[0, 0]]),
                    _ => OpKind::Matrix(Arc::new(taken)),
                };
                b.push_leaf(kind, span);
            }
            Tok::Text => b.push_leaf(OpKind::Text, span),
            Tok::Name => {
                let name = token_text();
                if super::is_reserved(name) {
                    return Err(Error::new(ErrorKind::NotAValue { name: name.to_owned() }, span));
                }
                b.push_leaf(OpKind::Name(resolve(name)), span);
            }
            Tok::Callee => callee = Some((token_text(), span)),
            Tok::Neg => stack.push(Pending::Prefix { operator: Operator::Neg, start: span.start }),
            Tok::Infix(operator) => {
                let (prec, right) = operator.binding();
                while let Some(top) = stack.last() {
                    let top_prec = match top {
                        Pending::Prefix { operator, .. } | Pending::Infix { operator } => {
                            operator.binding().0
                        }
                        Pending::Open { .. } => break,
                    };
                    if top_prec > prec || (top_prec == prec && !right) {
                        let top = stack.pop().expect("just looked at it");
                        b.pop_pending(top);
                    } else {
                        break;
                    }
                }
                stack.push(Pending::Infix { operator });
            }
            Tok::Open => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(Error::new(ErrorKind::TooDeep { limit: MAX_NESTING }, span));
                }
                let height = b.operands.len();
                stack.push(Pending::Open { call: callee.take(), height, start: span.start });
            }
            Tok::Comma => unwind_to_open(&mut b, &mut stack),
            Tok::Close => {
                depth -= 1;
                unwind_to_open(&mut b, &mut stack);
                if let Some(Pending::Open { call, height, start }) = stack.pop() {
                    match call {
                        Some((name, name_span)) => {
                            let argc = b.operands.len() - height;
                            apply_call(&mut b, name, name_span, argc, span.end)?;
                        }
                        None => {
                            // The group's extent now includes its brackets.
                            if let Some(top) = b.operands.last_mut() {
                                top.extent = Span::new(start, span.end);
                            }
                        }
                    }
                }
            }
            Tok::Plus => {} // unary plus adds no node
        }
    }
    while let Some(top) = stack.pop() {
        b.pop_pending(top);
    }
    // The operand's extent, unlike pest's span, has no trailing blanks or comment.
    let span = match b.operands.last() {
        Some(operand) => operand.extent,
        None => whole.unwrap_or_default(),
    };
    let ops = if b.ops.spilled() {
        b.ops.into_vec()
    } else {
        // Exactly as many as there are (collecting would allocate four).
        let mut exact = Vec::with_capacity(b.ops.len());
        exact.extend(b.ops.drain(..));
        exact
    };
    Ok((ops.into_boxed_slice(), span))
}

/// Pops operators down to the innermost open bracket, leaving it in place.
fn unwind_to_open(b: &mut Builder, stack: &mut SmallVec<[Pending<'_>; 16]>) {
    while let Some(top) = stack.last() {
        if let Pending::Open { .. } = top {
            return;
        }
        let top = stack.pop().expect("just looked at it");
        b.pop_pending(top);
    }
}

/// A call's arguments are on the operand stack: check them and emit the layer
/// (or the `grad` step).
fn apply_call(b: &mut Builder, name: &str, name_span: Span, argc: usize, end: usize) -> Result<(), Error> {
    let call_span = Span::new(name_span.start, end);
    if name == "grad" {
        if argc != 2 {
            let kind = ErrorKind::Arity { function: "grad".into(), expected: 2, found: argc };
            return Err(Error::new(kind, call_span));
        }
        let wrt = b.operands[b.operands.len() - 1];
        let Some((OpKind::Name(wrt_name), wrt_span)) = b.ops.last().map(|op| (op.kind.clone(), op.span()))
        else {
            return Err(Error::new(ErrorKind::GradTarget, wrt.extent));
        };
        if wrt.first_op != b.ops.len() - 1 {
            return Err(Error::new(ErrorKind::GradTarget, wrt.extent));
        }
        b.ops.pop();
        b.operands.pop();
        let y = b.operands.pop().expect("grad has two operands");
        let len = b.ops.len() - y.first_op;
        b.operands.push(Operand { first_op: y.first_op, extent: call_span });
        let call = GradCall { wrt: wrt_name, wrt_span, len };
        b.ops.push(Op::new(OpKind::Grad(Box::new(call)), call_span));
        return Ok(());
    }
    if let Some(data) = Data::named(name) {
        return apply_data(b, data, call_span, argc);
    }
    let Some(function) = layers::function(name) else {
        let names = layers::FUNCTIONS
            .iter()
            .map(|f| f.name)
            .chain(Data::ALL.iter().map(|d| d.name()))
            .chain(["grad"]);
        let suggestion = suggest::closest(name, names).map(str::to_owned);
        let kind = ErrorKind::UnknownFunction { name: name.to_string(), suggestion };
        return Err(Error::new(kind, name_span));
    };
    let expected = function.layer.arity();
    if let Some(with_axis) = function.layer.with_axis().filter(|_| argc == expected + 1) {
        let Some(axis) = b.literal() else {
            let kind = ErrorKind::LiteralAxis { function: name.to_string() };
            return Err(Error::new(kind, b.operands[b.operands.len() - 1].extent));
        };
        b.apply_parameter(with_axis, axis, Some(name_span.start), Some(end));
        return Ok(());
    }
    if argc != expected {
        let kind = ErrorKind::Arity { function: name.to_string(), expected, found: argc };
        return Err(Error::new(kind, call_span));
    }
    b.apply(function.layer, Some(name_span.start), Some(end));
    Ok(())
}

/// A data function's call: its arguments stay as they are, to be run with
/// it when its statement runs; `load`'s quoted file name is taken into it.
fn apply_data(b: &mut Builder, data: Data, call_span: Span, argc: usize) -> Result<(), Error> {
    if argc != data.arity() {
        let kind =
            ErrorKind::Arity { function: data.name().to_string(), expected: data.arity(), found: argc };
        return Err(Error::new(kind, call_span));
    }
    let mut path = None;
    let mut argc = argc;
    if data == Data::Load {
        let top = b.operands[b.operands.len() - 1];
        let is_text = matches!(&b.ops[top.first_op..], [Op { kind: OpKind::Text, .. }]);
        if !is_text {
            let kind =
                ErrorKind::Syntax { expected: vec!["a file name in quotes"], found: "an expression".into() };
            return Err(Error::new(kind, top.extent));
        }
        b.ops.truncate(top.first_op);
        b.operands.pop();
        path = Some(top.extent);
        argc = 0;
    }
    let first = b.operands.len() - argc;
    let first_op = b.operands.get(first).map_or(b.ops.len(), |o| o.first_op);
    b.operands.truncate(first);
    b.operands.push(Operand { first_op, extent: call_span });
    let call = DataCall { function: data, argc, path };
    b.ops.push(Op::new(OpKind::Data(Box::new(call)), call_span));
    Ok(())
}

/// A literal's value. The grammar admits only valid forms; a literal too
/// large for f64 becomes `inf`, as IEEE says.
pub(super) fn number(text: &str, span: Span) -> Result<f64, Error> {
    text.parse().map_err(|_| {
        let kind = ErrorKind::Syntax { expected: vec!["a number"], found: format!("`{text}`") };
        Error::new(kind, span)
    })
}
