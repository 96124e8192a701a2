//! The dependency graph of a workload: its assets and, transitively, what
//! they depend on in other workloads, the inventory, or nowhere (an id not
//! in the plan). Written as Graphviz DOT or Mermaid for `ferry graph`, and
//! laid out in layers for the app to draw.
//!
//! Nodes are coloured by stage ([`stage_rgb`]), edges that are part of a
//! dependency cycle are drawn bold in [`CYCLE_RGB`], and assets outside the
//! workload are dashed. An edge points from an asset to what it depends on.

use std::collections::HashMap;
use std::fmt::Write as _;

use crate::derive::components::strongly_connected;
use crate::derive::{Stage, asset_index, dependency_closure, stage, stage_rgb};
use crate::model::{Plan, Workload};

/// The colour of the edges (and the border of the nodes) of a dependency
/// cycle: a cycle means no order of migration works, so it must stand out.
pub const CYCLE_RGB: (u8, u8, u8) = (0xd5, 0x00, 0x00);

/// The colour of ordinary edges.
pub const EDGE_RGB: (u8, u8, u8) = (0x61, 0x61, 0x61);

/// Where a node's asset is, seen from the graph's workload.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Place {
    /// In the graph's workload (any workload, when the graph is of the
    /// whole plan).
    Member,
    /// In another workload (or in one that is not in the plan).
    OtherWorkload,
    /// In the inventory: no workload.
    Inventory,
    /// Named in `depends_on` but not an asset of the plan.
    Missing,
}

impl Place {
    /// Outside the workload: drawn dashed (dotted when missing).
    pub fn is_outside(self) -> bool {
        self != Place::Member
    }
}

/// One asset of the graph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    /// Index in `plan.assets`; `None` for an asset not in the plan.
    pub asset: Option<usize>,
    pub id: String,
    pub name: String,
    /// `None` for an asset not in the plan.
    pub stage: Option<Stage>,
    /// The id of the workload the asset belongs to.
    pub workload: Option<String>,
    pub place: Place,
    /// Part of a dependency cycle (or depends on itself).
    pub in_cycle: bool,
}

/// `from` depends on `to` (indices into [`Graph::nodes`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Edge {
    pub from: usize,
    pub to: usize,
    /// Both ends are in one dependency cycle.
    pub in_cycle: bool,
}

/// A dependency graph, ready to write or lay out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Graph {
    /// What the graph shows, e.g. "ERP" or the plan's name.
    pub title: String,
    /// The workload the graph is about; `None` for the whole plan.
    pub workload: Option<String>,
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

impl Graph {
    pub fn has_cycle(&self) -> bool {
        self.edges.iter().any(|e| e.in_cycle)
    }
}

/// The workload a user names: its exact name, else its name in any case
/// when only one workload has it, else its id.
pub fn find_workload<'a>(plan: &'a Plan, name: &str) -> Option<&'a Workload> {
    let name = name.trim();
    if let Some(w) = plan.workloads.iter().find(|w| w.name.trim() == name) {
        return Some(w);
    }
    let mut folded = plan
        .workloads
        .iter()
        .filter(|w| w.name.trim().to_lowercase() == name.to_lowercase());
    match (folded.next(), folded.next()) {
        (Some(w), None) => Some(w),
        _ => plan.workload(name),
    }
}

