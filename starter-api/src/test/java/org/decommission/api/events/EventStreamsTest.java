package org.decommission.api.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.decommission.activities.store.DeploymentView;
import org.decommission.activities.store.EventKind;
import org.decommission.activities.store.HistoryStore;
import org.decommission.api.ApiException;
import org.decommission.domain.DeploymentStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The shared poller of the event streams, against a mocked history. */
class EventStreamsTest {
  static final UUID A = UUID.fromString("00000000-0000-4000-8000-00000000000a");
  static final UUID B = UUID.fromString("00000000-0000-4000-8000-00000000000b");

  final HistoryStore history = mock(HistoryStore.class);
  final EventStreams streams = new EventStreams(history, Duration.ofMinutes(1), 3, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());

  /** An emitter that keeps the ids of what it was sent. */
  static final class Recording extends SseEmitter {
    final List<String> ids = new ArrayList<>();
    /** The client went away: every send fails, as Spring's does then. */
    boolean gone;

    @Override
    public void send(SseEventBuilder builder) throws java.io.IOException {
      if (gone) {
        throw new java.io.IOException("broken pipe");
      }
      builder.build().stream().map(d -> d.getData().toString()).filter(t -> t.startsWith("id:"))
          .forEach(t -> ids.add(t.substring(3, t.indexOf('\n') < 0 ? t.length() : t.indexOf('\n')).trim()));
    }
  }

  static DeploymentView.Event event(long id, UUID deployment, String owner, DeploymentStatus status) {
    return new DeploymentView.Event(id, deployment.toString(), "web", owner, DeploymentStatus.RUNNING, status, null, "system", "", Instant.EPOCH,
        EventKind.STATUS, null);
  }

  @AfterEach
  void stop() {
    streams.destroy();
  }

  @Test
  void oneQueryServesEveryStreamThatHasCaughtUpAndEachSeesOnlyItsOwn() {
    when(history.lastEventId()).thenReturn(10L);
    when(history.events(eq(10L), isNull(), isNull(), anyInt())).thenReturn(List.of(
        event(11, A, "alice", DeploymentStatus.STOPPED), event(12, B, "bob", DeploymentStatus.STOPPED), event(13, A, "alice", DeploymentStatus.RUNNING)));
    Recording alice = new Recording();
    Recording bob = new Recording();
    Recording admin = new Recording();
    Recording onlyA = new Recording();
    streams.open("alice", "alice", null, 10, alice);
    streams.open("bob", "bob", null, 10, bob);
    streams.open("root", null, null, 10, admin);
    streams.open("alice", null, A, 10, onlyA);

    streams.poll();
    verify(history, times(1)).events(anyLong(), isNull(), isNull(), anyInt());
    verify(history, times(1)).events(anyLong(), anyStringOrNull(), org.mockito.ArgumentMatchers.any(), anyInt());
    assertThat(alice.ids).containsExactly("11", "13");
    assertThat(bob.ids).containsExactly("12");
    assertThat(admin.ids).containsExactly("11", "12", "13");
    assertThat(onlyA.ids).containsExactly("11", "13");
  }

  static String anyStringOrNull() {
    return org.mockito.ArgumentMatchers.any();
  }

  @Test
  void aStreamFromFurtherBackReadsItsOwnRowsUntilItHasCaughtUpThenSharesTheRest() {
    when(history.lastEventId()).thenReturn(100L);
    when(history.events(eq(100L), isNull(), isNull(), anyInt())).thenReturn(List.of(event(101, A, "alice", DeploymentStatus.STOPPED)));
    when(history.events(eq(0L), isNull(), eq(A), anyInt())).thenReturn(List.of(
        event(3, A, "alice", DeploymentStatus.CREATING), event(101, A, "alice", DeploymentStatus.STOPPED)));
    Recording fromTheStart = new Recording();
    streams.open("alice", null, A, 0, fromTheStart);

    streams.poll();
    assertThat(fromTheStart.ids).containsExactly("3", "101");
    when(history.events(eq(101L), isNull(), isNull(), anyInt())).thenReturn(List.of(
        event(102, B, "bob", DeploymentStatus.STOPPED), event(103, A, "alice", DeploymentStatus.PURGED)));
    streams.poll();
    assertThat(fromTheStart.ids).as("caught up, nothing twice; it ends after the purge").containsExactly("3", "101", "103");
    verify(history, times(1)).events(anyLong(), isNull(), eq(A), anyInt());
    assertThat(streams.openStreams()).isZero();
  }

  @Test
  void aUserHoldsAtMostSoManyStreamsAndOneWhoseClientWentAwayFreesItsPlace() {
    when(history.lastEventId()).thenReturn(0L);
    List<Recording> open = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Recording r = new Recording();
      streams.open("carol", "carol", null, 0, r);
      open.add(r);
    }
    assertThatThrownBy(() -> streams.open("carol", "carol", null, 0, new Recording()))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status().value()).isEqualTo(429));
    streams.open("dave", "dave", null, 0, new Recording());
    open.get(0).gone = true;
    when(history.events(eq(0L), isNull(), isNull(), anyInt())).thenReturn(List.of(event(1, A, "carol", DeploymentStatus.STOPPED)));
    streams.poll();
    assertThat(open.get(1).ids).containsExactly("1");
    assertThat(streams.openStreams()).isEqualTo(3);
    streams.open("carol", "carol", null, 0, new Recording());
  }

  @Test
  void nothingIsReadWhileNoStreamIsOpen() {
    streams.poll();
    verify(history, times(0)).events(anyLong(), org.mockito.ArgumentMatchers.any(), org.mockito.ArgumentMatchers.any(), anyInt());
    verify(history, times(0)).lastEventId();
  }
}
