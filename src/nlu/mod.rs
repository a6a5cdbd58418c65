//! Understanding what a focal point typed: the intent, and the task, agency, percentage, status, note or
//! topic it names.
//!
//! Matching runs on folded words with abbreviations expanded (see [`words`]), so "nhiem vu cua toi",
//! "nv của tôi" and "Nhiệm vụ của tôi?" are the same question. [`Nlu`] is built once per plan; reading
//! a message never touches the database.

pub mod agency;
pub mod clause;
pub mod command;
pub mod report;
pub mod search;
pub mod task_ref;
pub mod when;
pub mod words;

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::Serialize;

use crate::plan::{PlanBundle, PlanIndex};
use crate::progress::Status;
pub use search::Hit;
pub use task_ref::RefSlot;
pub use when::StatedDay;
use words::{Words, analyse};

/// What the person wants. The names are an interface (`phoihop nlu --json`, the test corpus).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Intent {
    MyTasks,
    AgencyTasks,
    TaskDetail,
    Search,
    Overdue,
    /// "việc nào sắp đến hạn": open tasks whose deadline is near.
    DueSoon,
    /// "việc nào đang vướng mắc": the obstacles reported now.
    Blocked,
    NotReported,
    /// "ai đã báo cáo": the agencies that reported within the window, and when.
    Reported,
    Summary,
    Update,
    /// "hoàn tác", `/hoantac`: retract the chat's latest report.
    Undo,
    /// "lịch sử III.2", `/lichsu III.2`: a task's reports.
    History,
    /// "xác nhận", `/xacnhan`: record the report waiting for confirmation.
    Confirm,
    /// "hủy", `/huy`: drop it.
    Cancel,
    /// `/xuat`, "xuất excel": the progress spreadsheet.
    Export,
    /// `/baocao 2026`, "báo cáo định kỳ": the periodic report of a term (the term in `query`).
    PeriodicReport,
    /// `/xacnhan 12`, `/tralai 12 lý do`: the coordinator's review of a result reported done.
    Review,
    Help,
    Unknown,
}

impl Intent {
    pub const ALL: [Intent; 20] = [
        Intent::MyTasks,
        Intent::AgencyTasks,
        Intent::TaskDetail,
        Intent::Search,
        Intent::Overdue,
        Intent::DueSoon,
        Intent::Blocked,
        Intent::NotReported,
        Intent::Reported,
        Intent::Summary,
        Intent::Update,
        Intent::Undo,
        Intent::History,
        Intent::Confirm,
        Intent::Cancel,
        Intent::Export,
        Intent::PeriodicReport,
        Intent::Review,
        Intent::Help,
        Intent::Unknown,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Intent::MyTasks => "my_tasks",
            Intent::AgencyTasks => "agency_tasks",
            Intent::TaskDetail => "task_detail",
            Intent::Search => "search",
            Intent::Overdue => "overdue",
            Intent::DueSoon => "due_soon",
            Intent::Blocked => "blocked",
            Intent::NotReported => "not_reported",
            Intent::Reported => "reported",
            Intent::Summary => "summary",
            Intent::Update => "update",
            Intent::Undo => "undo",
            Intent::History => "history",
            Intent::Confirm => "confirm",
            Intent::Cancel => "cancel",
            Intent::Export => "export",
            Intent::PeriodicReport => "periodic_report",
            Intent::Review => "review",
            Intent::Help => "help",
            Intent::Unknown => "unknown",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|i| i.as_str() == s)
    }
}

/// Small talk gets a friendlier answer than "I did not understand".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmallTalk {
    Greeting,
    Thanks,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Understanding {
    pub intent: Intent,
    pub task: Option<RefSlot>,
    pub percent: Option<i64>,
    pub status: Option<Status>,
    pub agency: Option<String>,
    pub note: Option<String>,
    pub query: Option<String>,
    /// For an update: the words after the command and the reference, to ask again with a reference.
    pub rest: Option<String>,
    /// `/hoantac 12`: the report an undo button names.
    pub report_id: Option<i64>,
    /// What names something the bot does not know, answered, never guessed: a command's argument that is
    /// not what the command takes (`/hoantac abc`), a report's sender not in the catalog ("Phòng Nội vụ
    /// huyện xin báo cáo …").
    pub unreadable: Option<String>,
    /// The slash command the message was, if it was one.
    pub command: Option<command::Command>,
    pub small_talk: Option<SmallTalk>,
    /// For an update: the day the reported state held, when the message says.
    pub held: Option<StatedDay>,
    /// For an update: the agency it is entered for ("ghi nhận thay Sở Y tế: …").
    pub on_behalf: Option<OnBehalf>,
    /// For an update: every report the message makes, the first one also in the fields above.
    pub reports: Vec<ReportSlots>,
    /// For a review: the decision (`report_id` is the result, `note` the reason of a return).
    pub review: Option<crate::progress::Review>,
    /// The person asks about their own agency ("việc nào của tôi sắp đến hạn"): whose it is, only the
    /// chat knows.
    pub own: bool,
}

/// One report of a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportSlots {
    pub task: Option<RefSlot>,
    pub percent: Option<i64>,
    pub status: Option<Status>,
    pub note: Option<String>,
    /// The day the state held, when said.
    pub held: Option<StatedDay>,
    /// The day the work is expected done, when said.
    pub expected: Option<StatedDay>,
    /// The agency the message names as this report's sender ("Sở Y tế báo cáo: …").
    pub sender: Option<String>,
}

/// A report entered for another agency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OnBehalf {
    Agency(String),
    /// "ghi nhận thay" without an agency the bot knows.
    Unnamed,
}

impl Understanding {
    fn new(intent: Intent) -> Self {
        Self {
            intent,
            task: None,
            percent: None,
            status: None,
            agency: None,
            note: None,
            query: None,
            rest: None,
            report_id: None,
            unreadable: None,
            command: None,
            small_talk: None,
            held: None,
            on_behalf: None,
            reports: Vec::new(),
            review: None,
            own: false,
        }
    }
}

