#!/bin/sh
# The local pgAdmin image's entrypoint, written from dpage/pgadmin4's documented behaviour (its container docs and
# pkg/docker/entrypoint.sh), not copied: config_distro.py from the PGADMIN_CONFIG_* variables on a container's first
# start; the first user from PGADMIN_DEFAULT_EMAIL / PGADMIN_DEFAULT_PASSWORD when /var/lib/pgadmin holds no
# database yet; gunicorn with one worker (pgAdmin's sessions need it) on 0.0.0.0:${PGADMIN_LISTEN_PORT:-80}.
set -e
cd /pgadmin4
if [ ! -s config_distro.py ]; then
  /usr/local/bin/pgadmin-config-distro >config_distro.py
fi
if [ ! -f /var/lib/pgadmin/pgadmin4.db ]; then
  if [ -z "${PGADMIN_DEFAULT_EMAIL}" ] || [ -z "${PGADMIN_DEFAULT_PASSWORD}" ]; then
    echo 'You need to define the PGADMIN_DEFAULT_EMAIL and PGADMIN_DEFAULT_PASSWORD environment variables.'
    exit 1
  fi
  # pgAdmin's own setup reads these on its first start (importing the app creates the database and the user).
  export PGADMIN_SETUP_EMAIL="${PGADMIN_DEFAULT_EMAIL}"
  export PGADMIN_SETUP_PASSWORD="${PGADMIN_DEFAULT_PASSWORD}"
  /venv/bin/python3 run_pgadmin.py
  unset PGADMIN_SETUP_EMAIL PGADMIN_SETUP_PASSWORD
fi
exec /venv/bin/gunicorn --bind "0.0.0.0:${PGADMIN_LISTEN_PORT:-80}" -w 1 --threads "${GUNICORN_THREADS:-25}" \
  --access-logfile - run_pgadmin:app
