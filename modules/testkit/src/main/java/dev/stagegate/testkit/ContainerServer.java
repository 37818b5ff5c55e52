package dev.stagegate.testkit;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** Testcontainers path of {@link TestPostgres}; only reached when a Docker socket exists. */
final class ContainerServer {

    private ContainerServer() {
    }

    /** Starts a container, or returns null when the Docker engine does not answer. */
    static TestServer tryStart(String image) {
        try {
            if (!DockerClientFactory.instance().isDockerAvailable()) {
                return null;
            }
            PostgreSQLContainer container = new PostgreSQLContainer(image);
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "stagegate-testcontainer-stop"));
            String major = image.substring(image.indexOf(':') + 1).split("[.-]")[0];
            return new TestServer("testcontainers", container.getHost(), container.getMappedPort(5432),
                    container.getUsername(), container.getPassword(), container.getDatabaseName(),
                    Integer.parseInt(major));
        } catch (RuntimeException | LinkageError e) {
            // A socket file without a live engine behind it: fall back to embedded.
            return null;
        }
    }
}
