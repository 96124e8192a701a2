//! The dependency graph of a workload, drawn: its assets and, transitively,
//! what they depend on in other workloads, in the inventory or nowhere (an
//! id no asset has). Nodes are coloured by stage with the stage written on
//! them, an arrow points from an asset to what it depends on, cycles are
//! red, assets outside the workload have a dashed border (dotted when not in
//! the plan). Drag or scroll to move, Ctrl+scroll, a pinch, the buttons or
//! + and − to zoom; a click on an asset opens it.
//!
//! The graph and its layered layout ([`crate::graph::layout`]) are made
//! once per workload and plan revision; a frame only draws them.

use egui::{
    Align2, Color32, CursorIcon, FontId, Key, Modifiers, Pos2, Rect, RichText, Sense, Shape,
    Stroke, Ui, Vec2, pos2, vec2,
};

use super::{Action, Actions, Document, View, theme, widgets};
use crate::derive::{STAGES, Stage, Subject};
use crate::graph::{Graph, Layout, Node, Place, Spacing};
use crate::model::Plan;
use crate::words;

/// Font size of a node's name at zoom 1, in points.
const NAME_SIZE: f32 = 14.5;
/// Font size of a node's second line (stage, and where it is).
const DETAIL_SIZE: f32 = 11.5;
/// Room left and right of a node's text at zoom 1.
const PAD_X: f32 = 10.0;
/// Node height and gaps at zoom 1: two lines of text per node, and room
/// between layers for the arrows to be followed.
const SPACING: Spacing = Spacing {
    node_height: 42.0,
    gap_x: 28.0,
    gap_y: 56.0,
};
const MIN_ZOOM: f32 = 0.05;
const MAX_ZOOM: f32 = 4.0;
/// Fit never enlarges beyond this: a small graph stays a normal size.
const FIT_MAX: f32 = 1.5;
/// Room around the graph when it is fitted.
const MARGIN: f32 = 24.0;
/// Below this size on screen text is not drawn (boxes only: an overview).
const MIN_TEXT: f32 = 5.0;
/// One step of the zoom buttons and keys.
const ZOOM_STEP: f32 = 1.25;
/// One step of the arrow keys, in points on screen.
const PAN_STEP: f32 = 80.0;
/// How much of the graph always stays on the canvas, in points.
const KEEP_VISIBLE: f32 = 48.0;

/// The accessible name of the group of the graph's nodes.
const GROUP_LABEL: &str = "Assets and their dependencies";

/// A graph with its layout and what the view writes about it.
struct Figure {
    workload: String,
    revision: u64,
    graph: Graph,
    layout: Layout,
    /// Each node's second line: its stage, and where it is when outside.
    detail: Vec<String>,
    /// Nodes per stage, for the legend.
    stages: [usize; STAGES],
    /// How many of the graph's assets each node depends on, and how many
    /// depend on it.
    depends_on: Vec<usize>,
    needed_by: Vec<usize>,
    /// Nodes in reading order (layer, then left to right): the order of
    /// keyboard focus.
    order: Vec<usize>,
}

/// Where the graph is on the canvas.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Camera {
    /// Points on screen per layout unit.
    zoom: f32,
    /// Where the layout's origin is, from the canvas's top-left corner.
    offset: Vec2,
}

impl Default for Camera {
    fn default() -> Self {
        Self {
            zoom: 1.0,
            offset: Vec2::ZERO,
        }
    }
}

impl Camera {
    /// The whole graph in the canvas, centred; never larger than
    /// [`FIT_MAX`].
    fn fit(&mut self, canvas: Vec2, layout: &Layout) {
        let room = (canvas - Vec2::splat(2.0 * MARGIN)).max(Vec2::splat(1.0));
        self.zoom = (room.x / layout.width.max(1.0))
            .min(room.y / layout.height.max(1.0))
            .clamp(MIN_ZOOM, FIT_MAX);
        self.offset = (canvas - vec2(layout.width, layout.height) * self.zoom) / 2.0;
    }

    /// Zooms by `factor`, keeping the point `at` (from the canvas's corner)
    /// where it is: what is under the pointer stays under it.
    fn zoom_at(&mut self, factor: f32, at: Vec2) {
        let zoom = (self.zoom * factor).clamp(MIN_ZOOM, MAX_ZOOM);
        let point = (at - self.offset) / self.zoom;
        self.offset = at - point * zoom;
        self.zoom = zoom;
    }

