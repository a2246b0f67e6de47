#!/bin/bash
# Starts sshd beside PostgreSQL. Host keys are made on first start (not baked into the image), and
# the postgres OS user accepts the public key in /run/ckan-migrate/secrets/sample-source.pub.
set -euo pipefail
ssh-keygen -A >/dev/null
pubkey=/run/ckan-migrate/secrets/sample-source.pub
if [[ -f $pubkey && -r $pubkey ]]; then
  home=$(getent passwd postgres | cut -d: -f6)
  install -d -m 0700 -o postgres -g postgres "$home/.ssh"
  install -m 0600 -o postgres -g postgres "$pubkey" "$home/.ssh/authorized_keys"
else
  echo "sample-source: no $pubkey; SSH logins are impossible until it exists (see README)" >&2
fi
/usr/sbin/sshd -e
exec docker-entrypoint.sh "$@"
