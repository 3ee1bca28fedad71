//! The book's TwoLayerNet shape through the matrix kernels: batch 100,
//! 784-50-10 (affine, relu, affine, softmax_with_loss), random data. Times
//! forward + backward per step, 100 training steps (each with the update
//! `P -= 0.1 · dP`), and the first layer's product alone (100×784 @ 784×50,
//! `ndarray`'s `dot` through matrixmultiply). Every buffer is made once; a
//! step writes into them. The peers are `benches/two_layer_net_numpy.py`
//! and `benches/two_layer_net_torch.py`; `docs/performance.md` has figures.
//!
//!     cargo bench --bench network

use std::hint::black_box;
use std::time::Instant;

use cgraph::layers::Layer;
use cgraph::matrix::{
    Matrix, Rng, affine_backward, affine_into, matmul_into, onehot, randn, softmax_with_loss,
    softmax_with_loss_backward, unary_backward, unary_into,
};
use criterion::{Criterion, criterion_group, criterion_main};

const BATCH: usize = 100;
const SIZES: [usize; 3] = [784, 50, 10];
const LR: f64 = 0.1;

/// The parameters, and a buffer for every value and gradient of a step.
struct Net {
    w1: Matrix,
    b1: Matrix,
    w2: Matrix,
    b2: Matrix,
    a1: Matrix,
    z1: Matrix,
    a2: Matrix,
    grads: Grads,
}

struct Grads {
    w1: Matrix,
    b1: Matrix,
    w2: Matrix,
    b2: Matrix,
    a2: Matrix,
    z1: Matrix,
    a1: Matrix,
    x: Matrix,
}

impl Net {
    /// The book's initialisation: weights 0.01 · randn, biases 0.
    fn new(rng: &mut Rng) -> Net {
        let [d, h, k] = SIZES;
        let z = |r, c| Matrix::zeros((r, c));
        Net {
            w1: randn(d, h, rng).unwrap() * 0.01,
            b1: z(1, h),
            w2: randn(h, k, rng).unwrap() * 0.01,
            b2: z(1, k),
            a1: z(BATCH, h),
            z1: z(BATCH, h),
            a2: z(BATCH, k),
            grads: Grads {
                w1: z(d, h),
                b1: z(1, h),
                w2: z(h, k),
                b2: z(1, k),
                a2: z(BATCH, k),
                z1: z(BATCH, h),
                a1: z(BATCH, h),
                x: z(BATCH, d),
            },
        }
    }

    /// Forward and backward: the loss, with every gradient in `grads`, and
    /// dX too when `input_grad` (the book's Affine computes it; training
    /// does not need it).
    fn step(&mut self, x: &Matrix, t: &Matrix, input_grad: bool) -> f64 {
        affine_into(x, &self.w1, &self.b1, &mut self.a1).unwrap();
        unary_into(Layer::Relu, &self.a1, &mut self.z1).unwrap();
        affine_into(&self.z1, &self.w2, &self.b2, &mut self.a2).unwrap();
        let loss = softmax_with_loss(&self.a2, t).unwrap();
        let g = &mut self.grads;
        // Backward passes add into their buffers: start each step at 0.
        for m in [&mut g.w1, &mut g.b1, &mut g.w2, &mut g.b2, &mut g.a2, &mut g.z1, &mut g.a1, &mut g.x] {
            m.fill(0.0);
        }
        softmax_with_loss_backward((&self.a2, t), 1.0, &mut g.a2, None).unwrap();
        let (w2, b2) = (Some(&mut g.w2), Some(&mut g.b2));
        affine_backward((&self.z1, &self.w2, &self.b2), &g.a2, Some(&mut g.z1), w2, b2).unwrap();
        unary_backward(Layer::Relu, &self.a1, &self.z1, &g.z1, &mut g.a1).unwrap();
        let dx = if input_grad { Some(&mut g.x) } else { None };
        affine_backward((x, &self.w1, &self.b1), &g.a1, dx, Some(&mut g.w1), Some(&mut g.b1)).unwrap();
        loss
    }

