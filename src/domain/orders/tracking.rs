//! The 4-step tracking, VALIDATING → VALIDATED → DELIVERING → AVAILABLE, and its history.

use std::cmp::Ordering;

use chrono::{DateTime, FixedOffset};

use super::*;

/// The 4 tracking steps, in order.
pub const STEPS: [FollowUpStep; 4] = [
    FollowUpStep::Validating,
    FollowUpStep::Validated,
    FollowUpStep::Delivering,
    FollowUpStep::Available,
];

/// One event of the tracking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEntry {
    /// `None` when the API's date is missing or unreadable.
    pub date: Option<DateTime<FixedOffset>>,
    pub label: FollowUpLabel,
    pub description: Option<String>,
}

/// One tracking step, ready to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrackingStep {
    pub step: FollowUpStep,
    pub status: FollowUpStatus,
    /// Oldest first (entries without a date last, in the API's order).
    pub history: Vec<HistoryEntry>,
}

/// The tracking as the API sent it (its steps in the API's order, each with its events), put in
/// step order: the 4 known steps always, a missing one as `TODO` with no history; steps this
/// build does not know after them, in the API's order. A step sent twice keeps its first status
/// and gets both histories. Blank descriptions are dropped.
pub fn tracking_steps(follow_up: &[TrackingStep]) -> Vec<TrackingStep> {
    let mut steps: Vec<TrackingStep> = STEPS
        .iter()
        .map(|step| TrackingStep {
            step: step.clone(),
            status: FollowUpStatus::Todo,
            history: Vec::new(),
        })
        .collect();
    let mut seen = vec![false; STEPS.len()];
    for item in follow_up {
        let history = item.history.iter().map(|h| HistoryEntry {
            description: h.description.clone().filter(|d| !d.trim().is_empty()),
            ..h.clone()
        });
        let position = steps.iter().position(|s| s.step == item.step);
        match position {
            Some(i) => {
                let known = i < STEPS.len();
                if known && !seen[i] {
                    seen[i] = true;
                    steps[i].status = item.status.clone();
                }
                steps[i].history.extend(history);
            }
            None => steps.push(TrackingStep {
                step: item.step.clone(),
                status: item.status.clone(),
                history: history.collect(),
            }),
        }
    }
    for step in &mut steps {
        // Stable: entries with the same date (or none) keep the API's order.
        step.history.sort_by(|a, b| match (a.date, b.date) {
            (Some(a), Some(b)) => a.cmp(&b),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        });
    }
    steps
}

/// The step to highlight: the first one in error or in progress, else the last one done.
pub fn current_step(steps: &[TrackingStep]) -> Option<usize> {
    steps
        .iter()
        .position(|s| matches!(s.status, FollowUpStatus::Error | FollowUpStatus::Doing))
        .or_else(|| steps.iter().rposition(|s| s.status == FollowUpStatus::Done))
}

/// Every event of every step, newest first (the provider's hub shows the history this way).
pub fn tracking_history(steps: &[TrackingStep]) -> Vec<(FollowUpStep, HistoryEntry)> {
    let mut all: Vec<(FollowUpStep, HistoryEntry)> = steps
        .iter()
        .flat_map(|s| s.history.iter().map(|h| (s.step.clone(), h.clone())))
        .collect();
    all.reverse();
    all.sort_by(|(_, a), (_, b)| match (a.date, b.date) {
        (Some(a), Some(b)) => b.cmp(&a),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    });
    all
}