/// The understanding of one plan: its agencies' names and a search index over its tasks.
#[derive(Debug)]
pub struct Nlu {
    agencies: agency::AgencyMatcher,
    search: search::SearchIndex,
}

const UPDATE_WORDS: &[&str] = &["cap nhat", "cap nhap", "bao cao", "update", "report", "tien do", "gui"];
/// A report entered for another agency, by the coordinator: "ghi nhận thay Sở Y tế: III.8 đạt 50%".
const ON_BEHALF: &[&str] = &[
    "ghi nhan thay cho",
    "ghi nhan thay",
    "bao cao thay cho",
    "bao cao thay",
    "cap nhat thay cho",
    "cap nhat thay",
    "nhap thay cho",
    "nhap thay",
    "ghi thay",
];
/// Words before a report's command or task that say nothing of it: politeness, and "về" ("Về nhiệm vụ
/// I.3, …").
const POLITE_OPENERS: &[&str] =
    &["em", "xin", "toi", "minh", "kinh", "gui", "da", "xin phep", "chao", "anh", "chi", "ve"];
/// Words that end a question: "… chưa", "… không", and the particles after them ("… chưa vậy", "… chưa hả").
const QUESTION_ENDINGS: &[&str] = &["chua", "khong", "gi", "nao", "sao", "a", "nhi", "the", "vay", "ha", "ho"];
const QUESTION_PHRASES: &[&str] =
    &["the nao", "ra sao", "bao nhieu", "o dau", "khi nao", "la gi", "nhu the nao", "ai", "co phai"];
/// "ai đã báo cáo", "cơ quan nào đã gửi báo cáo": who has reported (a reference makes it a report).
const REPORTED: &[&str] = &[
    "ai da bao cao",
    "ai da gui bao cao",
    "ai da nop bao cao",
    "ai da cap nhat",
    "ai bao cao roi",
    "ai cap nhat roi",
    "nhung ai da",
    "co quan nao da bao cao",
    "co quan nao da gui",
    "co quan nao da cap nhat",
    "don vi nao da bao cao",
    "don vi nao da gui",
    "don vi nao da cap nhat",
    "nhung co quan da bao cao",
    "nhung don vi da bao cao",
    "cac co quan da bao cao",
    "cac don vi da bao cao",
    "ben nao da bao cao",
    "so nao da bao cao",
    "who reported",
    "who has reported",
];

const NOT_REPORTED: &[&str] = &[
    "chua bao cao",
    "chua cap nhat",
    "chua cap nhap",
    "chua gui bao cao",
    "chua nop bao cao",
    "chua co bao cao",
    "chua gui",
    "chua nop",
    "khong bao cao",
    "chua phan hoi",
    "chua tra loi",
    "bao cao chua",
    "cap nhat chua",
    "not reported",
    "ai chua",
    "don vi nao chua",
    "co quan nao chua",
    "chua ai bao cao",
    "cham bao cao",
    "tre bao cao",
    "im lang",
];
/// With an obstacle word (`report::names_an_obstacle`), a question about obstacles ("việc nào đang vướng
/// mắc", "danh sách nhiệm vụ gặp khó khăn"); said after a task, the same words are a report instead.
const WHICH: &[&str] = &["nao", "danh sach", "nhung", "cac", "bao nhieu", "which"];
/// Asked before [`OVERDUE`]: "sắp hết hạn" holds "hết hạn".
const DUE_SOON: &[&str] = &[
    "sap den han",
    "sap het han",
    "sap toi han",
    "gan den han",
    "gan het han",
    "sap dao han",
    "han sap toi",
    "han gan nhat",
    "due soon",
];
const OVERDUE: &[&str] = &[
    "qua han",
    "tre han",
    "cham tien do",
    "tre tien do",
    "het han",
    "qua thoi han",
    "tre hen",
    "lo han",
    "bi tre",
    "bi cham",
    "cham tre",
    "tre",
    "overdue",
    "late",
];
const SUMMARY: &[&str] = &[
    "tong hop",
    "tinh hinh chung",
    "tien do chung",
    "tong quan",
    "thong ke",
    "summary",
    "overview",
    "tinh hinh thuc hien",
    "tien do thuc hien",
    "tien do ke hoach",
    "bao cao tuan",
    "ket qua chung",
    "ket qua thuc hien",
    "bao nhieu nhiem vu",
    "so lieu",
    "tien do",
    "tinh hinh",
];
const SEARCH_STARTS: &[&str] = &["tim kiem", "tim", "tra cuu", "search", "find", "loc"];
const SEARCH_MARKERS: &[&str] = &[
    "lien quan den",
    "lien quan toi",
    "lien quan",
    "noi ve",
    "nhiem vu ve",
    "viec ve",
    "nhiem vu nao ve",
    "nao ve",
    "cong viec ve",
    "ve linh vuc",
    "ve van de",
];
/// Words between the search trigger and the topic.
const SEARCH_FILLER: &[&str] = &[
    "cac", "nhung", "nhiem", "vu", "nao", "ve", "lien", "quan", "den", "toi", "giup", "cho", "linh", "vuc", "van",
    "de", "noi",
];
/// Filler only before more filler: "việc về HTX", "có nhiệm vụ nào", but "việc làm", "cơ sở dữ liệu".
const SEARCH_FILLER_BEFORE_FILLER: &[&str] = &["viec", "cong", "co"];
/// Question words that end a topic: "có nhiệm vụ nào về nước sạch không".
const QUERY_TAIL: &[&str] = &["khong", "chua", "nao", "gi", "a", "nhi", "vay", "the", "ha"];
const OWN: &[&str] = &[
    "cua toi",
    "cua minh",
    "cua chung toi",
    "cua don vi",
    "cua em",
    "cua so minh",
    "cua co quan",
    "cua ben minh",
    "cua ben em",
    "don vi toi",
    "don vi minh",
    "co quan toi",
    "co quan minh",
    "ben minh",
    "ben em",
    "toi phai",
    "minh phai",
    "em phai",
    "chung toi",
    "so minh",
    "so em",
    "so toi",
    "huyen minh",
    "huyen em",
    "don vi em",
    "toi phu trach",
    "minh phu trach",
    "em phu trach",
    "toi can lam",
    "minh can lam",
    "em can lam",
    "my tasks",
    "my task",
];
/// Asking for one's own list without saying whose: "danh sách việc phải làm", "nhiệm vụ được giao".
const MY_LIST: &[&str] = &[
    "viec phai lam",
    "viec can lam",
    "nhiem vu phai lam",
    "nhiem vu can lam",
    "danh sach viec",
    "danh sach nhiem vu",
    "viec duoc giao",
    "nhiem vu duoc giao",
];
const TASK_WORDS: &[&str] = &[
    "nhiem vu",
    "viec",
    "cong viec",
    "lam gi",
    "phu trach",
    "duoc giao",
    "giao",
    "chu tri",
    "phoi hop",
    "tasks",
    "task",
];
const HELP: &[&str] = &[
    "huong dan",
    "tro giup",
    "help",
    "giup do",
    "giup toi",
    "giup minh",
    "giup em",
    "lam the nao",
    "cach dung",
    "dung the nao",
    "lam sao",
    "menu",
    "co the lam gi",
    "lam duoc gi",
    "lam duoc nhung gi",
    "go lenh",
    "danh sach lenh",
    "hoi bot",
    "hoi duoc gi",
    "hoi nhung gi",
    "go nhung gi",
    "go gi",
    "cu phap",
    "cac lenh",
    "nhung lenh",
    "lenh nao",
    "hoi gi",
];
const UNDO: &[&str] = &["hoan tac", "undo", "huy bao cao", "rut lai bao cao", "xoa bao cao", "bo bao cao vua"];
const HISTORY: &[&str] = &["lich su", "history", "cac lan bao cao", "nhung lan cap nhat"];
/// The periodic report as a document, not a progress report: asked for by these words, never with a task.
const PERIODIC: &[&str] = &[
    "bao cao dinh ky",
    "bao cao so ket",
    "bao cao tong ket",
    "xuat word",
    "file word",
    "tep word",
    "ban word",
    "bao cao word",
];
const EXPORT: &[&str] = &["xuat excel", "xuat file", "file excel", "tep excel", "xuat bao cao", "bang tinh"];
const CONFIRM: &[&str] = &["xac nhan", "dong y ghi", "dong y"];
const CANCEL: &[&str] = &["huy bo", "huy", "khong ghi", "bo qua"];
/// Short answers to "ghi nhận?" when a report waits for confirmation.
const YES: &[&str] =
    &["co", "ok", "oke", "okay", "dong y", "xac nhan", "dung", "dung roi", "yes", "vang", "u", "uh", "da", "ghi"];
