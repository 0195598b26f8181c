/** Joins byte pieces whose total length is known; a single piece is returned as is. */
export function concatBytes(pieces: readonly Uint8Array[], totalLength: number): Uint8Array {
  if (pieces.length === 1) return pieces[0]!;
  const joined = new Uint8Array(totalLength);
  let offset = 0;
  for (const piece of pieces) {
    joined.set(piece, offset);
    offset += piece.length;
  }
  return joined;
}
