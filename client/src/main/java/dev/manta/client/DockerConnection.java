package dev.manta.client;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.net.URI;
import java.time.Duration;

/**
 * Opens the Docker client: the engine from {@code DOCKER_HOST}, {@code DOCKER_TLS_VERIFY} and
 * {@code DOCKER_CERT_PATH} as docker's own client reads them (docker-java's default config), or
 * the host given; API version 1.41, which Docker 20.10 and later speak.
 */
final class DockerConnection {
  static final String API_VERSION = "1.41";

  private DockerConnection() {}

  static DockerClient open(String dockerHost) {
    DefaultDockerClientConfig.Builder config = DefaultDockerClientConfig.createDefaultConfigBuilder()
        .withApiVersion(API_VERSION);
    if (dockerHost != null) {
      config.withDockerHost(dockerHost);
    }
    DockerClientConfig c = config.build();
    ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
        .dockerHost(c.getDockerHost())
        .sslConfig(c.getSSLConfig())
        .connectionTimeout(Duration.ofSeconds(10))
        .responseTimeout(Duration.ofSeconds(60))
        .build();
    return DockerClientImpl.getInstance(c, http);
  }

  /** The host the engine's address names ({@code localhost} for a unix socket). */
  static String engineHost(DockerClient docker, String dockerHost) {
    String address = dockerHost;
    if (address == null) {
      address = DefaultDockerClientConfig.createDefaultConfigBuilder().build().getDockerHost().toString();
    }
    URI uri = URI.create(address);
    if (uri.getScheme() != null && (uri.getScheme().equals("tcp") || uri.getScheme().startsWith("http"))
        && uri.getHost() != null) {
      return uri.getHost();
    }
    return "localhost";
  }
}
