#!/usr/bin/env bash
# Builds the app in release and serves it with the API on http://127.0.0.1:8080.
# Data is kept in an SQLite file (.data/dxday.db) unless DATABASE_URL says otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh app
source scripts/env.sh
scripts/build-app.sh
cargo build --profile server -p dxday-server
mkdir -p .data
exec "$CARGO_TARGET_DIR/server/dxday-server" \
  --listen "${LISTEN:-127.0.0.1:8080}" \
  --dist dist --plans data/plans \
  --database-url "${DATABASE_URL:-sqlite://.data/dxday.db}"
