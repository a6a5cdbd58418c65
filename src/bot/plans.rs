//! The plans one bot serves together: each plan's timeline and understanding, built once, and how a
//! message names a plan ("16/KH-UBND", "KH 16", "kế hoạch giảm nghèo").

use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use chrono::NaiveDate;

use crate::nlu::Nlu;
use crate::plan::{PlanIndex, PlanTimeline, TimelineError};
use crate::store::{Store, StoreError};
use crate::text::fold;

#[derive(Debug, thiserror::Error)]
pub enum PlansError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("there is no plan in service in the database (load one with `phoihop seed DIR`)")]
    NoPlan,
    #[error("there is no plan “{wanted}” in the database (plans: {known})")]
    NoSuchPlan { wanted: String, known: String },
    #[error("the stored plan “{plan}” does not hold together: {source}")]
    Timeline {
        plan: String,
        #[source]
        source: TimelineError,
    },
}

impl PlansError {
    /// Whether trying again later can help (the database was away).
    pub fn is_transient(&self) -> bool {
        matches!(self, Self::Store(e) if e.is_transient())
    }
}

/// One plan as the bot serves it.
pub struct ServedPlan {
    pub timeline: Arc<PlanTimeline>,
    /// The understanding of each version, in the timeline's order.
    nlus: Vec<Nlu>,
    /// How a message may name the plan, folded (no diacritics, lower case), longest first.
    names: Vec<String>,
}

impl ServedPlan {
    pub fn new(timeline: Arc<PlanTimeline>) -> Self {
        let nlus = timeline.versions().iter().map(|v| Nlu::for_version(v)).collect();
        let names = names_of(&timeline);
        Self { timeline, nlus, names }
    }

    pub fn id(&self) -> &str {
        self.timeline.id()
    }

    pub fn catalog(&self) -> &str {
        &self.timeline.bundle().catalog.id
    }

    pub fn at(&self, day: NaiveDate) -> &PlanIndex {
        self.timeline.at(day)
    }

    pub fn nlu_on(&self, day: NaiveDate) -> &Nlu {
        &self.nlus[self.timeline.position(day)]
    }
}

/// Every plan served, in the order answers list them (by issue date, then code).
pub struct Plans {
    list: Vec<Arc<ServedPlan>>,
    /// The positions of each catalog's plans, in order: looked up for every message.
    by_catalog: std::collections::HashMap<String, Vec<usize>>,
}

impl Plans {
    pub fn new(timelines: impl IntoIterator<Item = PlanTimeline>) -> Self {
        let mut list: Vec<Arc<ServedPlan>> =
            timelines.into_iter().map(|t| Arc::new(ServedPlan::new(Arc::new(t)))).collect();
        list.sort_by(|a, b| {
            let (a, b) = (&a.timeline.bundle().plan.meta, &b.timeline.bundle().plan.meta);
            (a.issued, &a.code, &a.id).cmp(&(b.issued, &b.code, &b.id))
        });
        let mut by_catalog: std::collections::HashMap<String, Vec<usize>> = std::collections::HashMap::new();
        for (i, plan) in list.iter().enumerate() {
            by_catalog.entry(plan.catalog().to_string()).or_default().push(i);
        }
        Self { list, by_catalog }
    }

    pub fn one(timeline: PlanTimeline) -> Self {
        Self::new([timeline])
    }

