//! Strips from the `DejaVu` TrueType fonts what a printed PDF page does not need.
//!
//! The fonts are 73 % of an attestation, and printpdf copies most of that into every subset it
//! embeds: the `name` table (15.6 KB per font, mostly the licence text) and the hinting (the
//! `fpgm`/`prep`/`cvt ` programs and each glyph's instructions), which only matters when
//! rasterising at small sizes on screen. The licence stays in the repository, in
//! `certificates/fonts/LICENSE`. Outlines, metrics, `cmap`, kerning and the OpenType layout
//! tables are kept byte for byte.
//!
//! Pure std, no panics on any input: every read is bounds-checked and a malformed font is
//! refused with an `Err` that says what is wrong.

/// A table tag, such as `*b"glyf"`.
type Tag = [u8; 4];
/// A table of the input font, by tag.
type Table<'a> = (Tag, &'a [u8]);

/// Hinting programs, device-specific metrics and hinting helpers, all useless without
/// instructions; `DSIG` because the signature no longer matches once the font is rewritten.
const DROPPED: [&Tag; 8] = [
    b"fpgm", b"prep", b"cvt ", b"hdmx", b"LTSH", b"VDMX", b"gasp", b"DSIG",
];
/// Family, subfamily, full name, PostScript name.
const KEPT_NAME_IDS: [u16; 4] = [1, 2, 4, 6];
/// (platform, encoding, language) of the name records kept: Windows Unicode BMP US English,
/// and Macintosh Roman English.
const KEPT_PLATFORMS: [(u16, u16, u16); 2] = [(3, 1, 0x409), (1, 0, 0)];

const ARG_1_AND_2_ARE_WORDS: u16 = 0x0001;
const WE_HAVE_A_SCALE: u16 = 0x0008;
const MORE_COMPONENTS: u16 = 0x0020;
const WE_HAVE_AN_X_AND_Y_SCALE: u16 = 0x0040;
const WE_HAVE_A_TWO_BY_TWO: u16 = 0x0080;
const WE_HAVE_INSTRUCTIONS: u16 = 0x0100;

/// Returns `ttf` without hinting and with only the short name records (family, subfamily,
/// full and PostScript names), or why `ttf` is not a TrueType font this can rewrite.
///
/// Drops `fpgm`, `prep`, `cvt `, `hdmx`, `LTSH`, `VDMX`, `gasp` (and a `DSIG`, which would no
/// longer verify), removes every glyph's instructions, rewrites `loca` in the long format, zeroes
/// the instruction limits in `maxp` and recomputes all checksums. Every other table is copied
/// unchanged. The output depends only on the input.
///
/// # Errors
///
/// If `ttf` is not a TrueType (`glyf`) font or is malformed: a table, glyph or name record
/// that runs past its end, an out-of-order `loca`, a missing required table.
pub fn strip(ttf: &[u8]) -> Result<Vec<u8>, String> {
    let (version, tables) = read_directory(ttf)?;
    let head = find(&tables, *b"head")?;
    let maxp = find(&tables, *b"maxp")?;
    let glyf = find(&tables, *b"glyf")?;
    let long_loca = match u16_at(head, 50)? {
        0 => false,
        1 => true,
        format => return Err(format!("head: unknown indexToLocFormat {format}")),
    };
    let num_glyphs = usize::from(u16_at(maxp, 4)?);
    let offsets = read_loca(find(&tables, *b"loca")?, num_glyphs, long_loca, glyf.len())?;
    let (mut new_glyf, mut new_loca) = strip_glyphs(glyf, &offsets)?;

    let mut kept = Vec::with_capacity(tables.len());
    for &(tag, data) in tables.iter().filter(|(tag, _)| !DROPPED.contains(&tag)) {
        let data = match &tag {
            b"glyf" => std::mem::take(&mut new_glyf),
            b"loca" => std::mem::take(&mut new_loca),
            b"head" => patch_head(data)?,
            b"maxp" => patch_maxp(data)?,
            b"name" => strip_name(data).map_err(|e| format!("name: {e}"))?,
            // Version 3: no glyph names, which printpdf's subsetter parses per document.
            b"post" => [&0x0003_0000_u32.to_be_bytes()[..], bytes(data, 4, 28)?].concat(),
            _ => data.to_vec(),
        };
        kept.push((tag, data));
    }
    write_font(version, kept)
}

/// The `len` bytes of `data` at `at`, or an error if they run past its end.
fn bytes(data: &[u8], at: usize, len: usize) -> Result<&[u8], String> {
    at.checked_add(len)
        .and_then(|end| data.get(at..end))
        .ok_or_else(|| format!("{len} bytes at {at} run past the end"))
}

