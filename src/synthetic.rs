//! Synthetic workloads for benchmarks and load tests: national-scale plans and years of reports
//! (`phoihop bench-data`), and chats bound to agencies that have work to report on. Deterministic: the
//! same scale gives the same data.

use chrono::{DateTime, TimeDelta, Utc};

use crate::chat::{ChatBinding, ChatKey};
use crate::clock::local_date;
use crate::plan::seed::{self, SeedFile};
use crate::plan::{PlanBundle, PlanIndex};
use crate::progress::{NewReport, Status};
use crate::store::{Store, StoreError};

/// How big the synthetic country is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scale {
    pub provinces: usize,
    pub tasks: usize,
    pub agencies: usize,
    /// Reports over all provinces, spread over the two years before "now".
    pub reports: usize,
}

impl Scale {
    /// 34 provinces, each with a plan of 1,000 tasks over 100 agencies; a million reports in two years.
    pub const NATIONAL: Scale = Scale { provinces: 34, tasks: 1000, agencies: 100, reports: 1_000_000 };
}

/// The id of province `n`'s plan (1-based); a database with plan 1 holds synthetic data already.
pub fn plan_id(n: usize) -> String {
    format!("kh-{n:02}")
}

/// SplitMix64: a small, fast, well-mixed generator; the data only has to look varied and be repeatable.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Sections are numbered as in real plans: I … X.
const SECTIONS: [&str; 10] = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"];
const TOPICS: &[&str] = &[
    "hỗ trợ sinh kế cho hộ nghèo",
    "đào tạo nghề cho lao động nông thôn",
    "hỗ trợ nhà ở cho hộ nghèo",
    "nâng cao chất lượng dịch vụ y tế cơ sở",
    "phát triển hợp tác xã nông nghiệp",
    "truyền thông về giảm nghèo bền vững",
    "hỗ trợ học sinh vùng khó khăn",
    "nước sạch và vệ sinh môi trường nông thôn",
    "chuyển đổi số trong quản lý giảm nghèo",
    "tín dụng ưu đãi cho hộ cận nghèo",
];

/// The plan of province `n` (1-based) as seed files would hold it: its own catalog of agencies and a
/// plan whose tasks each have one or two leads and two supporting agencies.
pub fn province(n: usize, scale: Scale) -> PlanBundle {
    let mut rng = Rng(n as u64);
    let mut catalog = format!("[catalog]\nid = \"tinh-{n:02}\"\nname = \"Tỉnh số {n}\"\n");
    for a in 1..=scale.agencies {
        catalog.push_str(&format!(
            "\n[[agency]]\ncode = \"cq{a:03}\"\nname = \"Sở thử nghiệm số {a}\"\nkind = \"department\"\naliases = [\"CQ{a}\"]\n"
        ));
    }
    let mut plan = format!(
        "[plan]\nid = \"{}\"\ncatalog = \"tinh-{n:02}\"\ncode = \"{n}/KH-UBND\"\n\
         title = \"Kế hoạch giảm nghèo bền vững của tỉnh số {n}\"\nissuer = \"UBND tỉnh\"\nissued = 2022-01-15\n\
         coordinator = \"cq001\"\nends = 2030\n",
        plan_id(n)
    );
    for (i, s) in SECTIONS.iter().enumerate() {
        plan.push_str(&format!("\n[[section]]\nid = \"{s}\"\ntitle = \"Nhóm nhiệm vụ {}\"\n", i + 1));
    }
    let per_section = scale.tasks.div_ceil(SECTIONS.len());
    for t in 0..scale.tasks {
        let agency = |rng: &mut Rng| format!("\"cq{:03}\"", 1 + rng.below(scale.agencies));
        let mut lead = vec![agency(&mut rng)];
        if rng.below(4) == 0 {
            lead.push(agency(&mut rng));
        }
        lead.dedup();
        let support: Vec<String> = (0..2).map(|_| agency(&mut rng)).filter(|a| !lead.contains(a)).collect::<Vec<_>>();
        let mut support = support;
        support.dedup();
        let timeframe =
            ["Hàng năm", "Năm 2025", "Giai đoạn 2021-2025 và giai đoạn 2026-2030", "Định kỳ 02 năm"][rng.below(4)];
        plan.push_str(&format!(
            "\n[[task]]\nref = \"{}.{}\"\ntitle = \"{} (nhiệm vụ {})\"\nlead = [{}]\nsupport = [{}]\n\
             product = \"Báo cáo kết quả\"\ntimeframe = \"{timeframe}\"\n",
            SECTIONS[t / per_section],
            t % per_section + 1,
            TOPICS[t % TOPICS.len()],
            t + 1,
            lead.join(", "),
            support.join(", "),
        ));
    }
    let name = std::path::Path::new("synthetic");
    seed::parse(SeedFile { name, text: &catalog }, SeedFile { name, text: &plan })
        .expect("the synthetic plan is well formed")
}

