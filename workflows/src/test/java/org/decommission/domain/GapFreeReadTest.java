package org.decommission.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;

class GapFreeReadTest {
  static final ToLongFunction<Long> ID = Long::longValue;

  @Test
  void rowsWithNoMissingIdAreAllTaken() {
    var read = GapFreeRead.of(List.of(11L, 12L, 13L), ID, 10, 0);
    assertThat(read.rows()).containsExactly(11L, 12L, 13L);
    assertThat(read.readTo()).isEqualTo(13);
    assertThat(read.gapFrom()).isZero();
  }

  @Test
  void aReadStopsBeforeAMissingIdAndSaysWhichRunIsMissing() {
    var read = GapFreeRead.of(List.of(11L, 12L, 15L, 16L), ID, 10, 0);
    assertThat(read.rows()).containsExactly(11L, 12L);
    assertThat(read.readTo()).isEqualTo(12);
    assertThat(read.gapFrom()).isEqualTo(13);
    assertThat(read.gapTo()).isEqualTo(14);
  }

  @Test
  void aMissingIdRightAfterTheCursorHoldsEverythingBack() {
    var read = GapFreeRead.of(List.of(12L), ID, 10, 0);
    assertThat(read.rows()).isEmpty();
    assertThat(read.readTo()).isEqualTo(10);
    assertThat(read.gapFrom()).isEqualTo(11);
  }

  @Test
  void settledIdsArePassedOverAndTheNextMissingOneStillStops() {
    var read = GapFreeRead.of(List.of(11L, 15L, 18L), ID, 10, 15);
    assertThat(read.rows()).containsExactly(11L, 15L);
    assertThat(read.readTo()).isEqualTo(15);
    assertThat(read.gapFrom()).isEqualTo(16);
    assertThat(read.gapTo()).isEqualTo(17);
    var partly = GapFreeRead.of(List.of(11L, 15L), ID, 10, 13);
    assertThat(partly.rows()).containsExactly(11L);
    assertThat(partly.gapFrom()).as("id 12 is settled, 13 and 14 are not").isEqualTo(13);
  }

  @Test
  void nothingAfterTheCursorReadsNothing() {
    var read = GapFreeRead.of(List.<Long>of(), ID, 10, 0);
    assertThat(read.readTo()).isEqualTo(10);
    assertThat(read.rows()).isEmpty();
    assertThat(read.gapFrom()).isZero();
  }
}
