use super::*;
use crate::model::{Asset, ReplicationStatus, Staging, Strategy};

/// ERP: app → db → (shared dc in Base) and app ↔ cache (a cycle);
/// db → an inventory file server → an id not in the plan.
fn plan() -> Plan {
    let mut plan = Plan::named("Contoso");
    for (id, name) in [("erp", "ERP \"core\""), ("base", "Base"), ("crm", "CRM")] {
        plan.workloads.push(Workload {
            id: id.into(),
            name: name.into(),
            ..Workload::default()
        });
    }
    let asset = |id: &str, w: Option<&str>, deps: &[&str]| Asset {
        id: id.into(),
        name: id.into(),
        workload: w.map(Into::into),
        depends_on: deps.iter().map(|d| (*d).to_owned()).collect(),
        ..Asset::default()
    };
    let mut staged = asset("dc-01", Some("base"), &[]);
    staged.staging = Staging::Staged;
    staged.replication.status = ReplicationStatus::Verified;
    let mut retired = asset("old-\\box\\", Some("crm"), &[]);
    retired.strategy = Strategy::Retire;
    plan.assets = vec![
        asset("erp-app", Some("erp"), &["erp-db", "erp-cache"]),
        asset("erp-db", Some("erp"), &["dc-01", "fs-01"]),
        asset("erp-cache", Some("erp"), &["erp-app"]),
        staged,
        asset("fs-01", None, &["as-gone"]),
        asset("crm-app", Some("crm"), &["old-\\box\\", "dc-01"]),
        retired,
        asset("self", Some("crm"), &["self"]),
    ]
    .into_iter()
    .map(std::sync::Arc::new)
    .collect();
    std::sync::Arc::make_mut(&mut plan.assets[4]).name = "fs <01> & #share `x`".into();
    plan
}

fn names(g: &Graph) -> Vec<&str> {
    g.nodes.iter().map(|n| n.id.as_str()).collect()
}

#[test]
fn a_workload_graph_holds_its_assets_and_what_they_need() {
    let g = graph(&plan(), Some("erp"));
    assert_eq!(g.title, "ERP \"core\"");
    assert_eq!(
        names(&g),
        [
            "erp-app",
            "erp-db",
            "erp-cache",
            "dc-01",
            "fs-01",
            "as-gone"
        ]
    );
    let place = |id: &str| g.nodes.iter().find(|n| n.id == id).map(|n| n.place);
    assert_eq!(place("erp-db"), Some(Place::Member));
    assert_eq!(place("dc-01"), Some(Place::OtherWorkload));
    assert_eq!(place("fs-01"), Some(Place::Inventory));
    assert_eq!(place("as-gone"), Some(Place::Missing));
    assert_eq!(g.nodes[3].stage, Some(Stage::Staged));
    assert_eq!(g.nodes[5].stage, None);
    assert_eq!(g.edges.len(), 6);
    let cycle: Vec<(usize, usize)> = g
        .edges
        .iter()
        .filter(|e| e.in_cycle)
        .map(|e| (e.from, e.to))
        .collect();
    assert_eq!(cycle, [(0, 2), (2, 0)], "app ↔ cache, nothing else");
    assert!(g.nodes[0].in_cycle && g.nodes[2].in_cycle && !g.nodes[1].in_cycle);
    assert!(!graph(&plan(), Some("base")).has_cycle());
}

#[test]
fn the_whole_plan_graph_marks_self_loops() {
    let g = graph(&plan(), None);
    assert_eq!(g.title, "Contoso");
    assert_eq!(g.nodes.len(), 9, "every asset and the missing one");
    let own = g.nodes.iter().position(|n| n.id == "self").expect("node");
    assert!(g.nodes[own].in_cycle);
    assert!(
        g.edges
            .iter()
            .any(|e| e.from == own && e.to == own && e.in_cycle)
    );
    assert_eq!(g.nodes[3].place, Place::Member, "in a workload");
    assert_eq!(g.nodes[4].place, Place::Inventory);
}

#[test]
fn workloads_are_found_by_name_in_any_case_or_by_id() {
    let plan = plan();
    assert_eq!(
        find_workload(&plan, "Base").map(|w| w.id.as_str()),
        Some("base")
    );
    assert_eq!(
        find_workload(&plan, " crm ").map(|w| w.id.as_str()),
        Some("crm")
    );
    assert_eq!(
        find_workload(&plan, "erp").map(|w| w.id.as_str()),
        Some("erp")
    );
    assert!(find_workload(&plan, "Payroll").is_none());
}

// ------------------------------------------------------------ DOT