const NO: &[&str] = &["khong", "huy", "thoi", "no", "sai", "khong ghi", "huy bo", "bo qua"];

/// The status a short text states in words ("xong", "đang làm"), as in a spreadsheet's status column.
pub fn status_in(text: &str) -> Option<Status> {
    report::stated_status(&analyse(text))
}

/// Whether a short reply says yes (`Some(true)`), no (`Some(false)`), or neither.
pub fn yes_or_no(text: &str) -> Option<bool> {
    let w = analyse(text);
    let phrase = w.words.iter().map(|x| x.text.as_str()).collect::<Vec<_>>().join(" ");
    let phrase = phrase.trim_end_matches(" nhe").trim_end_matches(" a").trim_end_matches(" roi");
    if YES.contains(&phrase) {
        Some(true)
    } else if NO.contains(&phrase) {
        Some(false)
    } else {
        None
    }
}

/// Asking how to do something is asking for the guide, whatever it is about.
const HOW_TO: &[&str] = &["lam sao", "lam the nao", "huong dan", "cach dung", "cach nao de", "tro giup", "help"];
const GREETINGS: &[&str] = &["xin chao", "chao", "hello", "hi", "alo", "good morning"];
const THANKS: &[&str] = &["cam on", "thank you", "thank", "ok", "oke", "okay", "tot qua", "hay qua"];

impl Nlu {
    /// The understanding of a plan as issued.
    pub fn new(bundle: &PlanBundle) -> Self {
        Self::dated(bundle, bundle.plan.meta.issued)
    }

    /// The understanding of one version of a plan: its tasks, and agency names as they were on its first day.
    pub fn for_version(plan: &PlanIndex) -> Self {
        Self::dated(plan.bundle(), plan.from())
    }

    fn dated(bundle: &PlanBundle, day: NaiveDate) -> Self {
        Self {
            agencies: agency::AgencyMatcher::new(&bundle.catalog, day),
            search: search::SearchIndex::new(&bundle.plan),
        }
    }

    /// The agency a text names, if any ("Sở Y tế", "huyện Ba Tơ").
    pub fn agency_in(&self, text: &str) -> Option<String> {
        self.agencies.find(&analyse(text)).map(|m| m.code)
    }

