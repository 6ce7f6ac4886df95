// @ts-check
/**
 * 登录's page for the server's render (dist/web/ssr-login.html, scripts/first-paint.ts) with only the
 * CSS rules its render uses (issue 12). The page's stylesheets whole (antd's Button, Input, Form and
 * the rest of their shared chunks: 113 KB, ~13 KB compressed) would take the page past what the
 * first round trip carries (~14 KB), and Lighthouse's LCP from 1.0 to 1.2 s; the rules the form's
 * markup can match are a fraction of that. The boot script adds the stylesheets whole after the first
 * paint (an error message, a loading button), before anything can need them.
 *
 * Run by scripts/build.mjs after `vite build --ssr`: the page's markup comes from that render, as the
 * server will render it, with 统一身份认证 and HELP_CONTACT both shown (so their rules are kept too), for
 * the desktop and the phone layout. `node scripts/critical-css.mjs` rewrites the built page in place.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import postcss from 'postcss';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The slot first-paint.ts leaves (`criticalCssSlot`): a comment naming the page's stylesheets. */
const SLOT = /\/\*duban-critical-css (\[[^\]]*\])\*\//;

/** Every class name in the class attributes of `html`. */
export function classesOf(/** @type {string} */ html) {
  const classes = new Set();
  for (const [, value] of html.matchAll(/\bclass="([^"]*)"/g))
    for (const name of (value ?? '').split(/\s+/)) if (name) classes.add(name);
  return classes;
}

/**
 * The class names a selector needs an element (or its ancestors) to have for it to match. A class
 * inside `:not(…)` is one the element must *not* have: it is left out.
 */
export function neededClasses(/** @type {string} */ selector) {
  const positive = selector.replace(/:not\((?:[^()]|\([^()]*\))*\)/g, '');
  return [...positive.matchAll(/\.(-?[_a-zA-Z][\w-]*)/g)].map(([, name]) => name ?? '');
}

/**
 * The rules of `css` that can match markup whose elements have only `classes`: of each rule, the
 * selectors whose classes are all among them (a rule with none left is dropped), at-rules left
 * empty dropped, and keyframes only where a kept declaration names them.
 */
export function criticalRules(/** @type {string} */ css, /** @type {Set<string>} */ classes) {
  const root = postcss.parse(css);
  root.walkRules((rule) => {
    const parent = rule.parent;
    if (parent?.type === 'atrule' && /keyframes$/i.test(/** @type {postcss.AtRule} */ (parent).name)) return;
    const kept = rule.selectors.filter((selector) =>
      neededClasses(selector).every((name) => classes.has(name)),
    );
    if (kept.length === 0) rule.remove();
    else rule.selectors = kept;
  });
  const animations = new Set();
  root.walkDecls(/^animation(-name)?$/i, (decl) => {
    for (const word of decl.value.split(/[\s,]+/)) animations.add(word);
  });
  root.walkAtRules(/keyframes$/i, (at) => {
    if (!animations.has(at.params)) at.remove();
  });
  // Innermost first: an @media left empty, then the @layer around it.
  let removed = true;
  while (removed) {
    removed = false;
    root.walkAtRules((at) => {
      if (at.nodes !== undefined && at.nodes.length === 0) {
        at.remove();
        removed = true;
      }
    });
  }
  return root.toString();
}

/** Fills the critical CSS slot of `webDir`'s ssr-login.html from the render module `renderEntry`. */
export async function fillCriticalCss(/** @type {string} */ webDir, /** @type {string} */ renderEntry) {
  const file = path.join(webDir, 'ssr-login.html');
  const page = readFileSync(file, 'utf8');
  const slot = SLOT.exec(page);
  if (!slot) throw new Error(`${file} has no critical CSS slot`);
  /** @type {string[]} */
  const sheets = JSON.parse(slot[1] ?? '[]');
  const { renderScreen } = await import(pathToFileURL(renderEntry).href);
  /** Every part the page may show: 统一身份认证's button and HELP_CONTACT too. */
  const answers = /** @type {Record<string, unknown>} */ ({
    '/api/auth/providers': { local: true, ldap: true, oidc: { name: '统一身份认证' } },
    '/api/settings/public': { helpContact: '咨询电话' },
  });
  const get = async (/** @type {string} */ url) =>
    url in answers ? { status: 200, body: JSON.stringify(answers[url]) } : { status: 404, body: '' };
  const classes = new Set();
  for (const phone of [false, true]) {
    const screen = await renderScreen({ url: '/login', user: null, get, phone });
    for (const name of classesOf(screen.html)) classes.add(name);
  }
  if (!classes.has('login-page')) throw new Error('the render of /login shows no 登录 page');
  const css = sheets
    .map((sheet) => criticalRules(readFileSync(path.join(webDir, sheet), 'utf8'), classes))
    .join('\n');
  writeFileSync(
    file,
    page.replace(slot[0], () => css),
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await fillCriticalCss(path.join(ROOT, 'dist', 'web'), path.join(ROOT, 'dist', 'web-ssr', 'render.js'));
}
