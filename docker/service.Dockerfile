# One image recipe for the four phase services. Build context: the repository root, after
# `./mvnw -DskipTests package` has produced <service>/target/<service>-<version>.jar.
#   docker build -f docker/service.Dockerfile --build-arg SERVICE=dump-service .
FROM eclipse-temurin:17-jre

ARG SERVICE
ARG VERSION=0.1.0-SNAPSHOT

# A fixed, unprivileged uid: bind-mounted artifact directories can be chowned to it on the host.
# The data directories exist in the image so that new named volumes mounted there inherit its owner.
RUN groupadd --system --gid 10001 ckan-migrate \
    && useradd --system --uid 10001 --gid ckan-migrate --home-dir /var/lib/ckan-migrate \
       --shell /usr/sbin/nologin ckan-migrate \
    && mkdir -p /var/lib/ckan-migrate/artifacts /var/lib/ckan-migrate/spool \
    && chown -R ckan-migrate:ckan-migrate /var/lib/ckan-migrate

COPY docker/service-healthcheck.sh /opt/ckan-migrate/healthcheck
COPY ${SERVICE}/target/${SERVICE}-${VERSION}.jar /opt/ckan-migrate/app.jar
RUN chmod 0755 /opt/ckan-migrate/healthcheck

USER 10001:10001
WORKDIR /var/lib/ckan-migrate

# Every service listens on 8080 inside its container (application.yml reads PORT); the JVM sizes
# its heap from the container's memory limit.
ENV PORT=8080 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
EXPOSE 8080

HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
    CMD ["/opt/ckan-migrate/healthcheck"]

ENTRYPOINT ["java", "-jar", "/opt/ckan-migrate/app.jar"]
