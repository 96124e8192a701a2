//! Strongly connected components of a directed graph (Tarjan's
//! algorithm): the one place dependency cycles are found, for the
//! problems list, the graph view's red edges and the merge's checks.
//! Iterative, so a chain of 100,000 dependencies cannot overflow the
//! stack.

/// A node's number in the graph, as the callers keep them (`u32` in the
/// derived state, `usize` elsewhere).
pub trait Node: Copy {
    fn index(self) -> usize;
}

impl Node for usize {
    fn index(self) -> usize {
        self
    }
}

impl Node for u32 {
    fn index(self) -> usize {
        self as usize
    }
}

/// Every node of a graph, grouped by strongly connected component.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Components {
    /// The nodes, component after component, in the order the algorithm
    /// closes them: a component comes after every component it reaches.
    /// Within a component, the node it was entered by comes last.
    nodes: Vec<usize>,
    /// Where each component starts in `nodes`, and then `nodes.len()`.
    starts: Vec<usize>,
}

impl Components {
    /// The components in the order they were closed (see [`Components`]).
    pub fn iter(&self) -> impl Iterator<Item = &[usize]> {
        self.starts.windows(2).map(|w| &self.nodes[w[0]..w[1]])
    }

    /// How many components there are.
    pub fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The component of each node: its number in [`Components::iter`].
    pub fn of_each(&self) -> Vec<usize> {
        let mut of = vec![0; self.nodes.len()];
        for (c, members) in self.iter().enumerate() {
            for &v in members {
                of[v] = c;
            }
        }
        of
    }
}

/// Whether a component is a cycle: two nodes or more, or one that has an
/// edge to itself.
pub fn is_cycle<E: Node>(edges: &[Vec<E>], members: &[usize]) -> bool {
    match members {
        [one] => edges[*one].iter().any(|w| w.index() == *one),
        _ => members.len() > 1,
    }
}

/// The strongly connected components of the graph whose node `v` has an
/// edge to each node of `edges[v]` (every node must be below
/// `edges.len()`).
pub fn strongly_connected<E: Node>(edges: &[Vec<E>]) -> Components {
    let n = edges.len();
    const UNSEEN: usize = usize::MAX;
    let mut order = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut out = Components {
        nodes: Vec::with_capacity(n),
        starts: vec![0],
    };
    let mut next = 0;
    for root in 0..n {
        if order[root] != UNSEEN {
            continue;
        }
        // The explicit call stack: a node and how many of its edges were
        // followed.
        let mut calls: Vec<(usize, usize)> = vec![(root, 0)];
        order[root] = next;
        low[root] = next;
        next += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut edge)) = calls.last_mut() {
            if let Some(w) = edges[v].get(*edge) {
                let w = w.index();
                *edge += 1;
                if order[w] == UNSEEN {
                    order[w] = next;
                    low[w] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    calls.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(order[w]);
                }
                continue;
            }
            calls.pop();
            if let Some(&(parent, _)) = calls.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == order[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    out.nodes.push(w);
                    if w == v {
                        break;
                    }
                }
                out.starts.push(out.nodes.len());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(components: &Components) -> Vec<Vec<usize>> {
        components
            .iter()
            .map(|c| {
                let mut c = c.to_vec();
                c.sort_unstable();
                c
            })
            .collect()
    }

    #[test]
    fn cycles_are_one_component_each_and_come_after_what_they_reach() {
        // 0 → 1 → 2 → 0 is a cycle that reaches 3; 4 depends on itself.
        let edges: Vec<Vec<usize>> = vec![vec![1], vec![2], vec![0, 3], vec![], vec![4]];
        let found = strongly_connected(&edges);
        assert_eq!(sorted(&found), [vec![3], vec![0, 1, 2], vec![4]]);
        let cycles: Vec<bool> = found.iter().map(|c| is_cycle(&edges, c)).collect();
        assert_eq!(cycles, [false, true, true]);
        assert_eq!(found.of_each(), [1, 1, 1, 0, 2]);
        assert_eq!(found.len(), 3);
    }

    #[test]
    fn a_long_chain_does_not_overflow_the_stack() {
        let n = 200_000u32;
        let mut edges: Vec<Vec<u32>> = (0..n).map(|i| vec![i + 1]).collect();
        edges[(n - 1) as usize] = vec![0];
        let found = strongly_connected(&edges);
        assert_eq!(found.len(), 1);
        assert!(is_cycle(&edges, found.iter().next().expect("one")));
    }

    #[test]
    fn an_empty_graph_has_no_components() {
        let edges: Vec<Vec<usize>> = Vec::new();
        assert!(strongly_connected(&edges).is_empty());
    }
}
