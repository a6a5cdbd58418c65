//! The digest's chart as a PNG: tasks by official category per section of the plan, and the trend of
//! tasks done over the last weeks. Pure: it draws what it is given (texts already in the reader's
//! language) with a font compiled into the program, so it looks the same on every server and never
//! shows a Vietnamese letter as a box.

use std::sync::OnceLock;

use plotters::prelude::*;
use plotters::style::{FontStyle, register_font};

/// Liberation Sans (SIL Open Font License 1.1, `assets/fonts/LiberationSans-LICENSE.txt`): it has every
/// Vietnamese letter, precomposed.
pub const FONT: &[u8] = include_bytes!("../assets/fonts/LiberationSans-Regular.ttf");
const FAMILY: &str = "phoihop-sans";

pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 900;

/// One bar: a section of the plan and how many of its tasks stand in each category.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bar {
    pub label: String,
    /// In the order of [`Chart::categories`].
    pub counts: Vec<usize>,
}

/// Everything the chart shows, in words and numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chart {
    pub title: String,
    pub bars_title: String,
    pub bars: Vec<Bar>,
    /// The categories' names and colours (RGB), in the order of each bar's counts.
    pub categories: Vec<(String, [u8; 3])>,
    pub trend_title: String,
    /// A label per week and the tasks done at its end, oldest first.
    pub trend: Vec<(String, usize)>,
    /// The plan's tasks: the trend's scale.
    pub total: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    #[error("the embedded font cannot be read")]
    Font,
    #[error("cannot draw the chart: {0}")]
    Draw(String),
    #[error("cannot encode the chart: {0}")]
    Encode(#[from] png::EncodingError),
}

fn font() -> Result<(), ChartError> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    REGISTERED
        .get_or_init(|| register_font(FAMILY, FontStyle::Normal, FONT).is_ok())
        .then_some(())
        .ok_or(ChartError::Font)
}

fn draw_error(e: impl std::fmt::Display) -> ChartError {
    ChartError::Draw(e.to_string())
}

fn text(size: u32) -> TextStyle<'static> {
    (FAMILY, size).into_font().color(&BLACK)
}

/// The chart as a PNG file.
pub fn png(chart: &Chart) -> Result<Vec<u8>, ChartError> {
    font()?;
    let mut pixels = vec![255u8; (WIDTH * HEIGHT * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut pixels, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(draw_error)?;
        let (head, body) = root.split_vertically(60);
        head.draw(&Text::new(chart.title.clone(), (30, 18), text(30))).map_err(draw_error)?;
        let (top, bottom) = body.split_vertically(470);
        bars(chart, &top)?;
        trend(chart, &bottom)?;
        root.present().map_err(draw_error)?;
    }
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, WIDTH, HEIGHT);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.write_header()?.write_image_data(&pixels)?;
    Ok(out)
}

type Area<'a> = DrawingArea<BitMapBackend<'a>, plotters::coord::Shift>;

/// Horizontal stacked bars, a section each, and the categories' legend under them.
fn bars(chart: &Chart, area: &Area) -> Result<(), ChartError> {
    let (plot, legend) = area.split_vertically(400);
    let longest = chart.bars.iter().map(|b| b.counts.iter().sum::<usize>()).max().unwrap_or(0).max(1);
    let rows = chart.bars.len().max(1) as f64;
    let mut c = ChartBuilder::on(&plot)
        .caption(chart.bars_title.clone(), text(24))
        .margin(12)
        .x_label_area_size(36)
        .y_label_area_size(260)
        .build_cartesian_2d(0f64..longest as f64, 0f64..rows)
        .map_err(draw_error)?;
    c.configure_mesh()
        .disable_y_mesh()
        .disable_y_axis()
        .light_line_style(WHITE)
        .x_labels(longest.min(10) + 1)
        .x_label_formatter(&|x| format!("{x:.0}"))
        .x_label_style(text(18))
        .draw()
        .map_err(draw_error)?;
    for (row, bar) in chart.bars.iter().enumerate() {
        // The first section on top, as the plan lists them.
        let y = rows - row as f64 - 1.0;
        let mut x = 0.0;
        for (count, (_, rgb)) in bar.counts.iter().zip(&chart.categories) {
            if *count == 0 {
                continue;
            }
            let end = x + *count as f64;
            let colour = RGBColor(rgb[0], rgb[1], rgb[2]);
            c.draw_series(std::iter::once(Rectangle::new([(x, y + 0.18), (end, y + 0.82)], colour.filled())))
                .map_err(draw_error)?;
            // The count inside its segment, where it fits.
            let (left, _) = c.backend_coord(&(x, y));
            let (right, middle) = c.backend_coord(&(end, y + 0.5));
            if right - left >= 26 {
                let label = count.to_string();
                let shift = (label.len() as i32) * 5;
                plot.draw(&Text::new(
                    label,
                    ((left + right) / 2 - shift - plot.get_base_pixel().0, middle - 10 - plot.get_base_pixel().1),
                    text(20).color(&WHITE),
                ))
                .map_err(draw_error)?;
            }
            x = end;
        }
        let (_, middle) = c.backend_coord(&(0.0, y + 0.5));
        plot.draw(&Text::new(bar.label.clone(), (20, middle - 10 - plot.get_base_pixel().1), text(19)))
            .map_err(draw_error)?;
    }
    // The legend: a swatch and a name per category, in a row.
    let mut x = 30;
    for (name, rgb) in &chart.categories {
        let colour = RGBColor(rgb[0], rgb[1], rgb[2]);
        legend.draw(&Rectangle::new([(x, 20), (x + 22, 42)], colour.filled())).map_err(draw_error)?;
        legend.draw(&Text::new(name.clone(), (x + 30, 21), text(18))).map_err(draw_error)?;
        let width = legend.estimate_text_size(name, &text(18)).map_err(draw_error)?.0 as i32;
        x += 30 + width + 28;
    }
    Ok(())
}