/// The graph of a workload (by id): its assets and everything they depend
/// on, transitively. `None`: every asset of the plan.
pub fn graph(plan: &Plan, workload_id: Option<&str>) -> Graph {
    let index = asset_index(plan);
    let assets: Vec<usize> = match workload_id {
        None => (0..plan.assets.len()).collect(),
        Some(id) => {
            let own = plan.assets_of(id);
            // Outside assets in plan order: the same plan, the same output.
            let mut closure = dependency_closure(plan, &index, &own);
            closure.sort_unstable();
            own.into_iter().chain(closure).collect()
        }
    };
    let workloads: std::collections::HashSet<&str> =
        plan.workloads.iter().map(|w| w.id.as_str()).collect();
    let mut nodes: Vec<Node> = assets
        .iter()
        .map(|&i| {
            let asset = &plan.assets[i];
            let place = match (&asset.workload, workload_id) {
                (None, _) => Place::Inventory,
                (Some(w), Some(id)) if w == id => Place::Member,
                (Some(w), None) if workloads.contains(w.as_str()) => Place::Member,
                (Some(_), _) => Place::OtherWorkload,
            };
            Node {
                asset: Some(i),
                id: asset.id.clone(),
                name: asset.name.clone(),
                stage: Some(stage(asset)),
                workload: asset.workload.clone(),
                place,
                in_cycle: false,
            }
        })
        .collect();
    let mut node_of: HashMap<String, usize> = nodes
        .iter()
        .enumerate()
        .map(|(n, node)| (node.id.clone(), n))
        .collect();
    let mut edges = Vec::new();
    for (from, &i) in assets.iter().enumerate() {
        let mut seen = std::collections::HashSet::new();
        for dep in &plan.assets[i].depends_on {
            if !seen.insert(dep.as_str()) {
                continue;
            }
            let to = match node_of.get(dep) {
                Some(&to) => to,
                None => {
                    // Not reached by the closure: not in the plan at all.
                    nodes.push(Node {
                        asset: None,
                        id: dep.clone(),
                        name: dep.clone(),
                        stage: None,
                        workload: None,
                        place: Place::Missing,
                        in_cycle: false,
                    });
                    node_of.insert(dep.clone(), nodes.len() - 1);
                    nodes.len() - 1
                }
            };
            edges.push(Edge {
                from,
                to,
                in_cycle: false,
            });
        }
    }
    mark_cycles(&mut nodes, &mut edges);
    let title = match workload_id {
        Some(id) => plan.workload_name(id).to_owned(),
        None => plan.name.clone(),
    };
    Graph {
        title,
        workload: workload_id.map(str::to_owned),
        nodes,
        edges,
    }
}

/// Marks the nodes and edges of every cycle: strongly connected components
/// of more than one node, and self-loops.
fn mark_cycles(nodes: &mut [Node], edges: &mut [Edge]) {
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    for e in edges.iter() {
        out[e.from].push(e.to);
    }
    let components = strongly_connected(&out);
    let component = components.of_each();
    let sizes: Vec<usize> = components.iter().map(<[usize]>::len).collect();
    for e in edges.iter_mut() {
        e.in_cycle = component[e.from] == component[e.to]
            && (e.from == e.to || sizes[component[e.from]] > 1);
        if e.in_cycle {
            nodes[e.from].in_cycle = true;
            nodes[e.to].in_cycle = true;
        }
    }
}

// ---------------------------------------------------------------- writing

/// `#rrggbb`.
fn hex((r, g, b): (u8, u8, u8)) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// Whether dark text reads better than white on this fill (a light fill,
/// such as Out of scope's grey): one rule for the exports and the app.
pub fn dark_text_on((r, g, b): (u8, u8, u8)) -> bool {
    let luminance = 0.299 * f64::from(r) + 0.587 * f64::from(g) + 0.114 * f64::from(b);
    luminance > 150.0
}

/// Black or white, whichever reads better on this fill.
fn text_on(rgb: (u8, u8, u8)) -> &'static str {
    if dark_text_on(rgb) {
        "#000000"
    } else {
        "#ffffff"
    }
}

/// The groups nodes are drawn in (a box per workload, one for the
/// inventory, one for assets not in the plan), in first-node order, with
/// their title and their nodes.
fn clusters(plan: &Plan, graph: &Graph) -> Vec<(String, Vec<usize>)> {
    let mut keys: Vec<(Place, Option<&str>)> = Vec::new();
    let mut members: Vec<Vec<usize>> = Vec::new();
    for (n, node) in graph.nodes.iter().enumerate() {
        let key = match node.place {
            Place::Member | Place::OtherWorkload => (Place::Member, node.workload.as_deref()),
            place => (place, None),
        };
        match keys.iter().position(|k| *k == key) {
            Some(i) => members[i].push(n),
            None => {
                keys.push(key);
                members.push(vec![n]);
            }
        }
    }
    keys.into_iter()
        .zip(members)
        .map(|(key, nodes)| {
            let title = match key {
                (Place::Inventory, _) => "Inventory (no workload)".to_owned(),
                (Place::Missing, _) => "Not in the plan".to_owned(),
                (_, Some(id)) => match plan.workload(id) {
                    Some(w) => w.name.clone(),
                    None => format!("{id} (not in the plan)"),
                },
                (_, None) => String::new(),
            };
            (title, nodes)
        })
        .collect()
}