/// The `N` bytes of `data` at `at`.
fn array<const N: usize>(data: &[u8], at: usize) -> Result<[u8; N], String> {
    bytes(data, at, N)?
        .try_into()
        .map_err(|_| "bad length".to_owned())
}
fn u16_at(data: &[u8], at: usize) -> Result<u16, String> {
    Ok(u16::from_be_bytes(array(data, at)?))
}
fn u32_at(data: &[u8], at: usize) -> Result<u32, String> {
    Ok(u32::from_be_bytes(array(data, at)?))
}

/// Overwrites the bytes of `data` at `at` with `value`.
fn put(data: &mut [u8], at: usize, value: &[u8]) -> Result<(), String> {
    at.checked_add(value.len())
        .and_then(|end| data.get_mut(at..end))
        .ok_or_else(|| format!("cannot write at {at}, past the end"))?
        .copy_from_slice(value);
    Ok(())
}

fn to_usize(value: u32) -> Result<usize, String> {
    usize::try_from(value).map_err(|_| format!("offset {value} does not fit in memory"))
}
fn to_u32(value: usize) -> Result<u32, String> {
    u32::try_from(value).map_err(|_| format!("{value} does not fit in 32 bits"))
}
fn to_u16(value: usize) -> Result<u16, String> {
    u16::try_from(value).map_err(|_| format!("{value} does not fit in 16 bits"))
}

/// Appends zero bytes up to the next multiple of 4.
fn pad(out: &mut Vec<u8>) {
    while !out.len().is_multiple_of(4) {
        out.push(0);
    }
}

/// The sfnt version and every table of the font, in directory order.
fn read_directory(ttf: &[u8]) -> Result<(u32, Vec<Table<'_>>), String> {
    let version = u32_at(ttf, 0)?;
    if version != 0x0001_0000 && version != u32::from_be_bytes(*b"true") {
        return Err(format!("not TrueType: sfnt version {version:#x}"));
    }
    let count = usize::from(u16_at(ttf, 4)?);
    let mut tables: Vec<Table<'_>> = Vec::with_capacity(count);
    for i in 0..count {
        let record = bytes(ttf, 12 + 16 * i, 16).map_err(|e| format!("table directory: {e}"))?;
        let tag: Tag = array(record, 0)?;
        let name = String::from_utf8_lossy(&tag);
        let offset = to_usize(u32_at(record, 8)?)?;
        let length = to_usize(u32_at(record, 12)?)?;
        let data = bytes(ttf, offset, length).map_err(|e| format!("{name}: {e}"))?;
        if tables.iter().any(|(seen, _)| *seen == tag) {
            return Err(format!("table {name} appears twice"));
        }
        tables.push((tag, data));
    }
    Ok((version, tables))
}

fn find<'a>(tables: &[Table<'a>], tag: Tag) -> Result<&'a [u8], String> {
    tables
        .iter()
        .find(|(seen, _)| *seen == tag)
        .map(|&(_, data)| data)
        .ok_or_else(|| format!("no {} table", String::from_utf8_lossy(&tag)))
}

/// The `num_glyphs + 1` glyph offsets into `glyf`, checked to be in order and inside it.
fn read_loca(loca: &[u8], glyphs: usize, long: bool, end: usize) -> Result<Vec<usize>, String> {
    let mut offsets: Vec<usize> = Vec::with_capacity(glyphs + 1);
    for i in 0..=glyphs {
        let offset = if long {
            to_usize(u32_at(loca, 4 * i)?)?
        } else {
            2 * usize::from(u16_at(loca, 2 * i)?)
        };
        if offset > end || offsets.last().is_some_and(|&previous| offset < previous) {
            return Err(format!("loca: entry {i} out of order or past glyf"));
        }
        offsets.push(offset);
    }
    Ok(offsets)
}

/// The new `glyf` (every glyph without instructions, 4-byte aligned) and its long `loca`.
fn strip_glyphs(glyf: &[u8], offsets: &[usize]) -> Result<(Vec<u8>, Vec<u8>), String> {
    let mut new_glyf = Vec::with_capacity(glyf.len());
    let mut loca = Vec::with_capacity(4 * offsets.len());
    for (id, (&start, &end)) in offsets.iter().zip(offsets.iter().skip(1)).enumerate() {
        loca.extend_from_slice(&to_u32(new_glyf.len())?.to_be_bytes());
        let glyph = glyf.get(start..end).ok_or("loca points outside glyf")?;
        strip_glyph(glyph, &mut new_glyf).map_err(|e| format!("glyph {id}: {e}"))?;
        pad(&mut new_glyf);
    }
    loca.extend_from_slice(&to_u32(new_glyf.len())?.to_be_bytes());
    Ok((new_glyf, loca))
}

