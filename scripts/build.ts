/**
 * `npm run build`: every workspace with a tsconfig.build.json compiled to plain JavaScript in its
 * dist/, with source maps and declarations, and the SDL it reads at runtime copied beside. Given
 * folders (`npm run build -- services/events`, or a package's own `npm run build`), only those and
 * the workspaces they depend on.
 */
import { asWorkspace, build, buildableWorkspaces } from './lib/build';

const args = process.argv.slice(2);
try {
  const started = performance.now();
  const { packages, assets } = build(args.length > 0 ? args.map((path) => asWorkspace(path)) : buildableWorkspaces());
  process.stdout.write(`built ${packages.join(', ')} (${assets.length} assets copied) in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}
