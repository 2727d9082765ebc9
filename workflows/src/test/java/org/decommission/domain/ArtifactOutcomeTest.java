package org.decommission.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.decommission.domain.ArtifactOutcome.Kind;
import org.decommission.domain.ArtifactOutcome.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Covers how a deletion receipt merges two reports of one artifact, and its per-artifact key. */
class ArtifactOutcomeTest {

  private static ArtifactOutcome line(Outcome outcome, String detail) {
    return ArtifactOutcome.of(Kind.VOLUME, "dcm-3f2a9c1e-data", outcome, detail, java.time.Instant.EPOCH);
  }

  @ParameterizedTest
  @EnumSource(names = {"REMOVED", "SNAPSHOTTED"})
  void alreadyGoneDoesNotHideAnEarlierRemoval(Outcome earlierOutcome) {
    var earlier = line(earlierOutcome, "first pass");
    var later = line(Outcome.ALREADY_GONE, "second pass");
    assertThat(ArtifactOutcome.merge(earlier, later)).isSameAs(earlier);
  }

  @ParameterizedTest
  @EnumSource(names = {"FAILED", "RETAINED_BY_POLICY", "ALREADY_GONE"})
  void alreadyGoneReplacesAnEarlierNonRemoval(Outcome earlierOutcome) {
    var earlier = line(earlierOutcome, "first pass");
    var later = line(Outcome.ALREADY_GONE, "second pass");
    assertThat(ArtifactOutcome.merge(earlier, later)).isSameAs(later);
  }

  @Test
  void laterRemovalReplacesEarlierFailure() {
    var earlier = line(Outcome.FAILED, "busy");
    var later = line(Outcome.REMOVED, null);
    assertThat(ArtifactOutcome.merge(earlier, later)).isSameAs(later);
  }

  @ParameterizedTest
  @EnumSource(names = "ALREADY_GONE", mode = EnumSource.Mode.EXCLUDE)
  void anyLaterOutcomeOtherThanAlreadyGoneWinsOverAnEarlierRemoval(Outcome laterOutcome) {
    var earlier = line(Outcome.REMOVED, null);
    var later = line(laterOutcome, "second pass");
    assertThat(ArtifactOutcome.merge(earlier, later)).isSameAs(later);
  }

  @ParameterizedTest
  @EnumSource(Outcome.class)
  void withNoEarlierLineTheLaterOneIsKept(Outcome laterOutcome) {
    var later = line(laterOutcome, null);
    assertThat(ArtifactOutcome.merge(null, later)).isSameAs(later);
  }

  @Test
  void keyDistinguishesKindsWithTheSameName() {
    var volume = ArtifactOutcome.of(Kind.VOLUME, "dcm-web", Outcome.REMOVED, null, java.time.Instant.EPOCH);
    var container = ArtifactOutcome.of(Kind.CONTAINER, "dcm-web", Outcome.REMOVED, null, java.time.Instant.EPOCH);
    assertThat(volume.key()).isNotEqualTo(container.key());
    assertThat(volume.key()).isEqualTo("VOLUME:dcm-web");
  }

  @Test
  void keyIsTheSameForTwoReportsOfOneArtifact() {
    var first = ArtifactOutcome.of(Kind.IMAGE, "nginx:1.27", Outcome.FAILED, "in use", java.time.Instant.EPOCH);
    var second = ArtifactOutcome.of(Kind.IMAGE, "nginx:1.27", Outcome.REMOVED, null, java.time.Instant.EPOCH);
    assertThat(first.key()).isEqualTo(second.key());
  }

  @Test
  void ofStampsTheTime() {
    assertThat(line(Outcome.REMOVED, null).at()).isNotNull();
  }
}
