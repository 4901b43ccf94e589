# The city's LINE bot. Build: docker build -t city-voice-bot .
# Run:   docker run -p 3000:3000 -e DATABASE_URL=... -e LINE_CHANNEL_SECRET=... -e LINE_CHANNEL_ACCESS_TOKEN=... city-voice-bot
# Without DATABASE_URL it keeps an embedded PostgreSQL in /data (mount a volume there).

# --- dependencies: production packages and the generated Prisma client -----------------------
FROM node:24-bookworm-slim AS deps
WORKDIR /app
ENV CHECKPOINT_DISABLE=1 PRISMA_HIDE_UPDATE_MESSAGE=1
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
# --omit=dev: the Node 24 binary package, vitest and the browser tooling stay out of the image.
# postinstall runs `prisma generate` (no engine download: the client engine is JS, see prisma.config.ts);
# its build step is skipped here (no TypeScript): dist/ comes from the build stage.
COPY scripts ./scripts
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# --- build: src/ compiled once into plain JavaScript (dist/), with every dependency --------------
FROM node:24-bookworm-slim AS build
WORKDIR /app
ENV CHECKPOINT_DISABLE=1 PRISMA_HIDE_UPDATE_MESSAGE=1
COPY package.json package-lock.json prisma.config.ts tsconfig.json tsconfig.build.json ./
COPY prisma ./prisma
COPY scripts ./scripts
COPY src ./src
# postinstall: prisma generate, then scripts/build.mjs (tsc with tsconfig.build.json) into dist/.
RUN npm ci --no-audit --no-fund && node scripts/build.mjs --if-needed
# The embedded database's migrated template (src/db/embeddedTemplate.ts): a new /data folder is a copy of it.
RUN node scripts/prepareEmbedded.mjs

# --- runtime -------------------------------------------------------------------------------
FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    EMBEDDED_DB_DIR=/data/pglite \
    CHECKPOINT_DISABLE=1 \
    PRISMA_HIDE_UPDATE_MESSAGE=1 \
    MALLOC_ARENA_MAX=2
# MALLOC_ARENA_MAX=2: glibc otherwise keeps a memory arena per thread (libuv's pool, V8's helpers,
# the embedded database's thread), about 5–8 MB of a 150 MB bot that it never gives back.
WORKDIR /app
# A Japanese font: the bot draws its rich menu images itself (src/domain/richMenus/drawRichMenu.ts).
RUN apt-get update && apt-get install -y --no-install-recommends fonts-noto-cjk && rm -rf /var/lib/apt/lists/*
COPY --from=deps --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --from=build --chown=node:node /app/node_modules/.cache/city-voice ./node_modules/.cache/city-voice
COPY --chown=node:node package.json package-lock.json prisma.config.ts tsconfig.json ./
COPY --chown=node:node prisma ./prisma
COPY --chown=node:node flows ./flows
COPY --chown=node:node vendor ./vendor
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
# Migrations are applied by the bot itself at start (prisma migrate deploy, only when one is pending), before it listens.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/readyz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"]
# Flows are checked at start: a broken flow file stops the container with the file, line and reason.
# Plain JavaScript from the build stage: no TypeScript is compiled when the container starts.
# Flags as `npm start` (package.json, why in README "Memory"): --max-semi-space-size=8 (MB) keeps
# V8's young generation small; --heap-growing-percent=50 lets the heap grow by half of what is live
# after a full collection, not up to four times; --liftoff-only keeps WebAssembly (PGlite, Prisma's query compiler)
# on V8's baseline compiler instead of recompiling hot code at about 80 MB more.
CMD ["node", "--max-semi-space-size=8", "--heap-growing-percent=50", "--liftoff-only", "--expose-gc", "dist/main.js"]
