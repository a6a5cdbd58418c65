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

/// Reports as officials write them: several per message, negations, senders, days.
const OFFICIAL: &[&str] = &[
    "I.1 xong; I.2 đạt 60%; II.1 vướng kinh phí",
    "Kính gửi Sở, Công an tỉnh xin báo cáo III.5 đạt 30%",
    "cập nhật III.5 không kịp xong vì thiếu người",
    "cập nhật III.9: đạt 60%, không phát sinh trở ngại",
    "IV.1: mở được 4 lớp dạy nghề, 120 học viên",
    "III.8 đạt 70%, phấn đấu xong vào 20/12",
    "cập nhật III.3: đã hoàn thành ngày 20/12/2025",
    "báo cáo việc tuyên truyền: đã xong",
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
    group.throughput(Throughput::Elements(OFFICIAL.len() as u64));
    group.bench_function("8 reports as officials write them", |b| {
        b.iter(|| {
            for m in OFFICIAL {
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