#[derive(Debug, PartialEq)]
enum Token {
    Id(String),
    Quoted(String),
    Sym(&'static str),
}

/// The DOT tokens of a text; panics on an unterminated string or a
/// character DOT does not allow outside one.
fn tokens(text: &str) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '/' && chars.get(i + 1) == Some(&'/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '"' {
            let mut s = String::new();
            i += 1;
            loop {
                match chars.get(i) {
                    None => panic!("unterminated string: {s}"),
                    Some('"') => break,
                    Some('\\') => {
                        s.push('\\');
                        s.push(*chars.get(i + 1).expect("escape"));
                        i += 2;
                    }
                    Some(&c) => {
                        s.push(c);
                        i += 1;
                    }
                }
            }
            i += 1;
            out.push(Token::Quoted(s));
        } else if c == '-' && chars.get(i + 1) == Some(&'>') {
            out.push(Token::Sym("->"));
            i += 2;
        } else if let Some(sym) = ["{", "}", "[", "]", "=", ";", ","]
            .into_iter()
            .find(|s| s.starts_with(c))
        {
            out.push(Token::Sym(sym));
            i += 1;
        } else if c.is_alphanumeric() || c == '_' || c == '.' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || "_.".contains(chars[i])) {
                i += 1;
            }
            out.push(Token::Id(chars[start..i].iter().collect()));
        } else {
            panic!("unexpected {c:?} at {i}");
        }
    }
    out
}

/// What a DOT text declares: nodes with their attributes, and edges.
#[derive(Default)]
struct Dot {
    nodes: HashMap<String, HashMap<String, String>>,
    edges: Vec<(String, String, HashMap<String, String>)>,
    clusters: usize,
}

/// A small parser for the DOT grammar's statements (graph, subgraph,
/// node, edge and attribute statements); panics on anything else.
fn parse_dot(text: &str) -> Dot {
    let tokens = tokens(text);
    let mut at = 0;
    let mut dot = Dot::default();
    let id = |t: &Token| match t {
        Token::Id(s) | Token::Quoted(s) => Some(s.clone()),
        Token::Sym(_) => None,
    };
    assert_eq!(tokens[at], Token::Id("digraph".into()));
    at += 1;
    if id(&tokens[at]).is_some() {
        at += 1;
    }
    assert_eq!(tokens[at], Token::Sym("{"));
    at += 1;
    let mut depth = 1;
    let attrs = |at: &mut usize| {
        let mut map = HashMap::new();
        if tokens.get(*at) != Some(&Token::Sym("[")) {
            return map;
        }
        *at += 1;
        while tokens[*at] != Token::Sym("]") {
            let key = id(&tokens[*at]).expect("attribute name");
            assert_eq!(tokens[*at + 1], Token::Sym("="), "after {key}");
            let value = id(&tokens[*at + 2]).expect("attribute value");
            map.insert(key, value);
            *at += 3;
            if matches!(tokens[*at], Token::Sym(",") | Token::Sym(";")) {
                *at += 1;
            }
        }
        *at += 1;
        map
    };
    while depth > 0 {
        match &tokens[at] {
            Token::Sym("}") => {
                depth -= 1;
                at += 1;
            }
            Token::Sym(";") => at += 1,
            Token::Id(k) if k == "subgraph" => {
                at += 1;
                if id(&tokens[at]).is_some() {
                    at += 1;
                }
                assert_eq!(tokens[at], Token::Sym("{"));
                dot.clusters += 1;
                depth += 1;
                at += 1;
            }
            Token::Id(k) if ["graph", "node", "edge"].contains(&k.as_str()) => {
                at += 1;
                assert_eq!(tokens[at], Token::Sym("["));
                attrs(&mut at);
            }
            t => {
                let first = id(t).expect("a statement");
                at += 1;
                if tokens[at] == Token::Sym("=") {
                    id(&tokens[at + 1]).expect("a value");
                    at += 2;
                } else if tokens[at] == Token::Sym("->") {
                    let second = id(&tokens[at + 1]).expect("edge end");
                    at += 2;
                    let a = attrs(&mut at);
                    dot.edges.push((first, second, a));
                } else {
                    let a = attrs(&mut at);
                    dot.nodes.insert(first, a);
                }
            }
        }
    }
    assert_eq!(at, tokens.len(), "nothing after the graph");
    dot
}

