//! Every shape and label error, with the SPEC's wording; a failed call
//! leaves the caller's buffers untouched. Also the scalar conventions at
//! kinks, element by element, and that backward passes accumulate.

use ndarray::array;

use super::super::*;
use crate::layers::Layer;

fn m(rows: usize, cols: usize) -> Matrix {
    Matrix::from_shape_fn((rows, cols), |(i, j)| (i * cols + j) as f64 + 1.0)
}

#[test]
fn broadcasting_errors_name_the_operator_and_both_shapes() {
    let err = binary(Layer::Add, &m(2, 3), &m(3, 2)).unwrap_err();
    assert_eq!(err, MatrixError::Broadcast { verb: "add", left: Shape::new(2, 3), right: Shape::new(3, 2) });
    assert!(err.to_string().starts_with("cannot add 2×3 and 3×2"), "{err}");
    let words = [
        (Layer::Sub, "cannot subtract 2×3 and 2×2"),
        (Layer::Mul, "cannot multiply 2×3 and 2×2"),
        (Layer::Div, "cannot divide 2×3 and 2×2"),
        (Layer::Pow, "cannot raise to the power 2×3 and 2×2"),
        (Layer::Max, "cannot take the max of 2×3 and 2×2"),
        (Layer::Min, "cannot take the min of 2×3 and 2×2"),
    ];
    for (op, text) in words {
        assert!(binary(op, &m(2, 3), &m(2, 2)).unwrap_err().to_string().starts_with(text), "{op:?}");
    }
    // Each dimension on its own: rows differ, then columns differ.
    assert!(broadcast("add", Shape::new(2, 1), Shape::new(3, 1)).is_err());
    assert!(broadcast("add", Shape::new(1, 2), Shape::new(1, 3)).is_err());
    assert_eq!(broadcast("add", Shape::new(1, 3), Shape::new(4, 1)), Ok(Shape::new(4, 3)));
    assert_eq!(broadcast("add", Shape::new(1, 1), Shape::new(4, 5)), Ok(Shape::new(4, 5)));
}

#[test]
fn matmul_errors_name_the_inner_dimensions() {
    let err = matmul(&m(2, 3), &m(2, 3)).unwrap_err();
    assert_eq!(err, MatrixError::MatMul { left: Shape::new(2, 3), right: Shape::new(2, 3) });
    assert_eq!(err.to_string(), "cannot multiply 2×3 and 2×3 with @: the inner dimensions 3 and 2 differ");
    let mut out = m(2, 2);
    assert!(matmul_into(&m(2, 3), &m(2, 2), &mut out).is_err());
    assert_eq!(
        matmul_into(&m(2, 3), &m(3, 2), &mut m(2, 3)).unwrap_err().to_string(),
        "the output buffer is 2×3, expected 2×2"
    );
    let (mut da, mut db) = (Matrix::zeros((2, 3)), Matrix::zeros((3, 3)));
    let err = matmul_backward(&m(2, 3), &m(3, 2), &m(2, 2), Some(&mut da), Some(&mut db)).unwrap_err();
    assert_eq!(
        err,
        MatrixError::Buffer { what: "right gradient", found: Shape::new(3, 3), expected: Shape::new(3, 2) }
    );
    assert_eq!(da, Matrix::zeros((2, 3)), "nothing written before the error");
    assert!(matmul_backward(&m(2, 3), &m(3, 2), &m(3, 2), Some(&mut da), Some(&mut db)).is_err());
}

#[test]
fn element_wise_buffers_are_checked() {
    assert!(binary_into(Layer::Add, &m(2, 3), &m(1, 3), &mut m(1, 3)).is_err());
    let (a, b) = (m(2, 3), m(1, 3));
    let y = binary(Layer::Add, &a, &b).unwrap();
    let (mut da, mut db) = (Matrix::zeros((2, 3)), Matrix::zeros((2, 3)));
    let err = binary_backward(Layer::Add, (&a, &b, &y), &y, &mut da, &mut db).unwrap_err();
    assert_eq!(
        err,
        MatrixError::Buffer { what: "right gradient", found: Shape::new(2, 3), expected: Shape::new(1, 3) }
    );
    assert!(binary_backward(Layer::Add, (&a, &b, &m(1, 3)), &y, &mut da, &mut m(1, 3)).is_err());
    assert!(unary_into(Layer::Exp, &a, &mut m(3, 2)).is_err());
    assert!(unary_backward(Layer::Exp, &a, &a, &m(3, 2), &mut da).is_err());
    assert!(unary_backward(Layer::Exp, &a, &a, &a, &mut m(1, 1)).is_err());
    assert!(sum_to(a.view(), &mut m(3, 1)).is_err());
    assert!(transpose_into(&a, &mut m(2, 3)).is_err());
    assert!(transpose_backward(&a, &mut m(2, 3)).is_err());
    assert!(softmax_into(&a, &mut m(3, 2)).is_err());
    assert!(softmax_backward(&a, &m(3, 2), &mut da).is_err());
}

