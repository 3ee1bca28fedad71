//! cgraph: arithmetic as a computational graph of layers, run forward and
//! backward so that every node's value and gradient can be seen.
//!
//! text → [`syntax`] (statements with spans) → [`session`] (inputs, formulas)
//! → [`graph`] (an arena in topological order, forward, backward) →
//! [`report`] → [`render`] → front ends ([`cli`], the script runner, the
//! [`repl`]).

// pest is built without its `std` feature (whose stack probe on every rule
// cost a fifth of the reading); its generated parser then names `alloc`.
extern crate alloc;

pub mod atomic_file;
pub mod check;
pub mod cli;
pub mod error;
pub mod graph;
pub mod interrupt;
pub mod layers;
pub mod matrix;
pub mod packed;
pub mod progress;
pub mod quiz;
pub mod render;
pub mod repl;
pub mod report;
pub mod script;
pub mod session;
pub mod source;
pub mod span;
pub mod streams;
pub mod suggest;
pub mod syntax;
pub mod terminal;
pub mod trace;
pub mod value;

#[cfg(test)]
mod testing;