/// The legend, in words, that both formats carry as comments.
fn legend(graph: &Graph) -> Vec<String> {
    let outside = if graph.workload.is_some() {
        "Dashed boxes: assets outside the workload (another workload or the inventory)"
    } else {
        "Dashed boxes: assets in the inventory (no workload)"
    };
    vec![
        format!("Ferry dependency graph: {}", graph.title),
        "An arrow points from an asset to an asset it depends on".to_owned(),
        "Fill colour: the asset's stage, named under the asset's name".to_owned(),
        format!(
            "Bold red ({}) arrows and borders: a dependency cycle{}",
            hex(CYCLE_RGB),
            if graph.has_cycle() {
                ""
            } else {
                " (none here)"
            }
        ),
        format!("{outside}; dotted: named as a dependency but not in the plan"),
    ]
}

/// Text inside a DOT double-quoted string.
fn dot_escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A DOT double-quoted string.
fn dot_quoted(text: &str) -> String {
    let mut escaped = dot_escaped(text);
    // Older Graphviz reads `\\"` as an escaped quote: never end on one.
    if escaped.ends_with('\\') {
        escaped.push(' ');
    }
    format!("\"{escaped}\"")
}

/// The second line of a node's label.
fn stage_line(node: &Node) -> &'static str {
    node.stage.map_or("not in the plan", Stage::label)
}

/// The graph in Graphviz DOT (`dot -Tsvg` draws it).
pub fn to_dot(plan: &Plan, graph: &Graph) -> String {
    let mut out = String::new();
    for line in legend(graph) {
        let _ = writeln!(out, "// {line}.");
    }
    let _ = writeln!(out, "digraph {} {{", dot_quoted(&graph.title));
    let _ = writeln!(
        out,
        "    graph [rankdir=TB, fontname=\"Helvetica\", labelloc=b, label={}];",
        dot_quoted(&format!(
            "{} · bold red: dependency cycle · dashed: outside",
            graph.title
        ))
    );
    let _ = writeln!(
        out,
        "    node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\"];"
    );
    let _ = writeln!(out, "    edge [color=\"{}\"];", hex(EDGE_RGB));
    for (c, (title, nodes)) in clusters(plan, graph).iter().enumerate() {
        let _ = writeln!(out, "    subgraph cluster_{c} {{");
        let _ = writeln!(out, "        label={};", dot_quoted(title));
        if graph.nodes[nodes[0]].place.is_outside() {
            let _ = writeln!(out, "        style=dashed;");
        }
        for &n in nodes {
            let node = &graph.nodes[n];
            // The stage, never ending in a backslash, closes the string.
            let label = format!("\"{}\\n{}\"", dot_escaped(&node.name), stage_line(node));
            let mut attrs = vec![format!("label={label}")];
            match node.stage {
                Some(s) => {
                    attrs.push(format!("fillcolor=\"{}\"", hex(stage_rgb(s))));
                    attrs.push(format!("fontcolor=\"{}\"", text_on(stage_rgb(s))));
                }
                None => attrs.push("fillcolor=\"#ffffff\"".to_owned()),
            }
            match node.place {
                Place::Member => {}
                Place::Missing => attrs.push("style=\"rounded,filled,dotted\"".to_owned()),
                _ => attrs.push("style=\"rounded,filled,dashed\"".to_owned()),
            }
            if node.in_cycle {
                attrs.push(format!("color=\"{}\", penwidth=3", hex(CYCLE_RGB)));
            }
            let _ = writeln!(out, "        n{n} [{}];", attrs.join(", "));
        }
        let _ = writeln!(out, "    }}");
    }
    for e in &graph.edges {
        if e.in_cycle {
            let _ = writeln!(
                out,
                "    n{} -> n{} [color=\"{}\", penwidth=3, style=bold];",
                e.from,
                e.to,
                hex(CYCLE_RGB)
            );
        } else {
            let _ = writeln!(out, "    n{} -> n{};", e.from, e.to);
        }
    }
    out.push_str("}\n");
    out
}

