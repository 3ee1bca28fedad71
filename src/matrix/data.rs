//! Making data: `zeros`, `ones`, `eye`, `randn` and `onehot`. These give
//! values, not layers. Sizes come from a script as numbers, so each is
//! checked ([`size`]) and the whole matrix is capped at [`MAX_ELEMENTS`].

use super::Matrix;
use super::random::Rng;
use super::shape::{MAX_ELEMENTS, MAX_SIDE, MatrixError, Shape};
use super::target::{check_labels, label};

/// A size argument as a count: a whole number from 1 to [`MAX_SIDE`].
pub fn size(function: &'static str, value: f64) -> Result<usize, MatrixError> {
    if value >= 1.0 && value <= MAX_SIDE as f64 && value.fract() == 0.0 {
        Ok(value as usize)
    } else {
        Err(MatrixError::Size { function, value })
    }
}

/// `rows×cols`, if each side is from 1 to [`MAX_SIDE`] and the whole at
/// most [`MAX_ELEMENTS`].
fn checked(function: &'static str, rows: usize, cols: usize) -> Result<Shape, MatrixError> {
    for side in [rows, cols] {
        if side == 0 || side > MAX_SIDE {
            return Err(MatrixError::Size { function, value: side as f64 });
        }
    }
    let shape = Shape::new(rows, cols);
    if rows.checked_mul(cols).is_none_or(|n| n > MAX_ELEMENTS) {
        return Err(MatrixError::TooLarge { function, shape });
    }
    Ok(shape)
}

/// `zeros(r, c)`.
pub fn zeros(rows: usize, cols: usize) -> Result<Matrix, MatrixError> {
    Ok(Matrix::zeros(checked("zeros", rows, cols)?.dim()))
}

/// `ones(r, c)`.
pub fn ones(rows: usize, cols: usize) -> Result<Matrix, MatrixError> {
    Ok(Matrix::ones(checked("ones", rows, cols)?.dim()))
}

/// `eye(n)`: the n×n identity.
pub fn eye(n: usize) -> Result<Matrix, MatrixError> {
    Ok(Matrix::eye(checked("eye", n, n)?.rows))
}

/// `randn(r, c)`: standard normals from `rng`, row by row. The generator
/// goes on from where it is, so successive calls give fresh numbers.
pub fn randn(rows: usize, cols: usize, rng: &mut Rng) -> Result<Matrix, MatrixError> {
    let shape = checked("randn", rows, cols)?;
    Ok(Matrix::from_shape_simple_fn(shape.dim(), || rng.normal()))
}

/// `randn(r, c)` from a fresh generator seeded with `seed`.
pub fn randn_seeded(rows: usize, cols: usize, seed: u64) -> Result<Matrix, MatrixError> {
    randn(rows, cols, &mut Rng::new(seed))
}

/// `onehot(t, k)`: labels 0..k-1 in a column (N×1) or a row (1×N) to the
/// N×k matrix with a 1 in each row at its label. Any other label is an error
/// naming it and its place.
pub fn onehot(labels: &Matrix, classes: usize) -> Result<Matrix, MatrixError> {
    let s = Shape::of(labels);
    if s.rows != 1 && s.cols != 1 {
        return Err(MatrixError::LabelShape { function: "onehot", found: s });
    }
    check_labels("onehot", labels, classes)?;
    let mut out = Matrix::zeros(checked("onehot", s.len(), classes)?.dim());
    for (i, &t) in labels.iter().enumerate() {
        out[[i, label(t)]] = 1.0;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn zeros_ones_eye() {
        assert_eq!(zeros(2, 3).unwrap(), array![[0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]);
        assert_eq!(ones(1, 2).unwrap(), array![[1.0, 1.0]]);
        assert_eq!(eye(2).unwrap(), array![[1.0, 0.0], [0.0, 1.0]]);
    }

    #[test]
    fn sizes_must_be_whole_and_positive() {
        assert_eq!(size("zeros", 3.0), Ok(3));
        for bad in [0.0, -1.0, 2.5, f64::NAN, f64::INFINITY, 1e300] {
            let err = size("zeros", bad).unwrap_err();
            assert!(
                matches!(err, MatrixError::Size { function: "zeros", value } if value.total_cmp(&bad).is_eq())
            );
        }
        assert!(size("eye", 2.5).unwrap_err().to_string().starts_with("eye: a size must be a whole number"));
        assert_eq!(zeros(0, 3).unwrap_err(), MatrixError::Size { function: "zeros", value: 0.0 });
    }

    #[test]
    fn a_huge_matrix_is_refused_before_it_is_allocated() {
        let err = ones(100_000, 100_000).unwrap_err();
        assert_eq!(err, MatrixError::TooLarge { function: "ones", shape: Shape::new(100_000, 100_000) });
        assert!(err.to_string().contains("100000×100000 matrix is too large"));
        assert!(matches!(randn(MAX_SIDE, MAX_SIDE, &mut Rng::new(0)), Err(MatrixError::TooLarge { .. })));
        assert!(matches!(eye(MAX_SIDE + 1), Err(MatrixError::Size { .. })));
    }

    #[test]
    fn randn_is_the_generators_normals_row_by_row() {
        let m = randn_seeded(2, 3, 9).unwrap();
        let mut rng = Rng::new(9);
        let want: Vec<f64> = (0..6).map(|_| rng.normal()).collect();
        assert_eq!(m.iter().copied().collect::<Vec<_>>(), want);
        assert_eq!(m, randn_seeded(2, 3, 9).unwrap(), "a seed gives the same numbers");
        assert_ne!(m, randn_seeded(2, 3, 10).unwrap());
    }

    #[test]
    fn onehot_from_a_column_or_a_row() {
        let want = array![[0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]];
        assert_eq!(onehot(&array![[1.0], [0.0], [2.0]], 3).unwrap(), want);
        assert_eq!(onehot(&array![[1.0, 0.0, 2.0]], 3).unwrap(), want);
        assert_eq!(onehot(&array![[0.0]], 1).unwrap(), array![[1.0]]);
    }

    #[test]
    fn onehot_names_a_bad_label_and_where_it_is() {
        let err = onehot(&array![[1.0], [3.0]], 3).unwrap_err();
        assert_eq!(err, MatrixError::Label { function: "onehot", value: 3.0, row: 1, col: 0, classes: 3 });
        assert_eq!(
            err.to_string(),
            "onehot: the label 3 at row 2, column 1 is not a whole number from 0 to 2"
        );
        for bad in [-1.0, 0.5, f64::NAN, f64::INFINITY] {
            let err = onehot(&array![[0.0, bad]], 2).unwrap_err();
            assert!(matches!(err, MatrixError::Label { row: 0, col: 1, .. }), "{bad}: {err}");
        }
        let err = onehot(&array![[0.0, 1.0], [1.0, 0.0]], 2).unwrap_err();
        assert_eq!(err, MatrixError::LabelShape { function: "onehot", found: Shape::new(2, 2) });
        assert!(matches!(onehot(&array![[0.0]], 0), Err(MatrixError::Label { .. })));
    }
}
