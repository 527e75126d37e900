package dev.manta.client;

import dev.manta.manifest.Manifest;
import dev.manta.manifest.ManifestCodec;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

/** Small manifests for the client's tests, written as the processor would. */
final class TestManifests {
  private TestManifests() {}

  static String module(String name, String datasets, boolean gpu) {
    return """
        {"name": "%s", "entryClass": "com.example.%s",
         "image": "eclipse-temurin:17-jre", "datasets": [%s], "resources": {"cpu": 0.5, "memory": "256Mi"},
         "gpu": %s}""".formatted(name, cap(name), datasets, gpu);
  }

  static String task(String alias, String module, String specified, String excepted, String network, boolean gpu) {
    return """
        {"alias": "%s", "module": "%s", "method": "ALL", "maximum": null, "fraction": null, "fixed": false,
         "specifiedIds": [%s], "exceptedIds": [%s], "network": "%s", "gpu": %s, "upstream": [], "timeout": null}"""
        .formatted(alias, module, specified, excepted, network, gpu);
  }

  /** A manifest of one task per module, in the given order; networks as JSON entries. */
  static Manifest manifest(String swarm, String modules, String tasks, String networks, String order) {
    String json = """
        {"manifestVersion": 1, "swarm": "%s", "sourceClass": "", "maxIterations": 10,
         "modules": [%s], "tasks": [%s], "networks": [%s], "globals": {}, "computedGlobals": [],
         "sinks": [%s], "order": [%s]}""".formatted(swarm, modules, tasks, networks, order, order);
    return ManifestCodec.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), swarm + ".json");
  }

  /** One module {@code worker} with the given datasets, one task {@code work}. */
  static Manifest single(String swarm, String datasets) {
    return manifest(swarm, module("worker", datasets, false), task("work", "worker", "", "", "", false), "",
        "\"work\"");
  }

  private static String cap(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