#[test]
fn dot_output_parses_back_with_colours_cycles_and_outside_marks() {
    let plan = plan();
    let g = graph(&plan, Some("erp"));
    let text = to_dot(&plan, &g);
    let dot = parse_dot(&text);
    assert_eq!(dot.nodes.len(), g.nodes.len());
    assert_eq!(dot.edges.len(), g.edges.len());
    assert_eq!(dot.clusters, 4, "ERP, Base, inventory, not in the plan");
    for (from, to, _) in &dot.edges {
        assert!(dot.nodes.contains_key(from) && dot.nodes.contains_key(to));
    }
    let staged = &dot.nodes["n3"];
    assert_eq!(staged["fillcolor"], hex(stage_rgb(Stage::Staged)));
    assert_eq!(staged["label"], "dc-01\\nStaged");
    assert!(staged["style"].contains("dashed"), "outside the workload");
    assert!(
        dot.nodes["n5"]["style"].contains("dotted"),
        "not in the plan"
    );
    assert_eq!(
        dot.nodes["n4"]["label"],
        "fs <01> & #share `x`\\nUnassessed"
    );
    let red: Vec<_> = dot
        .edges
        .iter()
        .filter(|e| e.2.contains_key("color"))
        .collect();
    assert_eq!(red.len(), 2);
    assert!(
        red.iter()
            .all(|e| e.2["color"] == hex(CYCLE_RGB) && e.2["style"] == "bold")
    );
    assert!(text.starts_with("// Ferry dependency graph: ERP \"core\".\n"));
    assert!(text.contains("// Bold red (#d50000) arrows and borders: a dependency cycle.\n"));
    assert!(text.contains("digraph \"ERP \\\"core\\\"\" {"));
}

#[test]
fn dot_quotes_names_with_backslashes_safely() {
    let plan = plan();
    let g = graph(&plan, Some("crm"));
    let dot = parse_dot(&to_dot(&plan, &g));
    assert!(
        dot.nodes
            .values()
            .any(|a| a["label"] == "old-\\\\box\\\\\\nOut of scope")
    );
    assert_eq!(dot_quoted("a\\"), "\"a\\\\ \"");
}

/// Graphviz itself accepts the output, when it is installed.
#[test]
fn graphviz_draws_the_output_when_installed() {
    let plan = plan();
    for g in [
        graph(&plan, Some("erp")),
        graph(&plan, Some("crm")),
        graph(&plan, None),
    ] {
        let text = to_dot(&plan, &g);
        let child = std::process::Command::new("dot")
            .arg("-Tsvg")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn();
        let Ok(mut child) = child else {
            eprintln!("Graphviz is not installed: only the parser checked the DOT");
            return;
        };
        {
            use std::io::Write as _;
            let mut stdin = child.stdin.take().expect("stdin");
            stdin.write_all(text.as_bytes()).expect("write");
        }
        let out = child.wait_with_output().expect("dot runs");
        assert!(
            out.status.success(),
            "{}\n{text}",
            String::from_utf8_lossy(&out.stderr)
        );
        let svg = String::from_utf8_lossy(&out.stdout);
        assert!(svg.contains("<svg") && svg.contains("#d50000") == g.has_cycle());
    }
}

// ------------------------------------------------------------ Mermaid

/// Checks a Mermaid flowchart's basic shape: the header, then only
/// comments, subgraphs with their `end`, nodes with quoted labels,
/// edges between declared nodes, classes and link styles. Returns the
/// node ids and the number of edges.
fn check_mermaid(text: &str) -> (Vec<String>, usize) {
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("flowchart TD"));
    let is_id = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    let quoted_label =
        |s: &str| s.starts_with("[\"") && s.ends_with("\"]") && !s[2..s.len() - 2].contains('"');
    let (mut nodes, mut edges, mut open) = (Vec::new(), 0usize, 0usize);
    let mut link_styles = Vec::new();
    for line in lines {
        let line = line.trim();
        if line.starts_with("%%") {
            continue;
        }
        if line == "end" {
            assert!(open > 0, "end without subgraph");
            open -= 1;
        } else if let Some(rest) = line.strip_prefix("subgraph ") {
            let (id, label) = rest.split_at(rest.find('[').expect("titled"));
            assert!(is_id(id) && quoted_label(label), "{line}");
            open += 1;
        } else if let Some((a, b)) = line.split_once(" --> ") {
            assert!(
                nodes.iter().any(|n| n == a) && nodes.iter().any(|n| n == b),
                "{line}"
            );
            edges += 1;
        } else if let Some(rest) = line.strip_prefix("classDef ") {
            let (name, style) = rest.split_once(' ').expect("a style");
            assert!(is_id(name) && style.contains(':'), "{line}");
        } else if let Some(rest) = line.strip_prefix("class ") {
            let (ids, name) = rest.split_once(' ').expect("a class");
            assert!(
                ids.split(',').all(|i| nodes.iter().any(|n| n == i)),
                "{line}"
            );
            assert!(is_id(name), "{line}");
        } else if let Some(rest) = line.strip_prefix("linkStyle ") {
            let (ids, style) = rest.split_once(' ').expect("a style");
            link_styles.extend(ids.split(',').map(|i| i.parse::<usize>().expect("index")));
            assert!(style.contains("stroke:"), "{line}");
        } else {
            let (id, label) = line.split_at(line.find('[').expect("a node"));
            assert!(is_id(id) && quoted_label(label), "{line}");
            nodes.push(id.to_owned());
        }
    }
    assert_eq!(open, 0, "every subgraph ends");
    assert!(link_styles.iter().all(|&i| i < edges));
    (nodes, edges)
}

