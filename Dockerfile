# The casguard image: the WAR and server-config/ on the official Payara Micro image, at the
# Payara version pom.xml pins. scripts/build-image.sh builds it (it builds the WAR first):
#
#   scripts/build-image.sh                       # -> casguard:<version from pom.xml>
#   docker build -t casguard .                   # the same by hand, after mvn package
#
# PAYARA_MICRO_IMAGE names the base, so a build can use a stand-in where Docker Hub cannot be
# reached (deploy/stand-in/, bin/compose-test). The base provides, as the official image does:
# user payara (uid 1000), /opt/payara with payara-micro.jar, tini running
# /opt/payara/entrypoint.sh (java -jar payara-micro.jar "$@" with JVM_ARGS and the memory
# variables), and busybox wget (Alpine).
ARG PAYARA_MICRO_IMAGE=payara/micro:6.2025.10-jdk17
FROM ${PAYARA_MICRO_IMAGE}

# Owned by root, readable by all: the server cannot change its own application or configuration.
COPY server-config/http-after-deploy.preboot.asadmin server-config/http-after-deploy.postdeploy.asadmin \
     server-config/logging.properties /opt/payara/config/
COPY target/casguard.war /opt/payara/deployments/casguard.war

USER payara
WORKDIR /opt/payara

# The official entrypoint (tini, /opt/payara/entrypoint.sh: java ... -jar payara-micro.jar "$@")
# with the options every casguard container needs. A command line given to the container
# (compose's "command:", Kubernetes' "args:") replaces this one as a whole, so it restates these
# options and adds the cluster's (docker-compose.yml, deploy/kubernetes/base/deployment.yaml).
# - deployed once, by --deploy (the official default, --deploymentDir, would deploy the
#   directory's content as well);
# - HTTP port opens only after the WAR is deployed (the two asadmin files);
# - one JSON object per log line on standard output (logging.properties);
# - alone, an instance joins no data grid.
CMD ["--deploy", "/opt/payara/deployments/casguard.war", "--contextroot", "/", "--port", "8080", \
     "--prebootcommandfile", "/opt/payara/config/http-after-deploy.preboot.asadmin", \
     "--postdeploycommandfile", "/opt/payara/config/http-after-deploy.postdeploy.asadmin", \
     "--logproperties", "/opt/payara/config/logging.properties", \
     "--nocluster"]

EXPOSE 8080 6900

# Ready only while the database answers (the contract's /health/ready). busybox wget: no -T
# (Debian's busybox 1.35 crashes on it), the check's timeout bounds it instead.
HEALTHCHECK --interval=10s --timeout=5s --start-period=180s --retries=3 \
  CMD wget -q -O /dev/null http://127.0.0.1:8080/health/ready || exit 1
