#!/usr/bin/env bash
# Builds localhost/docproof-local/pgadmin4:<pinned version>, a local stand-in for the official dpage/pgadmin4 image
# (src/versions.ts PINNED.images.pgadmin) on a machine without a container registry, the way ../shared/containers
# builds its images: debootstrap bookworm minbase + python3-venv, a venv with pgadmin4==<version> and gunicorn from
# PyPI (pip's configuration of this machine: /etc/pip.conf, PIP_* variables, its CA bundle), an entrypoint written
# from the official image's documented behaviour (pgadmin-entrypoint.sh, pgadmin-config-distro.sh), `podman import`.
# Idempotent: nothing is done when the image exists (--rebuild rebuilds it; the rootfs is kept, so a rebuild skips
# debootstrap and pip). Usage: tests/support/images/pgadmin-image.sh [--rebuild]
#
# How it differs from dpage/pgadmin4 (the official image):
# - Debian bookworm (glibc, Python 3.11) instead of Alpine; the venv at /venv, /pgadmin4 a link to its pgadmin4
#   package; no PostgreSQL client binaries (pg_dump, psql), no postfix, no TLS (PGADMIN_ENABLE_TLS is ignored), no
#   servers.json preloading, no PGADMIN_CONFIG_* validation of the email; runs as root instead of uid 5050.
# - The same: PGADMIN_DEFAULT_EMAIL / PGADMIN_DEFAULT_PASSWORD make the first user on the first start (no database
#   in /var/lib/pgadmin yet); every PGADMIN_CONFIG_<KEY>=<python literal> becomes `<KEY> = <value>` in
#   config_distro.py on a container's first start; server mode; data in /var/lib/pgadmin (a VOLUME);
#   gunicorn, one worker, on PGADMIN_LISTEN_PORT (default 80); pgAdmin logs to the console (LOG_FILE /dev/null).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
VERSION=$(sed -n -E "/pgadmin: \{/,/\}/ s/^ *version: '([^']+)'.*/\1/p" "$HERE/../../../src/versions.ts")
GUNICORN=23.0.0
IMAGE=localhost/docproof-local/pgadmin4:$VERSION
WORK=${DOCPROOF_CONTAINERS_WORK:-/var/cache/docproof-containers}/images/pgadmin
R=$WORK/rootfs
say() { echo "pgadmin-image: $*"; }
die() { echo "pgadmin-image: ERROR: $*" >&2; exit 1; }

[ -n "$VERSION" ] || die "cannot read PINNED.pgadmin.version from src/versions.ts"
command -v podman >/dev/null || die "podman is not installed (run ../shared/containers/setup)"
if [ "${1:-}" != --rebuild ] && podman image exists "$IMAGE"; then say "present: $IMAGE"; exit 0; fi
command -v debootstrap >/dev/null || die "debootstrap is not installed (apt-get install debootstrap)"
[ "$(id -u)" = 0 ] || die "debootstrap and chroot need root"
# The Debian mirror of this machine, as ../shared/containers reads it from /etc/apt (never hard-coded).
mirror() { bash -c '. "$1/lib/common.sh" && debian_mirror' _ "$HERE/../../../../shared/containers"; }

