package org.decommission.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ImageRefTest {
  static final String DIGEST = "sha256:" + "a".repeat(64);

  @Test
  void aReferenceWithoutTagOrDigestMeansLatest() {
    assertThat(ImageRef.withDefaultTag("nginx")).isEqualTo("nginx:latest");
    assertThat(ImageRef.withDefaultTag("127.0.0.1:5000/team/app")).as("a port is not a tag").isEqualTo("127.0.0.1:5000/team/app:latest");
    assertThat(ImageRef.withDefaultTag("127.0.0.1:5000/team/app:v2")).isEqualTo("127.0.0.1:5000/team/app:v2");
    assertThat(ImageRef.withDefaultTag("app@" + DIGEST)).isEqualTo("app@" + DIGEST);
  }

  @Test
  void theRegistryIsTheFirstPartWhenItLooksLikeAHost() {
    assertThat(ImageRef.registry("nginx:1.27")).isEqualTo("docker.io");
    assertThat(ImageRef.registry("library/nginx")).isEqualTo("docker.io");
    assertThat(ImageRef.registry("127.0.0.1:5000/app:v1")).isEqualTo("127.0.0.1:5000");
    assertThat(ImageRef.registry("registry.example.com/team/app")).isEqualTo("registry.example.com");
    assertThat(ImageRef.registry("localhost/app")).isEqualTo("localhost");
  }

  @Test
  void repositoryAndTagSplitWhereDockerDoes() {
    assertThat(ImageRef.repository("127.0.0.1:5000/app:v1")).isEqualTo("127.0.0.1:5000/app");
    assertThat(ImageRef.tag("127.0.0.1:5000/app:v1")).isEqualTo("v1");
    assertThat(ImageRef.repository("127.0.0.1:5000/app")).isEqualTo("127.0.0.1:5000/app");
    assertThat(ImageRef.tag("127.0.0.1:5000/app")).isEqualTo("latest");
    assertThat(ImageRef.repository("app@" + DIGEST)).isEqualTo("app");
    assertThat(ImageRef.tag("app@" + DIGEST)).isEqualTo(DIGEST);
  }

  @Test
  void progressCountsBytesOnceSizesAreKnownAndIsWholeOnlyWhenEveryLayerIsDone() {
    assertThat(new PullProgress("a", 0, 0, 0, 0).percent()).isZero();
    assertThat(new PullProgress("a", 4, 1, 0, 0).percent()).isEqualTo(25);
    assertThat(new PullProgress("a", 2, 1, 750, 1000).percent()).isEqualTo(75);
    assertThat(new PullProgress("a", 2, 1, 1000, 1000).percent()).as("extracting is not done").isEqualTo(99);
    assertThat(new PullProgress("a", 2, 2, 1000, 1000).percent()).isEqualTo(100);
  }
}
