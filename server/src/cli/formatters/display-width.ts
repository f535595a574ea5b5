// Terminal display columns of a source line, for code frames: East Asian wide and fullwidth
// characters and emoji take 2 columns, combining marks and format characters 0, a tab runs to
// the next tab stop. Invariant: the text returned and the column map agree, so an underline
// placed at columns[offset] sits under the character at that UTF-16 offset.

export const TAB_SIZE = 4;

/** East Asian Width W or F outside the emoji (those are matched by Emoji_Presentation). */
const WIDE_RANGES: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f], // Hangul Jamo initial consonants
  [0x2e80, 0x303e], // CJK radicals, Kangxi, ideographic description, CJK symbols and punctuation
  [0x3041, 0x33ff], // Hiragana, Katakana, Bopomofo, Hangul compatibility Jamo, Kanbun, CJK compatibility
  [0x3400, 0x4dbf], // CJK extension A
  [0x4e00, 0x9fff], // CJK unified ideographs
  [0xa000, 0xa4cf], // Yi
  [0xa960, 0xa97f], // Hangul Jamo extended A
  [0xac00, 0xd7a3], // Hangul syllables
  [0xf900, 0xfaff], // CJK compatibility ideographs
  [0xfe10, 0xfe19], // vertical forms
  [0xfe30, 0xfe6f], // CJK compatibility forms, small form variants
  [0xff00, 0xff60], // fullwidth forms
  [0xffe0, 0xffe6], // fullwidth signs
  [0x16fe0, 0x16fe4],
  [0x17000, 0x18cff], // Tangut
  [0x1aff0, 0x1b2ff], // Kana supplement and extensions, Nushu
  [0x1f200, 0x1f2ff], // enclosed ideographic supplement
  [0x20000, 0x2fffd], // CJK extensions B-F, compatibility supplement
  [0x30000, 0x3fffd], // CJK extensions G-H
];

const EMOJI_PRESENTATION = /\p{Emoji_Presentation}/u;
const PICTOGRAPHIC = /\p{Extended_Pictographic}/u;
const EMOJI_MODIFIER = /\p{Emoji_Modifier}/u;
// Nonspacing and enclosing marks, format characters (ZWJ, bidi controls) and Hangul medial
// vowels/final consonants take no column of their own. The soft hyphen is usually drawn.
const ZERO_WIDTH = /[\p{Mn}\p{Me}\p{Cf}\u1160-\u11ff]/u;
const ZWJ = 0x200d;
const VS16 = 0xfe0f;

function isWide(cp: number): boolean {
  if (cp < 0x1100) return false;
  for (const [lo, hi] of WIDE_RANGES) {
    if (cp < lo) return false;
    if (cp <= hi) return true;
  }
  return false;
}

/**
 * A control character would move the cursor or start an escape sequence in the terminal (the
 * file is untrusted input): draw it visibly instead, one column wide.
 */
function visibleControl(cp: number): string | undefined {
  if (cp < 0x20) return String.fromCodePoint(0x2400 + cp); // ␀..␟
  if (cp === 0x7f) return '\u2421'; // ␡
  if (cp >= 0x80 && cp < 0xa0) return '\ufffd';
  return undefined;
}

export interface LaidOutLine {
  /** The line as it should be printed: tabs expanded to spaces, controls made visible. */
  text: string;
  /** columns[i] = display column where UTF-16 offset i starts (length: text.length + 1 of the input). */
  columns: number[];
  /** The display width of the whole line. */
  width: number;
}

export function layOutLine(line: string, tabSize = TAB_SIZE): LaidOutLine {
  const columns = new Array<number>(line.length + 1);
  let text = '';
  let col = 0;
  let prev = -1; // the previous code point
  let prevWidth = 0;
  for (let i = 0; i < line.length; ) {
    const cp = line.codePointAt(i) as number;
    const units = cp > 0xffff ? 2 : 1;
    columns[i] = col;
    if (units === 2) columns[i + 1] = col;
    i += units;
    if (cp === 9) {
      const w = tabSize - (col % tabSize);
      text += ' '.repeat(w);
      col += w;
      prev = cp;
      prevWidth = w;
      continue;
    }
    const ch = String.fromCodePoint(cp);
    const control = visibleControl(cp);
    let w: number;
    if (control !== undefined) w = 1;
    else if (cp === VS16 && prevWidth === 1 && PICTOGRAPHIC.test(String.fromCodePoint(prev))) w = 1; // ❤ + VS16 is drawn as an emoji: 2 columns
    else if (ZERO_WIDTH.test(ch)) w = 0;
    else if (prev === ZWJ && PICTOGRAPHIC.test(ch)) w = 0; // joined into the emoji before
    else if (EMOJI_MODIFIER.test(ch) && prev >= 0 && PICTOGRAPHIC.test(String.fromCodePoint(prev))) w = 0; // skin tone of the emoji before
    else w = EMOJI_PRESENTATION.test(ch) || isWide(cp) ? 2 : 1;
    text += control ?? ch;
    col += w;
    prev = cp;
    if (w > 0 || cp === ZWJ) prevWidth = w;
  }
  columns[line.length] = col;
  return { text, columns, width: col };
}