/// Appends `glyph` without its instructions to `out`.
fn strip_glyph(glyph: &[u8], out: &mut Vec<u8>) -> Result<(), String> {
    let contours = if glyph.is_empty() {
        0
    } else {
        u16_at(glyph, 0)?
    };
    match contours {
        // Empty, or nothing to draw: written as an empty glyph, which means the same.
        0 => Ok(()),
        // numberOfContours is an i16: negative means composite.
        0x8000.. => strip_composite(glyph, out),
        _ => strip_simple(glyph, usize::from(contours), out),
    }
}

/// Header and endPtsOfContours, a zero instructionLength, then the flags and coordinates.
fn strip_simple(glyph: &[u8], contours: usize, out: &mut Vec<u8>) -> Result<(), String> {
    let header_len = 10 + 2 * contours;
    let header = bytes(glyph, 0, header_len)?;
    let points = usize::from(u16_at(glyph, header_len - 2)?) + 1;
    let instructions = usize::from(u16_at(glyph, header_len)?);
    let start = header_len + 2 + instructions;
    let rest = glyph.get(start..).ok_or("instructions truncated")?;
    let outline = outline(rest, points)?;
    out.extend_from_slice(header);
    out.extend_from_slice(&[0, 0]);
    out.extend_from_slice(outline);
    Ok(())
}

/// The flags and coordinates of `points` points at the start of `data`.
fn outline(data: &[u8], points: usize) -> Result<&[u8], String> {
    let (mut at, mut seen, mut coordinates) = (0, 0, 0);
    while seen < points {
        let flag = *data.get(at).ok_or("flags truncated")?;
        at += 1;
        let mut repeat = 1;
        if flag & 0x08 != 0 {
            repeat += usize::from(*data.get(at).ok_or("flags truncated")?);
            at += 1;
        }
        seen += repeat;
        let point_len = coordinate_len(flag, 0x02, 0x10) + coordinate_len(flag, 0x04, 0x20);
        coordinates += repeat * point_len;
    }
    if seen > points {
        return Err(format!("flags for {seen} points, not {points}"));
    }
    bytes(data, 0, at + coordinates).map_err(|_| "coordinates truncated".to_owned())
}

/// Bytes of one coordinate: 1 if short, else 0 if the same as the previous, else 2.
const fn coordinate_len(flag: u8, short: u8, same: u8) -> usize {
    match (flag & short != 0, flag & same != 0) {
        (true, _) => 1,
        (false, true) => 0,
        (false, false) => 2,
    }
}

/// Header and components, with `WE_HAVE_INSTRUCTIONS` cleared and the instructions dropped.
fn strip_composite(glyph: &[u8], out: &mut Vec<u8>) -> Result<(), String> {
    out.extend_from_slice(bytes(glyph, 0, 10)?);
    let mut at = 10;
    loop {
        let flags = u16_at(glyph, at)?;
        let args = 2 + 2 * usize::from(flags & ARG_1_AND_2_ARE_WORDS);
        let rest = bytes(glyph, at + 2, 2 + args + transform_len(flags))?;
        // Only the last component's bit counts; clearing it everywhere keeps readers that OR
        // the bits of all components (fontTools) from looking for instructions.
        out.extend_from_slice(&(flags & !WE_HAVE_INSTRUCTIONS).to_be_bytes());
        out.extend_from_slice(rest);
        at += 2 + rest.len();
        if flags & MORE_COMPONENTS == 0 {
            return Ok(());
        }
    }
}

/// Bytes of a component's scale or matrix.
const fn transform_len(flags: u16) -> usize {
    if flags & WE_HAVE_A_TWO_BY_TWO != 0 {
        8
    } else if flags & WE_HAVE_AN_X_AND_Y_SCALE != 0 {
        4
    } else if flags & WE_HAVE_A_SCALE != 0 {
        2
    } else {
        0
    }
}

/// `head` with a long `loca` and checkSumAdjustment zeroed, to be set once the font is written.
fn patch_head(head: &[u8]) -> Result<Vec<u8>, String> {
    if u32_at(head, 12)? != 0x5F0F_3CF5 {
        return Err("head: bad magic number".to_owned());
    }
    let mut head = head.to_vec();
    put(&mut head, 8, &[0; 4])?;
    put(&mut head, 50, &1_u16.to_be_bytes())?;
    Ok(head)
}

