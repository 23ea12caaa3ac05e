//! Thematic modules of La Mednum's catalogue.

/// The durations a thematic module may have: one day or two.
pub const MODULE_HOURS: [i32; 2] = [7, 14];

/// A module lasts 7 or 14 hours.
pub fn check_module_hours(hours: i32) -> Result<i32, String> {
    if MODULE_HOURS.contains(&hours) {
        Ok(hours)
    } else {
        Err("Un module thématique dure 7 h (une journée) ou 14 h (deux journées).".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::check_module_hours;

    #[test]
    fn only_seven_or_fourteen_hours() {
        assert!(check_module_hours(7).is_ok());
        assert!(check_module_hours(14).is_ok());
        for h in [0, 6, 8, 13, 15, 21, -7] {
            assert!(check_module_hours(h).is_err(), "{h}");
        }
    }
}
