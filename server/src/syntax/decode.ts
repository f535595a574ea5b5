// Turns file bytes into text: detects binary content and invalid UTF-8, strips a BOM.
import { Span } from './types';

export interface DecodedText {
  text: string;
  hadBom: boolean;
  /** A problem that stops analysis (binary, invalid UTF-8), with where it is. */
  problem?: { message: string; span: Span };
}

export function decodeBytes(buf: Uint8Array): DecodedText {
  // UTF-16 text is full of NUL bytes; say what it is rather than "binary".
  if (buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff))) {
    return { text: '', hadBom: false, problem: { message: 'The file is UTF-16 encoded; save it as UTF-8 to have it analysed.', span: { start: 0, end: 0 } } };
  }
  const nul = buf.indexOf(0);
  if (nul >= 0) {
    return { text: '', hadBom: false, problem: { message: `The file looks binary (it has a NUL byte at offset ${nul}); it is not analysed.`, span: { start: 0, end: 0 } } };
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(buf);
    if (text.charCodeAt(0) === 0xfeff) return { text: text.slice(1), hadBom: true };
    return { text, hadBom: false };
  } catch {
    // Find the first invalid byte by decoding growing prefixes' valid part.
    let good = 0;
    const dec = new TextDecoder('utf-8', { fatal: true });
    let lo = 0;
    let hi = buf.length;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      try {
        dec.decode(buf.subarray(0, mid), { stream: true });
        dec.decode();
        lo = mid;
      } catch {
        hi = mid - 1;
      }
    }
    good = lo;
    const prefix = new TextDecoder('utf-8').decode(buf.subarray(0, good));
    const text = new TextDecoder('utf-8').decode(buf);
    const off = prefix.replace(/^\uFEFF/, '').length;
    return {
      text: text.replace(/^\uFEFF/, ''),
      hadBom: prefix.startsWith('\uFEFF'),
      problem: { message: `The file is not valid UTF-8 (byte offset ${good}); it is not analysed.`, span: { start: off, end: off + 1 } },
    };
  }
}