#[test]
fn reductions_check_the_axis_and_buffers() {
    assert_eq!(Axis::from_number(0.0), Ok(Axis::Rows));
    assert_eq!(Axis::from_number(1.0), Ok(Axis::Cols));
    for bad in [2.0, -1.0, 0.5] {
        assert_eq!(
            Axis::from_number(bad).unwrap_err().to_string(),
            format!("the axis must be 0 or 1, not {bad}")
        );
    }
    assert!(reduce_into(&m(2, 3), Axis::Rows, false, &mut m(2, 1)).is_err());
    assert!(reduce_backward(Axis::Cols, true, &m(1, 3), &mut m(2, 3)).is_err());
    let mut out = m(1, 3);
    reduce_into(&m(2, 3), Axis::Rows, true, &mut out).unwrap();
    assert_eq!(out, array![[2.5, 3.5, 4.5]], "written over, not added to");
}

#[test]
fn affine_names_the_operands_that_do_not_fit() {
    let err = affine(&m(3, 4), &m(5, 2), &m(1, 2)).unwrap_err();
    assert_eq!(err.to_string(), "affine: cannot use X 3×4 with W 5×2: X's columns must equal W's rows");
    let err = affine(&m(3, 4), &m(4, 2), &m(1, 3)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "affine: cannot use X @ W 3×2 with b 1×3: b must be a 1×M row (or broadcast onto X @ W)"
    );
    let (x, w, b) = (m(3, 4), m(4, 2), m(1, 2));
    let (mut dx, mut dw) = (Matrix::zeros((3, 4)), Matrix::zeros((4, 2)));
    let err = affine_backward((&x, &w, &b), &m(3, 2), Some(&mut dx), Some(&mut dw), Some(&mut m(2, 1)))
        .unwrap_err();
    assert_eq!(
        err,
        MatrixError::Buffer { what: "b gradient", found: Shape::new(2, 1), expected: Shape::new(1, 2) }
    );
    assert_eq!((dx.sum(), dw.sum()), (0.0, 0.0), "nothing written before the error");
    assert!(
        affine_backward((&x, &w, &b), &m(2, 3), Some(&mut dx), Some(&mut dw), Some(&mut m(1, 2))).is_err()
    );
    assert!(affine_into(&x, &w, &b, &mut m(3, 3)).is_err());
}

#[test]
fn loss_layers_check_t_and_its_labels() {
    let x = m(3, 4);
    let err = softmax_with_loss(&x, &m(3, 2)).unwrap_err();
    assert!(err.to_string().starts_with("softmax_with_loss: cannot use X 3×4 with T 3×2"), "{err}");
    assert!(cross_entropy(&x, &m(2, 1)).is_err(), "a column of labels needs one per row");
    assert!(accuracy(&x, &m(4, 4)).is_err());
    let err = softmax_with_loss(&x, &array![[0.0], [4.0], [1.0]]).unwrap_err();
    assert_eq!(
        err,
        MatrixError::Label { function: "softmax_with_loss", value: 4.0, row: 1, col: 0, classes: 4 }
    );
    assert_eq!(
        err.to_string(),
        "softmax_with_loss: the label 4 at row 2, column 1 is not a whole number from 0 to 3"
    );
    assert!(matches!(cross_entropy(&x, &array![[0.0], [1.5], [1.0]]), Err(MatrixError::Label { .. })));
    assert!(matches!(accuracy(&x, &array![[-1.0], [1.0], [1.0]]), Err(MatrixError::Label { .. })));
    let mut dx = Matrix::zeros((3, 4));
    let bad_labels = array![[0.0], [f64::NAN], [1.0]];
    assert!(softmax_with_loss_backward((&x, &bad_labels), 1.0, &mut dx, None).is_err());
    assert!(cross_entropy_backward((&x, &bad_labels), 1.0, &mut dx, None).is_err());
    let t = onehot(&array![[0.0], [1.0], [3.0]], 4).unwrap();
    assert!(softmax_with_loss_backward((&x, &t), 1.0, &mut dx, Some(&mut m(3, 1))).is_err());
    assert!(cross_entropy_backward((&x, &t), 1.0, &mut dx, Some(&mut m(1, 4))).is_err());
    assert!(softmax_with_loss_backward((&x, &t), 1.0, &mut m(4, 3), None).is_err());
    assert_eq!(dx, Matrix::zeros((3, 4)), "nothing written before an error");
}