    /// Keeps a part of the graph on the canvas, so it cannot be lost.
    fn keep_in(&mut self, canvas: Vec2, layout: &Layout) {
        let size = vec2(layout.width, layout.height) * self.zoom;
        let keep = Vec2::splat(KEEP_VISIBLE).min(size).min(canvas);
        self.offset.x = self.offset.x.clamp(keep.x - size.x, canvas.x - keep.x);
        self.offset.y = self.offset.y.clamp(keep.y - size.y, canvas.y - keep.y);
    }

    fn to_screen(self, canvas: Rect, (x, y): (f32, f32)) -> Pos2 {
        canvas.min + self.offset + vec2(x, y) * self.zoom
    }
}

/// What the buttons and keys asked the camera for.
#[derive(Clone, Copy, PartialEq)]
enum Request {
    /// Zoom about the canvas's centre by this factor.
    Zoom(f32),
    Fit,
    Pan(Vec2),
}

/// The graph view's state: the cached figure and the camera.
#[derive(Default)]
pub struct GraphView {
    figure: Option<Figure>,
    camera: Camera,
    /// The frame the view was last drawn in: when it was not the previous
    /// one, the view has just been opened, and fits the graph.
    last_frame: Option<u64>,
    fit: bool,
}

impl GraphView {
    /// Draws the graph of the workload `workload_id`; `keys`: whether the
    /// view may take keys (no overlay or question is open).
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        doc: &Document,
        workload_id: &str,
        keys: bool,
        actions: &mut Actions,
    ) {
        let plan = &doc.plan;
        let Some(workload) = plan.workload(workload_id) else {
            widgets::title(ui, "Dependency graph");
            ui.label("This workload is no longer in the plan.");
            if ui.button("Back to the overview").clicked() {
                actions.push(Action::Go(View::Overview));
            }
            return;
        };
        let frame = ui.ctx().cumulative_frame_nr();
        if self.last_frame.is_none_or(|last| last + 1 < frame) {
            self.fit = true;
        }
        self.last_frame = Some(frame);
        let stale = self
            .figure
            .as_ref()
            .is_none_or(|f| f.workload != workload_id || f.revision != doc.revision);
        if stale {
            if self
                .figure
                .as_ref()
                .is_none_or(|f| f.workload != workload_id)
            {
                self.fit = true;
            }
            self.figure = Some(figure(ui, plan, workload_id, doc.revision));
        }
        let Some(figure) = &self.figure else {
            return;
        };
        let name = if workload.name.is_empty() {
            "(unnamed)"
        } else {
            workload.name.as_str()
        };

        let mut request = None;
        ui.horizontal_wrapped(|ui| {
            if ui
                .button(format!("Back to {name}"))
                .on_hover_text("Back to the workload page (Escape)")
                .clicked()
            {
                actions.push(Action::Go(View::Workload(workload_id.to_owned())));
            }
            widgets::title(ui, &format!("Dependency graph of {name}"));
            ui.add_space(12.0);
            ui.label("Zoom");
            if ui
                .button("−")
                .on_hover_text("Zoom out (− or Ctrl+scroll)")
                .clicked()
            {
                request = Some(Request::Zoom(1.0 / ZOOM_STEP));
            }
            if ui
                .button("+")
                .on_hover_text("Zoom in (+ or Ctrl+scroll)")
                .clicked()
            {
                request = Some(Request::Zoom(ZOOM_STEP));
            }
            if ui
                .button("Fit")
                .on_hover_text("The whole graph in view (F)")
                .clicked()
            {
                request = Some(Request::Fit);
            }
            ui.label(RichText::new(format!("{:.0} %", self.camera.zoom * 100.0)).weak());
        });
        summary_ui(ui, plan, figure, name);
        legend_ui(ui, figure);
        if figure.graph.nodes.is_empty() {
            ui.add_space(12.0);
            ui.label(format!(
                "{name} has no assets yet: give it assets on the Assets page, and their dependencies show here."
            ));
            return;
        }

        if keys {
            request = request.or_else(|| key_request(ui));
        }
        let hint = "Drag or scroll to move · Ctrl+scroll, + or − to zoom · F to fit · click an asset to open it · Escape to go back";
        let hint_height =
            ui.text_style_height(&egui::TextStyle::Body) + ui.spacing().item_spacing.y;
        let size = vec2(
            ui.available_width(),
            (ui.available_height() - hint_height).max(120.0),
        );
        let (canvas, background) = ui.allocate_exact_size(size, Sense::click_and_drag());
        ui.label(RichText::new(hint).weak());

        let layout = &figure.layout;
        let shown = self.camera;
        let camera = &mut self.camera;
        if std::mem::take(&mut self.fit) || request == Some(Request::Fit) {
            camera.fit(canvas.size(), layout);
        }
        match request {
            Some(Request::Zoom(factor)) => camera.zoom_at(factor, canvas.size() / 2.0),
            Some(Request::Pan(by)) => camera.offset += by,
            Some(Request::Fit) | None => {}
        }
        if background.dragged() {
            camera.offset += background.drag_delta();
        }
        if ui.rect_contains_pointer(canvas) {
            let (scroll, zoom, pointer) = ui.input_mut(|i| {
                let scroll = std::mem::take(&mut i.smooth_scroll_delta);
                (scroll, i.zoom_delta(), i.pointer.hover_pos())
            });
            camera.offset += scroll;
            if zoom != 1.0 {
                let at = pointer.map_or(canvas.size() / 2.0, |p| p - canvas.min);
                camera.zoom_at(zoom, at);
            }
        }
        camera.keep_in(canvas.size(), layout);
        let camera = *camera;
        if camera != shown {
            // The zoom figure above was written before the camera moved.
            ui.ctx().request_repaint();
        }
        // The nodes are one group for screen readers (and tests).
        let group = egui::UiBuilder::new()
            .max_rect(canvas)
            .accessibility_role(egui::Role::Group)
            .accessibility_label(GROUP_LABEL);
        ui.scope_builder(group, |ui| {
            draw(ui, canvas, camera, plan, figure, actions);
        });
    }
}

