#!/usr/bin/env bash
# Make sure the database servers the tests use are up (they are on the development and
# CI machines; this starts one that has stopped) and wait until each accepts connections.
set -euo pipefail

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for() {
  local name=$1 port=$2
  for _ in $(seq 1 60); do
    port_open "$port" && return 0
    sleep 0.5
  done
  echo "$name did not start on port $port" >&2
  exit 1
}

for service in "$@"; do
  case "$service" in
    mariadb)
      port_open 3306 || start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
      wait_for MariaDB 3306 ;;
    postgres)
      port_open 5432 || pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
      wait_for PostgreSQL 5432 ;;
    *) echo "unknown service $service" >&2; exit 2 ;;
  esac
done
