/**
 * A strict little XML reader for tests: elements, attributes, text, comments, the XML
 * declaration and the five predefined entities plus numeric references. It throws on anything
 * malformed (unclosed or mismatched tags, unquoted or duplicate attributes, a bare `&` or `<`),
 * which is the point: the JUnit file must parse as XML in any CI dashboard.
 */

/** An element: its name, attributes, child elements and concatenated text. */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = /^[A-Za-z_][\w.:-]*/;
const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decode(text: string, where: number): string {
  return text.replace(/&([^;]*);|&|</g, (match, entity: string | undefined) => {
    if (entity === undefined) throw new Error(`bare ${match} at ${where}`);
    if (entity in ENTITIES) return ENTITIES[entity];
    const numeric = /^#(x[0-9a-fA-F]+|\d+)$/.exec(entity);
    if (numeric) return String.fromCodePoint(entity[1] === "x" ? parseInt(entity.slice(2), 16) : Number(entity.slice(1)));
    throw new Error(`unknown entity &${entity}; at ${where}`);
  });
}

/** Parses a document and returns its root element. @throws Error when not well-formed. */
export function parseXml(source: string): XmlElement {
  let i = 0;
  const skipMisc = (): void => {
    for (;;) {
      const rest = source.slice(i);
      const ws = /^\s+/.exec(rest);
      if (ws) i += ws[0].length;
      else if (rest.startsWith("<?")) i = indexOrThrow("?>", i) + 2;
      else if (rest.startsWith("<!--")) i = indexOrThrow("-->", i) + 3;
      else return;
    }
  };
  const indexOrThrow = (token: string, from: number): number => {
    const at = source.indexOf(token, from);
    if (at < 0) throw new Error(`unterminated construct at ${from}`);
    return at;
  };
  const element = (): XmlElement => {
    if (source[i] !== "<") throw new Error(`expected < at ${i}`);
    i += 1;
    const name = NAME.exec(source.slice(i))?.[0];
    if (!name) throw new Error(`expected a tag name at ${i}`);
    i += name.length;
    const node: XmlElement = { name, attributes: {}, children: [], text: "" };
    for (;;) {
      const ws = /^\s*/.exec(source.slice(i))![0];
      i += ws.length;
      if (source.startsWith("/>", i)) return ((i += 2), node);
      if (source[i] === ">") break;
      if (ws === "") throw new Error(`expected whitespace before attribute at ${i}`);
      const attr = /^([A-Za-z_][\w.:-]*)\s*=\s*("([^"<]*)"|'([^'<]*)')/.exec(source.slice(i));
      if (!attr) throw new Error(`malformed attribute at ${i}`);
      if (attr[1] in node.attributes) throw new Error(`duplicate attribute ${attr[1]} at ${i}`);
      node.attributes[attr[1]] = decode(attr[3] ?? attr[4], i);
      i += attr[0].length;
    }
    i += 1;
    for (;;) {
      const next = source.indexOf("<", i);
      if (next < 0) throw new Error(`unclosed <${name}>`);
      node.text += decode(source.slice(i, next), i);
      i = next;
      if (source.startsWith("</", i)) {
        const close = new RegExp(`^</${name.replace(/[.]/g, "\\.")}\\s*>`).exec(source.slice(i));
        if (!close) throw new Error(`expected </${name}> at ${i}`);
        i += close[0].length;
        return node;
      }
      if (source.startsWith("<!--", i)) i = indexOrThrow("-->", i) + 3;
      else node.children.push(element());
    }
  };
  skipMisc();
  const root = element();
  skipMisc();
  if (i !== source.length) throw new Error(`content after the root element at ${i}`);
  return root;
}
