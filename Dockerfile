# Node.js LTS lines verified by .ci/run: 20 (end of life since April 2026), 24 and 26.
# Build with another of them: docker build --build-arg NODE_MAJOR=26 .
ARG NODE_MAJOR=24

FROM node:${NODE_MAJOR}-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:${NODE_MAJOR}-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production MALLOC_ARENA_MAX=2
COPY --from=build /app /app
EXPOSE 3000
CMD ["node", "--max-old-space-size=256", "--max-semi-space-size=16", "dist/src/main.js"]
