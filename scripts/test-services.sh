#!/usr/bin/env bash
# Everything `make test` needs on a Debian machine, so the README's two commands are the whole
# set-up: Chromium and CJK fonts (browser tests), Java (the Nu HTML validator), PostgreSQL and
# Redis. Installs what is missing (apt-get), starts what does not answer, and does nothing on a
# machine that already has it all. CI (.ci/run) runs it through `make test` too.
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || need+=(fonts-noto-cjk)
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
command -v pg_ctlcluster >/dev/null 2>&1 || need+=(postgresql)
command -v pg_isready >/dev/null 2>&1 || need+=(postgresql-client)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v redis-cli >/dev/null 2>&1 || need+=(redis-tools)
# Certificates: WeasyPrint's Pango and HarfBuzz, poppler to check the PDFs, Node.js for the
# independent credential verifier. (grep reads all of ldconfig's output: with -q it stops early,
# ldconfig dies of SIGPIPE and pipefail then reports a library as missing that is there.)
command -v pdffonts >/dev/null 2>&1 || need+=(poppler-utils)
ldconfig -p | grep libharfbuzz-subset >/dev/null || need+=(libharfbuzz-subset0)
ldconfig -p | grep libpangoft2-1.0 >/dev/null || need+=(libpango-1.0-0 libpangoft2-1.0-0)
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing: ${need[*]}"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

# PostgreSQL on 127.0.0.1:5432 (the newest installed cluster).
if ! pg_isready -h 127.0.0.1 -p 5432 -q; then
  version="$(ls /etc/postgresql | sort -V | tail -n 1)"
  $SUDO pg_ctlcluster --skip-systemctl-redirect "$version" main start
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
fi
# The tests connect as postgres over TCP (KCC_TEST_PG_DSN). A fresh Debian cluster asks for a
# password there: give the postgres role the one `make test` passes (PGPASSWORD), once.
if ! psql -h 127.0.0.1 -U postgres -d postgres -Atqc "select 1" >/dev/null 2>&1; then
  echo "Setting the password of the local postgres role for the tests"
  $SUDO runuser -u postgres -- psql -qc "ALTER ROLE postgres PASSWORD '${PGPASSWORD:-kcc-test}'"
fi

# Redis on 127.0.0.1:6379, without persistence, for `make run` with REDIS_URL and the
# benchmark; the tests start a throw-away redis-server of their own.
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
  for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 1; done
fi
