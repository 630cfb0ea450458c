#!/usr/bin/env bash
# Prints the bin directory of a PostgreSQL 17 client (pg_dump, pg_restore, psql), installing one when missing.
#
# Why this exists: the local stack's PostgreSQL 17 (the zonky binaries) ships the server only, Debian 12 packages
# client 15, and pg_dump refuses a server newer than itself. So, in order:
#   1. $VOLVOX_PG_CLIENT_BIN, when set;
#   2. /usr/lib/postgresql/17/bin (Debian 13's postgresql-client-17; installed with apt-get when the machine's own
#      package lists have it and we are root);
#   3. .volvox/postgresql-17-client/: Debian 13's postgresql-client-17 and the libraries it links, fetched with
#      apt-get through a private package list (the machine's apt configuration is not touched) and unpacked. Debian
#      13's binaries need glibc 2.38 and Debian 12 has 2.36, so bin/pg_dump etc. are small wrappers that start the
#      real binaries through the unpacked glibc's own loader and libraries.
# Used by ./volvox test and by BackupRestoreTest (db-migrations), which reads the bin directory from the last line.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TARGET="$ROOT/.volvox/postgresql-17-client"
TOOLS=(pg_dump pg_restore psql)

is_client_17() { [[ -x "$1/pg_dump" ]] && "$1/pg_dump" --version 2>/dev/null | grep -q ' 17\.'; }

if [[ -n "${VOLVOX_PG_CLIENT_BIN:-}" ]]; then
  is_client_17 "$VOLVOX_PG_CLIENT_BIN" || { echo "VOLVOX_PG_CLIENT_BIN=$VOLVOX_PG_CLIENT_BIN has no pg_dump 17" >&2; exit 1; }
  echo "$VOLVOX_PG_CLIENT_BIN"; exit 0
fi
if is_client_17 /usr/lib/postgresql/17/bin; then echo /usr/lib/postgresql/17/bin; exit 0; fi
if is_client_17 "$TARGET/bin"; then echo "$TARGET/bin"; exit 0; fi

if [[ "$(id -u)" != 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
  echo "No PostgreSQL 17 client. Install postgresql-client-17 (Debian 13, or PostgreSQL's own apt repository)," >&2
  echo "or run this script as root on Debian to unpack one into $TARGET, or set VOLVOX_PG_CLIENT_BIN." >&2
  exit 1
fi
if apt-cache policy postgresql-client-17 2>/dev/null | grep -q 'Candidate: [0-9]'; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql-client-17 >&2
  is_client_17 /usr/lib/postgresql/17/bin && { echo /usr/lib/postgresql/17/bin; exit 0; }
fi
[[ "$(dpkg --print-architecture)" == amd64 ]] || { echo "The unpacked client is for amd64 only; install postgresql-client-17." >&2; exit 1; }

echo "Unpacking Debian 13's postgresql-client-17 into $TARGET ..." >&2
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/lists/partial" "$WORK/cache/archives/partial" "$WORK/debs"
echo "deb http://deb.debian.org/debian trixie main" > "$WORK/sources.list"
APT=(-o "Dir::Etc::SourceList=$WORK/sources.list" -o Dir::Etc::SourceParts=/dev/null
     -o "Dir::State::Lists=$WORK/lists" -o "Dir::Cache=$WORK/cache" -o Dir::State::status=/dev/null
     -o APT::Sandbox::User=root -q)
apt-get "${APT[@]}" update >&2
# the client and every library it needs, recursively; not perl and the wrapper scripts (the real binaries are used)
mapfile -t PACKAGES < <(apt-cache "${APT[@]}" depends --recurse --no-recommends --no-suggests --no-conflicts \
    --no-breaks --no-replaces --no-enhances postgresql-client-17 | grep -v '^ ' | grep -v '[<>]' \
    | grep -E '^(postgresql-client-17|lib|gcc-[0-9]+-base)' | grep -v -E '^libperl|^libgdbm|^libdb5' | sort -u)
(cd "$WORK/debs" && apt-get "${APT[@]}" download "${PACKAGES[@]}" >&2)
rm -rf "$TARGET.new" && mkdir -p "$TARGET.new/root" "$TARGET.new/bin"
for deb in "$WORK"/debs/*.deb; do dpkg-deb -x "$deb" "$TARGET.new/root"; done
for tool in "${TOOLS[@]}"; do
  cat > "$TARGET.new/bin/$tool" <<WRAPPER
#!/bin/sh
# Debian 13's $tool, started through the glibc it was built for (see deploy/local/postgres-client-17.sh).
root="\$(dirname "\$(readlink -f "\$0")")/../root"
exec "\$root/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" \\
  --library-path "\$root/usr/lib/x86_64-linux-gnu:\$root/lib/x86_64-linux-gnu" \\
  "\$root/usr/lib/postgresql/17/bin/$tool" "\$@"
WRAPPER
  chmod +x "$TARGET.new/bin/$tool"
done
rm -rf "$TARGET" && mv "$TARGET.new" "$TARGET"
is_client_17 "$TARGET/bin" || { echo "The unpacked pg_dump does not run" >&2; exit 1; }
echo "$TARGET/bin"