/// Tasks done at the end of each week: a line with its points and their numbers.
fn trend(chart: &Chart, area: &Area) -> Result<(), ChartError> {
    let weeks = chart.trend.len().max(1);
    let top = chart.trend.iter().map(|(_, n)| *n).max().unwrap_or(0).max(chart.total.min(4)).max(1);
    let mut c = ChartBuilder::on(area)
        .caption(chart.trend_title.clone(), text(24))
        .margin(12)
        .margin_left(30)
        .x_label_area_size(40)
        .y_label_area_size(50)
        .build_cartesian_2d(-0.5f64..(weeks as f64 - 0.5), 0f64..(top as f64 * 1.15))
        .map_err(draw_error)?;
    let labels: Vec<String> = chart.trend.iter().map(|(w, _)| w.clone()).collect();
    c.configure_mesh()
        .disable_x_mesh()
        .light_line_style(WHITE)
        .x_labels(weeks)
        .x_label_formatter(&|x| {
            let i = x.round();
            if (x - i).abs() < 1e-6 && i >= 0.0 {
                labels.get(i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .y_labels(top.min(8) + 1)
        .y_label_formatter(&|y| if y.fract().abs() < 1e-6 { format!("{y:.0}") } else { String::new() })
        .x_label_style(text(17))
        .y_label_style(text(17))
        .draw()
        .map_err(draw_error)?;
    let blue = RGBColor(21, 101, 192);
    let points: Vec<(f64, f64)> = chart.trend.iter().enumerate().map(|(i, (_, n))| (i as f64, *n as f64)).collect();
    c.draw_series(LineSeries::new(points.clone(), blue.stroke_width(3))).map_err(draw_error)?;
    c.draw_series(points.iter().map(|p| Circle::new(*p, 6, blue.filled()))).map_err(draw_error)?;
    for (x, y) in &points {
        let (px, py) = c.backend_coord(&(*x, *y));
        let base = area.get_base_pixel();
        area.draw(&Text::new(format!("{y:.0}"), (px - 6 - base.0, py - 30 - base.1), text(18))).map_err(draw_error)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ab_glyph::Font;
    use unicode_normalization::UnicodeNormalization;

    /// Every letter of Vietnamese, in both cases: the vowels with each of the five tone marks, and đ.
    fn vietnamese_letters() -> Vec<char> {
        let mut letters: Vec<char> = "đĐ".chars().collect();
        for vowel in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY".chars() {
            letters.push(vowel);
            for tone in ['\u{301}', '\u{300}', '\u{309}', '\u{303}', '\u{323}'] {
                let composed: Vec<char> = format!("{vowel}{tone}").nfc().collect();
                assert_eq!(composed.len(), 1, "{vowel}+{tone:?} has a precomposed form");
                letters.push(composed[0]);
            }
        }
        letters
    }

    #[test]
    fn the_font_has_every_vietnamese_letter() {
        let font = ab_glyph::FontRef::try_from_slice(FONT).unwrap();
        let letters = vietnamese_letters();
        assert_eq!(letters.len(), 2 + 24 * 6);
        let missing: String = letters.into_iter().filter(|c| font.glyph_id(*c).0 == 0).collect();
        assert!(missing.is_empty(), "drawn as boxes: {missing}");
    }

    fn chart() -> Chart {
        Chart {
            title: "Kế hoạch 16/KH-UBND — tình hình đến ngày 29/11/2026".into(),
            bars_title: "Nhiệm vụ theo tình trạng".into(),
            bars: vec![
                Bar { label: "I. Tuyên truyền".into(), counts: vec![2, 1, 3, 0] },
                Bar { label: "II. Lãnh đạo, chỉ đạo".into(), counts: vec![0, 0, 2, 0] },
            ],
            categories: vec![
                ("Hoàn thành".into(), [46, 125, 50]),
                ("Chờ xác nhận".into(), [30, 136, 229]),
                ("Trong hạn".into(), [255, 179, 0]),
                ("Quá hạn".into(), [229, 57, 53]),
            ],
            trend_title: "Đã hoàn thành".into(),
            trend: (0..12).map(|w| (format!("{:02}/11", w + 1), w / 4)).collect(),
            total: 8,
        }
    }

    fn pixels(png: &[u8]) -> (u32, u32, Vec<u8>) {
        let mut reader = ::png::Decoder::new(std::io::Cursor::new(png)).read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buf).unwrap();
        (info.width, info.height, buf)
    }

    #[test]
    fn draws_a_segment_for_each_category_present_and_none_for_an_empty_one() {
        let mut chart = chart();
        let (width, height, rgb) = pixels(&png(&chart).unwrap());
        assert_eq!((width, height), (WIDTH, HEIGHT));
        let area = |colour: [u8; 3]| rgb.chunks(3).filter(|p| *p == colour).count();
        // Legend swatches are 22×22 pixels; a bar segment is much larger.
        let swatch = 23 * 23;
        for (name, colour) in &chart.categories[..3] {
            assert!(area(*colour) > swatch * 4, "{name} has its segment");
        }
        assert!(area([229, 57, 53]) <= swatch, "no task is overdue: only the legend is red");
        // More overdue tasks, more red.
        chart.bars[1].counts = vec![0, 0, 2, 5];
        let (_, _, more) = pixels(&png(&chart).unwrap());
        assert!(more.chunks(3).filter(|p| *p == [229, 57, 53]).count() > area([229, 57, 53]) * 4);
    }
}
