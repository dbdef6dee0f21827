# syntax=docker/dockerfile:1
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY bin ./bin
COPY cli ./cli
COPY src ./src
COPY adapters ./adapters
COPY jobs ./jobs
COPY drizzle ./drizzle
COPY samples ./samples
USER node
EXPOSE 3000
ENTRYPOINT ["node", "bin/paperbot.mjs"]
CMD ["start"]