/// Text inside a Mermaid `["…"]` label: quotes, `#`, angle brackets and
/// the like as Mermaid entity codes, line breaks as spaces.
fn mermaid_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '#' => out.push_str("#35;"),
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '`' => out.push_str("#96;"),
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// The graph as a Mermaid flowchart (for Markdown that renders Mermaid).
pub fn to_mermaid(plan: &Plan, graph: &Graph) -> String {
    let mut out = String::from("flowchart TD\n");
    for line in legend(graph) {
        let _ = writeln!(out, "    %% {}", line.replace('\n', " "));
    }
    for (c, (title, nodes)) in clusters(plan, graph).iter().enumerate() {
        let _ = writeln!(out, "    subgraph s{c}[\"{}\"]", mermaid_text(title));
        for &n in nodes {
            let node = &graph.nodes[n];
            let _ = writeln!(
                out,
                "        n{n}[\"{}<br/>{}\"]",
                mermaid_text(&node.name),
                stage_line(node)
            );
        }
        let _ = writeln!(out, "    end");
    }
    for e in &graph.edges {
        let _ = writeln!(out, "    n{} --> n{}", e.from, e.to);
    }
    // Classes: one per stage used, then outside, missing and cycle.
    let mut by_class: Vec<(String, Vec<usize>)> = Vec::new();
    let mut add = |class: String, n: usize| match by_class.iter_mut().find(|(c, _)| *c == class) {
        Some((_, nodes)) => nodes.push(n),
        None => by_class.push((class, vec![n])),
    };
    for (n, node) in graph.nodes.iter().enumerate() {
        if let Some(s) = node.stage {
            add(format!("stage{}", s.key()), n);
        }
        match node.place {
            Place::Member => {}
            Place::Missing => add("missing".to_owned(), n),
            _ => add("outside".to_owned(), n),
        }
        if node.in_cycle {
            add("cycle".to_owned(), n);
        }
    }
    for s in Stage::ALL {
        let rgb = stage_rgb(s);
        let _ = writeln!(
            out,
            "    classDef stage{} fill:{},color:{},stroke:{}",
            s.key(),
            hex(rgb),
            text_on(rgb),
            hex(rgb)
        );
    }
    let _ = writeln!(
        out,
        "    classDef outside stroke:#000000,stroke-dasharray:6 4"
    );
    let _ = writeln!(
        out,
        "    classDef missing fill:#ffffff,color:#000000,stroke:#000000,stroke-dasharray:2 2"
    );
    let _ = writeln!(
        out,
        "    classDef cycle stroke:{},stroke-width:3px",
        hex(CYCLE_RGB)
    );
    for (class, nodes) in &by_class {
        let ids: Vec<String> = nodes.iter().map(|n| format!("n{n}")).collect();
        let _ = writeln!(out, "    class {} {class}", ids.join(","));
    }
    let cycle_links: Vec<String> = graph
        .edges
        .iter()
        .enumerate()
        .filter(|(_, e)| e.in_cycle)
        .map(|(i, _)| i.to_string())
        .collect();
    if !cycle_links.is_empty() {
        let _ = writeln!(
            out,
            "    linkStyle {} stroke:{},stroke-width:3px",
            cycle_links.join(","),
            hex(CYCLE_RGB)
        );
    }
    out
}

// ---------------------------------------------------------------- layout

/// Sizes and gaps of a layout, in the caller's units (points in the app).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spacing {
    pub node_height: f32,
    /// Between neighbours in a layer (and around edges passing between).
    pub gap_x: f32,
    /// Between layers.
    pub gap_y: f32,
}

impl Default for Spacing {
    fn default() -> Self {
        Self {
            node_height: 36.0,
            gap_x: 24.0,
            gap_y: 64.0,
        }
    }
}

