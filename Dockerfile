# syntax=docker/dockerfile:1
# paperbot image: `docker compose up` runs it as the bot (`start`) and as workers (`worker`).

# Stage 1: production dependencies only, from the lock file. tsx is one of them: paperbot runs
# its TypeScript directly (bin/paperbot.mjs), so there is no build step and no dev tooling.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# Stage 2: the runtime. Only what runs is copied (no tests, benches, docs or .env), owned by
# root and read-only to the unprivileged `node` user the process runs as.
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json tsconfig.json ./
COPY bin ./bin
COPY cli ./cli
COPY src ./src
COPY adapters ./adapters
COPY jobs ./jobs
COPY drizzle ./drizzle
COPY samples ./samples
# The one writable place: the embedded database (PGlite) when DATABASE_URL is not a server.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
# Liveness through the process's own /healthz (node is in the image; curl and wget are not).
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["node", "bin/paperbot.mjs"]
CMD ["start"]