    /// Gradient descent on the four parameters.
    fn update(&mut self) {
        let g = &self.grads;
        self.w1.scaled_add(-LR, &g.w1);
        self.b1.scaled_add(-LR, &g.b1);
        self.w2.scaled_add(-LR, &g.w2);
        self.b2.scaled_add(-LR, &g.b2);
    }
}

/// Random inputs and one-hot targets of the batch's shape.
fn data(rng: &mut Rng) -> (Matrix, Matrix) {
    let x = randn(BATCH, SIZES[0], rng).unwrap();
    let labels = Matrix::from_shape_simple_fn((BATCH, 1), || (rng.uniform() * 10.0).floor().min(9.0));
    (x, onehot(&labels, SIZES[2]).unwrap())
}

fn two_layer_net(c: &mut Criterion) {
    let rng = &mut Rng::new(0);
    let (x, t) = data(rng);
    let mut net = Net::new(rng);
    let mut group = c.benchmark_group("two_layer_net");
    group.bench_function("forward_backward", |b| b.iter(|| black_box(net.step(&x, &t, true))));
    group.bench_function("forward_backward_no_dx", |b| b.iter(|| black_box(net.step(&x, &t, false))));
    group.sample_size(20);
    group.bench_function("train_100_steps", |b| {
        b.iter(|| {
            for _ in 0..100 {
                net.step(&x, &t, true);
                net.update();
            }
            black_box(net.w1[[0, 0]])
        })
    });
    group.finish();
    let mut out = Matrix::zeros((BATCH, SIZES[1]));
    c.bench_function("matmul_100x784_784x50", |b| {
        b.iter(|| matmul_into(black_box(&x), &net.w1, &mut out).unwrap())
    });
}

/// Median wall time of `f` over `runs` runs, in seconds.
fn median_seconds(runs: usize, mut f: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64()
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[runs / 2]
}

/// The peers' figures, measured as they measure them (the median of single
/// runs, so a run the scheduler interrupted falls out of the median, where
/// criterion's samples of many runs average it in); and training with the
/// kernels learns: the loss on the fixed batch falls.
fn peer_style_figures() {
    let rng = &mut Rng::new(0);
    let (x, t) = data(rng);
    let mut net = Net::new(rng);
    let mut out = Matrix::zeros((BATCH, SIZES[1]));
    for _ in 0..50 {
        net.step(&x, &t, true);
    }
    let step = median_seconds(1000, || {
        black_box(net.step(&x, &t, true));
    });
    let no_dx = median_seconds(1000, || {
        black_box(net.step(&x, &t, false));
    });
    let matmul = median_seconds(1000, || matmul_into(black_box(&x), &net.w1, &mut out).unwrap());
    let first = net.step(&x, &t, true);
    let train = median_seconds(10, || {
        for _ in 0..100 {
            net.step(&x, &t, true);
            net.update();
        }
    });
    let last = net.step(&x, &t, true);
    assert!(last < first / 2.0, "training does not learn: loss {first} -> {last}");
    eprintln!("cgraph matrix kernels (ndarray's dot, matrixmultiply)");
    eprintln!("forward+backward  median {:.3} ms/step  {:.0} steps/s", step * 1e3, 1.0 / step);
    eprintln!("  without dX      median {:.3} ms/step  {:.0} steps/s", no_dx * 1e3, 1.0 / no_dx);
    eprintln!("train 100 steps   median {:.1} ms  {:.0} steps/s", train * 1e3, 100.0 / train);
    eprintln!("X @ W1            median {:.1} us", matmul * 1e6);
    eprintln!("loss {first:.4} at the first step, {last:.4} after training");
}

fn benches(c: &mut Criterion) {
    peer_style_figures();
    two_layer_net(c);
}

criterion_group!(network, benches);
criterion_main!(network);
