//! The book's formulas for whole matrices against numpy: the constants were
//! printed by `formulas.py` beside this file, which computes each layer with
//! numpy and shares no code with the kernels:
//!
//!     python3 -m venv /tmp/venv && /tmp/venv/bin/pip install numpy   # numpy 2.4.6
//!     /tmp/venv/bin/python src/matrix/tests/formulas.py
//!
//! The inputs below are the script's.

use ndarray::array;

use super::super::*;
use crate::layers::Layer;

const AFFINE_Y: &[&[f64]] = &[&[-1.24, 0.6799999999999999], &[0.6100000000000001, -0.67]];
const AFFINE_DX: &[&[f64]] = &[&[0.5, -0.5, -1.7], &[-0.55, 1.35, 1.5499999999999998]];
const AFFINE_DW: &[&[f64]] = &[&[1.25, 3.5], &[-0.875, 2.75], &[1.625, -6.25]];
const AFFINE_DB: &[&[f64]] = &[&[1.5, 1.0]];
const SOFTMAX_Y: &[&[f64]] = &[
    &[0.09003057317038046, 0.24472847105479764, 0.6652409557748218],
    &[0.09003057317038046, 0.24472847105479764, 0.6652409557748218],
    &[0.2676231541498624, 0.7274751568004648, 0.004901689049672921],
];
const SOFTMAX_DX: &[&[f64]] = &[
    &[0.014802420262551613, -0.05765423840501104, 0.04285181814245945],
    &[0.14181709360981215, 0.1407703574696301, -0.2825874510794423],
    &[-0.001967708226202992, -0.005348785514996973, 0.007316493741199856],
];
const SWL_LOSS: &[&[f64]] = &[&[1.0444624527120716]];
const SWL_DX: &[&[f64]] = &[
    &[0.03001019105679349, 0.08157615701826589, -0.1115863480750594],
    &[0.03001019105679349, -0.25175717631506744, 0.22174698525827394],
    &[-0.2441256152833792, 0.24249171893348828, 0.0016338963498909737],
];
const SWL_DT: &[&[f64]] = &[
    &[0.8025353214814602, 0.4692019881481268, 0.13586865481479346],
    &[0.8025353214814602, 0.4692019881481268, 0.13586865481479346],
    &[0.4393918097491514, 0.106058476415818, 1.7727251430824846],
];
const CE_LOSS: &[&[f64]] = &[&[0.47570545188004854]];
const CE_DP: &[&[f64]] = &[
    &[-0.0, -0.0, -0.6666666666666666],
    &[-0.0, -0.4166666666666667, -0.0],
    &[-0.5555555555555556, -0.0, -0.0],
];
const CE_DT: &[&[f64]] = &[
    &[0.5364793041447001, 0.40132426810864535, 0.23104906018664842],
    &[0.7675283643313485, 0.07438118377140324, 0.7675283643313485],
    &[0.1702752079219969, 0.40132426810864535, 0.7675283643313485],
];
const ACCURACY: &[&[f64]] = &[&[0.6666666666666666]];
const BCAST_Z: &[&[f64]] = &[&[1.0, 3.0, -2.0], &[-1.5, -4.5, 3.0]];
const BCAST_DCOL: &[&[f64]] = &[&[0.5], &[0.0]];
const BCAST_DROW: &[&[f64]] = &[&[5.0, 2.5, 5.25]];
const UNB_COL: &[&[f64]] = &[&[6.0], &[-0.25]];
const UNB_ROW: &[&[f64]] = &[&[0.0, 2.5, 3.25]];
const UNB_ONE: &[&[f64]] = &[&[5.75]];
const SUM_ALL: &[&[f64]] = &[&[2.5]];
const SUM_0: &[&[f64]] = &[&[2.0, -0.75, 1.25]];
const MEAN_1: &[&[f64]] = &[&[0.5], &[0.3333333333333333]];

/// Equal to numpy's numbers up to rounding (sums may run in another order).
#[track_caller]
fn assert_close(got: &Matrix, want: &[&[f64]]) {
    assert_eq!(got.dim(), (want.len(), want[0].len()), "shape of {got}");
    for ((i, j), &g) in got.indexed_iter() {
        let w = want[i][j];
        assert!((g - w).abs() <= 1e-14 * w.abs().max(1.0), "at ({i}, {j}): {g} vs numpy's {w}\n{got}");
    }
}

fn scalar(v: f64) -> Matrix {
    Matrix::from_elem((1, 1), v)
}

fn x() -> Matrix {
    array![[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]]
}

fn scores() -> Matrix {
    array![[1.0, 2.0, 3.0], [1000.0, 1001.0, 1002.0], [-1.0, 0.0, -5.0]]
}

fn onehot_t() -> Matrix {
    array![[0.0, 0.0, 1.0], [0.0, 1.0, 0.0], [1.0, 0.0, 0.0]]
}

fn labels() -> Matrix {
    array![[2.0], [1.0], [0.0]]
}

