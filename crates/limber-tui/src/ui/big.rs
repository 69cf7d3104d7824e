//! A small hand-made block-letter font for the side word and the count.

/// Rows in a big glyph.
pub(super) const HEIGHT: u16 = 5;

fn glyph(c: char) -> Option<[&'static str; 5]> {
    Some(match c {
        'R' => ["####.", "#...#", "####.", "#..#.", "#...#"],
        'I' => ["###", ".#.", ".#.", ".#.", "###"],
        'G' => [".####", "#....", "#..##", "#...#", ".####"],
        'H' => ["#...#", "#...#", "#####", "#...#", "#...#"],
        'T' => ["#####", "..#..", "..#..", "..#..", "..#.."],
        'L' => ["#...", "#...", "#...", "#...", "####"],
        'E' => ["####", "#...", "###.", "#...", "####"],
        'F' => ["####", "#...", "###.", "#...", "#..."],
        '0' => ["###", "#.#", "#.#", "#.#", "###"],
        '1' => [".#.", "##.", ".#.", ".#.", "###"],
        '2' => ["###", "..#", "###", "#..", "###"],
        '3' => ["###", "..#", ".##", "..#", "###"],
        '4' => ["#.#", "#.#", "###", "..#", "..#"],
        '5' => ["###", "#..", "###", "..#", "###"],
        '6' => ["###", "#..", "###", "#.#", "###"],
        '7' => ["###", "..#", "..#", "..#", "..#"],
        '8' => ["###", "#.#", "###", "#.#", "###"],
        '9' => ["###", "#.#", "###", "..#", "###"],
        '/' => ["..#", "..#", ".#.", "#..", "#.."],
        ' ' => ["..", "..", "..", "..", ".."],
        _ => return None,
    })
}

/// `text` in block letters, one string per row; characters the font lacks
/// are left out.
pub(super) fn render(text: &str) -> [String; 5] {
    let mut rows: [String; 5] = Default::default();
    for (i, g) in text.chars().filter_map(glyph).enumerate() {
        for (row, bits) in rows.iter_mut().zip(g) {
            if i > 0 {
                row.push(' ');
            }
            row.extend(bits.chars().map(|b| if b == '#' { '█' } else { ' ' }));
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_side_words_and_numbers() {
        let rows = render("LEFT 12");
        assert!(
            rows.iter()
                .all(|r| r.chars().count() == rows[0].chars().count())
        );
        assert_eq!(rows[4], "████ ████ █      █      ███ ███");
        assert_eq!(render("RIGHT")[0], "████  ███  ████ █   █ █████");
    }
}