/// `count` reports on a plan, spread evenly over the two years before `now`, oldest first: each by a
/// lead or supporting agency of its task, with status and percentage moving the way real ones do.
pub fn reports(bundle: &PlanBundle, count: usize, now: DateTime<Utc>, seed: u64) -> Vec<NewReport> {
    let index = PlanIndex::new(bundle.clone());
    let plan = &bundle.plan;
    let mut rng = Rng(seed);
    let span = TimeDelta::days(730);
    let step = span / i32::try_from(count.max(1)).unwrap_or(i32::MAX);
    let start = now - span;
    let agencies: Vec<&str> = bundle.catalog.agencies().iter().map(|a| a.code.as_str()).collect();
    // Who has a part in each task, worked out once.
    let mut holders: Vec<Vec<(usize, crate::plan::Role)>> = vec![Vec::new(); plan.tasks.len()];
    for (n, code) in agencies.iter().enumerate() {
        for a in index.assignments(code) {
            holders[a.task].push((n, a.role));
        }
    }
    let mut out = Vec::with_capacity(count);
    for i in 0..count {
        let task_index = rng.below(plan.tasks.len());
        let task = &plan.tasks[task_index];
        let task_holders = &holders[task_index];
        let Some(&(agency_n, role)) = task_holders.get(rng.below(task_holders.len())) else { continue };
        let agency = agencies[agency_n];
        let at = start + step * i32::try_from(i).unwrap_or(i32::MAX);
        let status = match rng.below(20) {
            0 => Status::Blocked,
            1..=3 => Status::Done,
            4 => Status::NotStarted,
            _ => Status::InProgress,
        };
        let percent = match status {
            Status::Done => Some(100),
            Status::NotStarted => Some(0),
            _ => Some((10 + rng.below(85)) as u8),
        };
        out.push(NewReport {
            plan_id: plan.meta.id.clone(),
            task: task.reference,
            agency: agency.to_string(),
            role,
            period: plan.period_at(task, local_date(at)).key,
            status,
            percent,
            note: (status == Status::Blocked).then(|| "vướng mắc về kinh phí".to_string()),
            chat: ChatKey::new("telegram", format!("-{}", 1000 + agency_n)),
            user_id: "0".into(),
            user_name: "Đầu mối".into(),
            message_id: None,
            at,
            evidence: None,
            source: None,
            stated_on: None,
            proxy: None,
            expected: None,
            confirmed_by: None,
            review: None,
            review_note: None,
        });
    }
    out
}

/// Fills a database with `scale`: every province's plan, then its share of the reports in batches.
/// Returns the number of reports written.
pub async fn fill(
    store: &dyn Store,
    scale: Scale,
    now: DateTime<Utc>,
    progress: impl Fn(usize, usize),
) -> Result<usize, StoreError> {
    let mut written = 0;
    for n in 1..=scale.provinces {
        let bundle = province(n, scale);
        store.save_plan(&bundle).await?;
        let share = scale.reports / scale.provinces + usize::from(n <= scale.reports % scale.provinces);
        let reports = reports(&bundle, share, now, n as u64 * 7919);
        for chunk in reports.chunks(10_000) {
            written += store.add_reports(chunk).await? as usize;
        }
        progress(n, written);
    }
    Ok(written)
}

/// Binds `count` chats (ids from `first`, platform Telegram) to agencies that have a part in some task
/// of this version of a plan, straight in the database; returns each chat with the first task its agency
/// has.
pub async fn bind_chats(
    store: &dyn Store,
    index: &PlanIndex,
    first: i64,
    count: i64,
) -> Result<Vec<(i64, String)>, StoreError> {
    let catalog = index.catalog();
    let agencies: Vec<(String, String)> = catalog
        .agencies()
        .iter()
        .filter(|a| index.in_force(&a.code))
        .filter_map(|a| {
            let first = index.assignments(&a.code).first()?;
            Some((a.code.clone(), index.task_at(first.task).reference.to_string()))
        })
        .collect();
    let mut chats = Vec::new();
    for n in 0..count {
        let (agency, task) = &agencies[usize::try_from(n).unwrap_or(0) % agencies.len()];
        let chat = first + n;
        let binding = ChatBinding {
            chat: ChatKey::new("telegram", chat.to_string()),
            catalog: catalog.id.clone(),
            agency: agency.clone(),
            coordinator: false,
            plan: None,
            bound_at: Utc::now(),
        };
        store.bind_chat(&binding).await?;
        chats.push((chat, task.clone()));
    }
    Ok(chats)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_country_is_well_formed_and_repeatable() {
        let scale = Scale { provinces: 2, tasks: 30, agencies: 8, reports: 100 };
        let bundle = province(1, scale);
        assert_eq!((bundle.plan.tasks.len(), bundle.catalog.agencies().len()), (30, 8));
        assert_eq!(bundle, province(1, scale));
        let now = Utc::now();
        let reports = reports(&bundle, 50, now, 7);
        assert_eq!(reports.len(), 50);
        assert!(reports.windows(2).all(|w| w[0].at <= w[1].at) && reports[0].at >= now - TimeDelta::days(730));
        let index = PlanIndex::new(bundle.clone());
        for r in &reports {
            let task = index.task_index(r.task).unwrap();
            assert!(index.role_in(&r.agency, task).is_some(), "{} has no part in {}", r.agency, r.task);
        }
    }
}
