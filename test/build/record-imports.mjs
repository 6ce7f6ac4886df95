// `node --import ./record-imports.mjs …`: appends every module URL the process loads to the file
// named by IMPORT_LOG (the test of the compiled server reads which packages a start-up touched):
// ES modules through a resolve hook, CommonJS ones (require, createRequire) as Node resolves them.
import { appendFileSync } from 'node:fs';
import Module, { register } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const hooks = `
import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (process.env.IMPORT_LOG) appendFileSync(process.env.IMPORT_LOG, result.url + '\\n');
  return result;
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (...args) {
  const file = resolveFilename.apply(this, args);
  if (process.env.IMPORT_LOG && path.isAbsolute(file)) {
    appendFileSync(process.env.IMPORT_LOG, `${pathToFileURL(file).href}\n`);
  }
  return file;
};
