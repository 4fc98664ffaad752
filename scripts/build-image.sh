#!/usr/bin/env bash
# What infra/docker/Dockerfile's build stage runs, for one process, so it can run (and be tested)
# without a Docker engine:
#
#   scripts/build-image.sh <service> [out]     <service>: a subgraph named in schema/subgraphs.json, or gateway
#
# 1. Installs, from package-lock.json, the process's workspace, the workspaces it depends on and
#    the root (for TypeScript and tsx), dev dependencies included: `npm ci -w … --include-workspace-root`.
# 2. Builds them to dist/ (scripts/build.ts: tsc -b, and the SDL copied beside the code).
# 3. Writes <out> (default .tmp/image-<service>), the image's /app: a pruned manifest (a root that
#    lists only those workspaces and no dev dependencies, each package.json without its dev
#    dependencies), the lockfile, each package's dist/ and schema/, then installs production
#    dependencies there. That step is `npm install --omit=dev`, not `npm ci`: the lockfile describes
#    the whole repository, so npm ci would refuse the pruned manifest; npm install keeps every
#    locked version and drops what the pruned manifest no longer needs. `npm ci -w … --omit=dev`
#    alone would not do: npm keeps the dev dependencies of workspaces (the test kit's PostgreSQL,
#    testcontainers) in a workspace install.
# <out>/service links to the process's package; the image runs `node dist/main.js` there (and, for a
# subgraph, `node dist/main.js migrate` in Kubernetes' init containers).
#
# Step 1 is skipped where node_modules exists (a developer's checkout). In a fresh copy,
# BUILD_IMAGE_NODE_MODULES=<dir> replaces it with links to an installed node_modules and its
# workspaces' own node_modules beside it (the test does so offline: this machine's npm cache lacks
# some root dev dependencies). Step 3 runs npm either way; npm_config_offline=true keeps it to the
# local cache.
set -euo pipefail
cd "$(dirname "$0")/.."
service=${1:?usage: scripts/build-image.sh <service> [out]}
out=${2:-.tmp/image-$service}

# The process's workspace first, then every workspace it needs at runtime, dependencies first
# (the same walk as scripts/lib/build.ts's runtimeWorkspaces, which needs tsx, not yet installed).
read -r -a workspaces <<<"$(node -e '
  const fs = require("fs"), path = require("path");
  const read = (dir) => JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
  const dirs = read(".").workspaces.filter((dir) => fs.existsSync(path.join(dir, "package.json")));
  const byName = new Map(dirs.map((dir) => [read(dir).name, dir]));
  const service = process.argv[1];
  const entry = service === "gateway" ? { package: "@praxis/gateway" } : JSON.parse(fs.readFileSync("schema/subgraphs.json", "utf8")).subgraphs.find((s) => s.name === service);
  if (!entry || !byName.has(entry.package)) { console.error(`unknown service ${service}: a subgraph in schema/subgraphs.json, or gateway`); process.exit(2); }
  const ordered = [];
  const visit = (dir) => {
    if (ordered.includes(dir)) return;
    for (const name of Object.keys(read(dir).dependencies ?? {})) if (byName.has(name)) visit(byName.get(name));
    ordered.push(dir);
  };
  visit(byName.get(entry.package));
  console.log([byName.get(entry.package), ...ordered].join(" "));
' "$service")"
entry=${workspaces[0]}
needed=("${workspaces[@]:1}")
echo "image for $service: $entry (with ${needed[*]})"

# 1. Install for the build. A checkout that already has node_modules (a developer's) builds with
# it as it is: this script never replaces an install it did not make.
if [ -d node_modules ]; then
  echo "using the node_modules already here"
elif [ -n "${BUILD_IMAGE_NODE_MODULES:-}" ]; then
  tools=$(realpath "$BUILD_IMAGE_NODE_MODULES")
  mkdir -p node_modules/@praxis
  for path in "$tools"/* "$tools"/.bin; do
    [ "$(basename "$path")" = "@praxis" ] || ln -s "$path" "node_modules/$(basename "$path")"
  done
  for dir in "${needed[@]}"; do
    name=$(node -p "require('./$dir/package.json').name")
    ln -s "../../$dir" "node_modules/$name"
    # A workspace's own node_modules holds the versions that differ from the root's.
    nested="$(dirname "$tools")/$dir/node_modules"
    if [ -d "$nested" ] && [ ! -e "$dir/node_modules" ]; then ln -s "$nested" "$dir/node_modules"; fi
  done
else
  # Install scripts stay off: allowScripts admits only the node package (the image has its own
  # Node) and embedded PostgreSQL (tests).
  npm ci "${needed[@]/#/--workspace=}" --include-workspace-root --ignore-scripts --no-audit --no-fund
fi

# 2. Build.
node node_modules/tsx/dist/cli.mjs scripts/build.ts "$entry"

# 3. The runtime tree.
# Only a previous image folder is replaced, never another folder given by mistake.
if [ -e "$out" ] && [ ! -L "$out/service" ]; then
  echo "$out exists and is not an image folder this script made; give another" >&2
  exit 2
fi
rm -rf "$out" && mkdir -p "$out/schema"
cp package-lock.json "$out/"
cp schema/subgraphs.json "$out/schema/"
if [ "$service" = gateway ]; then cp schema/supergraph.graphql "$out/schema/"; fi
node -e '
  const fs = require("fs");
  const [out, ...dirs] = process.argv.slice(1);
  const root = JSON.parse(fs.readFileSync("package.json", "utf8"));
  const pruned = { name: root.name, private: true, engines: root.engines, workspaces: dirs, overrides: root.overrides };
  fs.writeFileSync(`${out}/package.json`, JSON.stringify(pruned, null, 2) + "\n");
  for (const dir of dirs) {
    const { devDependencies, scripts, ...manifest } = JSON.parse(fs.readFileSync(`${dir}/package.json`, "utf8"));
    fs.mkdirSync(`${out}/${dir}`, { recursive: true });
    fs.writeFileSync(`${out}/${dir}/package.json`, JSON.stringify(manifest, null, 2) + "\n");
  }
' "$out" "${needed[@]}"
for dir in "${needed[@]}"; do
  cp -R "$dir/dist" "$out/$dir/dist"
  # Declarations and the incremental build's state are for compilers, not for running.
  find "$out/$dir/dist" \( -name '*.d.ts' -o -name '*.d.ts.map' -o -name '.tsbuildinfo' \) -delete
done
(cd "$out" && npm install --omit=dev --ignore-scripts --no-audit --no-fund)
ln -s "$entry" "$out/service"
echo "built $out: cd $out/service && node dist/main.js"
