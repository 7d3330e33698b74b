# Release Desk container image: built from source with the Maven Wrapper, run on a JRE as a non-root user.
#   docker build -t release-desk .
# docker-compose.yml runs it with PostgreSQL (profile "postgres"); see that file for the environment it needs.

# ---- build --------------------------------------------------------------------------------------------------------
FROM eclipse-temurin:17-jdk AS build
WORKDIR /workspace

# The wrapper and the POM first: the dependency layer below is reused until one of them changes.
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
RUN chmod +x mvnw && ./mvnw -B -q dependency:go-offline

# The sources, and the models, forms and service catalog the build puts on the classpath (see <resources> in pom.xml).
COPY src/ src/
COPY processes/ processes/
COPY forms/ forms/
COPY config/ config/
RUN ./mvnw -B -q package -DskipTests \
    && cp target/release-desk-*.jar /workspace/app.jar

# ---- run ----------------------------------------------------------------------------------------------------------
FROM eclipse-temurin:17-jre

# An unprivileged user that owns the working directory (the default H2 database would go to ./data).
RUN groupadd --system releasedesk \
    && useradd --system --gid releasedesk --home-dir /app --shell /usr/sbin/nologin releasedesk \
    && mkdir -p /app/data \
    && chown -R releasedesk:releasedesk /app
WORKDIR /app

COPY --from=build /workspace/app.jar /app/app.jar

USER releasedesk
# server.port defaults to 8080 (${PORT:8080} in application.yaml)
EXPOSE 8080
# JVM options: set JAVA_TOOL_OPTIONS (e.g. -XX:MaxRAMPercentage=75), the JVM reads it by itself.
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