    /// Every plan in service in the store (not retired), or only `wanted`, each through time.
    pub async fn load(store: &dyn Store, wanted: Option<&str>) -> Result<Self, PlansError> {
        let overview = store.plan_overview().await?;
        let in_service: Vec<&str> = overview.iter().filter(|p| p.retired_at.is_none()).map(|p| p.id.as_str()).collect();
        let ids: Vec<&str> = match wanted {
            Some(id) if in_service.contains(&id) => vec![id],
            Some(id) => {
                return Err(PlansError::NoSuchPlan { wanted: id.to_string(), known: in_service.join(", ") });
            }
            None if in_service.is_empty() => return Err(PlansError::NoPlan),
            None => in_service,
        };
        let mut timelines = Vec::with_capacity(ids.len());
        for id in ids {
            let bundle = store.load_plan(Some(id)).await?.ok_or(PlansError::NoPlan)?;
            let timeline =
                PlanTimeline::new(bundle).map_err(|source| PlansError::Timeline { plan: id.to_string(), source })?;
            timelines.push(timeline);
        }
        Ok(Self::new(timelines))
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub fn get(&self, i: usize) -> &Arc<ServedPlan> {
        &self.list[i]
    }

    pub fn iter(&self) -> impl Iterator<Item = &Arc<ServedPlan>> {
        self.list.iter()
    }

    pub fn position(&self, id: &str) -> Option<usize> {
        self.list.iter().position(|p| p.id() == id)
    }

    /// The catalogs of the plans served, each once, in a stable order.
    pub fn catalogs(&self) -> Vec<&str> {
        let mut catalogs: Vec<&str> = self.by_catalog.keys().map(String::as_str).collect();
        catalogs.sort_unstable();
        catalogs
    }

    /// The positions of the plans of a catalog, in order.
    pub fn of_catalog(&self, catalog: &str) -> Vec<usize> {
        self.by_catalog.get(catalog).cloned().unwrap_or_default()
    }

    /// The plan a message is about, when it can only be one: the one it names, else the only one with
    /// every task it cites, else the only one served; and the message without the plan's name.
    pub fn meant_by(&self, text: &str, today: NaiveDate) -> (Option<usize>, String) {
        let all: Vec<usize> = (0..self.list.len()).collect();
        if let Some((i, rest)) = self.named_in(text, &all) {
            return (Some(i), rest);
        }
        if self.list.len() == 1 {
            return (Some(0), text.to_string());
        }
        let u = self.list[0].nlu_on(today).understand(text);
        let refs: Vec<_> =
            u.reports.iter().filter_map(|r| r.task).chain(u.task).filter_map(crate::nlu::RefSlot::exact).collect();
        let with_all: Vec<usize> = all
            .into_iter()
            .filter(|&i| !refs.is_empty() && refs.iter().all(|r| self.list[i].at(today).task(*r).is_some()))
            .collect();
        (if let [one] = with_all.as_slice() { Some(*one) } else { None }, text.to_string())
    }

    /// The plans among `among` (one catalog's) that a coordinator chat of `agency` coordinates: its one
    /// plan if it was bound for one, else those whose coordinator is `agency` today — or all of them, for
    /// a chat set up to watch them all.
    pub fn coordinated_by(&self, among: &[usize], agency: &str, plan: Option<&str>, today: NaiveDate) -> Vec<usize> {
        if let Some(i) = plan.and_then(|id| self.position(id)).filter(|i| among.contains(i)) {
            return vec![i];
        }
        let own: Vec<usize> =
            among.iter().copied().filter(|&i| self.list[i].at(today).plan().meta.coordinator == agency).collect();
        if own.is_empty() { among.to_vec() } else { own }
    }

    /// The plan a message names among `among`, and the message without the words that named it. A name
    /// that fits several plans names none of them; the longest name wins ("kế hoạch 16" over "kh 16").
    pub fn named_in(&self, text: &str, among: &[usize]) -> Option<(usize, String)> {
        let words: Vec<&str> = text.split_whitespace().collect();
        // Each folded token, with the typed word it came from.
        let tokens: Vec<(String, usize)> = words
            .iter()
            .enumerate()
            .flat_map(|(k, w)| {
                fold(w).split(' ').filter(|t| !t.is_empty()).map(|t| (t.to_string(), k)).collect::<Vec<_>>()
            })
            .collect();
        let mut best: Option<(usize, std::ops::Range<usize>, usize)> = None;
        let mut tied = false;
        for &i in among {
            let Some((span, len)) =
                self.list[i].names.iter().find_map(|n| find_tokens(&tokens, n).map(|r| (r, n.len())))
            else {
                continue;
            };
            match &best {
                Some((_, _, l)) if *l > len => {}
                Some((_, _, l)) if *l == len => tied = true,
                _ => {
                    best = Some((i, span, len));
                    tied = false;
                }
            }
        }
        let (i, span, _) = best.filter(|_| !tied)?;
        let (first, last) = (tokens[span.start].1, tokens[span.end - 1].1);
        let kept: Vec<&str> = words[..first].iter().chain(&words[last + 1..]).copied().collect();
        let kept = kept.join(" ");
        let kept = kept.trim_matches(|c: char| c.is_whitespace() || matches!(c, ':' | ',' | '-' | '—' | '[' | ']'));
        Some((i, kept.to_string()))
    }
}

/// Where the words of `name` follow one another among `tokens`.
fn find_tokens(tokens: &[(String, usize)], name: &str) -> Option<std::ops::Range<usize>> {
    let wanted: Vec<&str> = name.split(' ').collect();
    (0..tokens.len().saturating_sub(wanted.len() - 1))
        .find(|&k| wanted.iter().enumerate().all(|(j, w)| tokens.get(k + j).is_some_and(|(t, _)| t == w)))
        .map(|k| k..k + wanted.len())
}

/// The plans in service while serving: loaded again when the store says they changed (`phoihop seed`
/// or `phoihop plan retire` while `serve` runs), looked at no more than once a second.
pub struct LivePlans {
    current: RwLock<Arc<Plans>>,
    checked: tokio::sync::Mutex<(String, Instant)>,
}

const RECHECK: Duration = Duration::from_secs(1);

impl LivePlans {
    pub async fn load(store: &dyn Store) -> Result<Self, PlansError> {
        let stamp = store.plans_stamp().await?;
        let plans = Plans::load(store, None).await?;
        Ok(Self { current: RwLock::new(Arc::new(plans)), checked: tokio::sync::Mutex::new((stamp, Instant::now())) })
    }