#[test]
fn affine_is_the_books() {
    let (w, b) = (array![[0.1, -0.2], [0.3, 0.4], [-0.5, 0.6]], array![[0.01, -0.02]]);
    let dy = array![[1.0, -2.0], [0.5, 3.0]];
    assert_close(&affine(&x(), &w, &b).unwrap(), AFFINE_Y);
    let (mut dx, mut dw, mut db) = (Matrix::zeros((2, 3)), Matrix::zeros((3, 2)), Matrix::zeros((1, 2)));
    affine_backward((&x(), &w, &b), &dy, Some(&mut dx), Some(&mut dw), Some(&mut db)).unwrap();
    assert_close(&dx, AFFINE_DX);
    assert_close(&dw, AFFINE_DW);
    assert_close(&db, AFFINE_DB);
}

#[test]
fn softmax_is_stable_and_its_backward_the_books() {
    let ds = array![[0.3, -0.1, 0.2], [1.0, 0.0, -1.0], [0.5, 0.5, 2.0]];
    let y = softmax(&scores());
    assert_close(&y, SOFTMAX_Y);
    let mut dx = Matrix::zeros((3, 3));
    softmax_backward(&y, &ds, &mut dx).unwrap();
    assert_close(&dx, SOFTMAX_DX);
}

#[test]
fn softmax_with_loss_one_hot_and_labels_agree_with_numpy() {
    for t in [onehot_t(), labels()] {
        assert_close(&scalar(softmax_with_loss(&scores(), &t).unwrap()), SWL_LOSS);
        let (mut dx, mut dt) = (Matrix::zeros((3, 3)), Matrix::zeros(t.dim()));
        softmax_with_loss_backward((&scores(), &t), 1.0, &mut dx, Some(&mut dt)).unwrap();
        assert_close(&dx, SWL_DX);
        if t.ncols() == 3 {
            assert_close(&dt, SWL_DT);
        } else {
            assert_eq!(dt, Matrix::zeros((3, 1)), "labels get no gradient");
        }
    }
}

#[test]
fn cross_entropy_one_hot_and_labels_agree_with_numpy() {
    let p = array![[0.2, 0.3, 0.5], [0.1, 0.8, 0.1], [0.6, 0.3, 0.1]];
    for t in [onehot_t(), labels()] {
        assert_close(&scalar(cross_entropy(&p, &t).unwrap()), CE_LOSS);
        let (mut dp, mut dt) = (Matrix::zeros((3, 3)), Matrix::zeros(t.dim()));
        cross_entropy_backward((&p, &t), 1.0, &mut dp, Some(&mut dt)).unwrap();
        assert_close(&dp, CE_DP);
        if t.ncols() == 3 {
            assert_close(&dt, CE_DT);
        }
    }
}

#[test]
fn accuracy_counts_rows_whose_largest_entry_is_right() {
    let q = array![[0.1, 0.2, 0.7], [0.5, 0.4, 0.1], [0.9, 0.05, 0.05]];
    assert_close(&scalar(accuracy(&q, &labels()).unwrap()), ACCURACY);
    assert_close(&scalar(accuracy(&q, &onehot_t()).unwrap()), ACCURACY);
}

#[test]
fn broadcasting_backward_sums_over_the_stretched_axes() {
    let (col, row) = (array![[2.0], [-3.0]], array![[0.5, 1.5, -1.0]]);
    let dz = array![[1.0, 2.0, 3.0], [-1.0, 0.5, 0.25]];
    let z = binary(Layer::Mul, &col, &row).unwrap();
    assert_close(&z, BCAST_Z);
    let (mut dcol, mut drow) = (Matrix::zeros((2, 1)), Matrix::zeros((1, 3)));
    binary_backward(Layer::Mul, (&col, &row, &z), &dz, &mut dcol, &mut drow).unwrap();
    assert_close(&dcol, BCAST_DCOL);
    assert_close(&drow, BCAST_DROW);
}

#[test]
fn unbroadcasting_sums_onto_a_column_a_row_and_a_number() {
    let dz = array![[1.0, 2.0, 3.0], [-1.0, 0.5, 0.25]];
    let into = |shape| {
        // Starting from ones: sum_to adds.
        let mut out = Matrix::ones(shape);
        sum_to(dz.view(), &mut out).unwrap();
        out - 1.0
    };
    assert_close(&into((2, 1)), UNB_COL);
    assert_close(&into((1, 3)), UNB_ROW);
    assert_close(&into((1, 1)), UNB_ONE);
    assert_close(&into((2, 3)), &[&[1.0, 2.0, 3.0], &[-1.0, 0.5, 0.25]]);
}

#[test]
fn reductions_agree_with_numpy() {
    assert_close(&sum(&x(), Axis::All), SUM_ALL);
    assert_close(&sum(&x(), Axis::Rows), SUM_0);
    assert_close(&mean(&x(), Axis::Cols), MEAN_1);
}
