/**
 * True when cards cannot be placed side by side around the ellipse with radii `rx` and `ry`: along the rim each
 * card takes at least its smaller side plus `margin` on both ends, and a rim sampled inside the ellipse is no longer
 * than the bound π·√(2(rx² + ry²)) on an ellipse's perimeter. The layout steps over such sizes without placing
 * the cards (layout-positions.ts); a size that might fit (within a hair of rounding) is placed and checked.
 */
export function rimTooShort(cards: readonly { id: string }[], sizes: ReadonlyMap<string, { width: number; height: number }>, rx: number, ry: number, margin: number): boolean {
  let needed = 0;
  for (const card of cards) {
    const size = sizes.get(card.id);
    if (size) needed += Math.min(size.width, size.height) + 2 * margin;
  }
  return Math.PI * Math.sqrt(2 * (rx * rx + ry * ry)) * (1 + 1e-9) < needed;
}