/// Where a node is drawn: its centre and size.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Placed {
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
    /// 0 at the top: assets nothing in the graph depends on.
    pub layer: usize,
}

impl Placed {
    pub fn contains(&self, x: f32, y: f32) -> bool {
        (x - self.x).abs() <= self.width / 2.0 && (y - self.y).abs() <= self.height / 2.0
    }
}

/// A layered drawing of a graph: dependents above what they depend on.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Layout {
    /// By node index of the graph.
    pub nodes: Vec<Placed>,
    /// One polyline per edge of the graph, in the same order, from the
    /// dependent to the dependency, bending between nodes at each layer it
    /// crosses (so it never runs through a label). An edge of a cycle that
    /// points upward runs upward; a self-loop is a small loop on the right.
    pub edges: Vec<Vec<(f32, f32)>>,
    pub width: f32,
    pub height: f32,
}

impl Layout {
    /// The node under a point (for a click).
    pub fn node_at(&self, x: f32, y: f32) -> Option<usize> {
        self.nodes.iter().position(|p| p.contains(x, y))
    }
}

/// Lays a graph out in layers (a Sugiyama-style layout): cycles broken by
/// reversing back edges, layers by longest path, long edges routed through
/// bend points, orders by barycentres, and positions that never overlap.
/// `width_of` gives each node's width (the app measures its label).
pub fn layout(graph: &Graph, spacing: &Spacing, width_of: impl Fn(&Node) -> f32) -> Layout {
    let n = graph.nodes.len();
    if n == 0 {
        return Layout::default();
    }
    // Orient every edge downward: from the dependent to the dependency,
    // except the back edges that close a cycle.
    let reversed = back_edges(n, &graph.edges);
    let oriented: Vec<Option<(usize, usize)>> = graph
        .edges
        .iter()
        .zip(&reversed)
        .map(|(e, &r)| match (e.from == e.to, r) {
            (true, _) => None,
            (false, false) => Some((e.from, e.to)),
            (false, true) => Some((e.to, e.from)),
        })
        .collect();
    let layer = layers(n, &oriented);
    // Virtual nodes: the real ones, then a bend point per layer crossed.
    let mut v_layer = layer.clone();
    let mut chains: Vec<Vec<usize>> = Vec::with_capacity(oriented.len());
    for edge in &oriented {
        let Some((top, bottom)) = *edge else {
            chains.push(Vec::new());
            continue;
        };
        let mut chain = vec![top];
        for l in layer[top] + 1..layer[bottom] {
            v_layer.push(l);
            chain.push(v_layer.len() - 1);
        }
        chain.push(bottom);
        chains.push(chain);
    }
    let count = v_layer.len();
    let mut up: Vec<Vec<usize>> = vec![Vec::new(); count];
    let mut down: Vec<Vec<usize>> = vec![Vec::new(); count];
    for chain in &chains {
        for pair in chain.windows(2) {
            down[pair[0]].push(pair[1]);
            up[pair[1]].push(pair[0]);
        }
    }
    let depth = v_layer.iter().max().map_or(0, |m| m + 1);
    let mut rows: Vec<Vec<usize>> = vec![Vec::new(); depth];
    for (v, &l) in v_layer.iter().enumerate() {
        rows[l].push(v);
    }
    order_rows(&mut rows, &up, &down, count);
    // Widths: bend points are thin, so edges pass between labels.
    let width: Vec<f32> = (0..count)
        .map(|v| {
            if v < n {
                width_of(&graph.nodes[v]).max(1.0)
            } else {
                1.0
            }
        })
        .collect();
    let x = positions(&rows, &up, &down, &width, spacing.gap_x, n);
    let min_left = (0..count)
        .map(|v| x[v] - width[v] / 2.0)
        .fold(f32::INFINITY, f32::min);
    let row_height = spacing.node_height + spacing.gap_y;
    let y_of = |l: usize| l as f32 * row_height + spacing.node_height / 2.0;
    let nodes: Vec<Placed> = (0..n)
        .map(|v| Placed {
            x: x[v] - min_left,
            y: y_of(layer[v]),
            width: width[v],
            height: spacing.node_height,
            layer: layer[v],
        })
        .collect();
    let half = spacing.node_height / 2.0;
    let edges = graph
        .edges
        .iter()
        .zip(&chains)
        .zip(&reversed)
        .map(|((e, chain), &r)| {
            if chain.is_empty() {
                // A self-loop on the node's right side.
                let p = nodes[e.from];
                let right = p.x + p.width / 2.0;
                let q = half / 2.0;
                return vec![
                    (right, p.y - q),
                    (right + spacing.gap_x / 2.0, p.y - q),
                    (right + spacing.gap_x / 2.0, p.y + q),
                    (right, p.y + q),
                ];
            }
            let last = chain.len() - 1;
            let mut points: Vec<(f32, f32)> = chain
                .iter()
                .enumerate()
                .map(|(k, &v)| {
                    let cy = y_of(v_layer[v]);
                    let y = match k {
                        0 => cy + half,
                        k if k == last => cy - half,
                        _ => cy,
                    };
                    (x[v] - min_left, y)
                })
                .collect();
            if r {
                points.reverse();
            }
            points
        })
        .collect();
    let width = nodes
        .iter()
        .map(|p| p.x + p.width / 2.0)
        .fold(0.0, f32::max)
        + spacing.gap_x;
    Layout {
        nodes,
        edges,
        width,
        height: depth as f32 * row_height - spacing.gap_y,
    }
}

