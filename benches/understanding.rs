//! How fast one message is understood: the work done for every message before any database call.
//!
//! `cargo bench --bench understanding`; messages per second = 1 / the time per message reported.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use phoihop::nlu::Nlu;
use phoihop::plan::{PlanTimeline, seed};

/// A realistic mix: questions, reports, searches, small talk, with and without diacritics.
const MESSAGES: &[&str] = &[
    "nhiệm vụ của tôi",
    "nhiem vu cua toi",
    "cập nhật III.2: đã trình UBND tỉnh, đạt 80%",
    "III.8 40% đang rà soát quỹ đất",
    "việc nào quá hạn",
    "tìm nhiệm vụ về hợp tác xã",
    "nhiệm vụ của Sở Y tế",
    "so tttt co nhiem vu gi",
    "đơn vị nào chưa báo cáo",
    "tình hình chung thế nào",
    "nhiệm vụ 2 mục III",
    "cảm ơn nhé 👍",
];

fn understanding(c: &mut Criterion) {
    let bundle = seed::bundled().expect("the bundled plan loads");
    // The plan as it stands today, as the bot reads messages: 138 agencies (the communes included)
    // whose names are ranked for the day.
    let timeline = PlanTimeline::new(bundle.clone()).expect("the bundled plan holds together");
    let today = timeline.versions().last().expect("a plan has a version").clone();
    let nlu = Nlu::for_version(&today);
    let mut group = c.benchmark_group("understand");
    group.throughput(Throughput::Elements(MESSAGES.len() as u64));
    group.bench_function("mix of 12 messages", |b| {
        b.iter(|| {
            for m in MESSAGES {
                black_box(nlu.understand(black_box(m)));
            }
        })
    });
    group.finish();

    c.bench_function("build the plan's understanding (once per version)", |b| {
        b.iter(|| black_box(Nlu::for_version(&today)))
    });
}

criterion_group!(benches, understanding);
criterion_main!(benches);