    /// The tasks best matching a topic, best first.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        self.search.search(query, limit)
    }

    pub fn understand(&self, text: &str) -> Understanding {
        let trimmed = text.trim();
        if trimmed.starts_with('/') {
            return self.command(trimmed);
        }
        if !trimmed.is_empty() && trimmed.chars().all(|c| c == '?' || c == '？') {
            return Understanding::new(Intent::Help);
        }
        let w = analyse(text);
        if w.is_empty() {
            return Understanding::new(Intent::Unknown);
        }
        self.free_text(&w)
    }

    fn free_text(&self, w: &Words) -> Understanding {
        let reference = task_ref::find(w);
        let exact = reference.as_ref().is_some_and(|r| matches!(r.slot, RefSlot::Exact(_)));
        if UNDO.iter().any(|p| w.starts_with(p)) && w.words.len() <= 6 {
            return Understanding::new(Intent::Undo);
        }
        if w.has_any(HISTORY) {
            let mut u = Understanding::new(Intent::History);
            u.task = reference.as_ref().map(|r| r.slot);
            return u;
        }
        if reference.is_none() && w.has_any(PERIODIC) {
            let mut u = Understanding::new(Intent::PeriodicReport);
            u.query = Some(w.joined(0..w.words.len()));
            return u;
        }
        if w.has_any(EXPORT) {
            return Understanding::new(Intent::Export);
        }
        if w.words.len() <= 4 && CONFIRM.iter().any(|p| w.starts_with(p)) {
            return Understanding::new(Intent::Confirm);
        }
        if w.words.len() <= 4 && CANCEL.iter().any(|p| w.starts_with(p)) {
            return Understanding::new(Intent::Cancel);
        }
        if let Some(u) = self.on_behalf(w, reference.as_ref()) {
            return u;
        }
        if let Some(u) = self.update(w, reference.as_ref()) {
            return u;
        }
        let with_slots = |intent: Intent| {
            let mut u = Understanding::new(intent);
            u.task = reference.as_ref().map(|r| r.slot);
            u.agency = self.agencies.find(w).map(|m| m.code);
            u
        };
        if w.has_any(NOT_REPORTED) {
            return with_slots(Intent::NotReported);
        }
        if reference.is_none() && w.has_any(REPORTED) {
            return with_slots(Intent::Reported);
        }
        // Lists of the plan's tasks, for the plan, an agency named, or "của tôi".
        let scoped = |intent: Intent| Understanding { own: w.has_any(OWN), ..with_slots(intent) };
        if !exact && w.has_any(WHICH) && report::names_an_obstacle(w) {
            return scoped(Intent::Blocked);
        }
        if !exact && w.has_any(DUE_SOON) {
            return scoped(Intent::DueSoon);
        }
        if !exact && w.has_any(OVERDUE) {
            return scoped(Intent::Overdue);
        }
        if w.has_any(HOW_TO) {
            return Understanding::new(Intent::Help);
        }
        if let Some(query) = search_query(w) {
            let mut u = Understanding::new(Intent::Search);
            u.query = Some(query).filter(|q| !q.is_empty());
            return u;
        }
        if !exact && w.has_any(SUMMARY) {
            return with_slots(Intent::Summary);
        }
        let agency = self.agencies.find(w);
        if let Some(found) = &agency {
            let share = found.words.len() as f32 / w.words.len() as f32;
            if w.has_any(TASK_WORDS) || share >= 0.6 {
                let mut u = Understanding::new(Intent::AgencyTasks);
                u.agency = Some(found.code.clone());
                return u;
            }
        }
        if (w.has_any(OWN) && (w.has_any(TASK_WORDS) || w.has("lam gi")) || w.has_any(MY_LIST)) && !exact {
            return Understanding::new(Intent::MyTasks);
        }
        if let Some(r) = &reference {
            let mut u = Understanding::new(Intent::TaskDetail);
            u.task = Some(r.slot);
            return u;
        }
        if w.has_any(HELP) || w.words.iter().all(|word| word.text == "?") {
            return Understanding::new(Intent::Help);
        }
        let mut u = Understanding::new(Intent::Unknown);
        u.small_talk = if w.has_any(THANKS) {
            Some(SmallTalk::Thanks)
        } else if w.has_any(GREETINGS) {
            Some(SmallTalk::Greeting)
        } else {
            None
        };
        u
    }

    /// Where a report's command may stand: after polite words, a salutation ("Kính gửi Sở,") and the name of
    /// the agency that sends it ("Công an tỉnh xin báo cáo …"). Returns the last word index the command may
    /// start at, and the sender.
    fn opening(&self, w: &Words) -> (usize, Option<agency::AgencyMatch>) {
        let mut i = 0;
        if w.starts_with("kinh gui") {
            // "Kính gửi Sở Nông nghiệp và Môi trường," — the agency addressed, whole; else "Kính gửi Sở," up
            // to the comma (or just the two words).
            i = match self.agencies.find_at(w, 2) {
                Some(addressee) => addressee.words.end,
                None => (2..10.min(w.words.len())).find(|&k| clause::boundary_before(w, k)).unwrap_or(2),
            };
        }
        let polite = |from: usize| (from..from + 3).take_while(|&k| POLITE_OPENERS.contains(&w.text(k))).count();
        let mut at = i + polite(i);
        let mut sender = self.agencies.find_at(w, at);
        // "Thực hiện chỉ đạo, Sở Y tế xin báo cáo …": a short opening clause, then the sender and its command.
        if sender.is_none()
            && let Some(m) = (at + 1..(at + 8).min(w.words.len()))
                .filter(|&k| clause::boundary_before(w, k))
                .find_map(|k| self.agencies.find_at(w, k))
            && UPDATE_WORDS.iter().any(|u| w.phrase_at(u, m.words.end + polite(m.words.end)))
        {
            sender = Some(m);
        }
        if let Some(m) = &sender {
            at = m.words.end;
            at += polite(at);
        }
        (at, sender)
    }

    /// Where a sender's name the catalog does not know ends, and its command ("(xin) báo cáo") after it: an
    /// agency's head word at `from` ("Sở", "Phòng", "UBND", "Ban" …), a few more words, then the command,
    /// all before the reference at `reference`.
    fn unknown_sender(&self, w: &Words, from: usize, reference: usize) -> Option<(usize, usize)> {
        const HEADS: &[&str] =
            &["so", "phong", "ubnd", "uy ban", "ban", "trung tam", "chi cuc", "cong an", "hoi", "huyen", "xa"];
        // "Sở nào báo cáo …" asks which.
        if !HEADS.iter().any(|h| w.phrase_at(h, from)) || (from..reference).any(|k| matches!(w.text(k), "nao" | "ai")) {
            return None;
        }
        (from + 1..reference.min(from + 9)).find_map(|k| {
            let xin = usize::from(w.text(k) == "xin");
            ["bao cao", "cap nhat"]
                .iter()
                .find(|c| w.phrase_at(c, k + xin))
                .map(|c| (k, k + xin + c.split(' ').count()))
        })
    }

    /// A progress report: an update word near the start ("cập nhật III.2 …"), or a reference at the start
    /// followed by a percentage, a status or a result ("III.8 40% đang rà soát", "IV.1: mở được 4 lớp"),
    /// and not a question.
    fn update(&self, w: &Words, reference: Option<&task_ref::Found>) -> Option<Understanding> {
        let (opener, mut sender) = self.opening(w);
        let first_free = sender.as_ref().map_or(0, |m| m.words.end);
        let keyword = UPDATE_WORDS.iter().find_map(|k| {
            let at = w.find_from(k, first_free)?;
            let len = k.split(' ').count();
            (at <= opener).then_some(at + len)
        });
        let mut taken: BTreeSet<usize> = BTreeSet::new();
        // "Phòng Nội vụ huyện xin báo cáo I.1: …": a sender is named, but not one the catalog knows. The
        // report is read, and refused for its sender rather than recorded as the chat's.
        if keyword.is_none()
            && sender.is_none()
            && !is_question(w)
            && let Some(r) = reference
            && let Some((named_end, command_end)) = self.unknown_sender(w, opener, r.words.start)
        {
            let mut u = self.report_of(w, reference, (0..command_end).collect());
            u.unreadable = Some(original_range(w, opener, named_end));
            return Some(u);
        }
        match keyword {
            Some(end) => {
                // "báo cáo tổng hợp", "tiến độ chung": a question about the whole plan.
                let about_plan = w.has_any(SUMMARY) && reference.is_none() && !w.starts_with("cap nhat");
                if about_plan || w.has_any(NOT_REPORTED) && reference.is_none() {
                    return None;
                }
                // "tiến độ III.2?" asks; "tiến độ III.2 đạt 80%" reports. "tiến độ I.1 năm 2024" names no state:
                // it asks too.
                let asks = is_question(w) && report::read(w, &(0..end).collect()).percent.is_none();
                let names_no_state = w.phrase_at("tien do", end - 2)
                    && reference.is_some_and(|r| {
                        !report::says_progress(w, &(0..end).chain(r.words.clone()).collect())
                            && !clause::reports_a_result(w, r.words.end, w.words.len())
                    });
                if (asks || names_no_state) && reference.is_some() {
                    return None;
                }
                if w.text(end - 1) == "gui" && reference.is_none() {
                    return None;
                }
                taken.extend(0..end);
                // "báo cáo Sở Y tế: III.8 …": the sender right after the command.
                if sender.is_none()
                    && let Some(m) = self.agencies.find_at(w, end)
                    && reference
                        .is_some_and(|r| r.words.start == m.words.end || clause::boundary_before(w, m.words.end))
                {
                    taken.extend(m.words.clone());
                    sender = Some(m);
                }
            }
            // "việc rà soát hệ thống pháp luật về giảm nghèo đã xong", "mô hình giảm nghèo gắn với an ninh đạt
            // 30%": a statement of progress on a topic, no reference: a report whose task is asked.
            None if reference.is_none() => {
                // The cheap refusals first: most messages without a reference are questions.
                let asks_overall = w.has_any(SUMMARY) || w.has_any(NOT_REPORTED) || w.has_any(REPORTED);
                if is_question(w) || w.has_any(WHICH) || w.has_any(OWN) || asks_overall {
                    return None;
                }
                let topic_first = ["viec", "cong tac", "nhiem vu", "mo hinh", "du an", "chuong trinh", "co so du lieu"]
                    .iter()
                    .any(|t| w.phrase_at(t, opener))
                    && !w.phrase_at("nhiem vu cua", opener);
                let has_figure = w.words.iter().any(|x| x.text.contains(|c: char| c.is_ascii_digit()));
                if !topic_first && !has_figure {
                    return None;
                }
                let says = report::read(w, &BTreeSet::new()).percent.is_some()
                    || topic_first && report::stated_status(w).is_some();
                if !says || sender.is_none() && self.agencies.find(w).is_some() {
                    return None;
                }
                let mut u = self.report_of(w, None, BTreeSet::new());
                u.query = topic(w, opener).filter(|q| q.split_whitespace().count() >= 2);
                u.query.as_ref()?;
                return Some(sent_by(u, sender));
            }
            None => {
                let r = reference?;
                let at_start = r.words.start <= opener;
                if is_question(w) {
                    return None;
                }
                if !at_start {
                    return self.state_first(w, r, opener, sender);
                }
                taken.extend(0..r.words.start);
                let rest: BTreeSet<usize> = taken.iter().copied().chain(r.words.clone()).collect();
                let parts = report::read(w, &rest);
                // An obstacle is never a default: said after a task, it is a report ("I.1 tạm dừng").
                let stated = parts.status == Some(Status::Blocked)
                    || parts.expected.is_some()
                    || parts.status.is_some()
                        && (parts.percent.is_some() || parts.note.is_none() || status_words_present(w));
                if parts.percent.is_none() && !stated && !clause::reports_a_result(w, r.words.end, w.words.len()) {
                    return None;
                }
            }
        }
        let mut u = sent_by(self.report_of(w, reference, taken), sender);
        if reference.is_none() {
            u.query = keyword.and_then(|end| topic(w, end));
        }
        Some(u)
    }

    /// "Đã hoàn thành nhiệm vụ III.2", "Sở Y tế đã hoàn thành III.8 ngày 20/12/2025", "xong III.2 và
    /// III.3": the state first, then the tasks it is of (with "nhiệm vụ", "nv" or "việc" before the first,
    /// joined by "và" or commas), then maybe a note. Only when the words before the tasks say a state and
    /// nothing else: "cần hoàn thành III.2 trước quý 4" is not a report, nor "dự kiến hoàn thành III.2".
    fn state_first(
        &self,
        w: &Words,
        r: &task_ref::Found,
        opener: usize,
        sender: Option<agency::AgencyMatch>,
    ) -> Option<Understanding> {
        let refs = task_ref::find_all(w);
        // The tasks listed one after the other from the first; any other reference makes it no such report.
        let mut listed = vec![refs.first()?.clone()];
        for next in &refs[1..] {
            let last = listed.last()?;
            if !(last.words.end..next.words.start).all(|i| clause::joins_a_list(w.text(i))) {
                return None;
            }
            listed.push(next.clone());
        }
        // "nhiệm vụ" (and "nv") before a reference is already part of it.
        let named = ["cong viec", "viec"]
            .iter()
            .find(|p| report::phrase_ending_at(w, p, r.words.start))
            .map_or(0, |p| p.split(' ').count());
        let task_start = r.words.start - named;
        let tasks_end = listed.last()?.words.end;
        if task_start <= opener || !report::only_a_state(w, opener..task_start) {
            return None;
        }
        let mut taken: BTreeSet<usize> = (0..opener).chain(task_start..tasks_end).collect();
        taken.extend(sender.as_ref().map(|m| m.words.clone()).into_iter().flatten());
        // The state from all the words ("đã hoàn thành nhiệm vụ III.8, đạt 100%"); the note, the day and
        // the expected day from those after the tasks: the state before them says nothing more.
        let state = report::read(w, &taken);
        let after = report::read(w, &taken.iter().copied().chain(opener..task_start).collect());
        let mut u = Understanding::new(Intent::Update);
        u.task = Some(r.slot);
        u.percent = state.percent;
        u.status = state.status;
        u.note = after.note.clone();
        u.held = after.held.or(state.held);
        u.agency = sender.as_ref().map(|m| m.code.clone());
        u.reports = listed
            .iter()
            .map(|found| ReportSlots {
                task: Some(found.slot),
                percent: state.percent,
                status: state.status,
                note: after.note.clone(),
                held: u.held,
                expected: after.expected.or(state.expected),
                sender: u.agency.clone(),
            })
            .collect();
        u.rest = rest_of(w, &taken);
        Some(u)
    }

    /// "ghi nhận thay Sở Y tế: III.8 đạt 50%": a report the coordinator enters for another agency.
    fn on_behalf(&self, w: &Words, reference: Option<&task_ref::Found>) -> Option<Understanding> {
        let opener = (0..3).take_while(|&i| POLITE_OPENERS.contains(&w.text(i))).count();
        let end = ON_BEHALF.iter().find_map(|p| {
            let at = w.find(p)?;
            (at <= opener).then_some(at + p.split(' ').count())
        })?;
        let mut taken: BTreeSet<usize> = (0..end).collect();
        let agency = self.agencies.find_at(w, end);
        if let Some(m) = &agency {
            taken.extend(m.words.clone());
        }
        let mut u = self.report_of(w, reference, taken);
        u.on_behalf = Some(agency.map_or(OnBehalf::Unnamed, |m| OnBehalf::Agency(m.code)));
        Some(u)
    }

    /// The reports of a message, from the words not `taken` by its command or whom it is for: the first one
    /// also in the understanding's own fields.
    fn report_of(&self, w: &Words, reference: Option<&task_ref::Found>, taken: BTreeSet<usize>) -> Understanding {
        let clauses = clause::split(w, &self.agencies, reference, &taken);
        let mut u = Understanding::new(Intent::Update);
        u.reports = clauses
            .iter()
            .map(|c| ReportSlots {
                task: c.reference.as_ref().map(|r| r.slot),
                percent: c.parts.percent,
                status: c.parts.status,
                note: c.parts.note.clone(),
                held: c.parts.held,
                expected: c.parts.expected,
                sender: c.sender.clone(),
            })
            .collect();
        let first = &u.reports[0];
        u.task = first.task;
        u.percent = first.percent;
        u.status = first.status;
        u.note = first.note.clone();
        u.held = first.held;
        let mut rest_taken = taken;
        if let Some(r) = reference {
            rest_taken.extend(r.words.clone());
        }
        u.rest = rest_of(w, &rest_taken);
        u
    }

    fn command(&self, text: &str) -> Understanding {
        use command::Command;
        let Some((spec, args)) = command::parse(text) else { return Understanding::new(Intent::Unknown) };
        let w = analyse(args);
        let reference = task_ref::find(&w);
        let mut u = match spec.command {
            Command::Start | Command::Help => Understanding::new(Intent::Help),
            Command::Tasks => {
                if let Some(r) = &reference {
                    let mut u = Understanding::new(Intent::TaskDetail);
                    u.task = Some(r.slot);
                    u
                } else if let Some(code) = w
                    .words
                    .first()
                    .and_then(|first| (w.words.len() == 1).then(|| self.agencies.by_code(&first.text)).flatten())
                {
                    let mut u = Understanding::new(Intent::AgencyTasks);
                    u.agency = Some(code.to_string());
                    u
                } else if let Some(found) = self.agencies.find(&w) {
                    let mut u = Understanding::new(Intent::AgencyTasks);
                    u.agency = Some(found.code);
                    u
                } else if w.is_empty() {
                    Understanding::new(Intent::MyTasks)
                } else {
                    let mut u = Understanding::new(Intent::Search);
                    u.query = Some(original_span(&w, 0));
                    u
                }
            }
            Command::Summary => Understanding::new(Intent::Summary),
            Command::Overdue => Understanding::new(Intent::Overdue),
            Command::NotReported => Understanding::new(Intent::NotReported),
            Command::Search => {
                let mut u = Understanding::new(Intent::Search);
                u.query = Some(original_span(&w, 0)).filter(|q| !q.is_empty());
                u
            }
            Command::Report => self.report_of(&w, reference.as_ref(), BTreeSet::new()),
            Command::Undo => {
                let mut u = Understanding::new(Intent::Undo);
                // A well-formed report id, or nothing (the chat's latest): a mistyped id must not undo
                // some other report.
                match args.trim() {
                    "" => {}
                    arg => match arg.parse::<i64>() {
                        Ok(id) if id > 0 => u.report_id = Some(id),
                        _ => u.unreadable = Some(arg.to_string()),
                    },
                }
                u
            }
            Command::History => {
                let mut u = Understanding::new(Intent::History);
                u.task = reference.as_ref().map(|r| r.slot);
                u
            }
            // `/xacnhan 12` confirms result 12; `/xacnhan` alone answers the chat's own question.
            Command::Confirm if args.trim().is_empty() => Understanding::new(Intent::Confirm),
            Command::Confirm | Command::Return => {
                let mut u = Understanding::new(Intent::Review);
                let (id, reason) = args.trim().split_once(char::is_whitespace).unwrap_or((args.trim(), ""));
                match id.trim_start_matches('#').parse::<i64>() {
                    Ok(id) if id > 0 => u.report_id = Some(id),
                    _ => u.unreadable = Some(id.to_string()).filter(|s| !s.is_empty()),
                }
                u.review = Some(if spec.command == Command::Return {
                    crate::progress::Review::Returned
                } else {
                    crate::progress::Review::Confirmed
                });
                u.note = Some(reason.trim().to_string()).filter(|r| !r.is_empty());
                u
            }
            Command::Export => Understanding::new(Intent::Export),
            Command::PeriodicReport => {
                let mut u = Understanding::new(Intent::PeriodicReport);
                u.query = Some(args.trim().to_string()).filter(|a| !a.is_empty());
                u
            }
            Command::Cancel => Understanding::new(Intent::Cancel),
            // Chats and invites are the binding code's, which sees them first.
            Command::Bind | Command::Invite | Command::Chats | Command::Unbind | Command::Settings | Command::Web => {
                Understanding::new(Intent::Unknown)
            }
        };
        u.command = Some(spec.command);
        if matches!(u.intent, Intent::Summary | Intent::Overdue | Intent::NotReported) {
            u.agency = self.agencies.find(&w).map(|m| m.code);
        }
        u
    }
}

