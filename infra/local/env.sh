#!/usr/bin/env bash
# Print `export` lines with the URLs the app and its tests use to reach the local services.
# Usage: eval "$(bash infra/local/env.sh)"
# Ports follow PARLEY_MYSQL_PORT, PARLEY_MONGO_PORT, PARLEY_REDIS_PORT, PARLEY_KAFKA_PORT.
set -euo pipefail

mysql_port="${PARLEY_MYSQL_PORT:-3306}"
mongo_port="${PARLEY_MONGO_PORT:-27017}"
redis_port="${PARLEY_REDIS_PORT:-6379}"
kafka_port="${PARLEY_KAFKA_PORT:-9092}"

cat <<EOT
export PARLEY_MYSQL_URL=mysql://parley:parley@127.0.0.1:${mysql_port}/parley
export PARLEY_MONGO_URL=mongodb://127.0.0.1:${mongo_port}/parley
export PARLEY_REDIS_URL=redis://127.0.0.1:${redis_port}
export PARLEY_KAFKA_BROKERS=127.0.0.1:${kafka_port}
EOT