/// `maxp` with the limits of the (now absent) instructions at zero.
fn patch_maxp(maxp: &[u8]) -> Result<Vec<u8>, String> {
    let mut maxp = maxp.to_vec();
    if u32_at(&maxp, 0)? == 0x0001_0000 {
        // maxTwilightPoints, maxStorage, maxFunctionDefs, maxInstructionDefs,
        // maxStackElements, maxSizeOfInstructions.
        for at in [16, 18, 20, 22, 24, 26] {
            put(&mut maxp, at, &[0, 0])?;
        }
    }
    Ok(maxp)
}

/// A format-0 `name` with only the kept IDs on the kept platforms, sorted as the spec requires.
fn strip_name(name: &[u8]) -> Result<Vec<u8>, String> {
    let format = u16_at(name, 0)?;
    if format > 1 {
        return Err(format!("unknown format {format}"));
    }
    let count = usize::from(u16_at(name, 2)?);
    let storage = usize::from(u16_at(name, 4)?);
    let mut kept = Vec::new();
    for i in 0..count {
        let record = bytes(name, 6 + 12 * i, 12)?;
        let platform = (u16_at(record, 0)?, u16_at(record, 2)?, u16_at(record, 4)?);
        let id = u16_at(record, 6)?;
        if !KEPT_NAME_IDS.contains(&id) || !KEPT_PLATFORMS.contains(&platform) {
            continue;
        }
        let length = usize::from(u16_at(record, 8)?);
        let offset = usize::from(u16_at(record, 10)?);
        let text = bytes(name, storage + offset, length).map_err(|e| format!("record {i}: {e}"))?;
        kept.push(((platform, id), text));
    }
    kept.sort_by_key(|&(key, _)| key);
    kept.dedup_by_key(|&mut (key, _)| key);
    if kept.is_empty() {
        return Err("no family, subfamily, full or PostScript name".to_owned());
    }
    write_name(&kept)
}

/// A name key: (platform, encoding, language) and name ID, in the order records are sorted.
type NameKey = ((u16, u16, u16), u16);

fn write_name(records: &[(NameKey, &[u8])]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    out.extend_from_slice(&0_u16.to_be_bytes());
    out.extend_from_slice(&to_u16(records.len())?.to_be_bytes());
    out.extend_from_slice(&to_u16(6 + 12 * records.len())?.to_be_bytes());
    let mut strings = Vec::new();
    for &(((platform, encoding, language), id), text) in records {
        for field in [platform, encoding, language, id] {
            out.extend_from_slice(&field.to_be_bytes());
        }
        out.extend_from_slice(&to_u16(text.len())?.to_be_bytes());
        out.extend_from_slice(&to_u16(strings.len())?.to_be_bytes());
        strings.extend_from_slice(text);
    }
    out.extend_from_slice(&strings);
    Ok(out)
}

/// The font's big-endian u32 sum, zero-padded to a multiple of 4 bytes.
fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0_u32, |sum, chunk| {
        let mut word = [0; 4];
        for (to, from) in word.iter_mut().zip(chunk) {
            *to = *from;
        }
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

/// The font file: directory sorted by tag, 4-byte aligned tables, every checksum set.
fn write_font(version: u32, mut tables: Vec<(Tag, Vec<u8>)>) -> Result<Vec<u8>, String> {
    tables.sort_by_key(|&(tag, _)| tag);
    let count = to_u16(tables.len())?;
    let entry_selector = count.checked_ilog2().ok_or("no tables")?;
    let search_range = 16_u32 << entry_selector;
    let range_shift = 16 * u32::from(count) - search_range;
    let mut font = version.to_be_bytes().to_vec();
    font.extend_from_slice(&count.to_be_bytes());
    for field in [search_range, entry_selector, range_shift] {
        let field = u16::try_from(field).map_err(|_| format!("{count} tables are too many"))?;
        font.extend_from_slice(&field.to_be_bytes());
    }
    let mut offset = 12 + 16 * tables.len();
    let mut head_offset = None;
    for (tag, data) in &tables {
        if tag == b"head" {
            head_offset = Some(offset);
        }
        font.extend_from_slice(tag);
        font.extend_from_slice(&checksum(data).to_be_bytes());
        font.extend_from_slice(&to_u32(offset)?.to_be_bytes());
        font.extend_from_slice(&to_u32(data.len())?.to_be_bytes());
        offset += data.len().next_multiple_of(4);
    }
    for (_, data) in &tables {
        font.extend_from_slice(data);
        pad(&mut font);
    }
    let adjustment = 0xB1B0_AFBA_u32.wrapping_sub(checksum(&font));
    let adjustment_offset = head_offset.ok_or("no head table")? + 8;
    put(&mut font, adjustment_offset, &adjustment.to_be_bytes())?;
    Ok(font)
}
