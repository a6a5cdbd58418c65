//! The progress spreadsheet: a sheet of tasks with their leads' states side by side (what a coordinator
//! prints), a sheet of each assigned agency's state (what `import` reads back), one of the reports of the
//! period; laid out to print on A4 landscape, every row as tall as its wrapped text.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use super::answers::{Answers, arg, date};
use super::reply::Attachment;
use crate::clock::ZONE;
use crate::plan::{PlanTimeline, Role, TaskRef};
use crate::progress::Report;
use crate::progress::state::Progress;

const XLSX_MIME: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const A4: u8 = 9;

fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_border(FormatBorder::Thin)
        .set_background_color("#DDEBF7")
}

fn cell_format() -> Format {
    Format::new().set_text_wrap().set_align(FormatAlign::Top).set_border(FormatBorder::Thin)
}

/// Lines a cell of `width` (in characters of the default font) needs for `text` when wrapped. Estimated
/// on the narrow side, so that a row is never shorter than its text: overprinted rows are unreadable on
/// paper, a little air is not.
fn lines_needed(text: &str, width: f64) -> usize {
    let per_line = ((width - 1.0) * 1.1).floor().max(1.0) as usize;
    text.split('\n').map(|line| line.chars().count().div_ceil(per_line).max(1)).sum()
}

/// Writes a row of wrapped cells and makes it as tall as its tallest cell.
fn write_row(
    sheet: &mut Worksheet,
    row: u32,
    values: &[String],
    widths: &[f64],
    format: &Format,
) -> Result<(), XlsxError> {
    let mut lines = 1;
    for (col, value) in values.iter().enumerate() {
        sheet.write_string_with_format(row, col as u16, value, format)?;
        lines = lines.max(lines_needed(value, widths.get(col).copied().unwrap_or(10.0)));
    }
    // 15 points a line of the default 11-point font, and a little for the borders.
    sheet.set_row_height(row, (lines as f64 * 15.0 + 3.0).min(409.0))?;
    Ok(())
}

/// Sets up a sheet for printing and writes its header row.
fn prepare(sheet: &mut Worksheet, name: &str, title: &str, columns: &[(String, f64)]) -> Result<(), XlsxError> {
    sheet.set_name(name)?;
    sheet.set_landscape().set_paper_size(A4).set_print_fit_to_pages(1, 0);
    sheet.set_header(format!("&C&\"Times New Roman,Bold\"{}", title.replace('&', "&&")));
    sheet.set_footer("&C&P / &N");
    sheet.set_repeat_rows(0, 0)?;
    sheet.set_freeze_panes(1, 0)?;
    let header = header_format();
    for (col, (_, width)) in columns.iter().enumerate() {
        sheet.set_column_width(col as u16, *width)?;
    }
    let labels: Vec<String> = columns.iter().map(|(label, _)| label.clone()).collect();
    let widths: Vec<f64> = columns.iter().map(|(_, width)| *width).collect();
    write_row(sheet, 0, &labels, &widths, &header)
}

