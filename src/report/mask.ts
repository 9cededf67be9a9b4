/**
 * Masks an address for a report a customer may forward: `olena@gmail.com` → `ol***@gmail.com`.
 * The domain stays (it is what the report is about); a value without `@` keeps two characters.
 */
export function maskAddress(value: string): string {
  // A cell with several addresses (`a@x.com; b@y.com`, Google's ` ::: `): each one masked, and
  // nothing else of the cell (it may hold names).
  if (value.indexOf('@') !== value.lastIndexOf('@')) {
    return (value.match(/[^\s;,<>"]+@[^\s;,<>"]+/g) ?? []).map(maskOne).join('; ');
  }
  return maskOne(value);
}

function maskOne(value: string): string {
  const at = value.lastIndexOf('@');
  const local = at >= 0 ? value.slice(0, at) : value;
  const chars = [...local];
  const keep = chars.length > 4 ? 2 : chars.length > 1 ? 1 : 0;
  const masked = `${chars.slice(0, keep).join('')}***`;
  return at >= 0 ? `${masked}${value.slice(at)}` : masked;
}