    pub fn current(&self) -> Arc<Plans> {
        self.current.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// The plans, loaded again first if they changed. A failure keeps the plans served so far.
    pub async fn refresh(&self, store: &dyn Store) -> Arc<Plans> {
        let mut checked = self.checked.lock().await;
        if checked.1.elapsed() < RECHECK {
            return self.current();
        }
        checked.1 = Instant::now();
        let stamp = match store.plans_stamp().await {
            Ok(stamp) if stamp == checked.0 => return self.current(),
            Ok(stamp) => stamp,
            Err(e) => {
                tracing::warn!(error = %e, "cannot look whether the plans changed");
                return self.current();
            }
        };
        match Plans::load(store, None).await {
            Ok(plans) => {
                tracing::info!(plans = plans.len(), "the plans changed; serving them as they are now");
                let plans = Arc::new(plans);
                *self.current.write().unwrap_or_else(|e| e.into_inner()) = plans.clone();
                checked.0 = stamp;
                plans
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot load the changed plans; serving the ones loaded before");
                self.current()
            }
        }
    }
}

/// The folded names of a plan: its code ("16/kh-ubnd"), "kh 16", "ke hoach 16", "ke hoach so 16", its
/// short title, and "kế hoạch" / "chương trình" / "kh" followed by any run of two or more of its words.
fn names_of(timeline: &PlanTimeline) -> Vec<String> {
    let meta = &timeline.bundle().plan.meta;
    let code = fold(&meta.code);
    let mut names = vec![code.clone()];
    let number = code.split('/').next().unwrap_or_default().trim().to_string();
    if !number.is_empty() && number.chars().all(|c| c.is_ascii_digit()) {
        for lead in ["ke hoach so", "ke hoach", "kh so", "kh"] {
            names.push(format!("{lead} {number}"));
        }
        names.push(format!("kh{number}"));
    }
    if let Some(short) = meta.short_title.as_deref() {
        let short = fold(short);
        // "Giảm nghèo bền vững đến năm 2030": also "kế hoạch giảm nghèo", the words before any year.
        let words: Vec<&str> = short.split_whitespace().collect();
        let cut = words.iter().position(|w| matches!(*w, "den" | "giai" | "nam")).unwrap_or(words.len());
        names.push(short.clone());
        // Any run of two or more of those words after "kế hoạch" / "chương trình" / "kh": "kế hoạch nông
        // thôn mới" for "Xây dựng nông thôn mới …".
        let core = &words[..cut];
        for from in 0..core.len() {
            for to in from + 2..=core.len() {
                let run = core[from..to].join(" ");
                for lead in ["ke hoach", "chuong trinh", "kh"] {
                    names.push(format!("{lead} {run}"));
                }
            }
        }
    }
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    names.dedup();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plan_named_by_its_code_or_title() {
        let bundle = crate::plan::seed::bundled().unwrap();
        let plans = Plans::one(PlanTimeline::new(bundle).unwrap());
        for (text, rest) in [
            ("nhiệm vụ của tôi trong kế hoạch 16", "nhiệm vụ của tôi trong"),
            ("KH 16: cập nhật III.2 đạt 80%", "cập nhật III.2 đạt 80%"),
            ("việc nào quá hạn của 16/KH-UBND", "việc nào quá hạn của"),
            ("tổng hợp kế hoạch giảm nghèo", "tổng hợp"),
            ("ke hoach giam ngheo ben vung: viec nao qua han", "viec nao qua han"),
            ("việc nào quá hạn trong kế hoạch bền vững", "việc nào quá hạn trong"),
        ] {
            let (i, left) = plans.named_in(text, &[0]).unwrap_or_else(|| panic!("{text}"));
            assert_eq!((i, left.as_str()), (0, rest), "{text}");
        }
        for text in ["cập nhật III.2 đạt 16%", "kế hoạch năm 2026", "khoa học 16", "nhiệm vụ 16"] {
            assert!(plans.named_in(text, &[0]).is_none(), "{text}");
        }
    }
}
