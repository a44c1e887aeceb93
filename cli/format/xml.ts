/**
 * Escaping for XML and HTML text: every report the CLI writes as markup (JUnit XML, the HTML
 * reports and their inline SVG charts) passes user-supplied names through here, so a scenario
 * or SLO called `a<b & "c"` cannot break the document.
 */

/** Escapes text for XML (and HTML) attribute values and character data: & < > " '. */
export function xmlEscape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!);
}
