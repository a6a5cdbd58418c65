//! Bringing in what happened before the bot: the workbook `export` writes, edited by hand in Excel or
//! LibreOffice, read back row by row. A row whose state differs from what the database holds becomes a
//! report dated when that state held, entered by the coordinator; every other row is skipped with its
//! reason, and a file with a bad row records nothing unless the caller lets bad rows be skipped.

use std::collections::HashMap;
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use chrono::{DateTime, NaiveDate, Utc};

use super::Bot;
use super::answers::{Answers, arg, date};
use crate::chat::ChatKey;
use crate::clock::local_date;
use crate::i18n::Lang;
use crate::plan::TaskRef;
use crate::progress::state::Progress;
use crate::progress::{MAX_NOTE_CHARS, NewReport, Review, Status};
use crate::store::StoreError;
use crate::text::fold;

/// What came of one row of the sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowOutcome {
    /// To be recorded (or recorded, once [`Imported::recorded`] says so).
    Report(Box<NewReport>),
    /// The workbook says "not reported": nothing to record.
    NotReported,
    /// Nothing to record, and why.
    Skipped(String),
    /// Cannot be read as a report, and why.
    Bad(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportRow {
    /// The row's number as a spreadsheet shows it (1-based).
    pub row: usize,
    pub outcome: RowOutcome,
    /// What the row reports, in words, for the listing: "III.3 — Sở NN&MT: hoàn thành, 100%".
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    pub rows: Vec<ImportRow>,
    /// How many reports were written: 0 when a bad row stopped the import.
    pub recorded: u64,
}

impl Imported {
    pub fn bad(&self) -> usize {
        self.rows.iter().filter(|r| matches!(r.outcome, RowOutcome::Bad(_))).count()
    }

    /// Rows with nothing to record, "not reported" ones included.
    pub fn skipped(&self) -> usize {
        self.rows.iter().filter(|r| matches!(r.outcome, RowOutcome::Skipped(_) | RowOutcome::NotReported)).count()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read the workbook: {0}")]
    Unreadable(String),
    #[error("no sheet has the columns of the progress workbook (TT, Mã cơ quan, Trạng thái, Tính đến ngày)")]
    NoHeader,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The columns the import reads, found by their headings in either language.
#[derive(Debug, Default)]
struct Columns {
    reference: Option<usize>,
    agency: Option<usize>,
    agency_name: Option<usize>,
    period: Option<usize>,
    status: Option<usize>,
    percent: Option<usize>,
    note: Option<usize>,
    as_of: Option<usize>,
}

impl Columns {
    fn complete(&self) -> bool {
        self.reference.is_some()
            && (self.agency.is_some() || self.agency_name.is_some())
            && self.status.is_some()
            && self.as_of.is_some()
    }
}

impl Bot {
    /// Reads the workbook `bytes` and records the rows that differ from the database, as of `now`.
    pub async fn import_workbook(
        &self,
        bytes: Vec<u8>,
        file_name: &str,
        now: DateTime<Utc>,
        skip_bad_rows: bool,
    ) -> Result<Imported, ImportError> {
        let today = local_date(now);
        let say = self.answers(today);
        let sheet = read_sheet(bytes, |key| self.heading(key))?;
        let progress = Progress::new(self.store.latest_reports(self.timeline().id()).await?);
        let coordinator = say.plan.plan().meta.coordinator.clone();
        let mut rows = Vec::new();
        let mut seen: HashMap<(TaskRef, String, String), usize> = HashMap::new();
        for (row, cells) in sheet {
            let read = self.read_row(&say, &cells, &progress, file_name, now, &coordinator);
            let (outcome, summary) = match read {
                Ok((report, summary)) => {
                    let key = (report.task, report.agency.clone(), report.period.clone());
                    match seen.get(&key) {
                        Some(first) => (RowOutcome::Bad(say.t("import-why-duplicate", &[arg("row", *first)])), summary),
                        None => {
                            seen.insert(key, row);
                            (RowOutcome::Report(Box::new(report)), summary)
                        }
                    }
                }
                Err((outcome, summary)) => (outcome, summary),
            };
            rows.push(ImportRow { row, outcome, summary });
        }
        let mut imported = Imported { rows, recorded: 0 };
        if imported.bad() > 0 && !skip_bad_rows {
            return Ok(imported);
        }
        let reports: Vec<NewReport> = imported
            .rows
            .iter()
            .filter_map(|r| match &r.outcome {
                RowOutcome::Report(report) => Some((**report).clone()),
                _ => None,
            })
            .collect();
        imported.recorded = self.store.add_reports(&reports).await?;
        Ok(imported)
    }

    /// A column heading in both languages, folded: the sheet may have been exported in either.
    fn heading(&self, key: &str) -> [String; 2] {
        [fold(&self.messages.tr(Lang::Vi, key, &[])), fold(&self.messages.tr(Lang::En, key, &[]))]
    }

    /// One row as the report it stands for, or why it is none.
    fn read_row(
        &self,
        say: &Answers<'_>,
        cells: &RowCells,
        progress: &Progress,
        file_name: &str,
        now: DateTime<Utc>,
        coordinator: &str,
    ) -> Result<(NewReport, String), (RowOutcome, String)> {
        let bad = |key: &str, args: &[(&str, String)], summary: &str| {
            let args: Vec<_> = args.iter().map(|(k, v)| arg(k, v.clone())).collect();
            (RowOutcome::Bad(say.t(key, &args)), summary.to_string())
        };
        let skip = |key: &str, summary: &str| (RowOutcome::Skipped(say.t(key, &[])), summary.to_string());
        let today = say.day;
        let text = |c: Option<usize>| c.and_then(|i| cells.get(i)).map(cell_text).unwrap_or_default();
        let reference_text = text(cells.columns.reference);
        let Ok(reference) = reference_text.trim().parse::<TaskRef>() else {
            return Err(bad("import-why-bad-ref", &[("value", reference_text)], ""));
        };
        // A reference no version of the plan has is wrong whatever else the row says.
        if self.timeline().versions().iter().all(|v| v.task_index(reference).is_none()) {
            return Err(bad("import-why-unknown-task", &[("ref", reference.to_string())], &reference.to_string()));
        }
        let catalog = say.plan.catalog();
        let code = text(cells.columns.agency).trim().to_lowercase();
        let agency = if code.is_empty() {
            let name = text(cells.columns.agency_name);
            let folded = fold(&name);
            catalog.agencies().iter().find(|a| fold(a.short_name()) == folded || fold(&a.name) == folded)
        } else {
            catalog.agency(&code)
        };
        let Some(agency) = agency else {
            let value = if code.is_empty() { text(cells.columns.agency_name) } else { code };
            return Err(bad("import-why-unknown-agency", &[("value", value)], &reference.to_string()));
        };
        let summary = format!("{reference} — {}", agency.short_name());
        let status_text = text(cells.columns.status);
        // A result the export shows waiting for the coordinator's review comes in waiting for it still;
        // "hoàn thành" typed over it is the coordinator's own word, and needs none.
        let awaiting_review = self.heading("category-awaiting-review").contains(&fold(&status_text));
        let status = match self.status_of(&status_text) {
            Some(Some(status)) => status,
            Some(None) => return Err((RowOutcome::NotReported, summary)),
            None => return Err(bad("import-why-bad-status", &[("value", status_text)], &summary)),
        };
        let percent = match cells.columns.percent.and_then(|i| cells.get(i)) {
            None => None,
            Some(cell) => match percent_of(cell, status) {
                Ok(p) => p,
                Err(()) => return Err(bad("import-why-bad-percent", &[("value", cell_text(cell))], &summary)),
            },
        };
        let percent = match (status, percent) {
            (Status::Done, None) => Some(100),
            (Status::NotStarted, None) => Some(0),
            (_, p) => p,
        };
        let note = Some(text(cells.columns.note).trim().to_string()).filter(|n| !n.is_empty());
        if note.as_ref().is_some_and(|n| n.chars().count() > MAX_NOTE_CHARS) {
            return Err(bad("import-why-note-too-long", &[("max", MAX_NOTE_CHARS.to_string())], &summary));
        }
        let as_of = match cells.columns.as_of.and_then(|i| cells.get(i)) {
            None | Some(Data::Empty) => return Err(bad("import-why-no-date", &[], &summary)),
            Some(cell) => match date_of(cell) {
                Some(d) => d,
                None => return Err(bad("import-why-bad-date", &[("value", cell_text(cell))], &summary)),
            },
        };
        let issued = self.timeline().bundle().plan.meta.issued;
        if as_of > today {
            return Err(bad("import-why-future", &[("day", date(as_of))], &summary));
        }
        if as_of < issued {
            return Err(bad("import-why-before-plan", &[("day", date(as_of)), ("issued", date(issued))], &summary));
        }
        let last = self.timeline().bundle().plan.meta.last_day();
        if as_of > last {
            return Err(bad("import-why-after-plan", &[("day", date(as_of)), ("last", date(last))], &summary));
        }
        if agency.ended_before(as_of) {
            return Err(bad(
                "import-why-ended",
                &[("agency", agency.short_name().into()), ("day", date(as_of))],
                &summary,
            ));
        }
        // The assignments in force that day; an agency set up later answers for its predecessors' part.
        let plan = if agency.started_by(as_of) { self.plan_on(as_of) } else { say.plan };
        let Some(index) = plan.task_index(reference) else {
            return Err(bad("import-why-no-task", &[("ref", reference.to_string()), ("day", date(as_of))], &summary));
        };
        let Some(assignment) = plan.role_in(&agency.code, index) else {
            let args = [("agency", agency.short_name().to_string()), ("ref", reference.to_string())];
            return Err(bad("import-why-not-assigned", &args, &summary));
        };
        let period = plan.plan().period_at(plan.task_at(index), as_of);
        let period_text = text(cells.columns.period);
        if !period_text.trim().is_empty() && period_key(&period_text).as_deref() != Some(period.key.as_str()) {
            let args = [("day", date(as_of)), ("period", say.period_label(&period.key)), ("value", period_text)];
            return Err(bad("import-why-period", &args, &summary));
        }
        let summary = format!("{summary}: {}, {}", say.state_text(status, percent), date(as_of));
        // Only what differs from the database is recorded: the state as the task shows it, a predecessor's
        // report included.
        let current = progress.latest_for(reference, &agency.code, assignment, &period.key);
        if current.is_some_and(|c| {
            c.status == status
                && c.percent == percent
                && c.note == note
                && c.as_of() == as_of
                && c.awaiting_review() == awaiting_review
        }) {
            return Err(skip("import-why-unchanged", &summary));
        }
        // A row older than what the database holds is an older workbook's: it does not undo a later report.
        if let Some(c) = current.filter(|c| c.as_of() > as_of) {
            let why = say.t("import-why-older", &[arg("day", date(c.as_of()))]);
            return Err((RowOutcome::Skipped(why), summary));
        }
        let report = NewReport {
            plan_id: self.timeline().id().to_string(),
            task: reference,
            agency: agency.code.clone(),
            role: assignment.role,
            period: period.key,
            status,
            percent,
            note,
            chat: ChatKey::new("import", file_name),
            user_id: "import".into(),
            user_name: say.t("import-author", &[arg("file", file_name)]),
            message_id: Some(cells.row.to_string()),
            at: now,
            evidence: None,
            source: None,
            stated_on: Some(as_of),
            proxy: (agency.code != coordinator).then(|| coordinator.to_string()),
            expected: None,
            confirmed_by: None,
            review: awaiting_review.then_some(Review::Pending),
            review_note: None,
        };
        Ok((report, summary))
    }

    /// A status as the workbook writes it in either language; `Some(None)` for "not reported".
    fn status_of(&self, text: &str) -> Option<Option<Status>> {
        let folded = fold(text);
        if folded.is_empty() || self.heading("xlsx-not-reported").contains(&folded) {
            return Some(None);
        }
        let key = |s: Status| match s {
            Status::Done => "status-done",
            Status::InProgress => "status-in-progress",
            Status::NotStarted => "status-not-started",
            Status::Blocked => "status-blocked",
        };
        if let Some(s) = Status::ALL.into_iter().find(|s| self.heading(key(*s)).contains(&folded)) {
            return Some(Some(s));
        }
        // A result the export shows waiting for review was reported done.
        if self.heading("category-awaiting-review").contains(&folded) {
            return Some(Some(Status::Done));
        }
        // A status typed in other words ("xong", "đang làm").
        crate::nlu::status_in(text).map(Some)
    }
}

/// The cells of one data row, with the columns they are read by.
struct RowCells {
    row: usize,
    columns: std::rc::Rc<Columns>,
    cells: Vec<Data>,
}

impl RowCells {
    fn get(&self, i: usize) -> Option<&Data> {
        self.cells.get(i)
    }
}

/// The first sheet with the workbook's headings: its data rows, blank ones left out.
fn read_sheet(bytes: Vec<u8>, heading: impl Fn(&str) -> [String; 2]) -> Result<Vec<(usize, RowCells)>, ImportError> {
    let mut workbook: Xlsx<Cursor<Vec<u8>>> = calamine::open_workbook_from_rs(Cursor::new(bytes))
        .map_err(|e: calamine::XlsxError| ImportError::Unreadable(e.to_string()))?;
    let names = workbook.sheet_names().to_vec();
    let wanted = |key: &str| heading(key);
    let headings: Vec<(&str, [String; 2])> = [
        "xlsx-ref",
        "xlsx-agency-code",
        "xlsx-agency",
        "xlsx-period",
        "xlsx-status",
        "xlsx-percent",
        "xlsx-note",
        "xlsx-as-of",
    ]
    .into_iter()
    .map(|k| (k, wanted(k)))
    .collect();
    for name in names {
        let range = workbook.worksheet_range(&name).map_err(|e| ImportError::Unreadable(e.to_string()))?;
        let (first_row, _) = range.start().unwrap_or((0, 0));
        let rows: Vec<&[Data]> = range.rows().collect();
        // The heading row is near the top; a person may have added a title above it.
        for (h, header) in rows.iter().enumerate().take(20) {
            let mut columns = Columns::default();
            for (i, cell) in header.iter().enumerate() {
                let folded = fold(&cell_text(cell));
                let Some((key, _)) = headings.iter().find(|(_, labels)| labels.contains(&folded)) else { continue };
                let slot = match *key {
                    "xlsx-ref" => &mut columns.reference,
                    "xlsx-agency-code" => &mut columns.agency,
                    "xlsx-agency" => &mut columns.agency_name,
                    "xlsx-period" => &mut columns.period,
                    "xlsx-status" => &mut columns.status,
                    "xlsx-percent" => &mut columns.percent,
                    "xlsx-note" => &mut columns.note,
                    _ => &mut columns.as_of,
                };
                slot.get_or_insert(i);
            }
            if !columns.complete() {
                continue;
            }
            let columns = std::rc::Rc::new(columns);
            let data = rows[h + 1..]
                .iter()
                .enumerate()
                .filter(|(_, cells)| cells.iter().any(|c| !cell_text(c).trim().is_empty()))
                .map(|(k, cells)| {
                    let row = first_row as usize + h + 1 + k + 1;
                    (row, RowCells { row, columns: columns.clone(), cells: cells.to_vec() })
                })
                .collect();
            return Ok(data);
        }
    }
    Err(ImportError::NoHeader)
}

/// A cell as text, as a person reads it: a workbook is text from people too, cleaned as messages are.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => crate::text::clean(s).into_owned(),
        Data::Float(f) if f.fract() == 0.0 => format!("{f:.0}"),
        Data::DateTime(d) => d.as_datetime().map(|d| d.format("%d/%m/%Y").to_string()).unwrap_or_default(),
        other => other.to_string(),
    }
}

/// A percentage: "40%", 40, or 0.4 (a cell formatted as a percentage). `Ok(None)` for an empty cell.
fn percent_of(cell: &Data, status: Status) -> Result<Option<u8>, ()> {
    let value = match cell {
        Data::Empty => return Ok(None),
        Data::Int(i) => *i as f64,
        // Excel stores 40% as 0.4; a whole 1 is 100% only where the state is done.
        Data::Float(f) if *f > 0.0 && *f < 1.0 => f * 100.0,
        Data::Float(f) if *f == 1.0 && status == Status::Done => 100.0,
        Data::Float(f) => *f,
        Data::String(s) => {
            let s = s.trim().trim_end_matches('%').trim().replace(',', ".");
            if s.is_empty() {
                return Ok(None);
            }
            s.parse::<f64>().map_err(|_| ())?
        }
        _ => return Err(()),
    };
    let rounded = value.round();
    if !(0.0..=100.0).contains(&rounded) {
        return Err(());
    }
    Ok(Some(rounded as u8))
}

/// A date: a date cell, or text as "20/12/2025", "20-12-2025", "2025-12-20".
fn date_of(cell: &Data) -> Option<NaiveDate> {
    match cell {
        Data::DateTime(d) => d.as_datetime().map(|d| d.date()),
        Data::DateTimeIso(s) => s.get(..10).and_then(|d| d.parse().ok()),
        // A date typed into a cell formatted as a number: Excel's day count.
        Data::Float(f) if (20_000.0..80_000.0).contains(f) => {
            calamine::ExcelDateTime::new(*f, calamine::ExcelDateTimeType::DateTime, false)
                .as_datetime()
                .map(|d| d.date())
        }
        Data::String(s) => {
            let s = s.trim();
            if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
                return Some(d);
            }
            ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"].iter().find_map(|f| NaiveDate::parse_from_str(s, f).ok())
        }
        _ => None,
    }
}