/// The edges a depth-first walk finds pointing back to a node still being
/// walked: reversing them leaves no cycle.
fn back_edges(n: usize, edges: &[Edge]) -> Vec<bool> {
    let mut out: Vec<Vec<(usize, usize)>> = vec![Vec::new(); n];
    for (i, e) in edges.iter().enumerate() {
        out[e.from].push((e.to, i));
    }
    // 0 unseen, 1 on the walk, 2 finished.
    let mut state = vec![0u8; n];
    let mut back = vec![false; edges.len()];
    for root in 0..n {
        if state[root] != 0 {
            continue;
        }
        state[root] = 1;
        let mut calls = vec![(root, 0usize)];
        while let Some(&mut (v, ref mut k)) = calls.last_mut() {
            if let Some(&(w, i)) = out[v].get(*k) {
                *k += 1;
                match state[w] {
                    0 => {
                        state[w] = 1;
                        calls.push((w, 0));
                    }
                    1 => back[i] = true,
                    _ => {}
                }
                continue;
            }
            state[v] = 2;
            calls.pop();
        }
    }
    back
}

/// Each node's layer: the longest path from a node nothing depends on,
/// then nodes that depend on something but have no dependents pulled down
/// to just above their highest dependency (shorter edges).
fn layers(n: usize, oriented: &[Option<(usize, usize)>]) -> Vec<usize> {
    let mut indegree = vec![0usize; n];
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(a, b) in oriented.iter().flatten() {
        out[a].push(b);
        indegree[b] += 1;
    }
    let mut layer = vec![0usize; n];
    let mut ready: Vec<usize> = (0..n).filter(|&v| indegree[v] == 0).collect();
    ready.reverse();
    let mut remaining = indegree.clone();
    while let Some(v) = ready.pop() {
        for &w in &out[v] {
            layer[w] = layer[w].max(layer[v] + 1);
            remaining[w] -= 1;
            if remaining[w] == 0 {
                ready.push(w);
            }
        }
    }
    for v in 0..n {
        if indegree[v] == 0
            && let Some(lowest) = out[v].iter().map(|&w| layer[w]).min()
        {
            layer[v] = lowest.saturating_sub(1);
        }
    }
    layer
}

