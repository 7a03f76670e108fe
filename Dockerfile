# One image for every service (the workspace is small; each container runs one service).
#   docker build -t nenkin .
#   docker run -e SERVICE=records … nenkin
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/contracts/package.json packages/contracts/
COPY packages/platform/package.json packages/platform/
COPY packages/rules/package.json packages/rules/
COPY packages/testing/package.json packages/testing/
COPY services/filing-intake/package.json services/filing-intake/
COPY services/records/package.json services/records/
COPY services/payments/package.json services/payments/
COPY services/channel-routing/package.json services/channel-routing/
COPY services/notice-delivery/package.json services/notice-delivery/
RUN npm ci --no-audit --no-fund --omit=optional
COPY . .
# The shared volume for local-only secrets inherits this owner, so bootstrap (as node) can write and
# the services (as node) can read.
RUN mkdir -p /keys && chown node:node /keys
USER node
ENV SERVICE=records
CMD ["bash", "scripts/docker-entrypoint.sh"]
