//! The periodic report (báo cáo định kỳ, sơ kết, tổng kết) as a Word draft laid out as Nghị định
//! 30/2020/NĐ-CP asks of an administrative document: the coordinator's report of the whole plan to the
//! province, or an agency's own to the coordinator. Everything in it comes from the plan and the reports;
//! what only people can write (assessment, proposals, the signature) is left in square brackets,
//! highlighted, for the office to complete — never invented.

use std::collections::{BTreeSet, HashMap};
use std::io::Cursor;

use chrono::{DateTime, Datelike, NaiveDate, TimeDelta, Utc};
use docx_rs::{
    AlignmentType, Docx, Header, LineSpacing, PageMargin, PageNum, Paragraph, Run, RunFonts, Shading,
    SpecialIndentType, Table, TableCell, TableLayoutType, TableRow, VMergeType, WidthType,
};

use super::answers::{Answers, arg, date};
use super::reply::Attachment;
use super::{Bot, Reply, Speaker};
use crate::clock::local_date;
use crate::i18n::Arg;
use crate::nlu::Understanding;
use crate::plan::{AgencyKind, Role, TaskRef};
use crate::progress::state::{Category, Progress, Tally, TaskState};
use crate::progress::term::Term;
use crate::progress::{Report, Review, Status};
use crate::store::StoreError;

const DOCX_MIME: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// Page and type as the decree sets them (A4; margins 20–25 mm top and bottom, 30–35 mm left, 15–20 mm
/// right; Times New Roman), in twentieths of a point and half-points.
pub mod layout {
    pub const PAGE_WIDTH: u32 = 11906;
    pub const PAGE_HEIGHT: u32 = 16838;
    pub const MARGIN_TOP: i32 = 1134; // 20 mm
    pub const MARGIN_BOTTOM: i32 = 1134; // 20 mm
    pub const MARGIN_LEFT: i32 = 1701; // 30 mm
    pub const MARGIN_RIGHT: i32 = 850; // 15 mm
    pub const FONT: &str = "Times New Roman";
    /// The body: 14 pt.
    pub const BODY_SIZE: usize = 28;
    /// The width text runs in: the page less its margins.
    pub const TEXT_WIDTH: usize = (PAGE_WIDTH as i32 - MARGIN_LEFT - MARGIN_RIGHT) as usize;
}
use layout::*;

/// A paragraph's first line is indented 1 cm; paragraphs stand 6 pt apart.
const FIRST_LINE: i32 = 567;
const AFTER: u32 = 120;
/// What the office fills in is highlighted so that nothing of it goes out unfilled.
const FILL_COLOUR: &str = "yellow";

/// Why there is no report for a term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoReport {
    NotStarted(Term),
    BeforePlan(Term),
    UnknownAgency(String),
    NotAssigned(String),
}

/// What a periodic report is made of, read once.
pub struct TermData {
    pub term: Term,
    /// The last day the report describes: the term's, or today for a term still running.
    pub day: NaiveDate,
    /// Whether the term had ended when the report was written: it is then looked back on.
    pub ended: bool,
    /// The latest state of every (task, agency, period) as it held on `day`, by the day it held.
    pub progress: Progress,
    /// Live reports whose state held within the term, oldest first.
    pub in_term: Vec<Report>,
    /// An agency's own report, or the whole plan's.
    pub agency: Option<String>,
}