/// Words that name no topic: "báo cáo việc tuyên truyền", "cập nhật công tác kiểm tra giám sát".
const TOPIC_FILLER: &[&str] = &["viec", "cong", "tac", "nhiem", "vu", "ve", "cua", "cho", "phan", "noi", "dung"];
/// Where a topic ends: the report's own words begin.
const TOPIC_ENDS: &[&str] = &["da", "dang", "chua", "dat", "duoc", "hoan", "xong", "vuong", "tien", "se", "du"];

/// A report whose sender was named before it: that agency's, where a clause names none of its own.
fn sent_by(mut u: Understanding, sender: Option<agency::AgencyMatch>) -> Understanding {
    if let Some(m) = sender {
        for r in u.reports.iter_mut().filter(|r| r.sender.is_none()) {
            r.sender = Some(m.code.clone());
        }
        u.agency = Some(m.code);
    }
    u
}

/// The topic a report without a reference names ("báo cáo việc tuyên truyền: đã xong" → "tuyên truyền"), to
/// find which task it means.
fn topic(w: &Words, from: usize) -> Option<String> {
    let mut start = from;
    while start < w.words.len() && TOPIC_FILLER.contains(&w.text(start)) {
        start += 1;
    }
    let end = (start..w.words.len())
        .find(|&i| {
            let text = w.text(i);
            // "đất" and "dữ" fold as "đạt" and "dự" do: those end a topic only before a figure, "kiến".
            let ends = match text {
                "dat" => {
                    let next = w.text(i + 1);
                    next.starts_with(|c: char| c.is_ascii_digit()) || matches!(next, "duoc" | "khoang" | "muc")
                }
                "du" => w.text(i + 1) == "kien",
                // "chữa bệnh" is a topic, "chưa" a status.
                "chua" => !w.chua_not_negation(i),
                _ => TOPIC_ENDS.contains(&text),
            };
            ends || text.bytes().next().is_some_and(|b| b.is_ascii_digit())
                || (i > start && clause::boundary_before(w, i))
        })
        .unwrap_or(w.words.len());
    Some(original_range(w, start, end)).filter(|t| !t.is_empty())
}

