#!/bin/sh
# Prints config_distro.py for the local pgAdmin image: the packager's defaults of this image, then one line
# `<KEY> = <value>` per PGADMIN_CONFIG_<KEY> variable of the environment, as dpage/pgadmin4's entrypoint.sh does
# (pgadmin-org/pgadmin4 pkg/docker/entrypoint.sh): the value is Python, written as given; like there, it passes
# through an unquoted `echo`, so runs of blanks and newlines become one space (a multi-line dict becomes one line).
cat <<'DEFAULTS'
SERVER_MODE = True
DATA_DIR = '/var/lib/pgadmin'
LOG_FILE = '/dev/null'
CA_FILE = '/etc/ssl/certs/ca-certificates.crt'
DEFAULTS
for var in $(env | grep '^PGADMIN_CONFIG_' | cut -d "=" -f 1); do
  # set -f: no pathname expansion of the value's words (the official loop would expand a `[x]` that matches a file)
  set -f
  echo "${var#PGADMIN_CONFIG_} = $(eval "echo \$$var")"
  set +f
done