/// Orders each layer by the barycentre of its neighbours, sweeping down
/// and up a few times (fewer crossings, stable for ties).
fn order_rows(rows: &mut [Vec<usize>], up: &[Vec<usize>], down: &[Vec<usize>], count: usize) {
    const SWEEPS: usize = 4;
    let mut position = vec![0.0f32; count];
    for row in rows.iter() {
        for (i, &v) in row.iter().enumerate() {
            position[v] = i as f32;
        }
    }
    for sweep in 0..SWEEPS {
        let downward = sweep % 2 == 0;
        let layers: Vec<usize> = if downward {
            (1..rows.len()).collect()
        } else {
            (0..rows.len().saturating_sub(1)).rev().collect()
        };
        for l in layers {
            let neighbours = if downward { up } else { down };
            let mut keyed: Vec<(f32, usize)> = rows[l]
                .iter()
                .map(|&v| {
                    let ns = &neighbours[v];
                    let key = if ns.is_empty() {
                        position[v]
                    } else {
                        ns.iter().map(|&w| position[w]).sum::<f32>() / ns.len() as f32
                    };
                    (key, v)
                })
                .collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
            rows[l] = keyed.into_iter().map(|(_, v)| v).collect();
            for (i, &v) in rows[l].iter().enumerate() {
                position[v] = i as f32;
            }
        }
    }
}

/// Centres along x: packed left to right, then moved toward the centre of
/// their neighbours, alternately above and below, a few times; a node
/// never comes closer than `gap` to its neighbours in its layer. Bend
/// points look both ways, which straightens long edges.
fn positions(
    rows: &[Vec<usize>],
    up: &[Vec<usize>],
    down: &[Vec<usize>],
    width: &[f32],
    gap: f32,
    real: usize,
) -> Vec<f32> {
    const PASSES: usize = 8;
    let mut x = vec![0.0f32; width.len()];
    for row in rows {
        let mut right = 0.0;
        for &v in row {
            x[v] = right + width[v] / 2.0;
            right += width[v] + gap;
        }
    }
    let mean = |ns: &[usize], x: &[f32]| ns.iter().map(|&w| x[w]).sum::<f32>() / ns.len() as f32;
    for pass in 0..PASSES {
        let downward = pass % 2 == 0;
        let order: Vec<usize> = if downward {
            (0..rows.len()).collect()
        } else {
            (0..rows.len()).rev().collect()
        };
        for l in order {
            let wanted: Vec<f32> = rows[l]
                .iter()
                .map(|&v| {
                    let (near, far) = if downward {
                        (&up[v], &down[v])
                    } else {
                        (&down[v], &up[v])
                    };
                    match (near.is_empty(), far.is_empty() || v < real) {
                        (false, true) => mean(near, &x),
                        (false, false) => (mean(near, &x) + mean(far, &x)) / 2.0,
                        (true, false) => mean(far, &x),
                        (true, true) => x[v],
                    }
                })
                .collect();
            place_row(&rows[l], &wanted, width, gap, &mut x);
        }
    }
    x
}

/// Places a layer's nodes, in their order, as close as possible (least
/// squares) to where they want to be, at least `gap` apart: runs of nodes
/// that would collide are merged into blocks placed at their mean.
fn place_row(row: &[usize], wanted: &[f32], width: &[f32], gap: f32, x: &mut [f32]) {
    // Centre of each node when the row is packed from 0.
    let mut packed = Vec::with_capacity(row.len());
    let mut at = 0.0f32;
    for (k, &v) in row.iter().enumerate() {
        if k > 0 {
            at += width[row[k - 1]] / 2.0 + gap + width[v] / 2.0;
        }
        packed.push(at);
    }
    // (first, last, sum of wanted positions of the first node, count).
    let mut blocks: Vec<(usize, usize, f32, f32)> = Vec::new();
    for (k, &want) in wanted.iter().enumerate().take(row.len()) {
        let mut block = (k, k, want, 1.0f32);
        while let Some(&(first, last, sum, count)) = blocks.last() {
            let prev_last = sum / count + packed[last] - packed[first];
            let least = prev_last + packed[block.0] - packed[last];
            if block.2 / block.3 >= least {
                break;
            }
            blocks.pop();
            let shift = packed[block.0] - packed[first];
            block = (
                first,
                block.1,
                sum + block.2 - shift * block.3,
                count + block.3,
            );
        }
        blocks.push(block);
    }
    for (first, last, sum, count) in blocks {
        for k in first..=last {
            x[row[k]] = sum / count + packed[k] - packed[first];
        }
    }
}

#[cfg(test)]
#[path = "graph_tests.rs"]
mod tests;
