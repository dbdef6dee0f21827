// Layering rules the build enforces (`npm run check:deps`); see docs/architecture.md.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-not-outer-layers',
      comment: 'The core (src/) is what adapters, jobs and the CLI call; it never imports them.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(adapters|jobs|cli)/' },
    },
    {
      name: 'core-no-platform-or-queue',
      comment: 'The core knows no chat platform and no queue: Slack, Discord, BullMQ and Redis live in adapters/ and jobs/.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '(^|/)node_modules/(@slack/|discord\\.js/|@discordjs/|bullmq/|ioredis/)' },
    },
    {
      name: 'adapters-not-db',
      comment: 'Adapters translate and call core functions; tables are the core\'s business.',
      severity: 'error',
      from: { path: '^adapters/' },
      to: { path: '^src/db/' },
    },
    {
      name: 'no-runtime-dev-dependency',
      comment: 'What ships runs without devDependencies (npm ci --omit=dev); tests and benches may use them.',
      severity: 'error',
      from: { path: '^(src|adapters|jobs|cli|bin)/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-folder-cycles',
      comment: 'Folders depend one way: a cycle means a type or function sits in the wrong folder.',
      severity: 'error',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.js', '.mjs', '.cjs', '.d.ts'] },
  },
};
