//! The dashboards' drawings: the services' figures turned into inline SVG (see
//! [`crate::web::charts`]) and into the rows of the tables that repeat them.

use chrono::NaiveDate;
use serde::Serialize;

use crate::services::dashboards::{
    CohortFigure, CoordinatorDashboard, Dashboards, ExaminerDashboard, StaffDashboard,
};
use crate::web::charts::{
    BRAND, Bar, LinkedRow, OUTLINE, Series, StackedRow, horizontal_bars, linked_stacked_bars,
    percent, stacked_bars,
};

/// Fill of each deadline status, in [`crate::domain::deadline::ProgressStatus::ALL`] order:
/// late, at risk, on track, done, not started (each at least 3:1 against white).
const STATUS_FILLS: [&str; 5] = ["#b00020", "#8a4b00", BRAND, "#1b5e20", OUTLINE];

/// A cohort's line in a table: what its bar draws, written out.
#[derive(Debug, Clone, Serialize)]
pub struct FigureRow {
    /// Cohort id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// First day.
    pub starts_on: NaiveDate,
    /// Last day.
    pub ends_on: NaiveDate,
    /// Seats taken, or half-days present.
    pub value: i64,
    /// Capacity, or half-days recorded.
    pub max: i64,
    /// `value / max`, whole percent.
    pub percent: i64,
}

/// The drawings of the home page, one field per chart shown.
#[derive(Debug, Clone, Default, Serialize)]
pub struct HomeCharts {
    /// Fill rates of the training body's cohorts.
    pub fill: Option<String>,
    /// Their rows.
    pub fill_rows: Vec<FigureRow>,
    /// Attendance per cohort.
    pub attendance: Option<String>,
    /// Its rows.
    pub attendance_rows: Vec<FigureRow>,
    /// Deadline statuses per territory, each bar a link to the filtered list.
    pub statuses: Option<String>,
    /// Deadline statuses per training body, likewise.
    pub bodies: Option<String>,
    /// Module uptake per theme.
    pub themes: Option<String>,
    /// Results left to record per session.
    pub results: Option<String>,
}

/// Draws every dashboard present.
pub fn home_charts(dashboards: &Dashboards) -> HomeCharts {
    let mut out = HomeCharts::default();
    if let Some(staff) = &dashboards.staff {
        draw_staff(staff, &mut out);
    }
    if let Some(coordinator) = &dashboards.coordinator {
        draw_coordinator(coordinator, &mut out);
    }
    if let Some(examiner) = &dashboards.examiner {
        out.results = Some(draw_examiner(examiner));
    }
    out
}

fn rows(figures: &[CohortFigure]) -> Vec<FigureRow> {
    figures
        .iter()
        .map(|c| FigureRow {
            id: c.id,
            name: c.name.clone(),
            starts_on: c.starts_on,
            ends_on: c.ends_on,
            value: c.value,
            max: c.max,
            percent: percent(c.value, c.max),
        })
        .collect()
}