started=$(date +%s)
mkdir -p "$WORK"
if [ ! -x "$R/venv/bin/gunicorn" ] || [ "$(cat "$R/venv/.pgadmin-version" 2>/dev/null)" != "$VERSION" ]; then
  m=$(mirror) || die "no Debian mirror found in /etc/apt (set DOCPROOF_DEBIAN_MIRROR)"
  if [ ! -x "$R/usr/bin/python3" ]; then
    umount "$R/proc" 2>/dev/null || true; rm -rf --one-file-system "$R"
    say "debootstrap bookworm minbase from $m"
    debootstrap --variant=minbase bookworm "$R" "$m" >"$WORK/debootstrap.log" 2>&1 || die "debootstrap failed (see $WORK/debootstrap.log)"
    cp /etc/resolv.conf "$R/etc/resolv.conf"
    say "apt-get install python3-venv"
    chroot "$R" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
      apt-get install -y -q --no-install-recommends python3-venv ca-certificates >"$WORK/apt.log" 2>&1 || die "apt-get failed (see $WORK/apt.log)"
    chroot "$R" apt-get clean
    rm -rf "$R/var/lib/apt/lists/"* "$R/usr/share/doc" "$R/usr/share/man"
  fi
  # pip inside the chroot with this machine's pip configuration: its CA bundle (which may hold a proxy's CA) and
  # config file for the install only; PIP_* and proxy variables pass through.
  cp /etc/resolv.conf "$R/etc/resolv.conf"
  cp /etc/ssl/certs/ca-certificates.crt "$R/tmp/pip-ca.crt"
  [ -f /etc/pip.conf ] && sed 's#^cert *=.*#cert = /tmp/pip-ca.crt#' /etc/pip.conf >"$R/etc/pip.conf"
  passthrough=()
  while IFS='=' read -r name _; do
    case $name in PIP_CERT|PIP_FIND_LINKS) ;; PIP_*|http_proxy|https_proxy|HTTP_PROXY|HTTPS_PROXY|no_proxy|NO_PROXY) passthrough+=("$name=${!name}") ;; esac
  done < <(env)
  say "pip install pgadmin4==$VERSION gunicorn==$GUNICORN into /venv"
  rm -rf "$R/venv"
  chroot "$R" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root "${passthrough[@]}" PIP_CERT=/tmp/pip-ca.crt \
    sh -c "python3 -m venv /venv && /venv/bin/pip install -q --no-cache-dir pgadmin4==$VERSION gunicorn==$GUNICORN" \
    >"$WORK/pip.log" 2>&1 || { rm -f "$R/etc/pip.conf" "$R/tmp/pip-ca.crt"; die "pip install failed (see $WORK/pip.log)"; }
  rm -f "$R/etc/pip.conf" "$R/tmp/pip-ca.crt"; : >"$R/etc/resolv.conf"
  echo "$VERSION" >"$R/venv/.pgadmin-version"
fi

pkg=$(chroot "$R" /venv/bin/python3 -c 'import pgadmin4; print(list(pgadmin4.__path__)[0])')
ln -sfn "$pkg" "$R/pgadmin4"
# dpage/pgadmin4's run_pgadmin.py: server mode, then the Flask app for gunicorn.
printf 'import builtins\nbuiltins.SERVER_MODE = True\n\nfrom pgAdmin4 import app\n' >"$R$pkg/run_pgadmin.py"
rm -f "$R$pkg/config_distro.py"
install -m 755 "$HERE/pgadmin-entrypoint.sh" "$R/entrypoint.sh"
install -m 755 "$HERE/pgadmin-config-distro.sh" "$R/usr/local/bin/pgadmin-config-distro"
mkdir -p "$R/var/lib/pgadmin"

say "podman import $IMAGE"
tar --numeric-owner --one-file-system -C "$R" --exclude='./proc/*' --exclude='./tmp/*' -cf "$WORK/pgadmin.tar" .
podman rmi -f "$IMAGE" >/dev/null 2>&1 || true
podman import \
  --change 'ENTRYPOINT ["/entrypoint.sh"]' --change 'CMD []' \
  --change 'ENV PATH=/venv/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV PYTHONDONTWRITEBYTECODE=1' --change 'ENV LANG=C.UTF-8' \
  --change 'WORKDIR /pgadmin4' --change 'VOLUME /var/lib/pgadmin' --change 'EXPOSE 80' \
  --change "LABEL org.opencontainers.image.version=$VERSION" \
  "$WORK/pgadmin.tar" "$IMAGE" >"$WORK/import.log" 2>&1 || die "podman import failed (see $WORK/import.log)"
rm -f "$WORK/pgadmin.tar"
say "built $IMAGE ($(podman image inspect "$IMAGE" --format '{{.Size}}' | awk '{printf "%.0f MB", $1/1e6}')) in $(( $(date +%s) - started )) s"
