import path from 'node:path';

/**
 * A folder of src/web, both when the code runs from src/ (ts-node, tests) and from dist/src
 * (npm start): the browser files are not compiled, so they are always served from src/web.
 */
export function webRoot(folder: string): string {
  const here = __dirname;
  const fromDist = here.includes(`${path.sep}dist${path.sep}`);
  const projectRoot = fromDist ? path.resolve(here, '../../..') : path.resolve(here, '../..');
  return path.join(projectRoot, 'src', 'web', folder);
}
