/**
 * Small-cell suppression for report breakdowns. A cell counting fewer than `threshold` people
 * (but more than none) is hidden, so a small group cannot be singled out. Totals stay exact, so
 * when only one cell of a breakdown would be hidden the hidden value could be recovered as the
 * total minus the others: the next smallest cell is hidden too (complementary suppression).
 */
export interface Cell<K extends string = string> {
  key: K;
  value: number;
}

export interface ReportedCell<K extends string = string> {
  key: K;
  /** Null when suppressed. */
  value: number | null;
  suppressed: boolean;
}

export const DEFAULT_SUPPRESSION_THRESHOLD = 5;

export function suppress<K extends string>(cells: Cell<K>[], threshold = DEFAULT_SUPPRESSION_THRESHOLD): ReportedCell<K>[] {
  const hidden = new Set<K>(cells.filter((cell) => cell.value > 0 && cell.value < threshold).map((cell) => cell.key));
  if (hidden.size === 1) {
    // The smallest other non-empty cell joins it; a zero reveals nothing and stays shown.
    const partner = cells
      .filter((cell) => !hidden.has(cell.key) && cell.value > 0)
      .sort((a, b) => a.value - b.value || a.key.localeCompare(b.key))[0];
    if (partner) hidden.add(partner.key);
  }
  return cells.map((cell) => ({ key: cell.key, value: hidden.has(cell.key) ? null : cell.value, suppressed: hidden.has(cell.key) }));
}