#[test]
fn mermaid_output_has_the_grammar_shape_and_escapes_labels() {
    let plan = plan();
    let g = graph(&plan, Some("erp"));
    let text = to_mermaid(&plan, &g);
    let (nodes, edges) = check_mermaid(&text);
    assert_eq!((nodes.len(), edges), (g.nodes.len(), g.edges.len()));
    assert!(text.contains("subgraph s0[\"ERP #quot;core#quot;\"]"));
    assert!(text.contains("n4[\"fs #lt;01#gt; #amp; #35;share #96;x#96;<br/>Unassessed\"]"));
    assert!(text.contains("    class n3,n4 outside\n"));
    assert!(text.contains("classDef stageStaged fill:#2e7d32"));
    assert!(
        text.contains("    linkStyle 1,4 stroke:#d50000,stroke-width:3px\n"),
        "{text}"
    );
    let whole = to_mermaid(&plan, &graph(&plan, None));
    check_mermaid(&whole);
    assert!(!to_mermaid(&plan, &graph(&plan, Some("base"))).contains("linkStyle"));
}

// ------------------------------------------------------------ layout

fn overlaps(layout: &Layout) -> bool {
    let n = layout.nodes.len();
    (0..n).any(|a| {
        (a + 1..n).any(|b| {
            let (p, q) = (layout.nodes[a], layout.nodes[b]);
            (p.x - q.x).abs() < (p.width + q.width) / 2.0
                && (p.y - q.y).abs() < (p.height + q.height) / 2.0
        })
    })
}

#[test]
fn the_layout_puts_dependents_above_and_never_overlaps() {
    let plan = plan();
    let g = graph(&plan, None);
    let spacing = Spacing::default();
    let layout = layout(&g, &spacing, |n| 8.0 * n.name.chars().count() as f32 + 16.0);
    assert_eq!(layout.nodes.len(), g.nodes.len());
    assert_eq!(layout.edges.len(), g.edges.len());
    assert!(!overlaps(&layout));
    for (e, line) in g.edges.iter().zip(&layout.edges) {
        let (from, to) = (layout.nodes[e.from], layout.nodes[e.to]);
        let (first, last) = (line[0], line[line.len() - 1]);
        if e.from == e.to {
            assert_eq!(line.len(), 4);
            continue;
        }
        assert!((first.0 - from.x).abs() < 0.01 && (last.0 - to.x).abs() < 0.01);
        if !e.in_cycle {
            assert!(from.layer < to.layer, "a dependency is below its dependent");
            assert_eq!(line.len(), to.layer - from.layer + 1, "a bend per layer");
        }
    }
    let center = layout.nodes[0];
    assert_eq!(layout.node_at(center.x, center.y), Some(0));
    assert_eq!(layout.node_at(-5.0, -5.0), None);
    assert!(
        layout
            .nodes
            .iter()
            .all(|p| p.x - p.width / 2.0 >= -0.01 && p.x + p.width / 2.0 <= layout.width)
    );
}

#[test]
fn two_hundred_nodes_lay_out_quickly_without_overlap() {
    let mut plan = Plan::named("big");
    plan.workloads.push(Workload {
        id: "w".into(),
        name: "W".into(),
        ..Workload::default()
    });
    let mut rng = fastrand::Rng::with_seed(7);
    for i in 0..200 {
        let deps = (0..rng.usize(0..4))
            .map(|_| format!("as-{}", rng.usize(0..200)))
            .filter(|d| *d != format!("as-{i}"))
            .collect();
        plan.assets.push(std::sync::Arc::new(Asset {
            id: format!("as-{i}"),
            name: format!("server-{i:03}"),
            workload: Some("w".into()),
            depends_on: deps,
            ..Asset::default()
        }));
    }
    let g = graph(&plan, Some("w"));
    assert_eq!(g.nodes.len(), 200);
    let started = std::time::Instant::now();
    let layout = layout(&g, &Spacing::default(), |_| 90.0);
    assert!(
        started.elapsed().as_secs_f32() < 2.0,
        "{:?}",
        started.elapsed()
    );
    assert!(!overlaps(&layout));
    assert!(layout.width.is_finite() && layout.height > 0.0);
    assert!(
        layout
            .edges
            .iter()
            .flatten()
            .all(|(x, y)| x.is_finite() && y.is_finite())
    );
}

#[test]
fn an_empty_graph_lays_out_empty() {
    let g = graph(&Plan::named("empty"), None);
    assert_eq!(layout(&g, &Spacing::default(), |_| 10.0), Layout::default());
    assert!(to_dot(&Plan::named("empty"), &g).ends_with("}\n"));
    check_mermaid(&to_mermaid(&Plan::named("empty"), &g));
}
