// Folds ticket text and admin keywords the same way, so matching ignores case, full-width vs.
// half-width forms (ＶＰＮ = VPN, common in Chinese input methods) and runs of white space.

export function foldText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ');
}
