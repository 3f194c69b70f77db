import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expectedPackage, PACKAGE_DIR } from '../../scripts/content/generate';
import { describeWithSources } from '../support/test-db';

describeWithSources('the published content (fhir-resources/package) against its sources', () => {
  it('is exactly what `npm run content` generates from ../shared (same bytes, no stale files)', async () => {
    const expected = await expectedPackage(resolve(__dirname, '../..'));
    const present = readdirSync(PACKAGE_DIR).filter((n) => n.endsWith('.json')).sort();
    expect(present).toEqual([...expected.keys()].sort());
    for (const [name, text] of expected) {
      // One expectation per file, so a failure names the file that differs.
      expect({ name, same: readFileSync(join(PACKAGE_DIR, name), 'utf8') === text }).toEqual({ name, same: true });
    }
  }, 60_000);

  it('is deterministic: generating twice gives the same bytes', async () => {
    const root = resolve(__dirname, '../..');
    const [a, b] = [await expectedPackage(root), await expectedPackage(root)];
    expect([...a.entries()]).toEqual([...b.entries()]);
  }, 60_000);
});
