// Builds dist/: the bundled app (esbuild) and, under dist/graphiql/, the GraphiQL files the API serves
// instead of a CDN. Run by scripts/build_ui.sh (npm ci && npm run build).
import { build } from "esbuild";
import { cpSync, mkdirSync, rmSync, writeFileSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, "dist");
const require = createRequire(import.meta.url);
rmSync(dist, { recursive: true, force: true });
mkdirSync(join(dist, "assets"), { recursive: true });
mkdirSync(join(dist, "graphiql"), { recursive: true });

await build({
  entryPoints: [join(here, "src/main.js")], bundle: true, format: "esm", minify: true, sourcemap: true,
  target: ["es2020"], outfile: join(dist, "assets/app.js"), legalComments: "linked", logLevel: "warning",
});
cpSync(join(here, "src/style.css"), join(dist, "assets/app.css"));
cpSync(join(here, "src/index.html"), join(dist, "index.html"));

// GraphiQL 3 (the version strawberry's page uses) with its React and the explorer plugin, from npm
const pkgDir = (name) => dirname(require.resolve(`${name}/package.json`));
const files = {
  "react.production.min.js": [pkgDir("react"), "umd/react.production.min.js"],
  "react-dom.production.min.js": [pkgDir("react-dom"), "umd/react-dom.production.min.js"],
  "graphiql.min.js": [pkgDir("graphiql"), "graphiql.min.js"],
  "graphiql.min.css": [pkgDir("graphiql"), "graphiql.min.css"],
  "plugin-explorer.umd.js": [pkgDir("@graphiql/plugin-explorer"), "dist/index.umd.js"],
  "plugin-explorer.css": [pkgDir("@graphiql/plugin-explorer"), "dist/style.css"],
};
const versions = {};
for (const [out, [dir, rel]] of Object.entries(files)) {
  cpSync(join(dir, rel), join(dist, "graphiql", out));
  versions[out] = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).version;
}
writeFileSync(join(dist, "build.json"), JSON.stringify({ builtAt: new Date().toISOString(), graphiql: versions }, null, 2));
console.log(`built ${dist}`);