#[test]
fn element_conventions_are_the_scalar_layers() {
    let x = array![[-1.0, 0.0, 2.0]];
    let ones = Matrix::ones((1, 3));
    let grad = |op| {
        let mut dx = Matrix::zeros((1, 3));
        unary_backward(op, &x, &unary(op, &x), &ones, &mut dx).unwrap();
        dx
    };
    assert_eq!(grad(Layer::Relu), array![[0.0, 0.0, 1.0]], "the book's mask: x <= 0 lets nothing through");
    assert_eq!(grad(Layer::Abs), array![[-1.0, 0.0, 1.0]], "abs: 0 at 0");
    assert_eq!(grad(Layer::Sqrt)[[0, 1]], f64::INFINITY, "sqrt: +inf at 0");
    // max and min: a tie sends the whole gradient to a.
    let (a, b) = (array![[1.0, 2.0]], array![[1.0, 3.0]]);
    for op in [Layer::Max, Layer::Min] {
        let y = binary(op, &a, &b).unwrap();
        let (mut da, mut db) = (Matrix::zeros((1, 2)), Matrix::zeros((1, 2)));
        binary_backward(op, (&a, &b, &y), &Matrix::ones((1, 2)), &mut da, &mut db).unwrap();
        let a_wins = if op == Layer::Max { 0.0 } else { 1.0 };
        assert_eq!((da, db), (array![[1.0, a_wins]], array![[0.0, 1.0 - a_wins]]), "{op:?}");
    }
    // pow: d/dexponent is 0 at x = 0 with y >= 0, NaN for x < 0.
    let (base, exponent) = (array![[0.0, 0.0, -2.0]], array![[2.0, 0.0, 2.0]]);
    let y = binary(Layer::Pow, &base, &exponent).unwrap();
    let (mut db, mut de) = (Matrix::zeros((1, 3)), Matrix::zeros((1, 3)));
    binary_backward(Layer::Pow, (&base, &exponent, &y), &Matrix::ones((1, 3)), &mut db, &mut de).unwrap();
    assert_eq!((de[[0, 0]], de[[0, 1]]), (0.0, 0.0));
    assert!(de[[0, 2]].is_nan());
    assert_eq!(db, array![[0.0, 0.0, -4.0]]);
}

#[test]
fn backward_passes_add_into_the_buffers() {
    let (x, w, b) = (m(2, 3), m(3, 2), m(1, 2));
    let dy = m(2, 2);
    let once = |times: usize| {
        let (mut dx, mut dw, mut db) = (Matrix::zeros((2, 3)), Matrix::zeros((3, 2)), Matrix::zeros((1, 2)));
        for _ in 0..times {
            affine_backward((&x, &w, &b), &dy, Some(&mut dx), Some(&mut dw), Some(&mut db)).unwrap();
        }
        (dx, dw, db)
    };
    let (one, two) = (once(1), once(2));
    assert_eq!((&one.0 * 2.0, &one.1 * 2.0, &one.2 * 2.0), two);
    // A gradient not asked for is not computed; the others are the same.
    let mut dw = Matrix::zeros((3, 2));
    affine_backward((&x, &w, &b), &dy, None, Some(&mut dw), None).unwrap();
    assert_eq!(dw, one.1);
    let mut da = Matrix::zeros((2, 3));
    matmul_backward(&x, &w, &dy, Some(&mut da), None).unwrap();
    assert_eq!(da, one.0);
    let mut g = Matrix::ones((2, 2));
    softmax_with_loss_backward((&dy, &array![[1.0], [0.0]]), 1.0, &mut g, None).unwrap();
    let mut fresh = Matrix::zeros((2, 2));
    softmax_with_loss_backward((&dy, &array![[1.0], [0.0]]), 1.0, &mut fresh, None).unwrap();
    assert_eq!(g, fresh + 1.0);
}

#[test]
fn losses_stay_finite_where_the_books_code_would_not() {
    // Scores far apart: the softmax of the losing class underflows to 0.
    // The book's log(softmax + 1e-7) would give ln(1e-7) ≈ -16 per row.
    let x = array![[0.0, 2000.0], [-800.0, 800.0]];
    let t = array![[0.0], [0.0]];
    assert_eq!(softmax_with_loss(&x, &t).unwrap(), (2000.0 + 1600.0) / 2.0);
    let mut dx = Matrix::zeros((2, 2));
    softmax_with_loss_backward((&x, &t), 1.0, &mut dx, None).unwrap();
    assert_eq!(dx, array![[-0.5, 0.5], [-0.5, 0.5]]);
    // A probability of 0 where T is 0 adds nothing (no 0 × ln 0 = NaN).
    let (y, t) = (array![[0.0, 1.0]], array![[0.0, 1.0]]);
    assert_eq!(cross_entropy(&y, &t).unwrap(), 0.0);
    let mut dy = Matrix::zeros((1, 2));
    cross_entropy_backward((&y, &t), 1.0, &mut dy, None).unwrap();
    assert_eq!(dy, array![[0.0, -1.0]]);
}