/// The keys of the view: + and − zoom, F (or 0) fits, arrows move when no
/// widget has the keyboard focus. Keys pressed several times within one
/// frame count as many times.
fn key_request(ui: &Ui) -> Option<Request> {
    let none = Modifiers::NONE;
    let arrows = ui.memory(|m| m.focused().is_none());
    ui.input_mut(|i| {
        let mut count = |key: Key| i.count_and_consume_key(none, key) as i32;
        if count(Key::F) + count(Key::Num0) > 0 {
            return Some(Request::Fit);
        }
        let steps = count(Key::Plus) + count(Key::Equals) - count(Key::Minus);
        if steps != 0 {
            return Some(Request::Zoom(ZOOM_STEP.powi(steps)));
        }
        if !arrows {
            return None;
        }
        // The arrows move the view: the graph goes the other way.
        let x = count(Key::ArrowLeft) - count(Key::ArrowRight);
        let y = count(Key::ArrowUp) - count(Key::ArrowDown);
        (x != 0 || y != 0).then(|| Request::Pan(vec2(x as f32, y as f32) * PAN_STEP))
    })
}

/// The counts above the graph, and the cycle note.
fn summary_ui(ui: &mut Ui, plan: &Plan, figure: &Figure, name: &str) {
    let nodes = &figure.graph.nodes;
    let count = |place: Place| nodes.iter().filter(|n| n.place == place).count();
    let mut parts = vec![format!(
        "{} of {name}",
        words::count(count(Place::Member), "asset")
    )];
    let other = count(Place::OtherWorkload);
    if other > 0 {
        let workloads: std::collections::BTreeSet<&str> = nodes
            .iter()
            .filter(|n| n.place == Place::OtherWorkload)
            .filter_map(|n| n.workload.as_deref())
            .map(|w| plan.workload_name(w))
            .collect();
        let names: Vec<&str> = workloads.into_iter().collect();
        parts.push(match names.as_slice() {
            [one] => format!("{other} in {one}"),
            _ => format!("{other} in other workloads ({})", names.join(", ")),
        });
    }
    let inventory = count(Place::Inventory);
    if inventory > 0 {
        parts.push(format!("{inventory} in the inventory"));
    }
    let missing = count(Place::Missing);
    if missing > 0 {
        parts.push(format!("{missing} not in the plan"));
    }
    parts.push(words::count(figure.graph.edges.len(), "dependency"));
    ui.label(parts.join(" · "));
    let in_cycle = nodes.iter().filter(|n| n.in_cycle).count();
    ui.horizontal_wrapped(|ui| {
        if in_cycle == 0 {
            ui.label(RichText::new("No dependency cycles").weak());
            return;
        }
        ui.label(
            RichText::new(theme::severity_icon(crate::derive::Severity::Warning))
                .color(theme::error_text(ui.visuals())),
        );
        let text = format!(
            "{} {} in a dependency cycle",
            words::count(in_cycle, "asset"),
            words::noun(in_cycle, "is")
        );
        ui.label(
            RichText::new(text)
                .color(theme::error_text(ui.visuals()))
                .strong(),
        );
        ui.label(
            RichText::new("(in red: no order of migration works until the cycle is broken)").weak(),
        );
    });
}

