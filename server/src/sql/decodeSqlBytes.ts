/**
 * File bytes → text. Invalid UTF-8 is not a reason to stop: the text is
 * decoded with U+FFFD in place of each bad sequence and the first bad byte
 * is reported, so the rest of the file is still checked.
 */

export interface DecodedSql {
  text: string;
  /** Where the first invalid UTF-8 sequence is, when there is one. */
  invalidUtf8?: { byteOffset: number; textOffset: number };
}

const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
const lenientDecoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });

export function decodeSqlBytes(bytes: Uint8Array): DecodedSql {
  try {
    return { text: strictDecoder.decode(bytes) };
  } catch {
    const byteOffset = firstInvalidUtf8(bytes);
    const textOffset = lenientDecoder.decode(bytes.subarray(0, byteOffset)).length;
    return { text: lenientDecoder.decode(bytes), invalidUtf8: { byteOffset, textOffset } };
  }
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i]!;
    const need = lead < 0x80 ? 0 : lead >= 0xc2 && lead <= 0xdf ? 1 : lead >= 0xe0 && lead <= 0xef ? 2 : lead >= 0xf0 && lead <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    // Overlong forms and UTF-16 surrogates are invalid even with well-formed continuation bytes.
    const second = bytes[i + 1] ?? 0;
    if ((lead === 0xe0 && second < 0xa0) || (lead === 0xed && second > 0x9f) || (lead === 0xf0 && second < 0x90) || (lead === 0xf4 && second > 0x8f)) {
      return i;
    }
    for (let k = 1; k <= need; k++) {
      const next = bytes[i + k];
      if (next === undefined || (next & 0xc0) !== 0x80) return i;
    }
    i += need + 1;
  }
  return 0;
}
