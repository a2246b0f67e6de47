#!/usr/bin/env bash
# What the README's two commands need from the machine, in one place.
#
#   scripts/prerequisites.sh check test|demo|cli say what is missing; exit 3 if something required is
#   scripts/prerequisites.sh install test|demo install what is missing (Debian/Ubuntu, as root; CI)
#   scripts/prerequisites.sh line              the one install line the README shows
#
# Required: the command cannot run without it. Recommended: the test suite runs without it, but the
# tests that need it are reported as skipped (each with a one-line reason), so a complete run needs
# it. The package names are Debian 12's; the PostgreSQL ones follow the server's major version.
set -uo pipefail

pg_major() {
  local initdb
  initdb=$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -1)
  if [ -n "$initdb" ]; then
    basename "$(dirname "$(dirname "$initdb")")"
  else
    echo 15
  fi
}
PG=$(pg_major)

# name | Debian package | needed by | required or recommended | check (a function below) | without it
ITEMS=(
  "Java 17+ (JDK)|openjdk-17-jdk-headless|test demo cli|required|has_java|nothing builds"
  "PostgreSQL server binaries (initdb, pg_ctl)|postgresql-$PG|test demo|required|has_pg_server|no throwaway PostgreSQL for the tests and the demo"
  "PostgreSQL client tools (psql, pg_dump, pg_restore)|postgresql-client-$PG|test demo|required|has_pg_client|the dump phase runs pg_dump; tests compare with psql and pg_restore"
  "OpenSSH server (sshd)|openssh-server|test|required|has_sshd|the SSH client is tested against a real OpenSSH sshd (started privately by the test)"
  "OpenSSH client tools (ssh-keygen)|openssh-client|test|required|has_ssh_keygen|keys made by ssh-keygen are tested"
  "PostGIS for PostgreSQL $PG|postgresql-$PG-postgis-3|test|recommended|has_postgis|the loader's tests on portals with ckanext-spatial (PostGIS and its sibling extensions) are skipped"
  "Python 3 with python-dateutil (what CKAN itself runs)|python3-dateutil|test|recommended|has_dateutil|the differential tests comparing the Java ports with Python's json and dateutil are skipped"
  "Prometheus (prometheus, promtool)|prometheus|test demo|recommended|has_prometheus|the alert-rule tests and the check of the dashboard's queries against a real Prometheus are skipped; the demo runs without a Prometheus"
)

has_java() {
  command -v java >/dev/null && command -v javac >/dev/null || return 1
  local v
  v=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  [ -n "$v" ] && [ "${v%%.*}" -ge 17 ]
}
has_pg_server() {
  [ -n "${CKAN_TEST_POSTGRES_URL:-}" ] || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1
}
has_pg_client() {
  command -v psql >/dev/null && command -v pg_dump >/dev/null && command -v pg_restore >/dev/null
}
has_sshd() { [ -x /usr/sbin/sshd ]; }
has_ssh_keygen() { command -v ssh-keygen >/dev/null; }
has_postgis() { [ -f "/usr/share/postgresql/$PG/extension/postgis.control" ]; }
has_prometheus() { command -v prometheus >/dev/null && command -v promtool >/dev/null; }
has_dateutil() { command -v python3 >/dev/null && python3 -c 'import dateutil.parser' 2>/dev/null; }

missing() { # $1 = test|demo; prints "level|name|package|without" for each missing item
  local item name pkg who level check without
  for item in "${ITEMS[@]}"; do
    IFS='|' read -r name pkg who level check without <<<"$item"
    case " $who " in *" $1 "*) ;; *) continue ;; esac
    if ! "$check"; then
      echo "$level|$name|$pkg|$without"
    fi
  done
}

packages() { # $1 = test|demo|all
  local item name pkg who rest out=()
  for item in "${ITEMS[@]}"; do
    IFS='|' read -r name pkg who rest <<<"$item"
    if [ "$1" = all ] || [[ " $who " == *" $1 "* ]]; then out+=("$pkg"); fi
  done
  echo "${out[*]}"
}

case "${1:-}" in
  line)
    echo "sudo apt-get install -y --no-install-recommends $(packages all)"
    ;;
  check)
    what=${2:?usage: $0 check test|demo}
    required=0
    while IFS='|' read -r level name pkg without; do
      [ -z "$level" ] && continue
      if [ "$level" = required ]; then
        required=1
        echo "ckan-migrate: missing $name: $without. Install it with: sudo apt-get install -y $pkg" >&2
      else
        echo "ckan-migrate: recommended $name is missing: $without. Install it with: sudo apt-get install -y $pkg" >&2
      fi
    done < <(missing "$what")
    if [ "$required" = 1 ]; then
      echo "ckan-migrate: everything at once: $($0 line)" >&2
      exit 3
    fi
    ;;
  install)
    what=${2:?usage: $0 install test|demo}
    pkgs=()
    while IFS='|' read -r level name pkg without; do
      [ -n "$pkg" ] && pkgs+=("$pkg")
    done < <(missing "$what")
    if [ "${#pkgs[@]}" -gt 0 ]; then
      echo "Installing ${pkgs[*]}" >&2
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null
    fi
    "$0" check "$what"
    ;;
  *)
    sed -n '2,10p' "$0" >&2
    exit 2
    ;;
esac