/// What the marks mean, and the stages with their counts.
fn legend_ui(ui: &mut Ui, figure: &Figure) {
    let text = ui.visuals().text_color();
    let edge = theme::edge_color(ui.visuals());
    ui.horizontal_wrapped(|ui| {
        let swatch = |ui: &mut Ui, paint: &dyn Fn(&egui::Painter, Rect)| {
            let (rect, _) = ui.allocate_exact_size(vec2(30.0, 16.0), Sense::hover());
            paint(ui.painter(), rect.shrink(2.0));
        };
        swatch(ui, &|p, r| {
            let (a, b) = (r.left_center(), r.right_center());
            p.line_segment([a, b - vec2(6.0, 0.0)], Stroke::new(1.5, edge));
            arrow_head(p, b, vec2(1.0, 0.0), 7.0, edge);
        });
        ui.label("depends on");
        swatch(ui, &|p, r| {
            let (a, b) = (r.left_center(), r.right_center());
            p.line_segment(
                [a, b - vec2(6.0, 0.0)],
                Stroke::new(3.0, theme::CYCLE_COLOR),
            );
            arrow_head(p, b, vec2(1.0, 0.0), 8.0, theme::CYCLE_COLOR);
        });
        ui.label("dependency cycle");
        swatch(ui, &|p, r| {
            border(p, r, Border::Dashed, Stroke::new(1.5, text))
        });
        ui.label("in another workload or the inventory");
        swatch(ui, &|p, r| {
            border(p, r, Border::Dotted, Stroke::new(1.5, text))
        });
        ui.label("not in the plan");
    });
    widgets::stage_counts(ui, &figure.stages);
}

/// Makes the figure of a workload: the graph, each node measured with the
/// fonts it is drawn in, and the layout.
fn figure(ui: &Ui, plan: &Plan, workload_id: &str, revision: u64) -> Figure {
    let graph = crate::graph::graph(plan, Some(workload_id));
    let painter = ui.painter();
    let measure = |text: &str, size: f32| {
        painter
            .layout_no_wrap(text.to_owned(), FontId::proportional(size), Color32::WHITE)
            .size()
            .x
    };
    let layout = crate::graph::layout(&graph, &SPACING, |node| {
        let detail = detail_line(plan, node);
        measure(&node.name, NAME_SIZE).max(measure(&detail, DETAIL_SIZE)) + 2.0 * PAD_X
    });
    let detail = graph.nodes.iter().map(|n| detail_line(plan, n)).collect();
    let mut stages = [0; STAGES];
    for stage in graph.nodes.iter().filter_map(|n| n.stage) {
        stages[stage.index()] += 1;
    }
    let mut depends_on = vec![0; graph.nodes.len()];
    let mut needed_by = vec![0; graph.nodes.len()];
    for e in &graph.edges {
        depends_on[e.from] += 1;
        needed_by[e.to] += 1;
    }
    let mut order: Vec<usize> = (0..graph.nodes.len()).collect();
    order.sort_by(|&a, &b| {
        let (p, q) = (layout.nodes[a], layout.nodes[b]);
        p.layer.cmp(&q.layer).then(p.x.total_cmp(&q.x))
    });
    Figure {
        workload: workload_id.to_owned(),
        revision,
        graph,
        layout,
        detail,
        stages,
        depends_on,
        needed_by,
        order,
    }
}

