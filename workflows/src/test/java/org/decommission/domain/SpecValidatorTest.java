package org.decommission.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.decommission.domain.DeploymentSpec.HealthCheckSpec;
import org.decommission.domain.DeploymentSpec.HealthCheckType;
import org.decommission.domain.DeploymentSpec.PortSpec;
import org.decommission.domain.DeploymentSpec.RouteSpec;
import org.decommission.domain.DeploymentSpec.VolumeScope;
import org.decommission.domain.DeploymentSpec.VolumeSpec;
import org.decommission.domain.SpecValidator.FieldError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Covers every rule of {@link SpecValidator} and the field name each error reports. */
class SpecValidatorTest {

  /** A mutable copy of a valid full spec; each test breaks one thing. */
  private static final class Spec {
    String name = "web";
    String image = "nginx:1.27";
    Integer replicas = 2;
    List<String> command = List.of();
    Map<String, String> env = Map.of("GREETING", "hello");
    String network = null;
    List<PortSpec> ports = new ArrayList<>(List.of(new PortSpec("http", 8080)));
    List<VolumeSpec> volumes =
        new ArrayList<>(
            List.of(
                new VolumeSpec("data", "/data", VolumeScope.DEPLOYMENT),
                new VolumeSpec("cache", "/cache", VolumeScope.SHARED)));
    HealthCheckSpec healthCheck = new HealthCheckSpec(HealthCheckType.HTTP, "http", "/", null);
    RouteSpec route = new RouteSpec("web.example.test", "http");
    String host = null;
    Resources resources = new Resources(0.5, 256, 256, 10);

    DeploymentSpec build() {
      return new DeploymentSpec(
          name, image, replicas, command, env, network, ports, volumes, healthCheck, route, host, null, resources);
    }
  }

  private static List<FieldError> validate(Spec spec) {
    return SpecValidator.validate(spec.build());
  }

  private static List<String> fields(Spec spec) {
    return validate(spec).stream().map(FieldError::field).toList();
  }

  @Test
  void validFullSpecHasNoErrors() {
    assertThat(validate(new Spec())).isEmpty();
  }

  @Test
  void nullElementsAreNamedNotThrown() {
    var spec = new Spec();
    spec.ports.add(null);
    spec.volumes.add(null);
    spec.command = new ArrayList<>(java.util.Arrays.asList("httpd", null));
    var env = new java.util.HashMap<String, String>();
    env.put("EMPTY", null);
    spec.env = env;
    assertThat(fields(spec)).contains("ports[1]", "volumes[2]", "command", "env.EMPTY");
  }

  @Test
  void minimalSpecIsValid() {
    var spec = new DeploymentSpec("web", "nginx", null, null, null, null, null, null, null, null, null);
    assertThat(SpecValidator.validate(spec)).isEmpty();
  }

  @Test
  void hostNetworkIsAccepted() {
    var spec = new Spec();
    spec.network = "host";
    assertThat(validate(spec)).isEmpty();
  }