/// The period key a label stands for: "năm 2026" → "2026", "giai đoạn 2026–2030" → "2026-2030".
fn period_key(label: &str) -> Option<String> {
    let years: Vec<&str> = label.split(|c: char| !c.is_ascii_digit()).filter(|w| w.len() == 4).collect();
    match years.as_slice() {
        [y] => Some((*y).to_string()),
        [a, b] => Some(format!("{a}-{b}")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_as_people_leave_them_in_a_sheet() {
        assert_eq!(percent_of(&Data::String("40%".into()), Status::InProgress), Ok(Some(40)));
        assert_eq!(percent_of(&Data::Float(0.4), Status::InProgress), Ok(Some(40)));
        assert_eq!(percent_of(&Data::Float(1.0), Status::Done), Ok(Some(100)));
        assert_eq!(percent_of(&Data::Int(75), Status::InProgress), Ok(Some(75)));
        assert_eq!(percent_of(&Data::Empty, Status::InProgress), Ok(None));
        assert_eq!(percent_of(&Data::String("150%".into()), Status::InProgress), Err(()));
        assert_eq!(percent_of(&Data::String("nhiều".into()), Status::InProgress), Err(()));
    }

    #[test]
    fn dates_as_text_or_as_date_cells() {
        let day = NaiveDate::from_ymd_opt(2025, 12, 20);
        assert_eq!(date_of(&Data::String("20/12/2025".into())), day);
        assert_eq!(date_of(&Data::String(" 2025-12-20 ".into())), day);
        assert_eq!(date_of(&Data::String("20-12-2025".into())), day);
        let cell = calamine::ExcelDateTime::new(46011.0, calamine::ExcelDateTimeType::DateTime, false);
        assert_eq!(date_of(&Data::DateTime(cell)), day);
        assert_eq!(date_of(&Data::Float(46011.0)), day);
        assert_eq!(date_of(&Data::String("31/02/2025".into())), None);
        assert_eq!(date_of(&Data::String("hôm qua".into())), None);
    }

    #[test]
    fn period_labels_back_to_keys() {
        assert_eq!(period_key("năm 2026").as_deref(), Some("2026"));
        assert_eq!(period_key("giai đoạn 2026–2030").as_deref(), Some("2026-2030"));
        assert_eq!(period_key("2021-2025").as_deref(), Some("2021-2025"));
        assert_eq!(period_key("sớm"), None);
    }
}