/// A node's second line: its stage, and where it is when it is outside the
/// workload.
fn detail_line(plan: &Plan, node: &Node) -> String {
    let stage = node.stage.map_or("not in the plan", Stage::label);
    match (node.place, node.workload.as_deref()) {
        (Place::Member, _) | (Place::Missing, _) => stage.to_owned(),
        (Place::OtherWorkload, Some(w)) => format!("{stage} · {}", plan.workload_name(w)),
        (Place::OtherWorkload, None) => format!("{stage} · another workload"),
        (Place::Inventory, _) => format!("{stage} · inventory"),
    }
}

/// How a node's border is drawn.
#[derive(Clone, Copy, PartialEq)]
enum Border {
    Dashed,
    Dotted,
}

/// A rectangle's outline, dashed or dotted.
fn border(painter: &egui::Painter, rect: Rect, style: Border, stroke: Stroke) {
    let corners = vec![
        rect.left_top(),
        rect.right_top(),
        rect.right_bottom(),
        rect.left_bottom(),
        rect.left_top(),
    ];
    match style {
        Border::Dashed => {
            painter.extend(Shape::dashed_line(&corners, stroke, 6.0, 4.0));
        }
        Border::Dotted => {
            painter.extend(Shape::dotted_line(
                &corners,
                stroke.color,
                4.0,
                stroke.width * 0.75,
            ));
        }
    }
}

/// A filled arrow head with its tip at `tip`, pointing along `direction`.
fn arrow_head(painter: &egui::Painter, tip: Pos2, direction: Vec2, size: f32, color: Color32) {
    let along = direction.normalized();
    let across = along.rot90() * size * 0.5;
    let base = tip - along * size;
    painter.add(Shape::convex_polygon(
        vec![tip, base + across, base - across],
        color,
        Stroke::NONE,
    ));
}

/// A font size on screen, in half-point steps and never larger than the
/// exact size, so text measured at zoom 1 still fits its box.
fn screen_size(size: f32, zoom: f32) -> f32 {
    (size * zoom * 2.0).floor() / 2.0
}