impl Answers<'_> {
    /// One row per task: its period, due date, official category, and each lead's state on a line of the
    /// same cell (a group of leads as its count, not dozens of lines).
    fn progress_sheet(
        &self,
        workbook: &mut Workbook,
        progress: &Progress,
        day: NaiveDate,
        title: &str,
    ) -> Result<(), XlsxError> {
        let plan = self.plan.plan();
        let columns: Vec<(String, f64)> = [
            ("xlsx-ref", 7.0),
            ("xlsx-task", 50.0),
            ("xlsx-period", 12.0),
            ("xlsx-due", 11.0),
            ("xlsx-category", 17.0),
            ("xlsx-leads", 52.0),
        ]
        .iter()
        .map(|(k, w)| (self.t(k, &[]), *w))
        .collect();
        let widths: Vec<f64> = columns.iter().map(|(_, w)| *w).collect();
        let cell = cell_format();
        let sheet = workbook.add_worksheet();
        prepare(sheet, &self.t("xlsx-sheet-progress", &[]), title, &columns)?;
        for (index, task) in plan.tasks.iter().enumerate() {
            let state = progress.task_state(self.plan, index, day);
            let mut leads: Vec<String> = self
                .plan
                .task_agencies(index)
                .iter()
                .filter(|(_, a)| a.role == Role::Lead && a.via_group.is_none())
                .map(|(agency, assignment)| {
                    let latest = progress.latest_for(task.reference, agency, assignment, &state.period.key);
                    let status = latest.map_or_else(|| self.t("xlsx-not-reported", &[]), |r| self.report_state(r));
                    format!("{}: {status}", self.agency_name(agency))
                })
                .collect();
            for (group, tally) in progress.lead_groups(self.plan, index, &state.period.key) {
                leads.push(self.group_tally(self.plan.catalog().display_name(&group), &tally));
            }
            let values = [
                task.reference.to_string(),
                task.title.clone(),
                self.period_label(&state.period.key),
                date(state.period.end),
                self.category_label(state.category),
                leads.join("\n"),
            ];
            write_row(sheet, index as u32 + 1, &values, &widths, &cell)?;
        }
        Ok(())
    }

    /// The workbook for a period ending `day`, with `reports` made in it.
    pub fn workbook(
        &self,
        timeline: &PlanTimeline,
        progress: &Progress,
        reports: &[Report],
        day: NaiveDate,
        file_name: &str,
    ) -> Result<Attachment, XlsxError> {
        let plan = self.plan.plan();
        let title = self.t("xlsx-title", &[arg("plan", plan.meta.code.as_str()), arg("day", date(day))]);
        let cell = cell_format();
        let mut workbook = Workbook::new();
        self.progress_sheet(&mut workbook, progress, day, &title)?;

        let columns: Vec<(String, f64)> = [
            ("xlsx-ref", 7.0),
            ("xlsx-task", 45.0),
            ("xlsx-period", 11.0),
            ("xlsx-due", 11.0),
            ("xlsx-category", 16.0),
            ("xlsx-agency", 24.0),
            ("xlsx-agency-code", 22.0),
            ("xlsx-role", 9.0),
            ("xlsx-status", 14.0),
            ("xlsx-percent", 8.0),
            ("xlsx-note", 40.0),
            ("xlsx-as-of", 12.0),
        ]
        .iter()
        .map(|(k, w)| (self.t(k, &[]), *w))
        .collect();
        let widths: Vec<f64> = columns.iter().map(|(_, w)| *w).collect();
        let sheet = workbook.add_worksheet();
        prepare(sheet, &self.t("xlsx-sheet-tasks", &[]), &title, &columns)?;
        // Periods that have ended (a year, the 2021–2025 phase) follow each task's current one, with the
        // agencies that reported in them, so that the workbook carries every state a task has had and
        // `import` brings it all back. Each is read with the plan as it stood at its end.
        let mut ended: HashMap<TaskRef, BTreeMap<&str, NaiveDate>> = HashMap::new();
        for r in progress.reports() {
            ended.entry(r.task).or_default().entry(r.period.as_str()).or_insert(r.as_of());
        }
        let mut row = 1u32;
        for (index, task) in plan.tasks.iter().enumerate() {
            let state = progress.task_state(self.plan, index, day);
            let mut parts = vec![(self.plan, index, state)];
            for (key, as_of) in ended.get(&task.reference).into_iter().flatten() {
                let period = plan.period_at(task, *as_of);
                let then = timeline.at(period.end);
                if *key == parts[0].2.period.key || period.end >= day {
                    continue;
                }
                if let Some(i) = then.task_index(task.reference) {
                    let period = then.plan().period_at(then.task_at(i), *as_of);
                    parts.push((then, i, progress.task_state_in(then, i, period, day)));
                }
            }
            for (k, (version, index, state)) in parts.into_iter().enumerate() {
                let category = self.category_label(state.category);
                for (agency, assignment) in version.task_agencies(index) {
                    let latest = progress.latest_for(task.reference, agency, assignment, &state.period.key);
                    if k > 0 && latest.is_none() {
                        continue;
                    }
                    // A state a predecessor reported is its own row's: "Sở LĐ-TB&XH (nay là Sở NN&MT)", its code
                    // and part, so that `import` brings it back as that agency's, on its day.
                    let (name, code, role) = match latest.filter(|r| r.agency != *agency) {
                        Some(r) => (
                            self.t(
                                "agency-now",
                                &[
                                    arg("agency", self.agency_name_on(&r.agency, r.as_of())),
                                    arg("now", self.agency_name_on(agency, state.period.end)),
                                ],
                            ),
                            r.agency.clone(),
                            r.role,
                        ),
                        None => {
                            (self.agency_name_on(agency, state.period.end).to_string(), agency.clone(), assignment.role)
                        }
                    };
                    let values = [
                        task.reference.to_string(),
                        task.title.clone(),
                        self.period_label(&state.period.key),
                        date(state.period.end),
                        category.clone(),
                        name,
                        code,
                        self.role_label(role),
                        latest.map_or_else(|| self.t("xlsx-not-reported", &[]), |r| self.counted_label(r)),
                        latest.and_then(|r| r.percent).map(|p| format!("{p}%")).unwrap_or_default(),
                        latest.and_then(|r| r.note.clone()).unwrap_or_default(),
                        latest.map(|r| date(r.as_of())).unwrap_or_default(),
                    ];
                    write_row(sheet, row, &values, &widths, &cell)?;
                    row += 1;
                }
            }
        }
        sheet.autofilter(0, 0, row.saturating_sub(1).max(1), columns.len() as u16 - 1)?;

        let columns: Vec<(String, f64)> = [
            ("xlsx-time", 16.0),
            ("xlsx-ref", 7.0),
            ("xlsx-agency", 24.0),
            ("xlsx-role", 9.0),
            ("xlsx-period", 11.0),
            ("xlsx-status", 14.0),
            ("xlsx-percent", 8.0),
            ("xlsx-note", 45.0),
            ("xlsx-as-of", 12.0),
            ("xlsx-author", 18.0),
            ("xlsx-entered-by", 16.0),
            ("xlsx-retracted", 10.0),
        ]
        .iter()
        .map(|(k, w)| (self.t(k, &[]), *w))
        .collect();
        let widths: Vec<f64> = columns.iter().map(|(_, w)| *w).collect();
        let sheet = workbook.add_worksheet();
        prepare(sheet, &self.t("xlsx-sheet-reports", &[]), &title, &columns)?;
        if reports.is_empty() {
            sheet.write_string(1, 0, self.t("xlsx-no-reports", &[]))?;
        }
        for (i, r) in reports.iter().enumerate() {
            let row = i as u32 + 1;
            let values = [
                r.at.with_timezone(&ZONE).format("%d/%m/%Y %H:%M").to_string(),
                r.task.to_string(),
                self.agency_name_on(&r.agency, r.as_of()).to_string(),
                self.role_label(r.role),
                self.period_label(&r.period),
                self.status_label(r.status),
                r.percent.map(|p| format!("{p}%")).unwrap_or_default(),
                r.note.clone().unwrap_or_default(),
                date(r.as_of()),
                r.user_name.clone(),
                self.agency_name_on(r.entered_by(), r.as_of()).to_string(),
                if r.retracted_at.is_some() { self.t("xlsx-yes", &[]) } else { String::new() },
            ];
            write_row(sheet, row, &values, &widths, &cell)?;
        }
        let bytes = workbook.save_to_buffer()?;
        Ok(Attachment { file_name: file_name.to_string(), mime: XLSX_MIME.to_string(), bytes })
    }
}