  @Test
  void nullSpecIsOneErrorWithEmptyField() {
    assertThat(SpecValidator.validate(null)).extracting(FieldError::field).containsExactly("");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Web", "-web", "web-", "../x", "a.b", "web_1", ""})
  void badNameIsReported(String name) {
    var spec = new Spec();
    spec.name = name;
    assertThat(fields(spec)).containsExactly("name");
  }

  @Test
  void nullNameIsReported() {
    var spec = new Spec();
    spec.name = null;
    assertThat(fields(spec)).containsExactly("name");
  }

  @Test
  void nameOfFortyCharactersIsAcceptedButFortyOneIsNot() {
    var spec = new Spec();
    spec.name = "a".repeat(40);
    assertThat(validate(spec)).isEmpty();
    spec.name = "a".repeat(41);
    assertThat(fields(spec)).containsExactly("name");
  }

  @ParameterizedTest
  @ValueSource(strings = {"UPPER:1", "a b", "", "nginx:", ":1.27", "nginx@sha256:abc"})
  void badImageIsReported(String image) {
    var spec = new Spec();
    spec.image = image;
    assertThat(fields(spec)).containsExactly("image");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "nginx",
        "nginx:1.27",
        "library/nginx:latest",
        "registry.example.test:5000/team/app:v1.2.3",
        "ghcr.io/org/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
      })
  void goodImageIsAccepted(String image) {
    var spec = new Spec();
    spec.image = image;
    assertThat(validate(spec)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 101})
  void replicasOutOfRangeAreReported(int replicas) {
    var spec = new Spec();
    spec.replicas = replicas;
    assertThat(fields(spec)).containsExactly("replicas");
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 100})
  void replicasAtTheBoundsAreAccepted(int replicas) {
    var spec = new Spec();
    spec.replicas = replicas;
    assertThat(validate(spec)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 65536})
  void containerPortOutOfRangeIsReported(int port) {
    var spec = new Spec();
    spec.ports.set(0, new PortSpec("http", port));
    assertThat(fields(spec)).containsExactly("ports[0].containerPort");
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 65535})
  void containerPortAtTheBoundsIsAccepted(int port) {
    var spec = new Spec();
    spec.ports.set(0, new PortSpec("http", port));
    assertThat(validate(spec)).isEmpty();
  }

  @Test
  void missingContainerPortIsReported() {
    var spec = new Spec();
    spec.ports.set(0, new PortSpec("http", null));
    assertThat(fields(spec)).containsExactly("ports[0].containerPort");
  }

  @Test
  void duplicatePortNameIsReportedOnTheSecond() {
    var spec = new Spec();
    spec.ports.add(new PortSpec("http", 9090));
    assertThat(validate(spec))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.field()).isEqualTo("ports[1].name");
              assertThat(e.message()).contains("twice");
            });
  }

  @Test
  void badPortNameIsReported() {
    var spec = new Spec();
    spec.ports.add(new PortSpec("Admin", 9090));
    assertThat(fields(spec)).containsExactly("ports[1].name");
  }

  @Test
  void relativeMountPathIsReported() {
    var spec = new Spec();
    spec.volumes.set(0, new VolumeSpec("data", "data", VolumeScope.DEPLOYMENT));
    assertThat(fields(spec)).containsExactly("volumes[0].mountPath");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/data/../etc", "/..", "/cache/..", "/./x"})
  void mountPathWithDotSegmentsIsReported(String path) {
    var spec = new Spec();
    spec.volumes.set(1, new VolumeSpec("cache", path, VolumeScope.SHARED));
    assertThat(fields(spec)).containsExactly("volumes[1].mountPath");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/", "", "/a:b", "/a\\b"})
  void rootEmptyOrOddCharacterMountPathIsReported(String path) {
    var spec = new Spec();
    spec.volumes.set(1, new VolumeSpec("cache", path, VolumeScope.SHARED));
    assertThat(fields(spec)).containsExactly("volumes[1].mountPath");
  }

  @Test
  void nullMountPathIsReported() {
    var spec = new Spec();
    spec.volumes.set(0, new VolumeSpec("data", null, null));
    assertThat(fields(spec)).containsExactly("volumes[0].mountPath");
  }

  @Test
  void duplicateMountPathIsReportedOnTheSecond() {
    var spec = new Spec();
    spec.volumes.set(1, new VolumeSpec("cache", "/data", VolumeScope.SHARED));
    assertThat(validate(spec))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.field()).isEqualTo("volumes[1].mountPath");
              assertThat(e.message()).contains("twice");
            });
  }

  @Test
  void duplicateVolumeNameIsReportedOnTheSecond() {
    var spec = new Spec();
    spec.volumes.set(1, new VolumeSpec("data", "/cache", VolumeScope.SHARED));
    assertThat(fields(spec)).containsExactly("volumes[1].name");
  }

  @Test
  void healthCheckNamingAnUnknownPortIsReported() {
    var spec = new Spec();
    spec.healthCheck = new HealthCheckSpec(HealthCheckType.HTTP, "admin", "/", null);
    assertThat(fields(spec)).containsExactly("healthCheck.port");
  }

  @Test
  void tcpHealthCheckWithoutPortIsReported() {
    var spec = new Spec();
    spec.healthCheck = new HealthCheckSpec(HealthCheckType.TCP, null, null, null);
    assertThat(fields(spec)).containsExactly("healthCheck.port");
  }

  @Test
  void noneHealthCheckNeedsNoPort() {
    var spec = new Spec();
    spec.healthCheck = new HealthCheckSpec(HealthCheckType.NONE, null, null, null);
    assertThat(validate(spec)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/a/../b", "/..", "health", "/a b"})
  void badHealthPathIsReported(String path) {
    var spec = new Spec();
    spec.healthCheck = new HealthCheckSpec(HealthCheckType.HTTP, "http", path, null);
    assertThat(fields(spec)).containsExactly("healthCheck.path");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 601})
  void healthTimeoutOutOfRangeIsReported(int timeout) {
    var spec = new Spec();
    spec.healthCheck = new HealthCheckSpec(HealthCheckType.HTTP, "http", "/", timeout);
    assertThat(fields(spec)).containsExactly("healthCheck.timeoutSeconds");
  }

  @Test
  void routeNamingAnUnknownPortIsReported() {
    var spec = new Spec();
    spec.route = new RouteSpec("web.example.test", "admin");
    assertThat(fields(spec)).containsExactly("route.port");
  }

  @ParameterizedTest
  @ValueSource(strings = {"-web.example.test", "web..example.test", "web example.test", ""})
  void badRouteHostIsReported(String host) {
    var spec = new Spec();
    spec.route = new RouteSpec(host, "http");
    assertThat(fields(spec)).containsExactly("route.host");
  }

  @ParameterizedTest
  @ValueSource(strings = {"bridge", "none", "Host", ""})
  void networkOtherThanHostIsReported(String network) {
    var spec = new Spec();
    spec.network = network;
    assertThat(fields(spec)).containsExactly("network");
  }

  static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> badResources() {
    return java.util.stream.Stream.of(
        org.junit.jupiter.params.provider.Arguments.of(new Resources(-0.5, null, null, null), "resources.cpu"),
        org.junit.jupiter.params.provider.Arguments.of(new Resources(0.0, null, null, null), "resources.cpu"),
        org.junit.jupiter.params.provider.Arguments.of(new Resources(Double.NaN, null, null, null), "resources.cpu"),
        org.junit.jupiter.params.provider.Arguments.of(new Resources(null, 0, null, null), "resources.memory"),
        org.junit.jupiter.params.provider.Arguments.of(new Resources(null, 5, null, null), "resources.memory"),
        org.junit.jupiter.params.provider.Arguments.of(new Resources(null, null, 2_000_000_000, null), "resources.pids"),
        org.junit.jupiter.params.provider.Arguments.of(new Resources(null, null, 0, null), "resources.pids"),
        org.junit.jupiter.params.provider.Arguments.of(new Resources(null, null, null, -1), "resources.storage"));
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.MethodSource("badResources")
  void resourcesNoHostCouldGiveAreReported(Resources resources, String field) {
    var spec = new Spec();
    spec.resources = resources;
    assertThat(fields(spec)).containsExactly(field);
  }

  @Test
  void resourcesMayBeLeftOutOrGivenInPart() {
    var spec = new Spec();
    spec.resources = null;
    assertThat(validate(spec)).isEmpty();
    spec.resources = new Resources(0.01, 6, 16, 0);
    assertThat(validate(spec)).as("the smallest").isEmpty();
    spec.resources = new Resources(null, 64, null, null);
    assertThat(validate(spec)).isEmpty();
  }

  @Test
  void badDockerHostIdIsReported() {
    var spec = new Spec();
    spec.host = "Local";
    assertThat(fields(spec)).containsExactly("host");
  }

  @Test
  void envKeyStartingWithADigitIsReportedUnderItsKey() {
    var spec = new Spec();
    spec.env = Map.of("1BAD", "x", "GOOD_1", "y");
    assertThat(fields(spec)).containsExactly("env.1BAD");
  }

  @Test
  void tooManyCommandArgumentsAreReported() {
    var spec = new Spec();
    spec.command = Collections.nCopies(65, "x");
    assertThat(fields(spec)).containsExactly("command");
  }

  @Test
  void everyBrokenFieldIsReported() {
    var spec = new Spec();
    spec.name = "Bad";
    spec.replicas = 0;
    spec.network = "bridge";
    spec.route = new RouteSpec("web.example.test", "nope");
    assertThat(fields(spec)).containsExactlyInAnyOrder("name", "replicas", "network", "route.port");
  }
}