fn short(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

fn draw_staff(staff: &StaffDashboard, out: &mut HomeCharts) {
    let fill: Vec<Bar> = staff
        .fill
        .iter()
        .map(|c| {
            Bar::ratio(
                format!(
                    "{} (du {} au {})",
                    c.name,
                    short(c.starts_on),
                    short(c.ends_on)
                ),
                c.value,
                c.max,
            )
        })
        .collect();
    out.fill = Some(horizontal_bars(
        "chart-fill",
        "Taux de remplissage des sessions en cours et à venir : conseillers inscrits sur places",
        &fill,
    ));
    out.fill_rows = rows(&staff.fill);
    let attendance: Vec<Bar> = staff
        .attendance
        .iter()
        .map(|c| {
            let mut bar = Bar::ratio(c.name.clone(), c.value, c.max);
            bar.figure = format!(
                "{} / {} demi-journées ({}\u{a0}%)",
                c.value,
                c.max,
                percent(c.value, c.max)
            );
            bar
        })
        .collect();
    out.attendance = Some(horizontal_bars(
        "chart-attendance",
        "Assiduité par session : demi-journées de présence sur demi-journées émargées",
        &attendance,
    ));
    out.attendance_rows = rows(&staff.attendance);
}

fn draw_coordinator(coordinator: &CoordinatorDashboard, out: &mut HomeCharts) {
    let series: Vec<Series> = coordinator
        .statuses
        .iter()
        .zip(STATUS_FILLS)
        .map(|(s, fill)| Series {
            name: s.label.to_owned(),
            fill,
        })
        .collect();
    let per_status = |base: &str| -> Vec<String> {
        coordinator
            .statuses
            .iter()
            .map(|st| format!("{base}&status={}", st.status))
            .collect()
    };
    let territories: Vec<LinkedRow> = coordinator
        .territories
        .iter()
        .map(|t| {
            let base = format!("/progress?territory={}", t.code);
            LinkedRow {
                label: format!("{} ({})", t.name, t.code),
                hrefs: per_status(&base),
                href: base,
                values: t.counts.clone(),
            }
        })
        .collect();
    out.statuses = Some(linked_stacked_bars(
        "chart-statuses",
        "Conseillers par territoire et par situation face à l'échéance des modules",
        &series,
        &territories,
    ));
    let bodies: Vec<LinkedRow> = coordinator
        .bodies
        .iter()
        .filter_map(|b| {
            let base = format!("/progress?organisation_id={}", b.id?);
            Some(LinkedRow {
                label: b.name.clone(),
                hrefs: per_status(&base),
                href: base,
                values: b.counts.clone(),
            })
        })
        .collect();
    out.bodies = Some(linked_stacked_bars(
        "chart-bodies",
        "Conseillers par organisme de formation et par situation face à l'échéance des modules",
        &series,
        &bodies,
    ));
    let themes: Vec<StackedRow> = coordinator
        .themes
        .iter()
        .map(|t| StackedRow {
            label: t.theme.clone(),
            values: vec![t.completed, t.confirmed],
        })
        .collect();
    out.themes = Some(stacked_bars(
        "chart-themes",
        "Inscriptions aux modules thématiques par thème : suivis et à venir",
        &[
            Series {
                name: "Suivis".to_owned(),
                fill: STATUS_FILLS[3],
            },
            Series {
                name: "Inscrits, à venir".to_owned(),
                fill: BRAND,
            },
        ],
        &themes,
    ));
}

fn draw_examiner(examiner: &ExaminerDashboard) -> String {
    let bars: Vec<Bar> = examiner
        .to_record
        .iter()
        .map(|s| Bar {
            label: format!(
                "{} du {} · {}",
                s.certification,
                short(local_date(s.starts_at, &s.timezone)),
                s.organiser
            ),
            value: s.missing,
            max: s.candidates,
            figure: format!(
                "{} à saisir sur {} candidat{}",
                s.missing,
                s.candidates,
                if s.candidates > 1 { "s" } else { "" }
            ),
        })
        .collect();
    horizontal_bars(
        "chart-results",
        "Résultats restant à saisir par session d'examen",
        &bars,
    )
}

/// The day of a UTC instant in `zone` (Paris when the zone is unknown).
fn local_date(utc: chrono::NaiveDateTime, zone: &str) -> NaiveDate {
    let zone = zone
        .parse::<chrono_tz::Tz>()
        .unwrap_or(chrono_tz::Europe::Paris);
    utc.and_utc().with_timezone(&zone).date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_fill_has_contrast_against_white() {
        // Relative luminance ≤ 0.3 gives at least 3:1 against white ((1 + 0.05) / (L + 0.05)).
        for fill in STATUS_FILLS {
            let channel = |i: usize| {
                let v = f64::from(u8::from_str_radix(&fill[i..i + 2], 16).unwrap()) / 255.0;
                if v <= 0.039_28 {
                    v / 12.92
                } else {
                    ((v + 0.055) / 1.055).powf(2.4)
                }
            };
            let l = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
            assert!((1.05 / (l + 0.05)) >= 4.5, "{fill}");
        }
    }
}