fn is_question(w: &Words) -> bool {
    let n = w.words.len();
    let last = w.words.last().map(|x| x.text.as_str()).unwrap_or("");
    let before = if n >= 2 { w.text(n - 2) } else { "" };
    // "tổng thể", "cụ thể", "có thể" end in "thể", not the particle "thế".
    let compound = last == "the" && THE_COMPOUNDS.contains(&before);
    // "không có khó khăn gì": "không … gì" is "nothing", said, not asked.
    let nothing = last == "gi" && {
        let clause_start = (0..n - 1).rev().find(|&k| clause::boundary_before(w, k + 1)).map_or(0, |k| k + 1);
        (clause_start..n - 1).any(|k| matches!(w.text(k), "khong" | "chang"))
    };
    let particle = !(compound || nothing || last == "ho" && households(w));
    let asks = QUESTION_ENDINGS.contains(&last) && particle;
    w.question_mark || asks || w.has_any(QUESTION_PHRASES)
}

/// Words that make a last "the" part of a word ("tổng thể", "cụ thể"), not the particle "thế".
const THE_COMPOUNDS: &[&str] = &["tong", "cu", "co", "tap", "toan", "ca", "vat", "chinh"];

/// Whether a last "ho" is "hộ", households ("bàn giao đất cho 12 hộ"), not the particle "hở": written so,
/// or after a number or a word that counts.
fn households(w: &Words) -> bool {
    let n = w.words.len();
    let written = w.tokens[w.words[n - 1].token].text.to_lowercase();
    if written.contains('ộ') {
        return true;
    }
    let before = if n >= 2 { w.text(n - 2) } else { "" };
    !written.contains('ở')
        && (before.bytes().all(|b| b.is_ascii_digit()) && !before.is_empty() || COUNTING.contains(&before))
}