/// Draws the edges, then the nodes on top; each node on the canvas is a
/// widget (hover, click, keyboard focus, and a name for screen readers).
fn draw(
    ui: &mut Ui,
    canvas: Rect,
    camera: Camera,
    plan: &Plan,
    figure: &Figure,
    actions: &mut Actions,
) {
    let painter = ui.painter_at(canvas);
    let visuals = ui.visuals().clone();
    painter.rect_filled(canvas, 4.0, visuals.extreme_bg_color);
    let (graph, layout) = (&figure.graph, &figure.layout);
    let zoom = camera.zoom;
    // Lines thin out with the zoom (never below a hairline), so an
    // overview of a large graph is not all stroke.
    let thin = zoom.clamp(0.3, 1.0);
    let head = (10.0 * zoom).clamp(3.0, 12.0);
    // Ordinary edges first, the cycle's on top of them.
    for cycle in [false, true] {
        let (width, color) = if cycle {
            (3.0 * thin, theme::CYCLE_COLOR)
        } else {
            (1.5 * thin, theme::edge_color(&visuals))
        };
        for (e, line) in graph.edges.iter().zip(&layout.edges) {
            if e.in_cycle != cycle || line.len() < 2 {
                continue;
            }
            let points: Vec<Pos2> = line.iter().map(|&p| camera.to_screen(canvas, p)).collect();
            if !Rect::from_points(&points).expand(head).intersects(canvas) {
                continue;
            }
            edge(
                &painter,
                points,
                e.from == e.to,
                Stroke::new(width, color),
                head,
            );
        }
    }
    let name_size = screen_size(NAME_SIZE, zoom);
    let detail_size = screen_size(DETAIL_SIZE, zoom);
    let ring = Stroke::new(3.0 * thin, theme::CYCLE_COLOR);
    let gap = 4.0 * thin;
    for &n in &figure.order {
        let node = &graph.nodes[n];
        let placed = layout.nodes[n];
        let rect = Rect::from_center_size(
            camera.to_screen(canvas, (placed.x, placed.y)),
            vec2(placed.width, placed.height) * zoom,
        );
        if !rect.intersects(canvas) {
            continue;
        }
        let sense = if node.asset.is_some() {
            Sense::click()
        } else {
            Sense::hover()
        };
        let response = ui.interact(
            rect.intersect(canvas),
            egui::Id::unique(("graph-node", &node.id)),
            sense,
        );
        let kind = if node.asset.is_some() {
            egui::Role::Button
        } else {
            egui::Role::Label
        };
        response.widget_info(|| egui::WidgetInfo::labeled(kind, true, &node.name));
        // The stage, where it is and the cycle, for screen readers.
        ui.ctx().accesskit_node_builder(response.id, |builder| {
            let detail = &figure.detail[n];
            builder.set_description(if node.in_cycle {
                format!("{detail} · in a dependency cycle")
            } else {
                detail.clone()
            });
        });
        let (fill, text) = match node.stage {
            Some(stage) if node.place != Place::Missing => {
                let rgb = crate::derive::stage_rgb(stage);
                (theme::stage_color(stage), theme::text_on_rgb(rgb))
            }
            _ => (visuals.widgets.inactive.bg_fill, visuals.text_color()),
        };
        painter.rect_filled(rect, (4.0 * zoom).min(4.0), fill);
        let outline = Stroke::new(2.0 * thin, visuals.text_color());
        match node.place {
            Place::Member => {}
            Place::OtherWorkload | Place::Inventory => {
                border(&painter, rect, Border::Dashed, outline);
            }
            Place::Missing => border(&painter, rect, Border::Dotted, outline),
        }
        if node.in_cycle {
            // Apart from the box, so it shows on a red (Blocked) fill too.
            painter.rect_stroke(rect.expand(gap), 6.0 * thin, ring, egui::StrokeKind::Middle);
        }
        if response.hovered() || response.has_focus() {
            painter.rect_stroke(
                rect.expand(if node.in_cycle { 2.0 * gap } else { gap }),
                6.0,
                visuals.selection.stroke,
                egui::StrokeKind::Middle,
            );
        }
        if name_size >= MIN_TEXT {
            painter.text(
                rect.center() - vec2(0.0, 8.0 * zoom),
                Align2::CENTER_CENTER,
                &node.name,
                FontId::proportional(name_size),
                text,
            );
            painter.text(
                rect.center() + vec2(0.0, 10.0 * zoom),
                Align2::CENTER_CENTER,
                &figure.detail[n],
                FontId::proportional(detail_size),
                text,
            );
        }
        let response = response.on_hover_ui(|ui| tooltip_ui(ui, plan, figure, n));
        if node.asset.is_some() {
            let response = response.on_hover_cursor(CursorIcon::PointingHand);
            if response.clicked() {
                actions.push(Action::Navigate(Subject::Asset(node.id.clone())));
            }
        }
    }
    if name_size < MIN_TEXT {
        // An overview: say how to read it.
        let galley = painter.layout_no_wrap(
            "Zoom in to read the names (+ or Ctrl+scroll) · point at an asset to see what it is"
                .to_owned(),
            egui::TextStyle::Body.resolve(ui.style()),
            visuals.text_color(),
        );
        let at = canvas.left_top() + vec2(8.0, 8.0);
        painter.rect_filled(
            Rect::from_min_size(at, galley.size()).expand(4.0),
            4.0,
            visuals.window_fill,
        );
        painter.galley(at, galley, visuals.text_color());
    }
}

/// An edge through its bend points: smooth between layers, straight for a
/// self-loop; an arrow head where it reaches the dependency.
fn edge(
    painter: &egui::Painter,
    mut points: Vec<Pos2>,
    self_loop: bool,
    stroke: Stroke,
    head: f32,
) {
    let (Some(&tip), Some(&before)) = (points.last(), points.get(points.len().wrapping_sub(2)))
    else {
        return;
    };
    let direction = if self_loop {
        tip - before
    } else {
        // The curves leave and reach a node vertically.
        vec2(0.0, (tip.y - before.y).signum())
    };
    // The line stops at the head's base, so it does not blunt the tip.
    let end = tip - direction.normalized() * head * 0.8;
    if let Some(last) = points.last_mut() {
        *last = end;
    }
    if self_loop {
        painter.add(Shape::line(points, stroke));
    } else {
        for pair in points.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            let middle = (a.y + b.y) / 2.0;
            painter.add(egui::epaint::CubicBezierShape::from_points_stroke(
                [a, pos2(a.x, middle), pos2(b.x, middle), b],
                false,
                Color32::TRANSPARENT,
                stroke,
            ));
        }
    }
    arrow_head(painter, tip, direction, head, stroke.color);
}

