//! Measures shown together: an implementation measure beside the outcome it `drives`, linked
//! both ways, and on the home dashboard the outcomes before the implementation measures.

use super::metrics_context::LinkView;
use super::views::MetricView;
use crate::model::{Artefact, Metric, MetricKind};

/// A metric's view with the metric and the artefact (slug) it came from: `drives` names an
/// `id` within its own artefact.
pub struct Placed<'a> {
    pub slug: &'a str,
    pub metric: &'a Metric,
    pub view: MetricView<'a>,
}

/// An artefact's metrics, each implementation measure beside the outcome it drives.
pub fn artefact_metrics(a: &Artefact) -> Vec<MetricView<'_>> {
    let placed = a.metrics.iter().enumerate().map(|(i, m)| Placed {
        slug: &a.slug.value,
        metric: m,
        view: super::views::metric(m, format!("metric-{}-{}", a.slug.value, i + 1)),
    });
    side_by_side(placed.collect(), false)
}

/// The views in order, each implementation measure right after the outcome it drives (when
/// both are in the list), linked both ways. `outcomes_first` groups the list: every outcome
/// (with the measures that drive it) before the other implementation measures.
pub fn side_by_side(list: Vec<Placed<'_>>, outcomes_first: bool) -> Vec<MetricView<'_>> {
    let targets: Vec<Option<usize>> = list.iter().map(|p| target(&list, p)).collect();
    let is_root = |i: usize| targets[i].is_none_or(|t| targets[t] == Some(i) && t > i);
    let mut roots: Vec<usize> = (0..list.len()).filter(|&i| is_root(i)).collect();
    if outcomes_first {
        roots.sort_by_key(|&i| list[i].metric.kind != MetricKind::Outcome);
    }
    let mut order = Vec::with_capacity(list.len());
    for root in roots {
        order.push(root);
        order.extend((0..list.len()).filter(|&k| targets[k] == Some(root) && !is_root(k)));
    }
    // Anything a chain of `drives` left out keeps its place at the end.
    for i in 0..list.len() {
        if !order.contains(&i) {
            order.push(i);
        }
    }
    let links: Vec<LinkView> = list
        .iter()
        .map(|p| LinkView {
            label: p.metric.label.clone(),
            url: format!("#{}-label", p.view.id),
        })
        .collect();
    let mut views: Vec<Option<MetricView<'_>>> = list.into_iter().map(|p| Some(p.view)).collect();
    for (i, t) in targets.iter().enumerate() {
        if let Some(t) = *t {
            if let Some(v) = views[i].as_mut() {
                v.context.drives = Some(links[t].clone());
            }
            if let Some(v) = views[t].as_mut() {
                v.context.driven_by.push(links[i].clone());
            }
        }
    }
    order.into_iter().filter_map(|i| views[i].take()).collect()
}

/// The index of the metric `placed` drives, when it is in the list.
fn target(list: &[Placed<'_>], placed: &Placed<'_>) -> Option<usize> {
    let drives = placed.metric.context.drives.as_ref()?;
    list.iter().position(|other| {
        other.slug == placed.slug
            && !std::ptr::eq(other.metric, placed.metric)
            && other
                .metric
                .context
                .id
                .as_ref()
                .is_some_and(|id| id.value == drives.value)
    })
}
