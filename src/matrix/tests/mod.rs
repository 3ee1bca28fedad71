//! The matrix kernels' tests: backward passes against central differences,
//! the book's formulas against numbers numpy computed, every error path, and
//! the CSV loader.

mod csv;
mod errors;
mod formulas;
mod gradcheck;
mod iris;