/// What a node is: its name, workload, stage, how many it depends on and
/// how many need it.
fn tooltip_ui(ui: &mut Ui, plan: &Plan, figure: &Figure, n: usize) {
    let node = &figure.graph.nodes[n];
    ui.label(RichText::new(&node.name).strong());
    ui.label(match (node.place, node.workload.as_deref()) {
        (Place::Missing, _) => {
            "Not in the plan: named as a dependency, but no asset has this id".to_owned()
        }
        (Place::Inventory, _) | (_, None) => "In the inventory (no workload)".to_owned(),
        (_, Some(w)) => format!("Workload {}", plan.workload_name(w)),
    });
    if let Some(stage) = node.stage {
        ui.horizontal(|ui| {
            ui.label("Stage");
            widgets::stage_chip(ui, stage);
        });
    }
    ui.label(format!(
        "Depends on {} · needed by {}",
        figure.depends_on[n], figure.needed_by[n]
    ));
    if node.in_cycle {
        ui.label(RichText::new("In a dependency cycle").color(theme::error_text(ui.visuals())));
    }
    if node.asset.is_some() {
        ui.label(RichText::new("Click to open the asset").weak());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(width: f32, height: f32) -> Layout {
        Layout {
            width,
            height,
            ..Layout::default()
        }
    }

    #[test]
    fn fit_shows_the_whole_graph_centred_and_never_enlarges_a_small_one_much() {
        let mut camera = Camera::default();
        let canvas = vec2(800.0, 600.0);
        let wide = layout(4000.0, 500.0);
        camera.fit(canvas, &wide);
        let size = vec2(wide.width, wide.height) * camera.zoom;
        assert!(size.x <= canvas.x - 2.0 * MARGIN + 0.01, "{size:?}");
        assert!((camera.offset.x - (canvas.x - size.x) / 2.0).abs() < 0.01);
        assert!(camera.offset.y > 0.0 && camera.offset.y + size.y < canvas.y);
        camera.fit(canvas, &layout(100.0, 40.0));
        assert_eq!(camera.zoom, FIT_MAX);
    }

    #[test]
    fn zooming_keeps_the_point_under_the_pointer_in_place() {
        let mut camera = Camera {
            zoom: 0.8,
            offset: vec2(30.0, -20.0),
        };
        let at = vec2(250.0, 140.0);
        let before = (at - camera.offset) / camera.zoom;
        camera.zoom_at(1.7, at);
        assert!((camera.zoom - 1.36).abs() < 1e-4);
        let after = (at - camera.offset) / camera.zoom;
        assert!((before - after).length() < 1e-3, "{before:?} {after:?}");
        camera.zoom_at(1000.0, at);
        assert_eq!(camera.zoom, MAX_ZOOM);
    }

    #[test]
    fn the_graph_cannot_be_moved_out_of_sight() {
        let mut camera = Camera {
            zoom: 1.0,
            offset: vec2(-5000.0, 9000.0),
        };
        let canvas = vec2(800.0, 600.0);
        camera.keep_in(canvas, &layout(1000.0, 300.0));
        assert_eq!(
            camera.offset,
            vec2(KEEP_VISIBLE - 1000.0, 600.0 - KEEP_VISIBLE)
        );
    }

    #[test]
    fn text_is_never_drawn_larger_than_it_was_measured() {
        for zoom in [0.07, 0.33, 0.5, 0.8, 1.0, 1.25, 1.5625] {
            let size = screen_size(NAME_SIZE, zoom);
            assert!(size <= NAME_SIZE * zoom && size > NAME_SIZE * zoom - 0.5);
        }
    }
}
