//! The SVG figure as a teacher sees it: rendered to a picture by librsvg,
//! and its geometry read back from its own coordinates: no edge through a
//! node or a label, no two texts on top of each other, and no more edge
//! crossings than Graphviz's `dot` makes for the same graph.

mod common;
#[path = "figures/geometry.rs"]
mod geometry;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{cgraph, stderr, stdout};

fn samples() -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("samples"))
        .expect("samples/")
        .map(|entry| entry.expect("an entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "cg"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 10, "samples/ has the samples: {paths:?}");
    paths
}

/// The SVG of a script file.
fn svg_of(path: &Path) -> String {
    let output = cgraph().args(["--format", "svg"]).arg(path).output().expect("cgraph runs");
    assert!(output.status.success(), "{}: {}", path.display(), stderr(&output));
    stdout(&output)
}

/// Whether a script evaluates an expression (some only assert), as its
/// JSON output tells.
fn evaluates(path: &Path) -> bool {
    let output = cgraph().args(["--format", "json"]).arg(path).output().expect("cgraph runs");
    assert!(output.status.success(), "{}: {}", path.display(), stderr(&output));
    !output.stdout.is_empty()
}

/// The SVG of a script given as text.
fn svg_of_script(script: &str) -> String {
    let file = common::script(script);
    svg_of(file.path())
}

/// A random script of about `nodes` graph nodes, the same for a seed: a few
/// inputs, formulas each over one or two earlier names (mostly recent ones,
/// so the graph is deep, sometimes old ones, so edges skip columns), and the
/// sum of every name nothing else uses as the expression, so that every
/// line is part of the graph.
fn generated(seed: u64, nodes: usize) -> String {
    let mut state = seed;
    let mut next = |n: usize| {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((state >> 33) % n as u64) as usize
    };
    let mut names: Vec<String> = Vec::new();
    let mut used: Vec<bool> = Vec::new();
    let mut script = String::new();
    for i in 0..3 {
        script.push_str(&format!("x{i} = {}.{}\n", next(5) + 1, next(10)));
        names.push(format!("x{i}"));
        used.push(false);
    }
    let mut count = 3;
    while count < nodes {
        let mut pick = || {
            let back = if next(4) == 0 { next(names.len()) } else { next(names.len().min(3)) };
            names.len() - 1 - back
        };
        let (a, b) = (pick(), pick());
        let (body, made, uses_b) = match next(7) {
            0 => (format!("{} + {}", names[a], names[b]), 1, true),
            1 => (format!("{} * {}", names[a], names[b]), 1, true),
            2 => (format!("{} - {}*0.5", names[a], names[b]), 3, true),
            3 => (format!("tanh({})", names[a]), 1, false),
            4 => (format!("relu({}) + {}", names[a], names[b]), 2, true),
            5 => (format!("sigmoid({} * {})", names[a], names[b]), 2, true),
            _ => (format!("{}*{} + 1", names[a], names[a]), 3, false),
        };
        used[a] = true;
        used[b] |= uses_b;
        count += made;
        script.push_str(&format!("f{} = {body}\n", names.len()));
        names.push(format!("f{}", names.len()));
        used.push(false);
    }
    let unused: Vec<&str> = names.iter().zip(&used).filter(|(_, u)| !**u).map(|(n, _)| n.as_str()).collect();
    script.push_str(&unused.join(" + "));
    script.push('\n');
    script
}

/// Fails with every fault the geometry checks find in `svg`.
fn assert_clean(what: &str, svg: &str) -> geometry::Drawing {
    let drawing = geometry::read(svg);
    assert!(!drawing.edges.is_empty(), "{what}: no edges read");
    let mut faults = geometry::edges_through_boxes(&drawing);
    faults.extend(geometry::overlapping_texts(&drawing));
    assert!(faults.is_empty(), "{what}:\n{}", faults.join("\n"));
    drawing
}

#[test]
fn no_edge_crosses_a_node_and_no_labels_overlap_in_any_sample() {
    for path in samples().iter().filter(|p| evaluates(p)) {
        assert_clean(&path.display().to_string(), &svg_of(path));
    }
}

#[test]
fn no_edge_crosses_a_node_and_no_labels_overlap_in_generated_graphs() {
    for (seed, nodes) in [(1, 30), (2, 30), (3, 60), (4, 120), (5, 200)] {
        let script = generated(seed, nodes);
        let drawing = assert_clean(&format!("seed {seed}:\n{script}"), &svg_of_script(&script));
        assert!(drawing.nodes.len() >= nodes / 2, "seed {seed}: {} nodes drawn", drawing.nodes.len());
    }
}

#[test]
fn single_nodes_and_repeated_operands_are_drawn_clean() {
    // A lone literal or input still gets its output's arrow; an operand
    // used twice by one layer gets two arrows, each with its own label.
    for (script, edges) in
        [("5\n", 1), ("x = 3\nx\n", 1), ("x = 2\nx*x*x\n", 5), ("x = 1\ny = x + 1\ny*y + y\n", 7)]
    {
        let drawing = assert_clean(script, &svg_of_script(script));
        assert_eq!(drawing.edges.len(), edges, "{script}");
        assert!(drawing.edges.iter().all(|e| e.label.len() == 2), "{script}: a value and a gradient on each");
    }
}

#[test]
fn the_checks_catch_an_edge_through_a_node_and_overlapping_texts() {
    // A figure drawn wrong on purpose: the checks above are only worth
    // something if they fail on it.
    let svg = r##"<svg xmlns="http://www.w3.org/2000/svg">
<g class="edge"><path d="M0,50 H200"/><polygon points="200,50 191,45 191,55"/></g>
<g class="node"><circle cx="-10" cy="50" r="10"/><text x="0" y="50" font-size="15">a</text></g>
<g class="node"><circle cx="100" cy="50" r="18"/><text x="100" y="50" font-size="15">+</text></g>
<g class="node"><circle cx="218" cy="50" r="18"/><text x="101" y="52" font-size="15">b</text></g>
</svg>"##;
    let drawing = geometry::read(svg);
    let through = geometry::edges_through_boxes(&drawing);
    assert_eq!(through.len(), 1, "{through:?}");
    assert!(through[0].contains("node 1"), "{through:?}");
    assert_eq!(geometry::overlapping_texts(&drawing).len(), 1);
}

/// Crossings of a figure's edges, counted on its drawn curves.
fn crossings_in(svg: &str) -> usize {
    let drawing = geometry::read(svg);
    geometry::crossings(&drawing.edges.into_iter().map(|e| e.points).collect::<Vec<_>>())
}

#[test]
fn no_more_crossings_than_graphviz() {
    // Graphviz's counts, from the splines `dot` draws for cgraph's own DOT
    // output, counted as `geometry::crossings` counts (curves flattened,
    // crossings within 4 px of an edge's end left out), with dot 2.43:
    //   cgraph --format dot samples/micrograd_sanity.cg | dot -Tjson
    //   cgraph --format dot samples/micrograd_more_ops.cg | dot -Tjson
    //   cgraph --format dot FILE | dot -Tjson, FILE = generated(seed, nodes)
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    for (sample, dot) in [("micrograd_sanity.cg", 0), ("micrograd_more_ops.cg", 7)] {
        let ours = crossings_in(&svg_of(&root.join(sample)));
        assert!(ours <= dot, "{sample}: {ours} crossings, dot makes {dot}");
    }
    for (seed, nodes, dot) in [(1, 30, 7), (2, 30, 5), (3, 60, 15), (4, 120, 47)] {
        let ours = crossings_in(&svg_of_script(&generated(seed, nodes)));
        assert!(ours <= dot, "generated({seed}, {nodes}): {ours} crossings, dot makes {dot}");
    }
}

#[test]
fn the_crossing_count_counts_crossings() {
    // Two edges swapping heights cross once; level ones never.
    let svg = r##"<svg xmlns="http://www.w3.org/2000/svg">
<g class="edge"><path d="M0,0 C50,0 50,100 100,100"/><polygon points="100,100 91,95 91,105"/></g>
<g class="edge"><path d="M0,100 C50,100 50,0 100,0"/><polygon points="100,0 91,-5 91,5"/></g>
<g class="edge"><path d="M0,200 H100"/><polygon points="100,200 91,195 91,205"/></g>
</svg>"##;
    assert_eq!(crossings_in(svg), 1);
}

#[test]
fn librsvg_renders_every_sample() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    for path in samples().iter().filter(|p| evaluates(p)) {
        let svg = dir.path().join("figure.svg");
        let png = dir.path().join("figure.png");
        std::fs::write(&svg, svg_of(path)).expect("written");
        let output = Command::new("rsvg-convert")
            .args(["-w", "1600", "-o"])
            .arg(&png)
            .arg(&svg)
            .output()
            .expect("rsvg-convert runs (librsvg2-bin, which .ci/run installs)");
        let said = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success() && said.trim().is_empty(), "{}: {said}", path.display());
        let picture = std::fs::read(&png).expect("a PNG written");
        assert!(picture.starts_with(b"\x89PNG\r\n\x1a\n"), "{}: not a PNG", path.display());
        // The IHDR chunk: width then height, big-endian.
        let width = u32::from_be_bytes(picture[16..20].try_into().unwrap());
        assert_eq!(width, 1600, "{}", path.display());
    }
}

#[test]
fn a_network_on_matrices_is_drawn_clean_with_shapes_on_its_edges() {
    // Long-named matrix layers are boxes, which the checks read as boxes:
    // no edge through them, no label over their names.
    let script = "X = ones(3, 4)\nW = ones(4, 10)\nb = zeros(1, 10)\nT = onehot([0; 2; 1], 10)\n\
                  loss = softmax_with_loss(relu(affine(X, W, b)), T)\n\
                  loss + cross_entropy(softmax(X @ W), T)\n";
    let svg = svg_of_script(script);
    let drawing = assert_clean("a network", &svg);
    assert_eq!(drawing.edges.len(), 14);
    assert!(drawing.texts.iter().any(|t| t.text == "4×10"), "W's edge shows its shape");
    assert!(svg.contains(r#"rx="8""#), "softmax_with_loss is in a rounded box");
}
