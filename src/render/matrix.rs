//! Matrices in one line, as every view writes a value: in full when small
//! (`[1, 2; 3, 4]`, rows separated by `;` as they are typed), else as a
//! numpy-style summary of the corners (`[0.1, …, 0.4; …; 0.9, …, 1.2]`),
//! the shape being shown beside it.

use super::Look;
use crate::graph::{Graph, NodeId};
use crate::matrix::{Matrix, Shape};
use crate::report::Evaluation;
use crate::value::Value;

/// The most elements a matrix is written out in full with.
pub const FULL: usize = 12;

/// What every view says when the expression is bigger than 1×1.
pub const SEED_NOTE: &str = "the seed is a matrix of ones: the gradients are of the sum of its elements";

/// A node's value or its gradient.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Value,
    Grad,
}

/// Node `id`'s value or gradient as a matrix, when it is bigger than 1×1.
pub fn node_matrix(graph: &Graph, id: NodeId, side: Side) -> Option<&Matrix> {
    let m = match side {
        Side::Value => graph.matrix(id),
        Side::Grad => graph.grad_matrix(id),
    }?;
    (m.dim() != (1, 1)).then_some(m)
}

/// Whether a matrix of `shape` is written out in full.
pub fn is_small(shape: Shape) -> bool {
    shape.len() <= FULL
}

/// The first line of a table or tree: `expr = value`, the value painted by
/// `paint`, and for an expression bigger than 1×1 what its seed was.
pub fn headline(evaluation: &Evaluation, text: &str, look: &Look, paint: impl Fn(&str) -> String) -> String {
    let value = look.value(&evaluation.result());
    let mut line = format!("{text} = {}", paint(&value));
    if evaluation.seeded_with_ones() {
        let note = format!("  ({}, {SEED_NOTE})", evaluation.graph.shape(evaluation.output));
        line.push_str(&super::style::dim(&note, look.color));
    }
    line
}

impl Look {
    /// A value as this look shows it: a number, or a matrix in one line.
    pub fn value(&self, value: &Value) -> String {
        match value {
            Value::Number(x) => self.number(*x),
            Value::Matrix(m) => self.matrix(m),
        }
    }

    /// Appends node `id`'s value or gradient: its number, or its matrix in
    /// one line. A graph of numbers writes the number the node holds.
    pub fn write_node(&self, out: &mut String, graph: &Graph, id: NodeId, side: Side) {
        match node_matrix(graph, id, side) {
            Some(m) => out.push_str(&self.matrix(m)),
            None => {
                let node = &graph.nodes[id as usize];
                self.write_number(out, if side == Side::Value { node.value } else { node.grad })
            }
        }
    }

    /// Node `id`'s value or gradient, as [`Look::write_node`] writes it.
    pub fn node(&self, graph: &Graph, id: NodeId, side: Side) -> String {
        let mut out = String::new();
        self.write_node(&mut out, graph, id, side);
        out
    }

    /// A matrix with its shape in front when it is too big to be written
    /// in full (`100×4 [0, …, 3; …; 396, …, 399]`); a small one as it is.
    pub fn shaped(&self, m: &Matrix) -> String {
        let shape = Shape::of(m);
        if is_small(shape) { self.matrix(m) } else { format!("{shape} {}", self.matrix(m)) }
    }

    /// A value as [`Look::shaped`] writes a matrix.
    pub fn shaped_value(&self, value: &Value) -> String {
        match value {
            Value::Number(x) => self.number(*x),
            Value::Matrix(m) => self.shaped(m),
        }
    }

    /// A matrix in one line: every element when it has at most [`FULL`],
    /// else the first and last elements of the first and last rows.
    pub fn matrix(&self, m: &Matrix) -> String {
        let (rows, cols) = m.dim();
        if rows * cols <= FULL {
            let lines: Vec<String> = m
                .rows()
                .into_iter()
                .map(|row| row.iter().map(|&x| self.number(x)).collect::<Vec<_>>().join(", "))
                .collect();
            return format!("[{}]", lines.join("; "));
        }
        let row = |r: usize| -> String {
            match cols {
                1 => self.number(m[[r, 0]]),
                2 => format!("{}, {}", self.number(m[[r, 0]]), self.number(m[[r, 1]])),
                _ => format!("{}, …, {}", self.number(m[[r, 0]]), self.number(m[[r, cols - 1]])),
            }
        };
        match rows {
            1 => format!("[{}]", row(0)),
            2 => format!("[{}; {}]", row(0), row(1)),
            _ => format!("[{}; …; {}]", row(0), row(rows - 1)),
        }
    }

    /// A matrix as aligned rows, one per line, for `:show`: every element.
    pub fn grid(&self, m: &Matrix) -> String {
        let cells: Vec<Vec<String>> =
            m.rows().into_iter().map(|row| row.iter().map(|&x| self.number(x)).collect()).collect();
        let cols = m.ncols();
        let widths: Vec<usize> =
            (0..cols).map(|j| cells.iter().map(|row| row[j].chars().count()).max().unwrap_or(0)).collect();
        let mut out = String::new();
        for (i, row) in cells.iter().enumerate() {
            out.push_str(if i == 0 { "[" } else { " " });
            for (j, cell) in row.iter().enumerate() {
                let pad = widths[j] - cell.chars().count();
                out.push_str(&" ".repeat(pad));
                out.push_str(cell);
                if j + 1 < cols {
                    out.push_str("  ");
                }
            }
            out.push_str(if i + 1 == cells.len() { "]" } else { "\n" });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use ndarray::array;

    use super::*;

    #[test]
    fn small_matrices_are_written_as_typed_and_big_ones_by_their_corners() {
        let look = Look::default();
        assert_eq!(look.matrix(&array![[1.0, 2.0], [3.0, 4.0]]), "[1, 2; 3, 4]");
        assert_eq!(look.matrix(&array![[1.0], [2.0], [3.0]]), "[1; 2; 3]");
        let big = Matrix::from_shape_fn((100, 4), |(i, j)| (i * 4 + j) as f64);
        assert_eq!(look.matrix(&big), "[0, …, 3; …; 396, …, 399]");
        let row = Matrix::from_shape_fn((1, 20), |(_, j)| j as f64);
        assert_eq!(look.matrix(&row), "[0, …, 19]");
        let column = Matrix::from_shape_fn((20, 1), |(i, _)| i as f64);
        assert_eq!(look.matrix(&column), "[0; …; 19]");
    }

    #[test]
    fn grids_align_their_columns() {
        let look = Look::default();
        assert_eq!(look.grid(&array![[1.0, -20.0], [300.0, 4.0]]), "[  1  -20\n 300    4]");
    }
}
