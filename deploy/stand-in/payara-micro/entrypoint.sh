#!/bin/sh
# The stand-in's entrypoint: starts Payara Micro with the official image's JVM options and the
# container's arguments. tini (PID 1) forwards SIGTERM to java, which shuts Payara down cleanly.
set -e
exec java -XX:MaxRAMPercentage="$MEM_MAX_RAM_PERCENTAGE" -Xss"$MEM_XSS" -XX:+UseContainerSupport $JVM_ARGS \
  -jar /opt/payara/payara-micro.jar "$@"
