/**
 * antd's grid (Row/Col) with only the column classes the UI uses (issue 12, point 1).
 *
 * antd's grid stylesheet holds a rule for every column class it could ever set: 25 spans × order,
 * offset, push and pull × 7 breakpoints, ~1,000 rules and 66 KB of the entry's 121 KB stylesheet,
 * which every first screen parses (inlined in the server's render) before it paints. The UI sets a
 * handful: `<Col xs={24} lg={16}>`. The build reads them from the sources' `<Col>` elements and keeps
 * only those rules (antd-static-css.ts); a `<Col>` whose column props are not literals fails the
 * build, so that no class can go missing unnoticed. Form's `labelCol`/`wrapperCol` become columns too
 * (Form.Item renders a Col with them): only `flex` is supported there, anything numbered fails the
 * build. What is read: JSX in the `.tsx` modules of the bundle that import from antd (a column passed
 * on through a component of the UI's own, in another module, would not be seen: there is none).
 */
import { type ESTree, parseSync } from 'vite';
import { eachNode } from './ast';

/** antd's breakpoints, as Col's props and its class names spell them. */
const BREAKPOINTS = new Set(['xs', 'sm', 'md', 'lg', 'xl', 'xxl', 'xxxl']);
/** Col's props that set a numbered class (antd/es/grid/col.js). */
const NUMBERED = new Set(['span', 'order', 'offset', 'push', 'pull']);
/** Col's props that set no numbered class. */
const OTHER_PROPS = new Set(['flex', 'className', 'style', 'key', 'children', 'prefixCls', 'id', 'role']);

/** Props of antd's Form and Form.Item that Form.Item renders as a Col. */
const FORM_COLUMNS = new Set(['labelCol', 'wrapperCol']);

/** The object literals `node` may be: itself, or either branch of `a ? {…} : undefined`. */
function objectsOf(node: ESTree.Node | null | undefined): (ESTree.Node | null | undefined)[] {
  if (node?.type === 'ConditionalExpression')
    return [...objectsOf(node.consequent), ...objectsOf(node.alternate)];
  if (node?.type === 'Identifier' && node.name === 'undefined') return [];
  return [node];
}

/** `ant-col-…` class names: `ant-col-12`, `ant-col-order-2`, `ant-col-lg-16`, `ant-col-lg-order-1`. */
function className(breakpoint: string | undefined, prop: string, value: number): string {
  const size = breakpoint ? `${breakpoint}-` : '';
  return prop === 'span' ? `ant-col-${size}${value}` : `ant-col-${size}${prop}-${value}`;
}

function where(id: string, code: string, node: ESTree.Node): string {
  return `${id}:${code.slice(0, node.start).split('\n').length}`;
}

function literalNumber(node: ESTree.Node | null | undefined): number | undefined {
  if (node?.type === 'Literal' && typeof node.value === 'number') return node.value;
  return undefined;
}

/**
 * The numbered column classes the `<Col>` elements of one module set. `Col` is whatever local name
 * antd's `Col` is imported under; a module that does not import it gives none. Throws, naming the
 * file and line, where a column prop is not a literal (a number, or for a breakpoint an object of
 * numbers) or is spread in.
 */
export function colClassesOf(id: string, code: string): Set<string> {
  const classes = new Set<string>();
  if (!/\b(Col|labelCol|wrapperCol)\b/.test(code)) return classes;
  const { program } = parseSync(id, code);
  const names = new Set<string>();
  let antd = false;
  for (const statement of program.body) {
    if (statement.type !== 'ImportDeclaration' || statement.source.value !== 'antd') continue;
    antd = true;
    for (const s of statement.specifiers)
      if (s.type === 'ImportSpecifier' && s.imported.type === 'Identifier' && s.imported.name === 'Col')
        names.add(s.local.name);
  }
  if (!antd) return classes;
  const fail = (node: ESTree.Node, what: string): never => {
    throw new Error(`${where(id, code, node)}: ${what} (scripts/antd-grid.ts keeps only literal columns)`);
  };
  eachNode(program, (n) => {
    if (n.type === 'JSXOpeningElement')
      for (const attribute of n.attributes) {
        if (attribute.type !== 'JSXAttribute' || attribute.name.type !== 'JSXIdentifier') continue;
        if (!FORM_COLUMNS.has(attribute.name.name)) continue;
        const value = attribute.value?.type === 'JSXExpressionContainer' ? attribute.value.expression : null;
        for (const object of objectsOf(value as ESTree.Node | null))
          if (
            object?.type !== 'ObjectExpression' ||
            object.properties.some(
              (p) => p.type !== 'Property' || p.key.type !== 'Identifier' || p.key.name !== 'flex',
            )
          )
            fail(attribute, `${attribute.name.name}: only {{ flex }} is supported (Form.Item renders a Col)`);
      }
    if (n.type === 'JSXOpeningElement' && n.name.type === 'JSXIdentifier' && names.has(n.name.name)) {
      for (const attribute of n.attributes) {
        if (attribute.type === 'JSXSpreadAttribute') fail(attribute, '<Col> with spread props');
        else {
          const prop = attribute.name.type === 'JSXIdentifier' ? attribute.name.name : '';
          const value =
            attribute.value?.type === 'JSXExpressionContainer' ? attribute.value.expression : null;
          if (NUMBERED.has(prop)) {
            const number = literalNumber(value as ESTree.Node | null);
            if (number === undefined) fail(attribute, `<Col> ${prop} is not a number literal`);
            else classes.add(className(undefined, prop, number));
          } else if (BREAKPOINTS.has(prop)) {
            const number = literalNumber(value as ESTree.Node | null);
            if (number !== undefined) classes.add(className(prop, 'span', number));
            else if (value?.type === 'ObjectExpression') {
              for (const property of value.properties) {
                const key =
                  property.type === 'Property' && property.key.type === 'Identifier' ? property.key.name : '';
                const inner =
                  property.type === 'Property' ? literalNumber(property.value as ESTree.Node) : undefined;
                if (key === 'flex') continue;
                if (!NUMBERED.has(key) || inner === undefined)
                  fail(
                    property,
                    `<Col> ${prop}={{…}} holds something other than span/order/offset/push/pull numbers`,
                  );
                else classes.add(className(prop, key, inner));
              }
            } else fail(attribute, `<Col> ${prop} is neither a number nor an object literal`);
          } else if (!OTHER_PROPS.has(prop))
            fail(attribute, `<Col> has a prop this script does not know (${prop})`);
        }
      }
    }
  });
  return classes;
}

/**
 * A whole rule for one numbered column class: `.ant-col-lg-16{…}`, `.ant-col-xs-order-2{…}`, at the
 * start of the sheet or right after another rule or block opened (so not part of a longer selector).
 */
const NUMBERED_RULE = /(?<=^|[{}])\.(ant-col-(?:[a-z]+-)?(?:(?:order|offset|push|pull)-)?\d+)\{[^{}]*\}/g;

/**
 * `css` (cssinjs' plain output) without the rules of numbered column classes that are not in
 * `used`; an `@media` block emptied by it goes too.
 */
export function pruneColumnRules(css: string, used: ReadonlySet<string>): string {
  return css
    .replace(NUMBERED_RULE, (rule, name: string) => (used.has(name) ? rule : ''))
    .replace(/@media[^{}]*\{\}/g, '');
}