/// Words that count what follows: "các hộ", "mười hộ".
const COUNTING: &[&str] = &["cac", "nhung", "moi", "nhieu", "muoi", "tram", "nghin", "ngan", "trieu", "so"];

fn status_words_present(w: &Words) -> bool {
    w.has_any(&["hoan thanh", "xong", "dang", "chua", "vuong", "kho khan", "gap kho", "bi ket", "hoan tat"])
}

/// The original tokens of the words not taken, joined: what a report says besides its command and task.
fn rest_of(w: &Words, taken: &BTreeSet<usize>) -> Option<String> {
    let dropped: BTreeSet<usize> = taken.iter().filter_map(|&i| w.words.get(i).map(|x| x.token)).collect();
    let kept: BTreeSet<usize> =
        w.words.iter().enumerate().filter(|(i, _)| !taken.contains(i)).map(|(_, x)| x.token).collect();
    let text = (0..w.tokens.len())
        .filter(|t| kept.contains(t) || !dropped.contains(t))
        .map(|t| w.tokens[t].text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let text = text.trim_matches(|c: char| c.is_whitespace() || ":;,.-–".contains(c)).to_string();
    (!text.is_empty()).then_some(text)
}

/// The topic of a search, in the person's own words: what follows "tìm", "về", "liên quan đến".
fn search_query(w: &Words) -> Option<String> {
    let after_start = SEARCH_STARTS.iter().find_map(|s| w.starts_with(s).then(|| s.split(' ').count()));
    let after_marker = SEARCH_MARKERS.iter().find_map(|m| w.find(m).map(|at| at + m.split(' ').count()));
    let mut start = after_start.or(after_marker)?;
    loop {
        let word = w.text(start);
        let filler = SEARCH_FILLER.contains(&word)
            || SEARCH_FILLER_BEFORE_FILLER.contains(&word)
                && (SEARCH_FILLER.contains(&w.text(start + 1))
                    || SEARCH_FILLER_BEFORE_FILLER.contains(&w.text(start + 1)));
        if start >= w.words.len() || !filler {
            break;
        }
        start += 1;
    }
    let mut end = w.words.len();
    while end > start && QUERY_TAIL.contains(&w.text(end - 1)) {
        end -= 1;
    }
    Some(original_range(w, start, end))
}

/// The original text from word `start` to the end, punctuation trimmed.
fn original_span(w: &Words, start: usize) -> String {
    original_range(w, start, w.words.len())
}

/// The original text of words `start..end`, punctuation trimmed.
fn original_range(w: &Words, start: usize, end: usize) -> String {
    if start >= end {
        return String::new();
    }
    let (first, last) = (w.words[start].token, w.words[end - 1].token);
    let text = w.tokens[first..=last].iter().map(|t| t.text.as_str()).collect::<Vec<_>>().join(" ");
    text.trim_matches(|c: char| c.is_whitespace() || "?!.:;,".contains(c)).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::seed;

    fn nlu() -> Nlu {
        Nlu::new(&seed::bundled().unwrap())
    }

    #[test]
    fn intents_of_the_issue_examples() {
        let nlu = nlu();
        for (text, intent) in [
            ("nhiệm vụ của tôi", Intent::MyTasks),
            ("nhiem vu cua toi", Intent::MyTasks),
            ("nhiệm vụ III.2", Intent::TaskDetail),
            ("việc nào quá hạn", Intent::Overdue),
            ("việc nào sắp đến hạn", Intent::DueSoon),
            ("nhiem vu nao sap het han", Intent::DueSoon),
            ("việc nào đang vướng mắc", Intent::Blocked),
            ("tìm nhiệm vụ về hợp tác xã", Intent::Search),
            ("cập nhật III.2: đã trình UBND tỉnh, đạt 80%", Intent::Update),
            ("nhiệm vụ của Sở Y tế", Intent::AgencyTasks),
            ("đơn vị nào chưa báo cáo", Intent::NotReported),
            ("tình hình chung thế nào", Intent::Summary),
            ("/help", Intent::Help),
            ("cảm ơn nhé 👍", Intent::Unknown),
            ("hoàn tác", Intent::Undo),
            ("/hoantac 12", Intent::Undo),
            ("lịch sử III.2", Intent::History),
            ("/lichsu 3.2", Intent::History),
            ("xác nhận", Intent::Confirm),
            ("/huy", Intent::Cancel),
        ] {
            assert_eq!(nlu.understand(text).intent, intent, "{text}");
        }
    }

    #[test]
    fn an_update_in_full() {
        let u = nlu().understand("cập nhật III.2: đã trình UBND tỉnh, đạt 80%");
        assert_eq!(u.task.and_then(RefSlot::exact).map(|r| r.to_string()).as_deref(), Some("III.2"));
        assert_eq!(u.percent, Some(80));
        assert_eq!(u.status, Some(Status::InProgress));
        assert_eq!(u.note.as_deref(), Some("đã trình UBND tỉnh"));
    }

    #[test]
    fn short_answers() {
        assert_eq!(yes_or_no("Có"), Some(true));
        assert_eq!(yes_or_no("ok nhé"), Some(true));
        assert_eq!(yes_or_no("đồng ý"), Some(true));
        assert_eq!(yes_or_no("không"), Some(false));
        assert_eq!(yes_or_no("hủy"), Some(false));
        assert_eq!(yes_or_no("có lẽ để mai"), None);
    }

    #[test]
    fn an_update_keeps_what_follows_its_reference() {
        let u = nlu().understand("cập nhật nhiệm vụ 2: hoàn thành 100%, đã ban hành");
        assert_eq!(u.task, Some(RefSlot::NumberOnly(2)));
        assert_eq!(u.rest.as_deref(), Some("hoàn thành 100%, đã ban hành"));
    }

    #[test]
    fn a_report_entered_for_another_agency() {
        let u = nlu().understand("ghi nhận thay Sở Y tế: III.8 đạt 50%");
        assert_eq!(u.intent, Intent::Update);
        assert_eq!(u.on_behalf, Some(OnBehalf::Agency("syt".into())));
        assert_eq!(u.task.and_then(RefSlot::exact).map(|r| r.to_string()).as_deref(), Some("III.8"));
        assert_eq!((u.percent, u.note), (Some(50), None));
        let u = nlu().understand("ghi nhan thay so y te III.8 da hoan thanh ngay 20/12/2025");
        assert_eq!(u.on_behalf, Some(OnBehalf::Agency("syt".into())));
        assert_eq!((u.status, u.held.map(|d| d.day)), (Some(Status::Done), Some(Some(20))));
        assert_eq!(nlu().understand("ghi nhận thay: III.8 đạt 50%").on_behalf, Some(OnBehalf::Unnamed));
    }

    #[test]
    fn search_keeps_the_topic_words() {
        let u = nlu().understand("tìm nhiệm vụ về hợp tác xã");
        assert_eq!(u.query.as_deref(), Some("hợp tác xã"));
    }
}
