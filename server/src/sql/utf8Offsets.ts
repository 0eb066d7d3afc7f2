/**
 * The parser counts UTF-8 bytes; LSP counts UTF-16 code units. These helpers
 * convert between them for one piece of text, the way TextEncoder encodes it
 * (a lone surrogate becomes U+FFFD, three bytes).
 */

const NON_ASCII = /[\u0080-\uffff]/;

export function utf8ByteLength(text: string): number {
  if (!NON_ASCII.test(text)) return text.length;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && isLowSurrogate(text.charCodeAt(i + 1))) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** Maps byte offsets in the UTF-8 encoding of `text` to UTF-16 offsets in `text`. */
export class Utf8ToUtf16 {
  /** byteOffsets[k] is the byte offset of the k-th code point start; undefined for ASCII text. */
  private readonly byteOffsets: number[] | undefined;
  private readonly unitOffsets: number[] | undefined;

  constructor(text: string) {
    if (!NON_ASCII.test(text)) return;
    const byteOffsets: number[] = [];
    const unitOffsets: number[] = [];
    let bytes = 0;
    for (let i = 0; i < text.length; i++) {
      byteOffsets.push(bytes);
      unitOffsets.push(i);
      const code = text.charCodeAt(i);
      if (code < 0x80) bytes += 1;
      else if (code < 0x800) bytes += 2;
      else if (code >= 0xd800 && code <= 0xdbff && isLowSurrogate(text.charCodeAt(i + 1))) {
        bytes += 4;
        i++;
      } else bytes += 3;
    }
    byteOffsets.push(bytes);
    unitOffsets.push(text.length);
    this.byteOffsets = byteOffsets;
    this.unitOffsets = unitOffsets;
  }

  /** The UTF-16 offset of the code point that contains byte `byteOffset`. */
  toUtf16(byteOffset: number): number {
    const byteOffsets = this.byteOffsets;
    const unitOffsets = this.unitOffsets;
    if (!byteOffsets || !unitOffsets) return byteOffset;
    if (byteOffset <= 0) return 0;
    let low = 0;
    let high = byteOffsets.length - 1;
    if (byteOffset >= byteOffsets[high]!) return unitOffsets[high]!;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (byteOffsets[middle]! <= byteOffset) low = middle;
      else high = middle - 1;
    }
    return unitOffsets[low]!;
  }
}

/** UTF-16 offset of the `codePoints`-th code point of `text` (libpg_query reports error cursors in characters). */
export function codePointOffsetToUtf16(text: string, codePoints: number): number {
  let units = 0;
  for (let seen = 0; seen < codePoints && units < text.length; seen++) {
    const code = text.charCodeAt(units);
    units += code >= 0xd800 && code <= 0xdbff && isLowSurrogate(text.charCodeAt(units + 1)) ? 2 : 1;
  }
  return units;
}
