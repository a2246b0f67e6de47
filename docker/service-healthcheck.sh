#!/bin/bash
# HEALTHCHECK of a ckan-migrate service: GET /actuator/health must answer 200 (UP); DOWN answers
# 503. Plain bash (/dev/tcp) because the JRE base image does not promise curl or wget.
set -euo pipefail
exec 3<>"/dev/tcp/127.0.0.1/${PORT:-8080}"
printf 'GET /actuator/health HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
IFS= read -r -t 5 status_line <&3
[[ $status_line == "HTTP/1."[01]" 200 "* ]]
