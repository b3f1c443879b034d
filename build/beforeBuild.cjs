// electron-builder hook (beforeBuild in build/electron-builder.yml).
// The app in dist/ is fully bundled (esbuild for main and preload, vite for the renderer): it needs no
// node_modules. Returning false tells electron-builder that node_modules are handled outside it, so it
// neither rebuilds nor copies the project's dependencies (the server's fastify, pg, better-sqlite3 …)
// into the installers. Without this it falls back to the project's own dependency list.
exports.default = async function beforeBuild() {
  return false;
};