impl Bot {
    /// The periodic report of `term` (the whole plan's, or `agency`'s own) as a reply: the Word file with
    /// a line on what it is, or, without a file, why there is none.
    pub async fn term_report_reply(
        &self,
        term: Term,
        agency: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Reply, StoreError> {
        Ok(match self.term_data(term, agency, now).await? {
            Ok(data) => {
                let say = self.answers(data.day);
                let file = say.term_docx(&data);
                Reply { text: say.term_report_ready(term, agency), file: Some(file), ..Reply::default() }
            }
            Err(why) => Reply::text(self.answers(local_date(now)).no_report(&why)),
        })
    }

    /// `/baocao [term]`: a coordinator chat gets the plan's report, an agency's chat its own.
    pub(super) async fn periodic_report(&self, who: &Speaker<'_>, u: &Understanding) -> Result<Reply, StoreError> {
        let today = who.today();
        let term = match (&u.query, u.command) {
            (None, _) => Term::current(today),
            (Some(text), Some(_)) => match Term::parse(text, today) {
                Ok(term) => term,
                Err(_) => {
                    let say = self.answers(today);
                    return Ok(Reply::text(say.t("periodic-bad-term", &[arg("term", crate::text::shorten(text, 40))])));
                }
            },
            // Said in words: the term if the message names one, else the year so far.
            (Some(text), None) => Term::parse(text, today).unwrap_or(Term::current(today)),
        };
        let agency = (!who.coordinator).then_some(who.agency.as_str());
        self.term_report_reply(term, agency, who.msg.at).await
    }

    async fn term_data(
        &self,
        term: Term,
        agency: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Result<TermData, NoReport>, StoreError> {
        let today = local_date(now);
        let meta = &self.timeline().bundle().plan.meta;
        if term.first_day() > today {
            return Ok(Err(NoReport::NotStarted(term)));
        }
        if term.last_day() < meta.issued {
            return Ok(Err(NoReport::BeforePlan(term)));
        }
        let day = term.last_day().min(today);
        if let Some(code) = agency {
            let plan = self.plan_on(day);
            if plan.catalog().agency(code).is_none() {
                return Ok(Err(NoReport::UnknownAgency(code.to_string())));
            }
            if plan.assignments(code).is_empty() {
                return Ok(Err(NoReport::NotAssigned(code.to_string())));
            }
        }
        // A report counts on the day its state held ("đã xong từ 15/3/2024" entered in 2026 belongs to
        // 2024), so the term's state is read from the whole history rather than by when reports came in.
        let mut latest: HashMap<(TaskRef, String, String), Report> = HashMap::new();
        let mut in_term = Vec::new();
        for r in self.store.all_reports(&meta.id).await? {
            if r.retracted_at.is_some() || r.as_of() > day {
                continue;
            }
            if r.as_of() >= term.first_day() {
                in_term.push(r.clone());
            }
            let key = (r.task, r.agency.clone(), r.period.clone());
            let newer = latest.get(&key).is_none_or(|old| (old.as_of(), old.id) < (r.as_of(), r.id));
            if newer {
                latest.insert(key, r);
            }
        }
        in_term.sort_by_key(|r| (r.as_of(), r.id));
        let progress = Progress::new(latest.into_values().collect());
        let ended = term.last_day() < today;
        Ok(Ok(TermData { term, day, ended, progress, in_term, agency: agency.map(str::to_string) }))
    }
}

/// The body's paragraph: justified, first line indented.
fn body(text: impl Into<String>) -> Paragraph {
    Paragraph::new()
        .add_run(Run::new().add_text(text))
        .align(AlignmentType::Both)
        .indent(None, Some(SpecialIndentType::FirstLine(FIRST_LINE)), None, None)
        .line_spacing(LineSpacing::new().after(AFTER))
}

/// A heading of the body: bold, in the body's indentation.
fn heading(text: impl Into<String>) -> Paragraph {
    Paragraph::new()
        .add_run(Run::new().add_text(text).bold())
        .align(AlignmentType::Both)
        .indent(None, Some(SpecialIndentType::FirstLine(FIRST_LINE)), None, None)
        .line_spacing(LineSpacing::new().before(AFTER).after(AFTER))
        .keep_next(true)
}

/// What the office writes: in square brackets, italic and highlighted.
fn to_fill(text: impl Into<String>) -> Paragraph {
    Paragraph::new()
        .add_run(Run::new().add_text(text).italic().highlight(FILL_COLOUR))
        .align(AlignmentType::Both)
        .indent(None, Some(SpecialIndentType::FirstLine(FIRST_LINE)), None, None)
        .line_spacing(LineSpacing::new().after(AFTER))
}

/// A centred line of `size` half-points.
fn centred(run: Run, size: usize) -> Paragraph {
    Paragraph::new().add_run(run.size(size)).align(AlignmentType::Center).line_spacing(LineSpacing::new().after(0))
}

/// The short line the decree draws under the issuing body and the motto: an underlined run of
/// non-breaking spaces, which Word and LibreOffice both underline.
fn rule(width_chars: usize, size: usize) -> Paragraph {
    centred(Run::new().add_text("\u{a0}".repeat(width_chars)).underline("single"), size)
}

fn cell(paragraphs: Vec<Paragraph>, width: usize) -> TableCell {
    paragraphs.into_iter().fold(TableCell::new().width(width, WidthType::Dxa), TableCell::add_paragraph)
}

/// A cell of the appendix table: 12 pt, single-spaced.
fn table_text(text: impl Into<String>, bold: bool, align: AlignmentType) -> Paragraph {
    let run = Run::new().add_text(text).size(23);
    Paragraph::new()
        .add_run(if bold { run.bold() } else { run })
        .align(align)
        .line_spacing(LineSpacing::new().before(40).after(40))
}

impl Answers<'_> {
    fn term_label(&self, term: Term) -> String {
        match term {
            Term::Quarter { year, quarter } => self.t(
                "periodic-term-quarter",
                &[arg("quarter", crate::plan::task_ref::roman(quarter)), arg("year", year.to_string())],
            ),
            Term::Half { year, half } => self.t(
                if half == 1 { "periodic-term-half-1" } else { "periodic-term-half-2" },
                &[arg("year", year.to_string())],
            ),
            Term::Year(year) => self.t("periodic-term-year", &[arg("year", year.to_string())]),
            Term::Years { first, last } => {
                self.t("periodic-term-years", &[arg("first", first.to_string()), arg("last", last.to_string())])
            }
        }
    }

    /// The answer to a term that has no report, in a sentence.
    pub fn no_report(&self, why: &NoReport) -> String {
        let meta = &self.plan.plan().meta;
        match why {
            NoReport::NotStarted(term) => self.t("periodic-not-started", &[arg("term", self.term_label(*term))]),
            NoReport::BeforePlan(term) => self.t(
                "periodic-before-plan",
                &[
                    arg("term", self.term_label(*term)),
                    arg("code", meta.code.as_str()),
                    arg("issued", date(meta.issued)),
                ],
            ),
            NoReport::UnknownAgency(code) => self.t("periodic-unknown-agency", &[arg("code", code.as_str())]),
            NoReport::NotAssigned(code) => {
                self.t("periodic-not-assigned", &[arg("body", self.full_name(code)), arg("code", meta.code.as_str())])
            }
        }
    }

    /// What the bot says with the file.
    pub fn term_report_ready(&self, term: Term, agency: Option<&str>) -> String {
        let meta = &self.plan.plan().meta;
        let args = [arg("code", meta.code.as_str()), arg("term", self.term_label(term))];
        match agency {
            None => self.t("periodic-ready", &args),
            Some(code) => {
                let mut args = args.to_vec();
                args.push(arg("body", self.full_name(code)));
                args.push(arg("coordinator", self.full_name(&meta.coordinator)));
                self.t("periodic-ready-agency", &args)
            }
        }
    }

    fn full_name(&self, code: &str) -> String {
        self.plan.catalog().agency(code).map_or_else(|| code.to_string(), |a| a.name.clone())
    }

    /// The province's name as places are written: "Quảng Ngãi" of "Tỉnh Quảng Ngãi".
    fn place(&self) -> String {
        let name = self.plan.catalog().name.as_str();
        ["Tỉnh ", "tỉnh ", "Thành phố ", "thành phố "]
            .iter()
            .find_map(|p| name.strip_prefix(p))
            .unwrap_or(name)
            .to_string()
    }

    /// The Word file of a periodic report.
    pub fn term_docx(&self, data: &TermData) -> Attachment {
        let plan = self.plan.plan();
        let meta = &plan.meta;
        let issuer_code = data.agency.clone().unwrap_or_else(|| meta.coordinator.clone());
        let body_name = self.full_name(&issuer_code);
        let to = match &data.agency {
            None => meta.issuer.clone(),
            Some(_) => self.full_name(&meta.coordinator),
        };
        let term = self.term_label(data.term);
        let about = meta
            .short_title
            .as_deref()
            .map(|t| self.t("periodic-about", &[arg("topic", crate::text::lower_first(t))]))
            .unwrap_or_default();
        let plan_args = |extra: &[Arg<'static>]| -> Vec<Arg<'static>> {
            let mut args = vec![
                ("code", meta.code.clone().into()),
                ("issued", date(meta.issued).into()),
                ("issuer", meta.issuer.clone().into()),
                ("about", about.clone().into()),
                ("term", term.clone().into()),
                ("body", body_name.clone().into()),
                ("to", to.clone().into()),
            ];
            args.extend(extra.iter().cloned());
            args
        };
        let year = data.day.year().to_string();

        let mut doc = Docx::new()
            .page_size(PAGE_WIDTH, PAGE_HEIGHT)
            .page_margin(
                PageMargin::new()
                    .top(MARGIN_TOP)
                    .bottom(MARGIN_BOTTOM)
                    .left(MARGIN_LEFT)
                    .right(MARGIN_RIGHT)
                    .header(567)
                    .footer(567),
            )
            .default_fonts(RunFonts::new().ascii(FONT).hi_ansi(FONT).east_asia(FONT).cs(FONT))
            .default_size(BODY_SIZE)
            // Page numbers at the top centre from the second page on, as the decree places them.
            .header(
                Header::new().add_paragraph(Paragraph::new().add_page_num(PageNum::new()).align(AlignmentType::Center)),
            )
            .first_header(Header::new())
            .title_pg();

        doc = doc.add_table(self.letterhead(&issuer_code, &year));
        doc = doc
            .add_paragraph(Paragraph::new().line_spacing(LineSpacing::new().after(0)))
            .add_paragraph(centred(Run::new().add_text(self.t("periodic-kind", &[])).bold(), 28))
            .add_paragraph(centred(Run::new().add_text(self.t("periodic-subject", &plan_args(&[]))).bold(), 28))
            .add_paragraph(rule(30, 28))
            .add_paragraph(
                centred(Run::new().add_text(self.t("periodic-to", &plan_args(&[]))), 28)
                    .line_spacing(LineSpacing::new().before(AFTER).after(AFTER * 2)),
            )
            .add_paragraph(body(self.t("periodic-intro", &plan_args(&[]))));

        let tasks = self.report_tasks(data);
        // A term that has ended is looked back on: a task due on its last day and not done by then is late.
        let seen = if data.ended { data.day.succ_opt().unwrap_or(data.day) } else { data.day };
        let states: Vec<TaskState> = tasks
            .iter()
            .map(|&i| {
                let period = self.plan.plan().period_at(self.plan.task_at(i), data.day);
                data.progress.task_state_in(self.plan, i, period, seen)
            })
            .collect();
        for p in self.results_part(data, &tasks, &states, &body_name) {
            doc = doc.add_paragraph(p);
        }
        for p in self.difficulties_part(data, &tasks) {
            doc = doc.add_paragraph(p);
        }
        doc = doc
            .add_paragraph(heading(self.t("periodic-part-assessment", &[])))
            .add_paragraph(to_fill(self.t("periodic-fill-assessment", &[])));
        for p in self.next_part(data, &states) {
            doc = doc.add_paragraph(p);
        }
        doc = doc
            .add_paragraph(heading(self.t("periodic-part-proposals", &[])))
            .add_paragraph(to_fill(self.t("periodic-fill-proposals", &plan_args(&[]))))
            .add_paragraph(body(self.t("periodic-closing", &plan_args(&[]))))
            .add_table(self.signature(&to));

        // The appendix starts on a page of its own.
        doc = doc
            .add_paragraph(
                centred(Run::new().add_text(self.t("periodic-appendix", &[])).bold(), 28).page_break_before(true),
            )
            .add_paragraph(centred(
                Run::new().add_text(self.t("periodic-appendix-title", &[arg("day", date(data.day))])).bold(),
                28,
            ))
            .add_paragraph(
                centred(
                    Run::new()
                        .add_text(self.t("periodic-appendix-ref", &plan_args(&[("year", year.clone().into())])))
                        .italic(),
                    28,
                )
                .line_spacing(LineSpacing::new().after(AFTER * 2)),
            )
            .add_table(self.appendix(data, &tasks));

        let mut bytes = Cursor::new(Vec::new());
        doc.build().pack(&mut bytes).expect("writing a document to memory cannot fail");
        let who = data.agency.as_deref().map(|a| format!("-{a}")).unwrap_or_default();
        // The plan's number in the name: an office with several plans gets files it can tell apart.
        let plan: String = crate::text::fold(&meta.code)
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect::<String>()
            .trim_matches('-')
            .to_string();
        Attachment {
            file_name: format!("bao-cao-{plan}-{}{who}.docx", data.term),
            mime: DOCX_MIME.to_string(),
            bytes: bytes.into_inner(),
        }
    }

    /// The two columns above the title: the issuing body and its number on the left, the national
    /// title, motto, place and date on the right.
    fn letterhead(&self, issuer: &str, year: &str) -> Table {
        let agency = self.plan.catalog().agency(issuer);
        let mut left = Vec::new();
        // A department answers to the province's People's Committee, named above it in capitals.
        if agency.is_none_or(|a| matches!(a.kind, AgencyKind::Department | AgencyKind::Press)) {
            let province = self.plan.catalog().name.to_uppercase();
            left.push(centred(Run::new().add_text(self.t("periodic-parent", &[arg("province", province)])), 26));
        }
        left.push(centred(Run::new().add_text(self.full_name(issuer).to_uppercase()).bold(), 26));
        left.push(rule(14, 26));
        left.push(
            centred(Run::new().add_text(self.t("periodic-number", &[])), 26)
                .line_spacing(LineSpacing::new().before(AFTER)),
        );
        let right = vec![
            centred(Run::new().add_text(self.t("periodic-nation", &[])).bold(), 26),
            centred(Run::new().add_text(self.t("periodic-motto", &[])).bold().underline("single"), 28),
            centred(
                Run::new()
                    .add_text(
                        self.t("periodic-place-date", &[arg("place", self.place()), arg("year", year.to_string())]),
                    )
                    .italic(),
                28,
            )
            .line_spacing(LineSpacing::new().before(AFTER * 2)),
        ];
        // Wider than the text by a little on both sides, so that each title keeps to one line.
        let widths = [4250, TEXT_WIDTH - 4250 + 600];
        Table::without_borders(vec![TableRow::new(vec![cell(left, widths[0]), cell(right, widths[1])])])
            .set_grid(widths.to_vec())
            .indent(-350)
    }

    /// "Nơi nhận" on the left, the signer's place on the right: both for the office.
    fn signature(&self, to: &str) -> Table {
        let left = vec![
            Paragraph::new().add_run(Run::new().add_text(self.t("periodic-recipients", &[])).bold().italic().size(24)),
            Paragraph::new().add_run(Run::new().add_text(self.t("periodic-recipient", &[arg("to", to)])).size(22)),
            Paragraph::new().add_run(Run::new().add_text(self.t("periodic-archive", &[])).size(22)),
        ];
        let right = vec![
            centred(Run::new().add_text(self.t("periodic-signer", &[])).bold().highlight(FILL_COLOUR), 28),
            Paragraph::new().line_spacing(LineSpacing::new().after(1200)),
            centred(Run::new().add_text(self.t("periodic-signer-name", &[])).bold().highlight(FILL_COLOUR), 28),
        ];
        let widths = [4300, TEXT_WIDTH - 4300];
        Table::without_borders(vec![TableRow::new(vec![cell(left, widths[0]), cell(right, widths[1])])])
            .set_grid(widths.to_vec())
    }

    /// The tasks the report covers: every task of the plan, or those of the agency.
    fn report_tasks(&self, data: &TermData) -> Vec<usize> {
        match &data.agency {
            None => (0..self.plan.plan().tasks.len()).collect(),
            Some(code) => {
                let tasks: BTreeSet<usize> = self.plan.assignments(code).iter().map(|a| a.task).collect();
                tasks.into_iter().collect()
            }
        }
    }

    fn results_part(&self, data: &TermData, tasks: &[usize], states: &[TaskState], body_name: &str) -> Vec<Paragraph> {
        let plan = self.plan.plan();
        let mut out = vec![heading(self.t("periodic-part-results", &[])), heading(self.t("periodic-overview", &[]))];
        match &data.agency {
            None => {
                let count = |c: Category| states.iter().filter(|s| s.category == c).count();
                out.push(body(self.t(
                    "periodic-overview-plan",
                    &[
                        arg("tasks", tasks.len()),
                        arg("day", date(data.day)),
                        arg("done_on_time", count(Category::DoneOnTime)),
                        arg("done_late", count(Category::DoneLate)),
                        arg("awaiting", count(Category::AwaitingReview)),
                        arg("open", count(Category::OpenOnTime)),
                        arg("overdue", count(Category::OpenOverdue)),
                    ],
                )));
            }
            Some(code) => {
                let mut own = Tally::default();
                let mut lead = 0;
                for &i in tasks {
                    let Some(a) = self.plan.role_in(code, i) else { continue };
                    if a.role != Role::Lead {
                        continue;
                    }
                    lead += 1;
                    let task = self.plan.task_at(i);
                    let period = plan.period_at(task, data.day);
                    own.add_report(data.progress.latest_for(task.reference, code, a, &period.key).map(|r| &r.report));
                }
                out.push(body(self.t(
                    "periodic-overview-agency",
                    &[
                        arg("body", body_name),
                        arg("tasks", tasks.len()),
                        arg("lead", lead),
                        arg("support", tasks.len() - lead),
                        arg("day", date(data.day)),
                        arg("done", own.done),
                        arg("awaiting", own.awaiting),
                        arg("open", own.in_progress + own.not_started),
                        arg("blocked", own.blocked),
                        arg("unreported", own.not_reported),
                    ],
                )));
            }
        }
        let own = |r: &&Report| data.agency.as_ref().is_none_or(|a| &r.agency == a);
        let agencies: BTreeSet<&str> = data.in_term.iter().filter(own).map(|r| r.agency.as_str()).collect();
        let reports = data.in_term.iter().filter(own).count();
        out.push(body(
            self.t("periodic-overview-reports", &[arg("reports", reports), arg("agencies", agencies.len())]),
        ));

        out.push(heading(self.t("periodic-tasks", &[])));
        let mut by_agency: HashMap<(TaskRef, &str), Vec<&Report>> = HashMap::new();
        for r in &data.in_term {
            by_agency.entry((r.task, r.agency.as_str())).or_default().push(r);
        }
        let mut section_number = 0;
        let mut current_section = None;
        for (&index, state) in tasks.iter().zip(states) {
            let task = self.plan.task_at(index);
            if current_section != Some(task.reference.section) {
                current_section = Some(task.reference.section);
                section_number += 1;
                let id = task.reference.section_id();
                let title = plan.section(&id).map(|s| s.title.clone()).unwrap_or_default();
                out.push(heading(
                    self.t("periodic-section", &[arg("n", section_number), arg("title", title), arg("id", id)]),
                ));
            }
            out.push(
                Paragraph::new()
                    .add_run(Run::new().add_text(self.t(
                        "periodic-task",
                        &[
                            arg("ref", task.reference.to_string()),
                            arg("title", with_full_stop(&task.title)),
                            arg("timeframe", task.timeframe_text.as_str()),
                            arg("day", date(data.day)),
                            arg("category", self.category_label(state.category).to_lowercase()),
                        ],
                    )))
                    .align(AlignmentType::Both)
                    .indent(None, Some(SpecialIndentType::FirstLine(FIRST_LINE)), None, None)
                    .line_spacing(LineSpacing::new().before(60).after(60))
                    .keep_next(true),
            );
            for line in self.task_lines(data, index, &state.period.key, &by_agency) {
                out.push(body(line));
            }
        }
        out
    }

    /// One line per lead named directly, a tally per group of leads with its members that reported in
    /// the term, and the supporting agencies that reported in the term. An agency's own report has only
    /// its line.
    fn task_lines(
        &self,
        data: &TermData,
        index: usize,
        period: &str,
        in_term: &HashMap<(TaskRef, &str), Vec<&Report>>,
    ) -> Vec<String> {
        let task = self.plan.task_at(index);
        let agencies = self.plan.task_agencies(index);
        let mut lines = Vec::new();
        let line_for = |code: &str, name: String, assignment: &crate::plan::Assignment| {
            let latest = data.progress.latest_for(task.reference, code, assignment, period);
            let mine: Vec<&Report> = std::iter::once(code)
                .chain(assignment.predecessors.iter().map(String::as_str))
                .filter_map(|c| in_term.get(&(task.reference, c)))
                .flatten()
                .copied()
                .collect();
            self.agency_line(data, name, latest, &mine)
        };
        if let Some(code) = &data.agency {
            if let Some(a) = self.plan.role_in(code, index) {
                let name = self.role_name(code, a.role);
                lines.push(line_for(code, name, a));
            }
            return lines;
        }
        for (code, a) in agencies.iter().filter(|(_, a)| a.role == Role::Lead && a.via_group.is_none()) {
            lines.push(line_for(code, self.agency_name(code).to_string(), a));
        }
        for (group, tally) in data.progress.lead_groups(self.plan, index, period) {
            let name = crate::text::capitalize(self.plan.catalog().display_name(&group));
            lines.push(self.t("periodic-group", &[arg("group", name), arg("tally", self.tally_text(&tally))]));
            let crate::plan::Assignee::Group(group_code) = &group else { continue };
            for (code, a) in agencies.iter().filter(|(_, a)| a.via_group.as_ref() == Some(group_code)) {
                if in_term.contains_key(&(task.reference, code.as_str())) {
                    lines.push(line_for(code, self.agency_name(code).to_string(), a));
                }
            }
        }
        for (code, a) in agencies.iter().filter(|(_, a)| a.role == Role::Support) {
            if in_term.contains_key(&(task.reference, code.as_str())) {
                lines.push(line_for(code, self.role_name(code, Role::Support), a));
            }
        }
        lines
    }

    fn role_name(&self, code: &str, role: Role) -> String {
        match role {
            Role::Lead => self.agency_name(code).to_string(),
            Role::Support => self.t("periodic-line-support", &[arg("agency", self.agency_name(code))]),
        }
    }

    /// "+ Sở Y tế: hoàn thành, 100% (báo cáo ngày 15/10/2026): đã trình UBND tỉnh…".
    fn agency_line(&self, data: &TermData, name: String, latest: Option<&Report>, in_term: &[&Report]) -> String {
        let Some(latest) = latest else {
            return self.t("periodic-line", &[arg("agency", name), arg("state", self.t("periodic-not-reported", &[]))]);
        };
        let state = self.report_state(latest);
        if latest.as_of() < data.term.first_day() {
            let stale = self.t("periodic-line-stale", &[arg("date", date(latest.as_of())), arg("state", state)]);
            return self.t("periodic-line", &[arg("agency", name), arg("state", stale)]);
        }
        let mut line = match latest.note.as_deref() {
            Some(note) => self.t(
                "periodic-line-note",
                &[
                    arg("agency", name),
                    arg("state", state),
                    arg("date", date(latest.as_of())),
                    arg("note", with_full_stop(note)),
                ],
            ),
            None => self.t(
                "periodic-line-dated",
                &[arg("agency", name), arg("state", state), arg("date", date(latest.as_of()))],
            ),
        };
        let earlier = in_term.iter().filter(|r| r.id != latest.id).count();
        if earlier > 0 {
            line.push(' ');
            line.push_str(&self.t("periodic-line-more", &[arg("count", earlier)]));
        }
        line
    }

    /// Obstacles reported in the term (each agency's latest per task) and results returned.
    fn difficulties_part(&self, data: &TermData, tasks: &[usize]) -> Vec<Paragraph> {
        let covered: BTreeSet<TaskRef> = tasks.iter().map(|&i| self.plan.task_at(i).reference).collect();
        let relevant = |r: &&Report| covered.contains(&r.task) && data.agency.as_ref().is_none_or(|a| &r.agency == a);
        let mut out = vec![heading(self.t("periodic-part-difficulties", &[]))];
        let mut blocked: HashMap<(TaskRef, &str), &Report> = HashMap::new();
        for r in data.in_term.iter().filter(relevant).filter(|r| r.status == Status::Blocked) {
            blocked.insert((r.task, r.agency.as_str()), r);
        }
        let mut blocked: Vec<&Report> = blocked.into_values().collect();
        blocked.sort_by_key(|r| (r.task, r.as_of(), r.id));
        let mut lines = Vec::new();
        for r in blocked {
            let args = [
                arg("ref", r.task.to_string()),
                arg("agency", self.agency_name_on(&r.agency, r.as_of())),
                arg("date", date(r.as_of())),
            ];
            lines.push(match r.note.as_deref() {
                Some(note) => {
                    let mut args = args.to_vec();
                    args.push(arg("note", with_full_stop(note)));
                    self.t("periodic-blocked", &args)
                }
                None => self.t("periodic-blocked-no-note", &args),
            });
        }
        for r in data.in_term.iter().filter(relevant).filter(|r| r.review == Some(Review::Returned)) {
            lines.push(self.t(
                "periodic-returned",
                &[
                    arg("ref", r.task.to_string()),
                    arg("agency", self.agency_name_on(&r.agency, r.as_of())),
                    arg("date", date(r.as_of())),
                    arg("reason", with_full_stop(r.review_note.as_deref().unwrap_or_default())),
                ],
            ));
        }
        if lines.is_empty() {
            out.push(body(self.t("periodic-no-difficulties", &[])));
        }
        out.extend(lines.into_iter().map(body));
        out.push(to_fill(self.t("periodic-fill-difficulties", &[])));
        out
    }

    /// What the data says lies ahead: tasks overdue, and those due within six months of the report's day.
    fn next_part(&self, data: &TermData, states: &[TaskState]) -> Vec<Paragraph> {
        let horizon = data.day + TimeDelta::days(183);
        let mut overdue = Vec::new();
        let mut due = Vec::new();
        for state in states {
            let reference = self.plan.task_at(state.task).reference.to_string();
            match state.category {
                Category::OpenOverdue => overdue.push(reference),
                Category::OpenOnTime if state.period.end <= horizon => due.push(reference),
                _ => {}
            }
        }
        let mut out = vec![heading(self.t("periodic-part-next", &[]))];
        if !overdue.is_empty() {
            out.push(body(self.t("periodic-next-overdue", &[arg("refs", overdue.join(", "))])));
        }
        if !due.is_empty() {
            out.push(body(self.t("periodic-next-due", &[arg("refs", due.join(", "))])));
        }
        if overdue.is_empty() && due.is_empty() {
            out.push(body(self.t("periodic-next-none", &[])));
        }
        out.push(to_fill(self.t("periodic-fill-next", &[])));
        out
    }

    /// Task × lead × state × date, the task's cells merged over its leads' rows.
    fn appendix(&self, data: &TermData, tasks: &[usize]) -> Table {
        let widths = [950, 3050, 2100, 1850, 1400];
        let header = [
            "periodic-col-ref",
            "periodic-col-task",
            if data.agency.is_some() { "periodic-col-role" } else { "periodic-col-lead" },
            "periodic-col-state",
            "periodic-col-date",
        ];
        let shade = Shading::new().fill("DDEBF7");
        let mut rows = vec![
            TableRow::new(
                header
                    .iter()
                    .zip(widths)
                    .map(|(key, w)| {
                        cell(vec![table_text(self.t(key, &[]), true, AlignmentType::Center)], w).shading(shade.clone())
                    })
                    .collect(),
            )
            .cant_split(),
        ];
        for &index in tasks {
            let task = self.plan.task_at(index);
            let period = self.plan.plan().period_at(task, data.day).key;
            let mut leads: Vec<[String; 3]> = Vec::new();
            let agencies = self.plan.task_agencies(index);
            let line = |code: &str, a: &crate::plan::Assignment, who: String| {
                let latest = data.progress.latest_for(task.reference, code, a, &period);
                [
                    who,
                    latest.map_or_else(|| self.t("periodic-not-reported", &[]), |r| self.counted_label(r)),
                    latest.map(|r| date(r.as_of())).unwrap_or_default(),
                ]
            };
            match &data.agency {
                Some(code) => {
                    if let Some(a) = self.plan.role_in(code, index) {
                        let role = self.role_label(a.role);
                        leads.push(line(code, a, role));
                    }
                }
                None => {
                    for (code, a) in agencies.iter().filter(|(_, a)| a.role == Role::Lead && a.via_group.is_none()) {
                        leads.push(line(code, a, self.agency_name(code).to_string()));
                    }
                    for (group, tally) in data.progress.lead_groups(self.plan, index, &period) {
                        let name = crate::text::capitalize(self.plan.catalog().display_name(&group));
                        leads.push([name, self.tally_text(&tally), String::new()]);
                    }
                }
            }
            for (n, [who, state, day]) in leads.iter().enumerate() {
                let merge = if n == 0 { VMergeType::Restart } else { VMergeType::Continue };
                let (reference, title) = if n == 0 {
                    (task.reference.to_string(), task.title.clone())
                } else {
                    (String::new(), String::new())
                };
                rows.push(
                    TableRow::new(vec![
                        cell(vec![table_text(reference, true, AlignmentType::Center)], widths[0]).vertical_merge(merge),
                        cell(vec![table_text(title, false, AlignmentType::Left)], widths[1]).vertical_merge(merge),
                        cell(vec![table_text(who.as_str(), false, AlignmentType::Left)], widths[2]),
                        cell(vec![table_text(state.as_str(), false, AlignmentType::Left)], widths[3]),
                        cell(vec![table_text(day.as_str(), false, AlignmentType::Center)], widths[4]),
                    ])
                    .cant_split(),
                );
            }
        }
        Table::new(rows).set_grid(widths.to_vec()).width(TEXT_WIDTH, WidthType::Dxa).layout(TableLayoutType::Fixed)
    }
}

/// A sentence ends with its stop, once.
fn with_full_stop(text: &str) -> String {
    let text = text.trim();
    if text.ends_with(['.', '!', '?', ':', ';', '…']) { text.to_string() } else { format!("{text}.") }
}
